"""The seed import, once per test run, and its rows put back by plain inserts after that.

A full seed import checks and writes every row through the ORM and takes seconds; hundreds
of tests start from it. The first test to ask for the seeds runs the real import; the rows it
added (every table, as the database holds them: search entries, tallies and sequences too)
are kept, and later tests get them back by one bulk insert per table, in the same state the
import left. ``tests/test_seed_snapshot.py`` checks that a restored database equals the one
the import made, table by table.

When a test starts from a database that differs from the first one in a table the import
writes or depends on (rows written by its own fixtures, or a flush that recreated the content
types), the real import runs instead.
"""

import functools
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management.color import no_style
from django.db import connection, transaction

from articles.services import seed_import

# The full-text tables SQLite keeps itself (the FTS5 index and its shadow tables): its
# triggers fill them from ``articles_searchentry``.
SKIPPED_PREFIXES = ("articles_searchentry_fts", "sqlite_")
SKIPPED_TABLES = {"django_migrations"}


@dataclass(eq=False)
class TableState:
    """One table's rows: ``columns`` are the ones an INSERT may name (not generated ones),
    ``rows`` their values, ``everything`` every column as text, for comparing states."""

    columns: list[str]
    rows: list
    everything: list[str]

    def __eq__(self, other):
        return self.everything == other.everything


@dataclass
class Snapshot:
    before: dict[str, TableState] = field(default_factory=dict)
    after: dict[str, TableState] = field(default_factory=dict)
    report: object = None
    # The tables triggers keep (the tallies), which the inserts leave other than the import
    # did: found at the first restore, rewritten at every one after.
    rewritten: list[str] | None = None

    @functools.cached_property
    def changed(self) -> list[str]:
        """The tables the import wrote to."""
        return [t for t in self.after if self.after[t] != self.before[t]]

    def watched(self) -> list[str]:
        """The tables whose state the import's result depends on: those it writes, and the
        content types its history rows name. Rows elsewhere (a signed-in user, say) do not
        change what it writes."""
        return [*self.changed, "django_content_type"]


_snapshot = Snapshot()


def seeded_database(path: Path):
    """The seeds in the test's database: imported, or put back from the first import."""
    global _snapshot
    if _snapshot.report is not None:
        watched = {table: _snapshot.before[table] for table in _snapshot.watched()}
        if _state_now(watched) == watched:
            restore(_snapshot)
            return _snapshot.report
    before = read_state()
    report = seed_import(path=path)
    _snapshot = Snapshot(before=before, after=read_state(), report=report)
    return report


def _tables() -> list[str]:
    names = connection.introspection.table_names(include_views=False)
    return sorted(
        name
        for name in names
        if name not in SKIPPED_TABLES and not name.startswith(SKIPPED_PREFIXES)
    )


def _insertable_columns(cursor, table: str) -> list[str]:
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
            "AND table_schema = current_schema() AND is_generated = 'NEVER' "
            "ORDER BY ordinal_position",
            [table],
        )
        return [name for (name,) in cursor.fetchall()]
    cursor.execute(f"PRAGMA table_xinfo({connection.ops.quote_name(table)})")
    # The sixth column ("hidden") is 2 or 3 for a generated column.
    return [row[1] for row in cursor.fetchall() if row[6] == 0]


def _read_table(cursor, table: str) -> TableState:
    quote = connection.ops.quote_name
    columns = _insertable_columns(cursor, table)
    column_list = ", ".join(quote(name) for name in columns)
    if connection.vendor == "postgresql":
        # COPY's text form round-trips every type (json, arrays, tsvector) exactly.
        with cursor.cursor.copy(f"COPY {quote(table)} ({column_list}) TO STDOUT") as copy:
            rows = b"".join(bytes(block) for block in copy)
        with cursor.cursor.copy(f"COPY (SELECT * FROM {quote(table)}) TO STDOUT") as copy:
            everything = b"".join(bytes(block) for block in copy).decode().splitlines()
    else:
        cursor.execute(f"SELECT {column_list} FROM {quote(table)}")
        rows = cursor.fetchall()
        cursor.execute(f"SELECT * FROM {quote(table)}")
        everything = [repr(row) for row in cursor.fetchall()]
    return TableState(columns, rows, sorted(everything))


def read_state() -> dict[str, TableState]:
    """Every table's rows, as the database holds them now."""
    with connection.cursor() as cursor:
        return {table: _read_table(cursor, table) for table in _tables()}


def _state_now(like: dict[str, TableState]) -> dict[str, TableState]:
    with connection.cursor() as cursor:
        return {table: _read_table(cursor, table) for table in like}


def _write_rows(cursor, table: str, state: TableState) -> None:
    quote = connection.ops.quote_name
    column_list = ", ".join(quote(name) for name in state.columns)
    if connection.vendor == "postgresql":
        if state.rows:
            with cursor.cursor.copy(f"COPY {quote(table)} ({column_list}) FROM STDIN") as copy:
                copy.write(state.rows)
        return
    if state.rows:
        marks = ", ".join(["%s"] * len(state.columns))
        cursor.executemany(
            f"INSERT INTO {quote(table)} ({column_list}) VALUES ({marks})", state.rows
        )


def restore(snapshot: Snapshot) -> None:
    """Write back the rows the import added. Tables that triggers keep (the tallies) may
    differ after the inserts, by the order the rows arrived in: they are then emptied and
    written as the import left them."""
    quote = connection.ops.quote_name
    # One transaction, also under a transactional test's autocommit: the foreign keys are
    # checked at its end, once every table is written.
    with transaction.atomic(), connection.cursor() as cursor:
        changed = snapshot.changed
        for table in changed:
            cursor.execute(f"DELETE FROM {quote(table)}")
            _write_rows(cursor, table, snapshot.after[table])
        if snapshot.rewritten is None:
            snapshot.rewritten = _rewrite_in_order(cursor, snapshot, changed)
        else:
            _rewrite(cursor, snapshot, snapshot.rewritten)
        if connection.vendor == "postgresql":
            _reset_sequences(cursor, set(changed))


def _rewrite(cursor, snapshot: Snapshot, tables: list[str]) -> None:
    quote = connection.ops.quote_name
    for table in tables:
        cursor.execute(f"DELETE FROM {quote(table)}")
        _write_rows(cursor, table, snapshot.after[table])


def _rewrite_in_order(cursor, snapshot: Snapshot, changed: list[str]) -> list[str]:
    """The tables the inserts left other than the import did, rewritten in an order that
    leaves each as the import did, and that order. Rewriting a table fires the triggers that
    keep others from it (an article's names row, the counts by cell): those are moved after
    it, until a round leaves every one right."""
    order = [table for table in changed if _read_table(cursor, table) != snapshot.after[table]]
    for _round in range(len(order) + 1):
        _rewrite(cursor, snapshot, order)
        wrong = [table for table in order if _read_table(cursor, table) != snapshot.after[table]]
        if not wrong:
            return order
        order = [table for table in order if table not in wrong] + wrong
    raise AssertionError(f"the seed tables {wrong} cannot be put back as the import left them")


def _reset_sequences(cursor, tables: set[str]) -> None:
    from django.apps import apps

    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.db_table in tables
    ]
    for statement in connection.ops.sequence_reset_sql(no_style(), models):
        cursor.execute(statement)
