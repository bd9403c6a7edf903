"""The published articles' words index (migration 0018, ``articles.word_index``) also marks
every article with a term of its own, which no query can type: so the index can list the
articles a query does *not* match ("every article, but not these words") as cheaply as those
it matches. A word most articles hold is then answered from the few it leaves out.

SQLite: the FTS5 table gains a column, ``every``, holding one term for each article; queries
keep to the two columns of words. PostgreSQL: each document gains the lexeme "every article"
(with a space, which the text parser never puts in a word).
"""

from django.db import migrations

ENTRIES = "articles_searchentry"
SQLITE_TABLE = "articles_searchentry_fts_articles"
PG_TABLE = "articles_searchentry_words"
EVERY = "'''every article'''::tsvector"  # SQL for the tsvector of that one lexeme


def _sqlite_statements(columns: str, values: str) -> list[str]:
    """The table, its triggers and its filling, with ``columns`` indexed from ``values``
    (SQL over an entry ``e``; in the triggers, ``new`` or ``old``)."""
    create = (
        f"CREATE VIRTUAL TABLE {SQLITE_TABLE} USING fts5({columns}, content='', "
        "tokenize='unicode61 remove_diacritics 0')"
    )

    def row(entry: str) -> str:
        return values.replace("e.", f"{entry}.")

    add = (
        f"INSERT INTO {SQLITE_TABLE}(rowid, {columns}) SELECT new.article_id, {row('new')} "
        "WHERE new.kind = 'article' AND new.article_id IS NOT NULL"
    )
    remove = (
        f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}, rowid, {columns}) "
        f"SELECT 'delete', old.article_id, {row('old')} "
        "WHERE old.kind = 'article' AND old.article_id IS NOT NULL"
    )
    return [
        *(f"DROP TRIGGER IF EXISTS {SQLITE_TABLE}_{name}" for name in ("ai", "ad", "au")),
        f"DROP TABLE IF EXISTS {SQLITE_TABLE}",
        create,
        f"CREATE TRIGGER {SQLITE_TABLE}_ai AFTER INSERT ON {ENTRIES} "
        f"WHEN new.kind = 'article' BEGIN {add}; END",
        f"CREATE TRIGGER {SQLITE_TABLE}_ad AFTER DELETE ON {ENTRIES} "
        f"WHEN old.kind = 'article' BEGIN {remove}; END",
        f"CREATE TRIGGER {SQLITE_TABLE}_au AFTER UPDATE ON {ENTRIES} "
        f"WHEN old.kind = 'article' OR new.kind = 'article' BEGIN {remove}; {add}; END",
        f"INSERT INTO {SQLITE_TABLE}(rowid, {columns}) SELECT e.article_id, {values} "
        f"FROM {ENTRIES} e WHERE e.kind = 'article' AND e.article_id IS NOT NULL",
    ]


SQLITE_FORWARDS = _sqlite_statements(
    "title_words, body_words, every", "e.title_words, e.body_words, 'every'"
)
SQLITE_BACKWARDS = _sqlite_statements("title_words, body_words", "e.title_words, e.body_words")


def _postgres_statements(document: str) -> list[str]:
    """The trigger function that keeps the table, indexing ``document`` (SQL over the entry
    ``NEW``), and the table filled again."""
    return [
        f"""CREATE OR REPLACE FUNCTION {PG_TABLE}_follow() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
    IF TG_OP <> 'INSERT' AND OLD.kind = 'article' THEN
        DELETE FROM {PG_TABLE} WHERE article_id = OLD.article_id;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.kind = 'article' AND NEW.article_id IS NOT NULL THEN
        INSERT INTO {PG_TABLE} (article_id, document) VALUES (NEW.article_id, {document})
        ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document;
    END IF;
    RETURN NULL;
    END $$""",
        f"DELETE FROM {PG_TABLE}",
        f"INSERT INTO {PG_TABLE} (article_id, document) "
        f"SELECT article_id, {document.replace('NEW.', '')} FROM {ENTRIES} "
        "WHERE kind = 'article' AND article_id IS NOT NULL",
    ]


POSTGRES_FORWARDS = _postgres_statements(f"NEW.document || {EVERY}")
POSTGRES_BACKWARDS = _postgres_statements("NEW.document")


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0020_person_interviews_and_pairs")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARDS, "postgresql": POSTGRES_FORWARDS}),
            _run({"sqlite": SQLITE_BACKWARDS, "postgresql": POSTGRES_BACKWARDS}),
            elidable=False,
        )
    ]
