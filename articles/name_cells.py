"""The facets of a list filtered on its articles' own columns (kind, outlet, year, dates):
summed from kept counts by (year, outlet, kind), not counted from its articles.

``articles_name_cells`` (migration 0030) holds, for each thing named (a token of
``article_names``: "p12", the official 12) and each (year, outlet, kind), how many published
articles of that cell name it; ``ArticleTally`` how many published articles each cell holds.
Triggers keep both exact at every write. A list of every report, or of an outlet's articles,
is tens of thousands of articles at 100,000: counting what each names took a quarter of a
second and more; the cells it covers are summed in two small queries, whatever its size.

A list filtered by years or dates alone sums ``articles_name_years`` instead (migration 0037):
the cells summed by (year, token), kept by triggers on the cells.

A range of dates covers some years whole and, at its ends, parts of years: the whole years
are summed here, and the articles of the parts (at most two years' worth) are counted by
their ids (``article_names.counts_by_id``) and added.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q

from .article_names import TABLE as NAMES
from .article_names import Counts, named_by_token
from .models import ArticleTally

TABLE = "articles_name_cells"
KEY = ("token", "year", "publication_id", "kind")
# The same summed by (year, token), whatever the outlet and kind (migration 0037).
YEARS = "articles_name_years"
YEARS_KEY = ("year", "token")

# The list's filters on an article's own columns: the others (words, things named) are not
# kept by cell.
FILTERS = ("year", "date_from", "date_to", "kind", "publication")


@dataclass(frozen=True)
class Cells:
    """The cells a list covers whole: its years from ``first`` to ``last`` (None: no bound),
    of its ``kinds`` and ``outlets`` (ids; empty: any)."""

    first: int | None
    last: int | None
    kinds: tuple[str, ...] = ()
    outlets: tuple[int, ...] = ()
    dated: bool = False  # bounded by dates (which may cover years in part), not a year

    @classmethod
    def of(cls, data: dict, besides: tuple[str, ...] = ()) -> Cells | None:
        """The cells the filters ``data`` (cleaned) cover whole, if they filter on nothing
        else (but ``besides``) and cover at least one year whole; else None."""
        allowed = (*FILTERS, "sort", *besides)
        if any(value for name, value in data.items() if name not in allowed):
            return None
        first = last = None
        if data.get("year"):
            first = last = int(data["year"])
        start, end = data.get("date_from"), data.get("date_to")
        if start:  # the first year it covers whole
            year = start.year if (start.month, start.day) == (1, 1) else start.year + 1
            first = year if first is None else max(first, year)
        if end:
            year = end.year if (end.month, end.day) == (12, 31) else end.year - 1
            last = year if last is None else min(last, year)
        if first is not None and last is not None and first > last:
            return None
        kinds = tuple(sorted(data.get("kind") or ()))
        outlets = tuple(sorted(outlet.pk for outlet in data.get("publication") or ()))
        return cls(first, last, kinds, outlets, dated=bool(start or end))

    def part_years(self) -> list[Q]:
        """The conditions on an article's date, one for each end of the range of dates that
        may cover a year in part: before the first year covered whole, after the last (each a
        stretch of the list's date index: as one condition, "not in the years covered
        whole", PostgreSQL read every date of the range). Empty when every article the
        filters leave is in a year covered whole (no dates)."""
        if not self.dated:
            return []
        parts = []
        if self.first is not None:
            parts.append(Q(date__lt=dt.date(self.first, 1, 1)))
        if self.last is not None:
            parts.append(Q(date__gt=dt.date(self.last, 12, 31)))
        return parts

    def holds(self, year: int, outlet: int, kind: str) -> bool:
        """Whether the cell (``year``, ``outlet``, ``kind``) is one of these."""
        return (
            (self.first is None or year >= self.first)
            and (self.last is None or year <= self.last)
            and (not self.kinds or kind in self.kinds)
            and (not self.outlets or outlet in self.outlets)
        )

    def _where(self) -> tuple[str, list]:
        parts, params = ["TRUE"], []
        if self.first is not None:
            parts.append("year >= %s")
            params.append(self.first)
        if self.last is not None:
            parts.append("year <= %s")
            params.append(self.last)
        for column, values in (("kind", self.kinds), ("publication_id", self.outlets)):
            if values:
                parts.append(f"{column} IN ({', '.join(['%s'] * len(values))})")
                params += list(values)
        return " AND ".join(parts), params

    def counted(self) -> Counts:
        """The published articles of these cells by (year, outlet id, kind), and for each
        facet parameter how many of them name each thing (by its id): two queries, over the
        kept counts alone."""
        where, params = self._where()
        cells: Counter = Counter()
        articles = ArticleTally._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT year, publication_id, kind, SUM(articles) FROM {articles} "
                f"WHERE {where} "
                "GROUP BY year, publication_id, kind",
                params,
            )
            for year, outlet, kind, n in cursor.fetchall():
                if n:
                    cells[(year, outlet, kind)] = n
            # Years alone: their rows of ``YEARS``, a tenth as many as their cells.
            table = YEARS if not (self.kinds or self.outlets) else TABLE
            cursor.execute(
                f"SELECT token, SUM(articles) FROM {table} WHERE {where} GROUP BY token",
                params,
            )
            tokens = Counter({token: n for token, n in cursor.fetchall() if n})
        return cells, named_by_token(tokens)


def plus(counts: Counts, more: Counts, sign: int = 1) -> Counts:
    """Two ``Counts`` added together (or, ``sign`` -1, the second taken from the first)."""
    named = {param: Counter(by_id) for param, by_id in counts[1].items()}
    for param, by_id in more[1].items():
        mine = named.setdefault(param, Counter())
        for pk, n in by_id.items():
            mine[pk] += sign * n
    cells = Counter(counts[0])
    for cell, n in more[0].items():
        cells[cell] += sign * n
    kept = {param: {pk: n for pk, n in by_id.items() if n > 0} for param, by_id in named.items()}
    return +cells, kept


def _expected(cursor) -> Counter:
    """The count of each cell, from the published articles' names rows."""
    cursor.execute(
        f"SELECT names, year, publication_id, kind FROM {NAMES} "
        "WHERE status = 'published' AND names <> ''"
    )
    out: Counter = Counter()
    for names, *cell in cursor.fetchall():
        for token in names.split():
            out[(token, *cell)] += 1
    return out


def rebuild() -> int:
    """Write again every cell, and every year's sum of them, whose count differs from the
    names rows (after those are put right, ``article_names.rebuild``); return how many were
    written (0 when all were)."""
    with transaction.atomic(), connection.cursor() as cursor:
        expected = _expected(cursor)
        written = put_right(cursor, TABLE, KEY, "articles", expected)
        years: Counter = Counter()
        for (token, year, _outlet, _kind), n in expected.items():
            years[(year, token)] += n
        return written + put_right(cursor, YEARS, YEARS_KEY, "articles", years)


def put_right(cursor, table: str, key: tuple[str, ...], column: str, expected: dict) -> int:
    """Write ``column`` of each row of ``table`` (by its ``key`` columns) whose value
    differs from ``expected`` (by key; a row expected nowhere, 0); return how many were."""
    columns = ", ".join(key)
    cursor.execute(f"SELECT {columns}, {column} FROM {table}")
    held = {tuple(row[:-1]): row[-1] for row in cursor.fetchall()}
    wrong = [(*k, n) for k, n in expected.items() if held.get(k) != n]
    wrong += [(*k, 0) for k, n in held.items() if n and k not in expected]
    marks = ", ".join(["%s"] * (len(key) + 1))
    cursor.executemany(
        f"INSERT INTO {table} ({columns}, {column}) VALUES ({marks}) "
        f"ON CONFLICT ({columns}) DO UPDATE SET {column} = excluded.{column}",
        wrong,
    )
    return len(wrong)
