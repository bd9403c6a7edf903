"""How many interview answers the published articles of each year, outlet and kind hold, kept
in ``articles_answer_cells`` (``articles.answer_counts``): the count of ``/answers/``, read
from a few rows instead of counted over every answer and its article at each visit.

Each article's row in ``articles_article_names`` gains ``answers``, its answer segments,
kept by triggers on the segments (an answer added, removed, or moved to another article or
kind); triggers on those rows keep the cells, as those of 0030 keep the names' (a row
leaving the published ones takes its answers from its cell, one joining adds them). Then a
first count; ``manage.py rebuild_counts`` puts right any that differs.
"""

from django.db import migrations

CELLS = "articles_answer_cells"
NAMES = "articles_article_names"
SEGMENT = "articles_segment"
ANSWER = "'answer'"
PUBLISHED = "'published'"
KEY = "year, publication_id, kind"
FOLLOWED = ("answers", "year", "publication_id", "kind", "status")


def _step(row: str, sign: str) -> str:
    """One answer more (``sign`` "+") or less in the row of the article of segment ``row``."""
    return f"UPDATE {NAMES} SET answers = answers {sign} 1 WHERE article_id = {row}.article_id"


def _add(row: str) -> str:
    """The answers of names ``row`` added to its cell, if its article is published."""
    return (
        f"INSERT INTO {CELLS} ({KEY}, answers) "
        f"SELECT {row}.year, {row}.publication_id, {row}.kind, {row}.answers "
        f"WHERE {row}.status = {PUBLISHED} AND {row}.answers <> 0 "
        f"ON CONFLICT ({KEY}) DO UPDATE SET answers = {CELLS}.answers + excluded.answers"
    )


def _remove(row: str) -> str:
    """The answers of names ``row`` taken from its cell, if its article was published."""
    return (
        f"UPDATE {CELLS} SET answers = answers - {row}.answers "
        f"WHERE {row}.status = {PUBLISHED} AND year = {row}.year "
        f"AND publication_id = {row}.publication_id AND kind = {row}.kind"
    )


def _common(vendor: str) -> list[str]:
    """The column, filled; the cells' table, and their first count."""
    publication = "integer" if vendor == "sqlite" else "bigint"
    return [
        f"ALTER TABLE {NAMES} ADD COLUMN answers integer NOT NULL DEFAULT 0",
        f"UPDATE {NAMES} SET answers = (SELECT COUNT(*) FROM {SEGMENT} s "
        f"WHERE s.article_id = {NAMES}.article_id AND s.kind = {ANSWER})",
        f"CREATE TABLE {CELLS} (year integer NOT NULL, publication_id {publication} NOT NULL, "
        f"kind varchar(10) NOT NULL, answers integer NOT NULL DEFAULT 0, PRIMARY KEY ({KEY}))",
        f"INSERT INTO {CELLS} ({KEY}, answers) SELECT {KEY}, SUM(answers) FROM {NAMES} "
        f"WHERE status = {PUBLISHED} AND answers <> 0 GROUP BY {KEY}",
    ]


def _changed(different: str) -> str:
    return " OR ".join(f"OLD.{c} {different} NEW.{c}" for c in FOLLOWED)


def _sqlite_forwards() -> list[str]:
    moved = "(OLD.kind IS NOT NEW.kind OR OLD.article_id IS NOT NEW.article_id)"
    return [
        *_common("sqlite"),
        f"CREATE TRIGGER {SEGMENT}_answers_ai AFTER INSERT ON {SEGMENT} "
        f"WHEN NEW.kind = {ANSWER} BEGIN {_step('NEW', '+')}; END",
        f"CREATE TRIGGER {SEGMENT}_answers_ad AFTER DELETE ON {SEGMENT} "
        f"WHEN OLD.kind = {ANSWER} BEGIN {_step('OLD', '-')}; END",
        f"CREATE TRIGGER {SEGMENT}_answers_au AFTER UPDATE OF kind, article_id ON {SEGMENT} "
        f"WHEN {moved} BEGIN "
        f"{_step('OLD', '-')} AND OLD.kind = {ANSWER}; "
        f"{_step('NEW', '+')} AND NEW.kind = {ANSWER}; END",
        f"CREATE TRIGGER {CELLS}_ai AFTER INSERT ON {NAMES} BEGIN {_add('NEW')}; END",
        f"CREATE TRIGGER {CELLS}_ad AFTER DELETE ON {NAMES} BEGIN {_remove('OLD')}; END",
        f"CREATE TRIGGER {CELLS}_au AFTER UPDATE OF {', '.join(FOLLOWED)} ON {NAMES} "
        f"WHEN {_changed('IS NOT')} BEGIN {_remove('OLD')}; {_add('NEW')}; END",
    ]


def _sqlite_backwards() -> list[str]:
    out = [f"DROP TRIGGER IF EXISTS {SEGMENT}_answers_{e}" for e in ("ai", "ad", "au")]
    out += [f"DROP TRIGGER IF EXISTS {CELLS}_{e}" for e in ("ai", "ad", "au")]
    return [*out, f"DROP TABLE IF EXISTS {CELLS}", f"ALTER TABLE {NAMES} DROP COLUMN answers"]


def _function(name: str, body: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n{body}\nRETURN NULL;\nEND $$"
    )


def _postgres_forwards() -> list[str]:
    segment = (
        f"IF TG_OP <> 'INSERT' AND OLD.kind = {ANSWER} THEN\n  {_step('OLD', '-')};\nEND IF;\n"
        f"IF TG_OP <> 'DELETE' AND NEW.kind = {ANSWER} THEN\n  {_step('NEW', '+')};\nEND IF;"
    )
    cells = (
        f"IF TG_OP <> 'INSERT' THEN\n  {_remove('OLD')};\nEND IF;\n"
        f"IF TG_OP <> 'DELETE' THEN\n  {_add('NEW')};\nEND IF;"
    )
    return [
        *_common("postgresql"),
        _function(f"{SEGMENT}_answers_follow", segment),
        _function(f"{SEGMENT}_answers_reset", f"UPDATE {NAMES} SET answers = 0;"),
        f"CREATE TRIGGER {SEGMENT}_answers_insert_delete AFTER INSERT OR DELETE ON {SEGMENT} "
        f"FOR EACH ROW EXECUTE FUNCTION {SEGMENT}_answers_follow()",
        f"CREATE TRIGGER {SEGMENT}_answers_update AFTER UPDATE OF kind, article_id ON {SEGMENT} "
        "FOR EACH ROW WHEN (OLD.kind IS DISTINCT FROM NEW.kind "
        f"OR OLD.article_id IS DISTINCT FROM NEW.article_id) "
        f"EXECUTE FUNCTION {SEGMENT}_answers_follow()",
        f"CREATE TRIGGER {SEGMENT}_answers_truncate AFTER TRUNCATE ON {SEGMENT} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {SEGMENT}_answers_reset()",
        _function(f"{CELLS}_follow", cells),
        _function(f"{CELLS}_reset", f"DELETE FROM {CELLS};"),
        f"CREATE TRIGGER {CELLS}_insert_delete AFTER INSERT OR DELETE ON {NAMES} "
        f"FOR EACH ROW EXECUTE FUNCTION {CELLS}_follow()",
        f"CREATE TRIGGER {CELLS}_update AFTER UPDATE OF {', '.join(FOLLOWED)} ON {NAMES} "
        f"FOR EACH ROW WHEN ({_changed('IS DISTINCT FROM')}) EXECUTE FUNCTION {CELLS}_follow()",
        f"CREATE TRIGGER {CELLS}_truncate AFTER TRUNCATE ON {NAMES} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {CELLS}_reset()",
    ]


def _postgres_backwards() -> list[str]:
    out = [
        f"DROP TRIGGER IF EXISTS {SEGMENT}_answers_{name} ON {SEGMENT}"
        for name in ("insert_delete", "update", "truncate")
    ]
    out += [
        f"DROP TRIGGER IF EXISTS {CELLS}_{name} ON {NAMES}"
        for name in ("insert_delete", "update", "truncate")
    ]
    functions = [f"{SEGMENT}_answers_follow", f"{SEGMENT}_answers_reset"]
    functions += [f"{CELLS}_follow", f"{CELLS}_reset"]
    out += [f"DROP FUNCTION IF EXISTS {name}()" for name in functions]
    return [*out, f"DROP TABLE IF EXISTS {CELLS}", f"ALTER TABLE {NAMES} DROP COLUMN answers"]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in _sqlite_forwards() if vendor == "sqlite" else _postgres_forwards():
        schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in _sqlite_backwards() if vendor == "sqlite" else _postgres_backwards():
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("articles", "0031_article_title_index")]

    operations = [migrations.RunPython(forwards, backwards)]
