"""SQLite: each article's row in ``articles_article_names`` holds its year, outlet, kind and
status beside its names, kept by triggers on the articles (PostgreSQL's words index holds the
same copy, migration 0025). The list counts what a common word's few thousand others are
from these narrow rows alone, instead of looking each up in the articles' wide ones too.
Every article has its row from now on, one naming nothing included."""

from django.db import migrations

TABLE = "articles_article_names"
ARTICLE = "articles_article"
COLUMNS = [("year", "integer"), ("publication_id", "integer"), ("kind", "text"), ("status", "text")]


def _upsert(source: str, where: str = "true") -> str:
    """Write the facet columns of the articles ``source`` selects (as ``a``), their names
    kept (or '' for a new row)."""
    return (
        f"INSERT INTO {TABLE} (article_id, names, year, publication_id, kind, status) "
        f"SELECT a.id, '', CAST(strftime('%Y', a.date) AS INTEGER), a.publication_id, a.kind, "
        f"a.status FROM {source} WHERE {where} "
        "ON CONFLICT (article_id) DO UPDATE SET year = excluded.year, "
        "publication_id = excluded.publication_id, kind = excluded.kind, status = excluded.status"
    )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    statements = [f"ALTER TABLE {TABLE} ADD COLUMN {name} {kind}" for name, kind in COLUMNS]
    for event, of in (("INSERT", ""), ("UPDATE", " OF date, publication_id, kind, status")):
        statements.append(
            f"CREATE TRIGGER {ARTICLE}_facets_{event.lower()} AFTER {event}{of} ON {ARTICLE} "
            f"BEGIN {_upsert(f'{ARTICLE} a', 'a.id = NEW.id')}; END"
        )
    statements.append(_upsert(f"{ARTICLE} a"))
    for sql in statements:
        schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for event in ("insert", "update"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {ARTICLE}_facets_{event}", params=None)
    for name, _kind in COLUMNS:
        schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN {name}", params=None)


class Migration(migrations.Migration):
    dependencies = [("articles", "0026_word_shares")]

    operations = [migrations.RunPython(forwards, backwards)]
