"""SQLite: in how many of the indexed published articles each common word is
(``articles.word_shares``), read from the index once here; the words filter estimates from
them which side of a query is smaller instead of counting its matches. PostgreSQL's planner
estimates from its own statistics: nothing to do there."""

from django.db import migrations

TABLE = "articles_word_shares"
INDEX = "articles_searchentry_fts_articles"
VOCABULARY = "articles_word_vocabulary_0026"
TAKEN_FROM, KEPT_FROM = 1000, 0.05  # as word_shares when this was written


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    execute = schema_editor.execute
    execute(
        f"CREATE TABLE {TABLE} (term text NOT NULL PRIMARY KEY, articles integer NOT NULL) "
        "WITHOUT ROWID",
        params=None,
    )
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {INDEX}_docsize")
        total = cursor.fetchone()[0]
    execute(f"INSERT INTO {TABLE} (term, articles) VALUES ('', {int(total)})", params=None)
    if total >= TAKEN_FROM:
        execute(
            f"CREATE VIRTUAL TABLE temp.{VOCABULARY} USING fts5vocab(main, {INDEX}, 'row')",
            params=None,
        )
        execute(
            f"INSERT INTO {TABLE} (term, articles) SELECT term, doc FROM temp.{VOCABULARY} "
            f"WHERE doc >= {int(-(-total * KEPT_FROM // 1))} AND term <> 'every'",
            params=None,
        )
        execute(f"DROP TABLE temp.{VOCABULARY}", params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}", params=None)


class Migration(migrations.Migration):
    dependencies = [("articles", "0025_words_facets")]

    operations = [migrations.RunPython(forwards, backwards)]
