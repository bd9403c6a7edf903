"""The words most published articles hold, and for each, the articles it is not in, with what
the list's facets count of each (``articles.word_absences``).

Two tables: ``articles_common_words``, the words listed (and, in the row of the empty word,
how many articles the index held when they were chosen); ``articles_word_absences``, one row
per listed word and published article without it. Triggers keep the rows as the words index
changes, and their copy of each article's year, outlet, kind, status and names as those do:

- SQLite: on the search entries of kind "article" (the words index, an FTS5 table, takes no
  trigger of its own), a word being in an entry's words string as FTS5 cuts it; and on the
  articles' names rows (migration 0027), which hold the facets.
- PostgreSQL: on the words index's rows, which hold the facets (migration 0025).

The list starts empty: ``manage.py rebuild_search_index`` chooses the words, and so does the
first publish once the index holds enough articles (``word_absences.keep``).
"""

from django.db import migrations

COMMON = "articles_common_words"
ABSENCES = "articles_word_absences"
ENTRIES = "articles_searchentry"
NAMES = "articles_article_names"
WORDS = "articles_searchentry_words"
FACETS = "year, publication_id, kind, status, names"


def _sqlite_lacks(entry: str) -> str:
    """SQL: true where the entry ``entry`` (new, old) has not the common word ``c.word``."""
    words = f"coalesce({entry}.title_words, '') || ' ' || coalesce({entry}.body_words, '')"
    return f"instr(' ' || {words} || ' ', ' ' || c.word || ' ') = 0"


_SQLITE_ADD = (
    f"INSERT OR IGNORE INTO {ABSENCES} (word, article_id, {FACETS}) "
    "SELECT c.word, new.article_id, n.year, n.publication_id, n.kind, n.status, n.names "
    f"FROM {COMMON} c LEFT JOIN {NAMES} n ON n.article_id = new.article_id "
    f"WHERE new.kind = 'article' AND new.article_id IS NOT NULL AND c.word <> '' "
    f"AND {_sqlite_lacks('new')}"
)
_SQLITE_REMOVE = f"DELETE FROM {ABSENCES} WHERE article_id = old.article_id AND old.kind = 'article'"
_SQLITE_FACETS = (
    f"UPDATE {ABSENCES} SET year = new.year, publication_id = new.publication_id, "
    "kind = new.kind, status = new.status, names = new.names WHERE article_id = new.article_id"
)

SQLITE_FORWARDS = [
    f"CREATE TABLE {COMMON} (word text NOT NULL PRIMARY KEY, articles integer NOT NULL) "
    "WITHOUT ROWID",
    f"CREATE TABLE {ABSENCES} (word text NOT NULL, article_id integer NOT NULL, "
    "year integer, publication_id integer, kind varchar(20), status varchar(20), "
    "names text NOT NULL DEFAULT '', PRIMARY KEY (word, article_id)) WITHOUT ROWID",
    f"CREATE INDEX {ABSENCES}_article ON {ABSENCES} (article_id)",
    f"CREATE TRIGGER {ABSENCES}_ai AFTER INSERT ON {ENTRIES} "
    f"WHEN new.kind = 'article' BEGIN {_SQLITE_ADD}; END",
    f"CREATE TRIGGER {ABSENCES}_ad AFTER DELETE ON {ENTRIES} "
    f"WHEN old.kind = 'article' BEGIN {_SQLITE_REMOVE}; END",
    f"CREATE TRIGGER {ABSENCES}_au AFTER UPDATE ON {ENTRIES} "
    f"WHEN old.kind = 'article' OR new.kind = 'article' "
    f"BEGIN {_SQLITE_REMOVE}; {_SQLITE_ADD}; END",
    f"CREATE TRIGGER {ABSENCES}_names_ai AFTER INSERT ON {NAMES} BEGIN {_SQLITE_FACETS}; END",
    f"CREATE TRIGGER {ABSENCES}_names_au AFTER UPDATE ON {NAMES} BEGIN {_SQLITE_FACETS}; END",
]
SQLITE_BACKWARDS = [
    *(
        f"DROP TRIGGER IF EXISTS {ABSENCES}_{name}"
        for name in ("ai", "ad", "au", "names_ai", "names_au")
    ),
    f"DROP TABLE IF EXISTS {ABSENCES}",
    f"DROP TABLE IF EXISTS {COMMON}",
]

POSTGRES_FORWARDS = [
    f"CREATE TABLE {COMMON} (word text NOT NULL PRIMARY KEY, articles integer NOT NULL)",
    f"CREATE TABLE {ABSENCES} (word text NOT NULL, article_id bigint NOT NULL, "
    "year integer, publication_id bigint, kind varchar(20), status varchar(20), "
    "names text NOT NULL DEFAULT '', PRIMARY KEY (word, article_id))",
    f"CREATE INDEX {ABSENCES}_article ON {ABSENCES} (article_id)",
    # A row of the words index written (its document or its facets) or gone.
    f"""CREATE OR REPLACE FUNCTION {ABSENCES}_follow() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM {ABSENCES} WHERE article_id = OLD.article_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO {ABSENCES} (word, article_id, {FACETS})
        SELECT c.word, NEW.article_id, NEW.year, NEW.publication_id, NEW.kind, NEW.status,
               NEW.names
          FROM {COMMON} c
         WHERE c.word <> '' AND NOT c.word = ANY (tsvector_to_array(NEW.document));
    END IF;
    RETURN NULL;
    END $$""",
    f"CREATE TRIGGER {ABSENCES}_follow AFTER INSERT OR UPDATE OR DELETE ON {WORDS} "
    f"FOR EACH ROW EXECUTE FUNCTION {ABSENCES}_follow()",
]
POSTGRES_BACKWARDS = [
    f"DROP TRIGGER IF EXISTS {ABSENCES}_follow ON {WORDS}",
    f"DROP FUNCTION IF EXISTS {ABSENCES}_follow()",
    f"DROP TABLE IF EXISTS {ABSENCES}",
    f"DROP TABLE IF EXISTS {COMMON}",
]


def forwards(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    for sql in POSTGRES_FORWARDS if postgresql else SQLITE_FORWARDS:
        schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    for sql in POSTGRES_BACKWARDS if postgresql else SQLITE_BACKWARDS:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("articles", "0028_search_entities")]

    operations = [migrations.RunPython(forwards, backwards)]
