"""SQLite: in how many of the indexed published articles each common word is, kept in a table
(migration ``0026_word_shares``), so that the list's words filter judges which side of a
query is smaller (``word_index.matched_or_unmatched``) without counting the query's matches.

Counting the matches of a word most articles hold reads most of its list in the index: 15 to
25 ms at 100,000 articles, on every list with that word. PostgreSQL needs no table: its
planner's estimate, from the statistics ANALYZE keeps, judges there. Here as there the
estimate only chooses the side: either side is exact, and a wrong choice only costs time.

The shares are read from the index itself (FTS5's ``fts5vocab``: one pass over every word's
list, about a second at 100,000 articles): by ``search_index.rebuild`` (``manage.py
rebuild_search_index``) and the migration, and again once the index has grown or shrunk by a
quarter since (``keep``, after an article is published or edited). A row with the empty word,
which no query holds, keeps how many articles they were read over. Below ``TAKEN_FROM``
articles none are kept: counting is then cheaper than any estimate.
"""

from __future__ import annotations

import json
import math

from django.db import connection

from .search import Query
from .word_index import EVERY_WORD as EVERY
from .word_index import INDEX_SIZE as INDEX_SIZES
from .word_index import SQLITE_TABLE as INDEX

TABLE = "articles_word_shares"
INDEX_SIZE = INDEX_SIZES["sqlite"]
VOCABULARY = "articles_word_vocabulary"  # a temporary fts5vocab table over the index
TOTAL = ""  # the row of the empty word: how many articles the shares were read over
# EVERY: the term of the index's own column, in every article, which no count of it tells

TAKEN_FROM = 1000  # articles indexed
KEPT_FROM = 0.05  # the share from which a word is kept; a word not kept is at most this common
DRIFT = 1.25  # read again once the index holds this many times more (or fewer) articles


def _sqlite() -> bool:
    return connection.vendor == "sqlite"


def take() -> int:
    """Read the shares again from the index; return how many words were kept."""
    if not _sqlite():
        return 0
    with connection.cursor() as cursor:
        cursor.execute(INDEX_SIZE)
        total = cursor.fetchone()[0]
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(f"INSERT INTO {TABLE} (term, articles) VALUES (%s, %s)", [TOTAL, total])
        if total < TAKEN_FROM:
            return 0
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{VOCABULARY} "
            f"USING fts5vocab(main, {INDEX}, 'row')"
        )
        cursor.execute(
            f"INSERT INTO {TABLE} (term, articles) SELECT term, doc FROM temp.{VOCABULARY} "
            "WHERE doc >= %s AND term <> %s",
            [math.ceil(total * KEPT_FROM), EVERY],
        )
        return cursor.rowcount


def keep() -> bool:
    """Read the shares again if the index has grown or shrunk past ``DRIFT`` since they were
    (one query when it has not); return whether they were."""
    held = f"SELECT articles FROM {TABLE} WHERE term = '{TOTAL}'"
    if not _sqlite() or not due(held, INDEX_SIZE, TAKEN_FROM):
        return False
    take()
    return True


def due(held_sql: str, size_sql: str, least: int) -> bool:
    """Whether what was read over an index of the size ``held_sql`` selects (None if never)
    is to be read again: the index's size now (``size_sql``) is past ``DRIFT`` from it, and
    either is at least ``least`` articles. One query."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ({held_sql}), ({size_sql})")
        held, now = cursor.fetchone()
    if max(held or 0, now) < least:
        return False  # none read, none needed
    return not (held and held / DRIFT <= now <= held * DRIFT)


def estimated_matches(query: Query, published: int) -> int | None:
    """How many of the ``published`` articles ``query`` matches, estimated from the shares of
    its words: a phrase is in at most as many articles as its rarest word, the required terms
    are taken as independent of each other, and an excluded term leaves out its share. A word
    not kept is taken to be as common as the rarest kept. None when there are no shares, or
    when they were read over an index less than half or more than twice ``published``: then
    the matches are counted."""
    if not _sqlite():
        return None
    terms = (*query.required, *query.excluded)
    wanted = sorted({TOTAL, *(word for term in terms for word in term)})
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT term, articles FROM {TABLE} WHERE term IN (SELECT value FROM json_each(%s))",
            [json.dumps(wanted)],
        )
        held = dict(cursor.fetchall())
    total = held.pop(TOTAL, 0)
    if total < TAKEN_FROM or not total / 2 <= published <= total * 2:
        return None

    def share(term: tuple[str, ...]) -> float:
        return min(held.get(word, total * KEPT_FROM) for word in term) / total

    estimate = math.prod(share(term) for term in query.required)
    estimate *= math.prod(1 - share(term) for term in query.excluded)
    return round(estimate * published)
