"""How many published articles of each year name each thing, whatever their outlet and kind:
``articles_name_years``, one row per (year, token), the sum of that year's rows of
``articles_name_cells`` (0030). A list filtered by years or dates alone sums these, a tenth
of the cells, in the order of the years (``articles.name_cells``).

Triggers on the cells keep it on both databases: a cell's change is its year's change. Then
a first sum; ``manage.py rebuild_counts`` puts right any row that differs.
"""

from django.db import migrations

CELLS = "articles_name_cells"
YEARS = "articles_name_years"

TABLE = (
    f"CREATE TABLE {YEARS} (year integer NOT NULL, token varchar(24) NOT NULL, "
    "articles integer NOT NULL DEFAULT 0, PRIMARY KEY (year, token))"
)
FIRST_SUM = (
    f"INSERT INTO {YEARS} (year, token, articles) "
    f"SELECT year, token, SUM(articles) FROM {CELLS} GROUP BY year, token"
)


def _add(row: str) -> str:
    """The cell ``row``'s articles added to its year's row."""
    return (
        f"INSERT INTO {YEARS} (year, token, articles) VALUES ({row}.year, {row}.token, "
        f"{row}.articles) ON CONFLICT (year, token) "
        f"DO UPDATE SET articles = {YEARS}.articles + excluded.articles"
    )


def _remove(row: str) -> str:
    """The cell ``row``'s articles taken from its year's row."""
    return (
        f"UPDATE {YEARS} SET articles = articles - {row}.articles "
        f"WHERE year = {row}.year AND token = {row}.token"
    )


SQLITE_FORWARDS = [
    TABLE,
    f"CREATE TRIGGER {YEARS}_ai AFTER INSERT ON {CELLS} BEGIN {_add('NEW')}; END",
    f"CREATE TRIGGER {YEARS}_ad AFTER DELETE ON {CELLS} BEGIN {_remove('OLD')}; END",
    f"CREATE TRIGGER {YEARS}_au AFTER UPDATE ON {CELLS} "
    f"BEGIN {_remove('OLD')}; {_add('NEW')}; END",
    FIRST_SUM,
]
SQLITE_BACKWARDS = [
    *(f"DROP TRIGGER IF EXISTS {YEARS}_{event}" for event in ("ai", "ad", "au")),
    f"DROP TABLE IF EXISTS {YEARS}",
]


def _function(name: str, body: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n{body}\nRETURN NULL;\nEND $$"
    )


POSTGRES_FORWARDS = [
    TABLE,
    _function(
        f"{YEARS}_follow",
        f"IF TG_OP <> 'INSERT' THEN\n  {_remove('OLD')};\nEND IF;\n"
        f"IF TG_OP <> 'DELETE' THEN\n  {_add('NEW')};\nEND IF;",
    ),
    _function(f"{YEARS}_reset", f"DELETE FROM {YEARS};"),
    f"CREATE TRIGGER {YEARS}_follow AFTER INSERT OR UPDATE OR DELETE ON {CELLS} "
    f"FOR EACH ROW EXECUTE FUNCTION {YEARS}_follow()",
    f"CREATE TRIGGER {YEARS}_truncate AFTER TRUNCATE ON {CELLS} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {YEARS}_reset()",
    FIRST_SUM,
]
POSTGRES_BACKWARDS = [
    *(f"DROP TRIGGER IF EXISTS {YEARS}_{name} ON {CELLS}" for name in ("follow", "truncate")),
    *(f"DROP FUNCTION IF EXISTS {YEARS}_{name}()" for name in ("follow", "reset")),
    f"DROP TABLE IF EXISTS {YEARS}",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0036_searchentry_article_kind")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARDS, "postgresql": POSTGRES_FORWARDS}),
            _run({"sqlite": SQLITE_BACKWARDS, "postgresql": POSTGRES_BACKWARDS}),
            elidable=False,
        )
    ]
