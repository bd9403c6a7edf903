"""Which index entries the results page ranks, and how many of each kind match.

Ranking every match costs time in proportion to their number: a word in nearly every article
matches a hundred thousand entries, and scoring them all takes seconds on either engine. So:

- Up to ``RANK_ALL`` matches, every one is a candidate, and the counts are exact.
- Past that, the candidates are every entity that matches (officials, agencies, ...: few
  entries, whose kinds are counted exactly) and, of articles and answers, the newest
  ``POOL`` matches, the newest ``POOL`` whose title holds the terms and, for several terms,
  the newest ``POOL`` holding them side by side. Each pool is read in the index's own order
  and stops when full, whatever the number of matches. Articles and answers are counted up
  to ``COUNT_CAP``; a kind with more is reported as "at least" that (``AtLeast``).

``search()`` (in ``articles.search``) orders the candidates: the rules that put title
matches and words side by side first hold among them exactly, and among all matches when
there are at most ``RANK_ALL``.
"""

from __future__ import annotations

import json

from django.db import connection

from .search import (
    ENTITIES_FTS_TABLE,
    FTS_TABLE,
    TABLE,
    VISIBLE,
    Query,
    postgres_tsquery,
    sqlite_match,
    sqlite_parts,
)

RANK_ALL = 1000
POOL = 200
COUNT_CAP = 1000
LARGE_KINDS = ("article", "answer")
# Every other kind of the public index: entities, a few entries each (see SearchEntry.Kind).
ENTITY_KINDS = ("person", "agency", "conference", "series", "country", "body", "document")


def columns(query: Query) -> str:
    """A candidate row's columns, before the engine's score (lower is better): the entry's
    id, kind, row ids, title and title's words, and its text's words when the query has words
    to find side by side (else ''). Not its text: read for the few hits kept
    (``search.search``), not for every candidate (a whole article each)."""
    words = "e.body_words" if query.together else "''"
    return f"e.id, e.kind, e.object_id, e.article_id, e.title, e.title_words, {words}"


def kinds_sql(kinds: tuple[str, ...]) -> str:
    """The entry kinds ``kinds`` as an SQL list, for ``kind IN (...)``."""
    return ", ".join(f"'{kind}'" for kind in kinds)


_ENTITIES = f"e.kind IN ({kinds_sql(ENTITY_KINDS)})"
_LARGE = kinds_sql(LARGE_KINDS)


class AtLeast(int):
    """A count that stopped at this number: there are more."""

    more = True


def candidates(query: Query) -> tuple[list[tuple], dict[str, int]]:
    """The candidate rows and the number of visible matches of each kind: two queries when
    there are at most ``RANK_ALL`` matches, else four at most."""
    backend = _Postgres(query) if connection.vendor == "postgresql" else _SQLite(query)
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        if backend.matches_at_most(cursor, RANK_ALL):
            rows = backend.all_matches(cursor)
            for row in rows:
                counts[row[1]] = counts.get(row[1], 0) + 1
            return rows, counts
        rows = backend.pooled(cursor)
        for row in rows:
            if row[1] not in LARGE_KINDS:
                counts[row[1]] = counts.get(row[1], 0) + 1
        large = backend.large_counts(cursor, COUNT_CAP + 1)
        for kind, count in zip(LARGE_KINDS, large, strict=True):
            if count:
                counts[kind] = AtLeast(COUNT_CAP) if count > COUNT_CAP else count
    return rows, counts


def id_ranges(ids: list[int], most: int = 4) -> list[tuple[int, int]]:
    """At most ``most`` ranges covering ``ids``, split at the widest gaps."""
    ids = sorted(ids)
    if not ids:
        return []
    gaps = sorted(range(1, len(ids)), key=lambda i: ids[i] - ids[i - 1], reverse=True)
    cuts = sorted(gaps[: most - 1])
    return [(ids[a], ids[b - 1]) for a, b in zip([0, *cuts], [*cuts, len(ids)], strict=True)]


class _SQLite:
    """FTS5 reads its index in rowid order and can stop early; scoring (bm25) and reading
    an entry's row cost per row, so both are kept to the candidates. Each query that scores
    also counts, once, every entry holding each of the query's words (bm25's weights): the
    articles and answers are scored in one stretch of ids, the entities in their own table
    (migration 0028), where a common word's entries are few."""

    def __init__(self, query: Query):
        self.match = sqlite_match(query)
        positive, negative = sqlite_parts(query)
        self.pools = [self.match, f"(title_words : {positive}){negative}"]
        if query.together:
            self.pools.append(f'({positive} AND "{" ".join(query.together)}"){negative}')
        self.select = (
            f"SELECT {columns(query)}, bm25({FTS_TABLE}, 10.0, 1.0) FROM {FTS_TABLE} "
            f"JOIN {TABLE} e ON e.id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s AND {VISIBLE}"
        )
        self.entities = (
            f"SELECT {columns(query)}, bm25({ENTITIES_FTS_TABLE}, 10.0, 1.0) "
            f"FROM {ENTITIES_FTS_TABLE} "
            f"JOIN {TABLE} e ON e.id = {ENTITIES_FTS_TABLE}.rowid "
            f"WHERE {ENTITIES_FTS_TABLE} MATCH %s AND {VISIBLE}"
        )

    def matches_at_most(self, cursor, limit: int) -> bool:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s LIMIT %s)",
            [self.match, limit + 1],
        )
        return cursor.fetchone()[0] <= limit

    def all_matches(self, cursor) -> list[tuple]:
        cursor.execute(self.select, [self.match])
        return cursor.fetchall()

    def pooled(self, cursor) -> list[tuple]:
        newest = (
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY rowid DESC LIMIT %s"
        )
        cursor.execute(
            " UNION ALL ".join(f"SELECT * FROM ({newest})" for _ in self.pools),
            [p for pool in self.pools for p in (pool, POOL)],
        )
        pooled = [row[0] for row in cursor.fetchall()]
        # The pools' articles and answers, scored in the stretch of ids they span, read from
        # the index once; the unary + keeps SQLite from looking the listed ids up one by one
        # (each lookup reads the terms' lists again). Every entity that matches, from theirs.
        parts, params = [self.entities], [self.match]
        for low, high in id_ranges(pooled, 1):
            parts.append(
                f"{self.select} AND e.kind IN ({_LARGE}) AND {FTS_TABLE}.rowid BETWEEN %s AND %s "
                f"AND +{FTS_TABLE}.rowid IN (SELECT value FROM json_each(%s))"
            )
            params += [self.match, low, high, json.dumps(pooled)]
        cursor.execute(" UNION ALL ".join(parts), params)
        return cursor.fetchall()

    def large_counts(self, cursor, limit: int) -> list[int]:
        count = (
            f"(SELECT count(*) FROM (SELECT 1 FROM {FTS_TABLE} JOIN {TABLE} e "
            f"ON e.id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s AND e.kind = %s "
            f"AND {VISIBLE} LIMIT %s))"
        )
        cursor.execute(
            "SELECT " + ", ".join(count for _ in LARGE_KINDS),
            [p for kind in LARGE_KINDS for p in (self.match, kind, limit)],
        )
        return list(cursor.fetchone())


class _Postgres:
    """A GIN index finds the matches in no order; ``ts_rank`` reads each row's whole
    document, so it scores only the candidates. The pools are read backwards along the
    primary key, row by row, and stop when full."""

    def __init__(self, query: Query):
        self.tsquery, self.params = postgres_tsquery(query)
        # In the title: each required word weighted A (the title's weight in ``document``).
        title = " & ".join(
            "(" + " <-> ".join(f"'{word}':A" for word in term) + ")" for term in query.required
        )
        self.pools = [("", []), ("AND e.document @@ to_tsquery('simple', %s)", [title])]
        if query.together:
            together = " ".join(query.together)
            self.pools.append(("AND e.document @@ phraseto_tsquery('simple', %s)", [together]))
        self.select = (
            f"SELECT {columns(query)}, -ts_rank('{{0.1, 0.2, 0.4, 1.0}}', e.document, q.q) "
            f"FROM {TABLE} e, (SELECT {self.tsquery} AS q) q WHERE e.document @@ q.q AND {VISIBLE}"
        )

    def matches_at_most(self, cursor, limit: int) -> bool:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} e WHERE e.document @@ {self.tsquery} "
            "AND e.kind <> 'draft' LIMIT %s) m",
            [*self.params, limit + 1],
        )
        return cursor.fetchone()[0] <= limit

    def all_matches(self, cursor) -> list[tuple]:
        cursor.execute(self.select, self.params)
        return cursor.fetchall()

    def pooled(self, cursor) -> list[tuple]:
        parts, params = [], [*self.params]
        for condition, pool_params in self.pools:
            parts.append(
                f"(SELECT e.id FROM {TABLE} e WHERE e.document @@ {self.tsquery} {condition} "
                "AND e.kind <> 'draft' ORDER BY e.id DESC LIMIT %s)"
            )
            params += [*self.params, *pool_params, POOL]
        parts.append(f"(SELECT e.id FROM {TABLE} e WHERE {_ENTITIES})")
        cursor.execute(f"{self.select} AND e.id IN ({' UNION ALL '.join(parts)})", params)
        return cursor.fetchall()

    def large_counts(self, cursor, limit: int) -> list[int]:
        count = (
            f"(SELECT count(*) FROM (SELECT 1 FROM {TABLE} e WHERE e.document @@ "
            f"{self.tsquery} AND e.kind = %s AND {VISIBLE} LIMIT %s) m)"
        )
        cursor.execute(
            "SELECT " + ", ".join(count for _ in LARGE_KINDS),
            [p for kind in LARGE_KINDS for p in (*self.params, kind, limit)],
        )
        return list(cursor.fetchone())
