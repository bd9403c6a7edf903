"""How many published articles of each year, outlet and kind name each thing: one row per
(token, year, outlet, kind) in ``articles_name_cells`` (``articles.name_cells``), a token as
in ``articles_article_names`` ("p12": the official 12). The list filtered by kind, outlet,
year or dates sums these rows for its facets instead of counting what tens of thousands of
articles name.

Triggers on ``articles_article_names`` keep them exact on both databases, as every row there
changes with its article's names, year, outlet, kind and status: a row leaving the published
ones takes one from each of its tokens' cells, a row joining adds one. On PostgreSQL that
table gains the year, outlet, kind and status SQLite's has held since 0027, kept by a trigger
on the articles as there. Then a first count; ``manage.py rebuild_counts`` puts right any
row that differs.
"""

from django.db import migrations

CELLS = "articles_name_cells"
NAMES = "articles_article_names"
ARTICLE = "articles_article"
PUBLISHED = "'published'"
FACETS = ("year", "publication_id", "kind", "status")
KEY = "token, year, publication_id, kind"


def _sqlite_split(names: str) -> str:
    """SQLite: the tokens of ``names`` as rows (``value``), the names made a JSON array
    ("p1 a2" -> ["p1","a2"]: tokens are letters and digits only)."""
    return f"json_each('[\"' || replace({names}, ' ', '\",\"') || '\"]')"


def _tokens(vendor: str, row: str) -> str:
    """SQL selecting the tokens (column ``t``) of the names of ``row`` (NEW or OLD)."""
    if vendor == "sqlite":
        return f"SELECT value AS t FROM {_sqlite_split(f'{row}.names')} WHERE {row}.names <> ''"
    return f"SELECT unnest(string_to_array({row}.names, ' ')) AS t"


def _add(vendor: str, row: str) -> str:
    """One more in its cell for each token of ``row``, if its article is published."""
    return (
        f"INSERT INTO {CELLS} ({KEY}, articles) "
        f"SELECT t, {row}.year, {row}.publication_id, {row}.kind, 1 "
        f"FROM ({_tokens(vendor, row)}) tokens WHERE {row}.status = {PUBLISHED} "
        f"ON CONFLICT ({KEY}) DO UPDATE SET articles = {CELLS}.articles + 1"
    )


def _remove(vendor: str, row: str) -> str:
    """One less in its cell for each token of ``row``, if its article was published."""
    return (
        f"UPDATE {CELLS} SET articles = articles - 1 WHERE {row}.status = {PUBLISHED} "
        f"AND year = {row}.year AND publication_id = {row}.publication_id "
        f"AND kind = {row}.kind AND token IN ({_tokens(vendor, row)})"
    )


def _table(vendor: str) -> list[str]:
    publication = "integer" if vendor == "sqlite" else "bigint"
    return [
        f"CREATE TABLE {CELLS} (token varchar(24) NOT NULL, year integer NOT NULL, "
        f"publication_id {publication} NOT NULL, kind varchar(10) NOT NULL, "
        f"articles integer NOT NULL DEFAULT 0, PRIMARY KEY ({KEY}))",
    ]


def _first_count(token: str, source: str) -> str:
    """Every published article's tokens (``token``, each a row of ``source``), counted by
    cell: run once the triggers are in, on a table empty until then."""
    return (
        f"INSERT INTO {CELLS} ({KEY}, articles) "
        f"SELECT t.token, t.year, t.publication_id, t.kind, COUNT(*) FROM ("
        f"SELECT {token} AS token, n.year, n.publication_id, n.kind FROM {source} "
        f"WHERE n.status = {PUBLISHED} AND n.names <> '') t "
        "GROUP BY t.token, t.year, t.publication_id, t.kind"
    )


def _changed(vendor: str) -> str:
    different = "IS NOT" if vendor == "sqlite" else "IS DISTINCT FROM"
    return " OR ".join(f"OLD.{c} {different} NEW.{c}" for c in ("names", *FACETS))


# --- SQLite ------------------------------------------------------------------------------


def _sqlite_forwards() -> list[str]:
    out = _table("sqlite")
    out += [
        f"CREATE TRIGGER {CELLS}_ai AFTER INSERT ON {NAMES} WHEN NEW.status = {PUBLISHED} "
        f"BEGIN {_add('sqlite', 'NEW')}; END",
        f"CREATE TRIGGER {CELLS}_ad AFTER DELETE ON {NAMES} WHEN OLD.status = {PUBLISHED} "
        f"BEGIN {_remove('sqlite', 'OLD')}; END",
        f"CREATE TRIGGER {CELLS}_au AFTER UPDATE OF names, {', '.join(FACETS)} ON {NAMES} "
        f"WHEN {_changed('sqlite')} "
        f"BEGIN {_remove('sqlite', 'OLD')}; {_add('sqlite', 'NEW')}; END",
    ]
    return [*out, _first_count("j.value", f"{NAMES} n, {_sqlite_split('n.names')} j")]


def _sqlite_backwards() -> list[str]:
    out = [f"DROP TRIGGER IF EXISTS {CELLS}_{event}" for event in ("ai", "ad", "au")]
    return [*out, f"DROP TABLE IF EXISTS {CELLS}"]


# --- PostgreSQL ----------------------------------------------------------------------------


def _function(name: str, body: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n{body}\nRETURN NULL;\nEND $$"
    )


def _postgres_facets() -> list[str]:
    """The year, outlet, kind and status of each article in its names row, as on SQLite
    (0027): added, kept by a trigger on the articles, and filled (a row for every article)."""
    year = "CAST(EXTRACT(YEAR FROM a.date) AS integer)"
    upsert = (
        f"INSERT INTO {NAMES} (article_id, names, {', '.join(FACETS)}) "
        f"SELECT a.id, '', {year}, a.publication_id, a.kind, a.status FROM {ARTICLE} a "
        "WHERE {where} ON CONFLICT (article_id) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in FACETS)
    )
    columns = [("year", "integer"), ("publication_id", "bigint"), ("kind", "varchar(10)")]
    return [
        *(f"ALTER TABLE {NAMES} ADD COLUMN {c} {t}" for c, t in [*columns, ("status", "varchar(10)")]),
        _function(f"{NAMES}_facets_follow", upsert.format(where="a.id = NEW.id") + ";"),
        f"CREATE TRIGGER {NAMES}_facets_insert AFTER INSERT ON {ARTICLE} "
        f"FOR EACH ROW EXECUTE FUNCTION {NAMES}_facets_follow()",
        f"CREATE TRIGGER {NAMES}_facets_update AFTER UPDATE OF date, publication_id, kind, "
        f"status ON {ARTICLE} FOR EACH ROW EXECUTE FUNCTION {NAMES}_facets_follow()",
        upsert.format(where="true"),
    ]


def _postgres_forwards() -> list[str]:
    out = [*_postgres_facets(), *_table("postgresql")]
    follow = (
        f"IF TG_OP <> 'INSERT' THEN\n  {_remove('postgresql', 'OLD')};\nEND IF;\n"
        f"IF TG_OP <> 'DELETE' THEN\n  {_add('postgresql', 'NEW')};\nEND IF;"
    )
    out += [
        _function(f"{CELLS}_follow", follow),
        _function(f"{CELLS}_reset", f"DELETE FROM {CELLS};"),
        f"CREATE TRIGGER {CELLS}_insert_delete AFTER INSERT OR DELETE ON {NAMES} "
        f"FOR EACH ROW EXECUTE FUNCTION {CELLS}_follow()",
        f"CREATE TRIGGER {CELLS}_update AFTER UPDATE OF names, {', '.join(FACETS)} ON {NAMES} "
        f"FOR EACH ROW WHEN ({_changed('postgresql')}) EXECUTE FUNCTION {CELLS}_follow()",
        f"CREATE TRIGGER {CELLS}_truncate AFTER TRUNCATE ON {NAMES} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {CELLS}_reset()",
    ]
    return [*out, _first_count("unnest(string_to_array(n.names, ' '))", f"{NAMES} n")]


def _postgres_backwards() -> list[str]:
    out = [
        f"DROP TRIGGER IF EXISTS {CELLS}_{name} ON {NAMES}"
        for name in ("insert_delete", "update", "truncate")
    ]
    out += [
        f"DROP TRIGGER IF EXISTS {NAMES}_facets_{name} ON {ARTICLE}" for name in ("insert", "update")
    ]
    out += [f"DROP FUNCTION IF EXISTS {CELLS}_{name}()" for name in ("follow", "reset")]
    out += [f"DROP FUNCTION IF EXISTS {NAMES}_facets_follow()", f"DROP TABLE IF EXISTS {CELLS}"]
    return out + [f"ALTER TABLE {NAMES} DROP COLUMN IF EXISTS {c}" for c in FACETS]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in _sqlite_forwards() if vendor == "sqlite" else _postgres_forwards():
        schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in _sqlite_backwards() if vendor == "sqlite" else _postgres_backwards():
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("articles", "0029_word_absences")]

    operations = [migrations.RunPython(forwards, backwards)]
