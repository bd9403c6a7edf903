"""What each article names, in one row per article (``articles.article_names``): a token per
official, agency, country, body, conference and document it names ("p12", "a3", ...). The
list's facets count what a few thousand articles name from these rows, one lookup each,
instead of one lookup in each of the six mention tables.

Triggers keep the rows exact on both databases: every insert, delete and change of a mention
writes its article's row again from the six tables (whole, so the order in which the rows of
one statement fire does not matter); deleting an article deletes its row; PostgreSQL's
TRUNCATE writes every row again (or empties them with the articles). Then a first filling
from the mentions already there; ``manage.py rebuild_counts`` puts right any row that differs.
"""

from django.db import migrations

TABLE = "articles_article_names"
ARTICLE = "articles_article"
# (mention table, column of the thing named, the token's letter)
MENTIONS = [
    ("articles_personmention", "person_id", "p"),
    ("articles_agencymention", "agency_id", "a"),
    ("articles_countrymention", "country_id", "c"),
    ("articles_bodymention", "body_id", "b"),
    ("articles_conferencemention", "conference_id", "k"),
    ("articles_documentmention", "document_id", "d"),
]


def _joined(vendor: str) -> str:
    return "group_concat(k, ' ')" if vendor == "sqlite" else "string_agg(k, ' ')"


def _tokens(where: str) -> str:
    """SQL selecting (article_id, k): the token of every mention ``where`` selects."""
    return " UNION ALL ".join(
        f"SELECT article_id, '{letter}' || {column} AS k FROM {table} WHERE {where}"
        for table, column, letter in MENTIONS
    )


def _names_of(vendor: str, article: str) -> str:
    """SQL for the names of the article whose id is ``article`` ('' for none)."""
    return f"(SELECT COALESCE({_joined(vendor)}, '') FROM ({_tokens(f'article_id = {article}')}) t)"


def _write(vendor: str, article: str) -> str:
    return (
        f"INSERT INTO {TABLE} (article_id, names) VALUES ({article}, {_names_of(vendor, article)}) "
        "ON CONFLICT (article_id) DO UPDATE SET names = excluded.names"
    )


def _rewrite(vendor: str, article: str) -> str:
    """The row of an article that keeps one (a deleted mention's article may be going too)."""
    return f"UPDATE {TABLE} SET names = {_names_of(vendor, article)} WHERE article_id = {article}"


def _fill(vendor: str) -> str:
    return (
        f"INSERT INTO {TABLE} (article_id, names) SELECT article_id, {_joined(vendor)} "
        f"FROM ({_tokens('1 = 1')}) t GROUP BY article_id"
    )


def _sqlite_forwards() -> list[str]:
    out = [f"CREATE TABLE {TABLE} (article_id integer NOT NULL PRIMARY KEY, names text NOT NULL)"]
    for table, column, _letter in MENTIONS:
        out += [
            f"CREATE TRIGGER {table}_names_ai AFTER INSERT ON {table} BEGIN "
            f"{_write('sqlite', 'NEW.article_id')}; END",
            f"CREATE TRIGGER {table}_names_ad AFTER DELETE ON {table} BEGIN "
            f"{_rewrite('sqlite', 'OLD.article_id')}; END",
            f"CREATE TRIGGER {table}_names_au AFTER UPDATE OF article_id, {column} ON {table} "
            f"BEGIN {_rewrite('sqlite', 'OLD.article_id')}; {_write('sqlite', 'NEW.article_id')}; "
            "END",
        ]
    out.append(
        f"CREATE TRIGGER {ARTICLE}_names_ad AFTER DELETE ON {ARTICLE} BEGIN "
        f"DELETE FROM {TABLE} WHERE article_id = OLD.id; END"
    )
    return [*out, _fill("sqlite")]


def _sqlite_backwards() -> list[str]:
    out = [
        f"DROP TRIGGER IF EXISTS {table}_names_{event}"
        for table, _column, _letter in MENTIONS
        for event in ("ai", "ad", "au")
    ]
    return [*out, f"DROP TRIGGER IF EXISTS {ARTICLE}_names_ad", f"DROP TABLE IF EXISTS {TABLE}"]


def _function(name: str, body: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n{body}\nRETURN NULL;\nEND $$"
    )


def _postgres_forwards() -> list[str]:
    follow = (
        f"IF TG_OP <> 'INSERT' THEN\n  {_rewrite('postgresql', 'OLD.article_id')};\nEND IF;\n"
        f"IF TG_OP <> 'DELETE' THEN\n  {_write('postgresql', 'NEW.article_id')};\nEND IF;"
    )
    out = [
        f"CREATE TABLE {TABLE} (article_id bigint NOT NULL PRIMARY KEY, names text NOT NULL)",
        _function(f"{TABLE}_follow", follow),
        _function(
            f"{TABLE}_rewrite_all",
            f"UPDATE {TABLE} n SET names = {_names_of('postgresql', 'n.article_id')};",
        ),
        _function(f"{TABLE}_article_gone", f"DELETE FROM {TABLE} WHERE article_id = OLD.id;"),
        _function(f"{TABLE}_articles_gone", f"DELETE FROM {TABLE};"),
    ]
    for table, column, _letter in MENTIONS:
        out += [
            f"CREATE TRIGGER {table}_names_insert_delete AFTER INSERT OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_follow()",
            f"CREATE TRIGGER {table}_names_update AFTER UPDATE OF article_id, {column} "
            f"ON {table} FOR EACH ROW WHEN (OLD.article_id IS DISTINCT FROM NEW.article_id "
            f"OR OLD.{column} IS DISTINCT FROM NEW.{column}) EXECUTE FUNCTION {TABLE}_follow()",
            f"CREATE TRIGGER {table}_names_truncate AFTER TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_rewrite_all()",
        ]
    out += [
        f"CREATE TRIGGER {ARTICLE}_names_delete AFTER DELETE ON {ARTICLE} "
        f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_article_gone()",
        f"CREATE TRIGGER {ARTICLE}_names_truncate AFTER TRUNCATE ON {ARTICLE} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_articles_gone()",
    ]
    return [*out, _fill("postgresql")]


def _postgres_backwards() -> list[str]:
    out = []
    for table, _column, _letter in MENTIONS:
        out += [
            f"DROP TRIGGER IF EXISTS {table}_names_{name} ON {table}"
            for name in ("insert_delete", "update", "truncate")
        ]
    out += [
        f"DROP TRIGGER IF EXISTS {ARTICLE}_names_{name} ON {ARTICLE}"
        for name in ("delete", "truncate")
    ]
    out += [
        f"DROP FUNCTION IF EXISTS {TABLE}_{name}()"
        for name in ("follow", "rewrite_all", "article_gone", "articles_gone")
    ]
    return [*out, f"DROP TABLE IF EXISTS {TABLE}"]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in _sqlite_forwards() if vendor == "sqlite" else _postgres_forwards():
        schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in _sqlite_backwards() if vendor == "sqlite" else _postgres_backwards():
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("articles", "0022_postgresql_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
