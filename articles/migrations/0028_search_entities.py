"""SQLite: the entities' index entries (officials, agencies, conferences, series, countries,
bodies, documents) are copied into a full-text table of their own, kept by triggers on the
entries, from which the results page ranks them (``articles.search_rank``).

Ranked in the public table, each stretch of their ids was a query of its own, and FTS5's
bm25 counts, for each query, every entry holding each word of it: for a word most articles
hold, about 7 ms a stretch at 100,000 articles, four stretches a search. In a table of the
entities alone, one query counts a few thousand. They stay in the public table too, which
still finds and counts every kind. PostgreSQL ranks each row alone (ts_rank): nothing to do.
"""

from django.db import migrations

TABLE = "articles_searchentry_fts_entities"
KINDS = "('person', 'agency', 'conference', 'series', 'country', 'body', 'document')"
FORWARDS = [
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5(title_words, body_words, "
    "tokenize='unicode61 remove_diacritics 0')",
    f"""CREATE TRIGGER articles_searchentry_entities_ai AFTER INSERT ON articles_searchentry
    WHEN new.kind IN {KINDS} BEGIN
        INSERT INTO {TABLE}(rowid, title_words, body_words)
        VALUES (new.id, new.title_words, new.body_words);
    END""",
    f"""CREATE TRIGGER articles_searchentry_entities_ad AFTER DELETE ON articles_searchentry
    WHEN old.kind IN {KINDS} BEGIN
        DELETE FROM {TABLE} WHERE rowid = old.id;
    END""",
    f"""CREATE TRIGGER articles_searchentry_entities_au AFTER UPDATE ON articles_searchentry
    WHEN old.kind IN {KINDS} OR new.kind IN {KINDS} BEGIN
        DELETE FROM {TABLE} WHERE rowid = old.id;
        INSERT INTO {TABLE}(rowid, title_words, body_words)
        SELECT new.id, new.title_words, new.body_words WHERE new.kind IN {KINDS};
    END""",
    f"INSERT INTO {TABLE}(rowid, title_words, body_words) "
    f"SELECT id, title_words, body_words FROM articles_searchentry WHERE kind IN {KINDS}",
]
BACKWARDS = [
    *(f"DROP TRIGGER IF EXISTS articles_searchentry_entities_{e}" for e in ("ai", "ad", "au")),
    f"DROP TABLE IF EXISTS {TABLE}",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in FORWARDS:
            schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in BACKWARDS:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("articles", "0027_article_names_facets")]

    operations = [migrations.RunPython(forwards, backwards)]
