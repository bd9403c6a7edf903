"""On PostgreSQL, the published articles' words index (``articles_searchentry_words``) also
holds what the list's facets count of each article: its year, outlet, kind and status, and
its names (a copy of its row in ``articles_article_names``).

The list with a word most articles hold counts the few thousand articles without it
(``articles.word_index``). The index finds them; each was then looked up twice more, in the
articles and in their names, which at 100,000 articles took as long as the search itself.
Now one read of the index rows it finds gives all of it.

Triggers keep the copy: a row entering the index takes the article's values; a change of an
article's date, outlet, kind or status, and every write of its names row, is written to its
index row. ``manage.py rebuild_counts`` puts right any row that differs
(``articles.article_names.rebuild``). SQLite's index is a full-text table of its own, which
holds no values; it looks the articles up.
"""

from django.db import migrations

WORDS = "articles_searchentry_words"
ARTICLE = "articles_article"
NAMES = "articles_article_names"

YEAR = "CAST(EXTRACT(YEAR FROM {date}) AS integer)"

FORWARDS = [
    f"ALTER TABLE {WORDS} ADD COLUMN year integer, ADD COLUMN publication_id bigint, "
    "ADD COLUMN kind varchar(20), ADD COLUMN status varchar(20), "
    "ADD COLUMN names text NOT NULL DEFAULT ''",
    # A row entering the index (or written again: ON CONFLICT runs this first too).
    f"""CREATE OR REPLACE FUNCTION {WORDS}_facets() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
    SELECT {YEAR.format(date="a.date")}, a.publication_id, a.kind, a.status,
           COALESCE(n.names, '')
      INTO NEW.year, NEW.publication_id, NEW.kind, NEW.status, NEW.names
      FROM {ARTICLE} a LEFT JOIN {NAMES} n ON n.article_id = a.id
     WHERE a.id = NEW.article_id;
    NEW.names := COALESCE(NEW.names, '');
    RETURN NEW;
    END $$""",
    f"CREATE TRIGGER {WORDS}_facets BEFORE INSERT ON {WORDS} "
    f"FOR EACH ROW EXECUTE FUNCTION {WORDS}_facets()",
    # An article's own values.
    f"""CREATE OR REPLACE FUNCTION {WORDS}_article() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
    UPDATE {WORDS} SET year = {YEAR.format(date="NEW.date")},
           publication_id = NEW.publication_id, kind = NEW.kind, status = NEW.status
     WHERE article_id = NEW.id;
    RETURN NULL;
    END $$""",
    f"CREATE TRIGGER {WORDS}_article AFTER UPDATE OF date, publication_id, kind, status "
    f"ON {ARTICLE} FOR EACH ROW WHEN (OLD.date IS DISTINCT FROM NEW.date "
    "OR OLD.publication_id IS DISTINCT FROM NEW.publication_id "
    "OR OLD.kind IS DISTINCT FROM NEW.kind OR OLD.status IS DISTINCT FROM NEW.status) "
    f"EXECUTE FUNCTION {WORDS}_article()",
    # Its names, as the mentions' triggers write them (migration 0023).
    f"""CREATE OR REPLACE FUNCTION {WORDS}_names() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE {WORDS} SET names = '' WHERE article_id = OLD.article_id;
    ELSE
        UPDATE {WORDS} SET names = NEW.names
         WHERE article_id = NEW.article_id AND names IS DISTINCT FROM NEW.names;
    END IF;
    RETURN NULL;
    END $$""",
    f"CREATE TRIGGER {WORDS}_names AFTER INSERT OR UPDATE OR DELETE ON {NAMES} "
    f"FOR EACH ROW EXECUTE FUNCTION {WORDS}_names()",
    f"""CREATE OR REPLACE FUNCTION {WORDS}_names_emptied() RETURNS trigger LANGUAGE plpgsql
    AS $$ BEGIN UPDATE {WORDS} SET names = ''; RETURN NULL; END $$""",
    f"CREATE TRIGGER {WORDS}_names_truncate AFTER TRUNCATE ON {NAMES} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {WORDS}_names_emptied()",
    # The rows already there.
    f"UPDATE {WORDS} w SET year = {YEAR.format(date='a.date')}, "
    "publication_id = a.publication_id, kind = a.kind, status = a.status, "
    f"names = COALESCE(n.names, '') FROM {ARTICLE} a LEFT JOIN {NAMES} n "
    "ON n.article_id = a.id WHERE a.id = w.article_id",
]

BACKWARDS = [
    f"DROP TRIGGER IF EXISTS {WORDS}_facets ON {WORDS}",
    f"DROP TRIGGER IF EXISTS {WORDS}_article ON {ARTICLE}",
    f"DROP TRIGGER IF EXISTS {WORDS}_names ON {NAMES}",
    f"DROP TRIGGER IF EXISTS {WORDS}_names_truncate ON {NAMES}",
    *(
        f"DROP FUNCTION IF EXISTS {WORDS}_{name}()"
        for name in ("facets", "article", "names", "names_emptied")
    ),
    f"ALTER TABLE {WORDS} DROP COLUMN year, DROP COLUMN publication_id, DROP COLUMN kind, "
    "DROP COLUMN status, DROP COLUMN names",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARDS:
            schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARDS:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("articles", "0024_words_index_size")]

    operations = [migrations.RunPython(forwards, backwards)]
