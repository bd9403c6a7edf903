"""The interview answers' words, indexed apart from the other search entries and keyed by the
answer's id (see ``articles.answer_words``): who said what reads the answers a query matches
from this index alone, with no join to the entries.

SQLite: a contentless FTS5 table whose rowid is the answer's (segment's) id; PostgreSQL: a
narrow table of the answer's id and its entry's ``tsvector``, with a GIN index. Triggers on
the search entries keep each one as the entries of kind "answer" change; the entries already
there are indexed here.
"""

from django.db import migrations

ENTRIES = "articles_searchentry"
SQLITE_TABLE = "articles_searchentry_fts_answers"  # named so that tests/seed_snapshot skips it
PG_TABLE = "articles_searchentry_answer_words"

_SQLITE_ADD = (
    f"INSERT INTO {SQLITE_TABLE}(rowid, body_words) SELECT new.object_id, new.body_words "
    "WHERE new.kind = 'answer'"
)
_SQLITE_REMOVE = (
    f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}, rowid, body_words) "
    "SELECT 'delete', old.object_id, old.body_words WHERE old.kind = 'answer'"
)

SQLITE_FORWARDS = [
    # Contentless: the words live in the entries; deleting one gives FTS5 the words it had.
    f"CREATE VIRTUAL TABLE {SQLITE_TABLE} USING fts5(body_words, content='', "
    "tokenize='unicode61 remove_diacritics 0')",
    f"CREATE TRIGGER {SQLITE_TABLE}_ai AFTER INSERT ON {ENTRIES} "
    f"WHEN new.kind = 'answer' BEGIN {_SQLITE_ADD}; END",
    f"CREATE TRIGGER {SQLITE_TABLE}_ad AFTER DELETE ON {ENTRIES} "
    f"WHEN old.kind = 'answer' BEGIN {_SQLITE_REMOVE}; END",
    f"CREATE TRIGGER {SQLITE_TABLE}_au AFTER UPDATE ON {ENTRIES} "
    f"WHEN old.kind = 'answer' OR new.kind = 'answer' "
    f"BEGIN {_SQLITE_REMOVE}; {_SQLITE_ADD}; END",
    f"INSERT INTO {SQLITE_TABLE}(rowid, body_words) "
    f"SELECT object_id, body_words FROM {ENTRIES} WHERE kind = 'answer'",
]
SQLITE_BACKWARDS = [
    *(f"DROP TRIGGER IF EXISTS {SQLITE_TABLE}_{name}" for name in ("ai", "ad", "au")),
    f"DROP TABLE IF EXISTS {SQLITE_TABLE}",
]

POSTGRES_FORWARDS = [
    f"CREATE TABLE {PG_TABLE} (segment_id bigint PRIMARY KEY, document tsvector NOT NULL)",
    f"""CREATE OR REPLACE FUNCTION {PG_TABLE}_follow() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
    IF TG_OP <> 'INSERT' AND OLD.kind = 'answer' THEN
        DELETE FROM {PG_TABLE} WHERE segment_id = OLD.object_id;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.kind = 'answer' THEN
        INSERT INTO {PG_TABLE} (segment_id, document) VALUES (NEW.object_id, NEW.document)
        ON CONFLICT (segment_id) DO UPDATE SET document = EXCLUDED.document;
    END IF;
    RETURN NULL;
    END $$""",
    f"CREATE TRIGGER {PG_TABLE}_follow AFTER INSERT OR UPDATE OR DELETE ON {ENTRIES} "
    f"FOR EACH ROW EXECUTE FUNCTION {PG_TABLE}_follow()",
    f"""CREATE OR REPLACE FUNCTION {PG_TABLE}_reset() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN DELETE FROM {PG_TABLE}; RETURN NULL; END $$""",
    f"CREATE TRIGGER {PG_TABLE}_truncate AFTER TRUNCATE ON {ENTRIES} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_TABLE}_reset()",
    f"INSERT INTO {PG_TABLE} (segment_id, document) SELECT object_id, document FROM {ENTRIES} "
    "WHERE kind = 'answer'",
    f"CREATE INDEX {PG_TABLE}_document ON {PG_TABLE} USING GIN (document)",
]
POSTGRES_BACKWARDS = [
    f"DROP TRIGGER IF EXISTS {PG_TABLE}_follow ON {ENTRIES}",
    f"DROP TRIGGER IF EXISTS {PG_TABLE}_truncate ON {ENTRIES}",
    f"DROP FUNCTION IF EXISTS {PG_TABLE}_follow()",
    f"DROP FUNCTION IF EXISTS {PG_TABLE}_reset()",
    f"DROP TABLE IF EXISTS {PG_TABLE}",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0034_article_updated_index")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARDS, "postgresql": POSTGRES_FORWARDS}),
            _run({"sqlite": SQLITE_BACKWARDS, "postgresql": POSTGRES_BACKWARDS}),
            elidable=False,
        )
    ]
