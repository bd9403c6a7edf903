"""Each entity's kept count gains ``named``: how many mentions name it in any article, draft
or published (``articles`` counts those of published articles). An article is either a draft
or published, so ``named > articles`` says a draft names the row: what the draft-privacy rule
(``people.models.public_q``) asks of every row, read from the row's tally instead of two
correlated ``EXISTS`` over the mentions and articles.

The count follows the mention tables alone (an article's status does not change it): one
trigger per insert, delete and update of a mention, on SQLite and PostgreSQL; then a first
count of the mentions already there. ``manage.py rebuild_counts`` recounts it with the rest.
"""

from django.db import migrations

# (mention table, its column naming the entity, the tally table), as in 0011_tallies
MENTIONS = [
    ("articles_personmention", "person_id", "articles_persontally"),
    ("articles_agencymention", "agency_id", "articles_agencytally"),
    ("articles_countrymention", "country_id", "articles_countrytally"),
    ("articles_bodymention", "body_id", "articles_bodytally"),
    ("articles_conferencemention", "conference_id", "articles_conferencetally"),
    ("articles_documentmention", "document_id", "articles_documenttally"),
]


def _named_add(tally: str, column: str, row: str) -> str:
    return (
        f"INSERT INTO {tally} ({column}, articles, named) VALUES ({row}.{column}, 0, 1) "
        f"ON CONFLICT ({column}) DO UPDATE SET named = {tally}.named + 1"
    )


def _named_remove(tally: str, column: str, row: str) -> str:
    return f"UPDATE {tally} SET named = named - 1 WHERE {column} = {row}.{column}"


def _first_count(tally: str, column: str, table: str) -> str:
    # WHERE true: SQLite's upsert after a SELECT needs it to read ON CONFLICT as such.
    return (
        f"INSERT INTO {tally} ({column}, articles, named) "
        f"SELECT {column}, 0, COUNT(*) FROM {table} WHERE true GROUP BY {column} "
        f"ON CONFLICT ({column}) DO UPDATE SET named = excluded.named"
    )


def sqlite_forwards() -> list[str]:
    out = []
    for table, column, tally in MENTIONS:
        out += [
            f"ALTER TABLE {tally} ADD COLUMN named integer NOT NULL DEFAULT 0",
            f"CREATE TRIGGER {tally}_named_ai AFTER INSERT ON {table} "
            f"BEGIN {_named_add(tally, column, 'NEW')}; END",
            f"CREATE TRIGGER {tally}_named_ad AFTER DELETE ON {table} "
            f"BEGIN {_named_remove(tally, column, 'OLD')}; END",
            f"CREATE TRIGGER {tally}_named_au AFTER UPDATE OF {column} ON {table} "
            f"WHEN OLD.{column} IS NOT NEW.{column} "
            f"BEGIN {_named_remove(tally, column, 'OLD')}; "
            f"{_named_add(tally, column, 'NEW')}; END",
            _first_count(tally, column, table),
        ]
    return out


def sqlite_backwards() -> list[str]:
    out = []
    for _table, _column, tally in MENTIONS:
        out += [f"DROP TRIGGER IF EXISTS {tally}_named_{s}" for s in ("ai", "ad", "au")]
        out.append(f"ALTER TABLE {tally} DROP COLUMN named")
    return out


def postgres_forwards() -> list[str]:
    out = []
    for table, column, tally in MENTIONS:
        out += [
            f"ALTER TABLE {tally} ADD COLUMN named integer NOT NULL DEFAULT 0",
            f"CREATE OR REPLACE FUNCTION {tally}_named_follow() RETURNS trigger "
            "LANGUAGE plpgsql AS $$\nBEGIN\n"
            f"IF TG_OP <> 'INSERT' THEN\n  {_named_remove(tally, column, 'OLD')};\nEND IF;\n"
            f"IF TG_OP <> 'DELETE' THEN\n  {_named_add(tally, column, 'NEW')};\nEND IF;\n"
            "RETURN NULL;\nEND $$",
            f"CREATE TRIGGER {tally}_named_insert_delete AFTER INSERT OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {tally}_named_follow()",
            f"CREATE TRIGGER {tally}_named_update AFTER UPDATE OF {column} ON {table} "
            f"FOR EACH ROW WHEN (OLD.{column} IS DISTINCT FROM NEW.{column}) "
            f"EXECUTE FUNCTION {tally}_named_follow()",
            _first_count(tally, column, table),
        ]
    return out


def postgres_backwards() -> list[str]:
    out = []
    for table, _column, tally in MENTIONS:
        out += [
            f"DROP TRIGGER IF EXISTS {tally}_named_{name} ON {table}"
            for name in ("insert_delete", "update")
        ]
        out += [
            f"DROP FUNCTION IF EXISTS {tally}_named_follow()",
            f"ALTER TABLE {tally} DROP COLUMN named",
        ]
    return out


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": sqlite_forwards, "postgresql": postgres_forwards}[vendor]():
        schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": sqlite_backwards, "postgresql": postgres_backwards}[vendor]():
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("articles", "0016_reader_reasons_and_english")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
