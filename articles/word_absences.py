"""The words most published articles hold, and for each, the articles it is not in
(migration ``0029_word_absences``), so that the list with such words reads the few articles
it leaves out, and what its facets count of them, from one narrow range of rows.

A word three in four articles hold ("hợp tác", "quốc tế") leaves a few thousand articles out
at 100,000. The words index finds them too, but only by setting its list of every article
against the word's (about 15 ms on PostgreSQL, 17 to 30 on SQLite), and then reads each
one's row: on PostgreSQL a wide one, holding the article's whole vector, most on a page of
their own. Here they are kept, with a copy of each one's year, outlet, kind, status and names,
in the order of the word: reading them costs what reading a few thousand small rows does.

Which words: those at least ``LISTED_FROM`` of the indexed articles hold, the ``MOST``
commonest, chosen (``choose``) from ``CHOSEN_FROM`` articles on, by ``search_index.rebuild``
(``manage.py rebuild_search_index``) and the words index's refill, and again once the index
has grown or shrunk by ``word_shares.DRIFT`` since (``keep``, after an article is published
or edited). Triggers keep the rows of the words chosen exact at every write; the choice only
decides which queries take this way, so a stale one costs time, never a wrong list. A query
takes it when all its terms are single words chosen, none excluded
(``word_index.matched_or_unmatched``); others read the index as before.
"""

from __future__ import annotations

import math

from django.db import connection

from .article_names import TABLE as NAMES
from .search import Query, words
from .word_index import ENTRIES, EVERY_WORD, INDEX_SIZE, PG_TABLE, SQLITE_TABLE
from .word_shares import VOCABULARY, due

COMMON = "articles_common_words"
ABSENCES = "articles_word_absences"
TOTAL = ""  # the row of the empty word: how many articles the words were chosen from

CHOSEN_FROM = 1000  # articles indexed; below, the index answers fast enough
LISTED_FROM = 0.75  # the share of the articles from which a word is listed
MOST = 32  # words listed at most: each keeps up to a quarter of the articles' rows

FACETS = "year, publication_id, kind, status, names"


def _candidates(cursor, total: int) -> list[tuple[str, int]]:
    """The words at least ``LISTED_FROM`` of the ``total`` indexed articles hold, the
    commonest first, with how many hold each: SQLite's counted by FTS5 (``fts5vocab``),
    PostgreSQL's by ``ts_stat`` (each one pass over every article's words: about 1 and 2 s
    at 100,000)."""
    least = math.ceil(total * LISTED_FROM)
    if connection.vendor == "sqlite":
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{VOCABULARY} "
            f"USING fts5vocab(main, {SQLITE_TABLE}, 'row')"
        )
        cursor.execute(
            f"SELECT term, doc FROM temp.{VOCABULARY} WHERE doc >= %s AND term <> %s",
            [least, EVERY_WORD],
        )
    else:
        cursor.execute(
            f"SELECT word, ndoc FROM ts_stat('SELECT document FROM {PG_TABLE}') WHERE ndoc >= %s",
            [least],
        )
    # Only what a query can name: a word ``search.words`` gives back as it is.
    chosen = [(word, n) for word, n in cursor.fetchall() if words(word) == [word]]
    chosen.sort(key=lambda pair: (-pair[1], pair[0]))
    return chosen[:MOST]


def _fill_sql() -> str:
    """SQL writing the rows of every listed word (the triggers' work, over all articles)."""
    if connection.vendor == "sqlite":
        text = "coalesce(e.title_words, '') || ' ' || coalesce(e.body_words, '')"
        return (
            f"INSERT INTO {ABSENCES} (word, article_id, {FACETS}) "
            "SELECT c.word, e.article_id, n.year, n.publication_id, n.kind, n.status, n.names "
            f"FROM {ENTRIES} e CROSS JOIN {COMMON} c "
            f"LEFT JOIN {NAMES} n ON n.article_id = e.article_id "
            "WHERE e.kind = 'article' AND e.article_id IS NOT NULL AND c.word <> '' "
            f"AND instr(' ' || {text} || ' ', ' ' || c.word || ' ') = 0"
        )
    return (
        f"INSERT INTO {ABSENCES} (word, article_id, {FACETS}) "
        "SELECT c.word, w.article_id, w.year, w.publication_id, w.kind, w.status, w.names "
        f"FROM {PG_TABLE} w CROSS JOIN {COMMON} c "
        "WHERE c.word <> '' AND NOT c.word = ANY (tsvector_to_array(w.document)) "
        "ORDER BY c.word, w.article_id"  # each word's rows side by side in the table
    )


def clear() -> None:
    """List no word (the words index is then written without their rows)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {COMMON}")
        cursor.execute(f"DELETE FROM {ABSENCES}")


def choose() -> list[str]:
    """Choose the words again from the index and write their rows; return the words."""
    clear()
    with connection.cursor() as cursor:
        cursor.execute(INDEX_SIZE[connection.vendor])
        total = cursor.fetchone()[0]
        chosen = _candidates(cursor, total) if total >= CHOSEN_FROM else []
        cursor.executemany(
            f"INSERT INTO {COMMON} (word, articles) VALUES (%s, %s)", [(TOTAL, total), *chosen]
        )
        if chosen:
            cursor.execute(_fill_sql())
    return [word for word, _n in chosen]


def keep() -> bool:
    """Choose the words again if the index has grown or shrunk past ``word_shares.DRIFT``
    since they were (one query when it has not); return whether they were."""
    held = f"SELECT articles FROM {COMMON} WHERE word = '{TOTAL}'"
    if not due(held, INDEX_SIZE[connection.vendor], CHOSEN_FROM):
        return False
    choose()
    return True


def answerable(query: Query) -> bool:
    """Whether ``query`` is of the form these rows can answer: single words, none excluded
    (whether they are listed is known only from the rows: ``others``)."""
    return not query.excluded and all(len(term) == 1 for term in query.required)


def others(cursor, query: Query) -> list[tuple] | None:
    """For an ``answerable`` query whose words are all listed, the published articles it
    does not match (those without one of its words at least), each once, as rows of
    ``facets_by_id`` and a NULL, then a last row (id NULL) whose last column is how many
    articles the index holds (the rows are the answer only if that is every published
    article). None if a word is not listed. One query: an article without several of the
    words comes once for each, and is set aside here (PostgreSQL's DISTINCT took longer)."""
    wanted = sorted({term[0] for term in query.required})
    marks = ", ".join(["%s"] * len(wanted))
    cursor.execute(
        f"SELECT article_id, year, publication_id, kind, names, NULL "
        f"FROM {ABSENCES} WHERE word IN ({marks}) AND status = 'published' "
        f"UNION ALL SELECT NULL, (SELECT COUNT(*) FROM {COMMON} WHERE word IN ({marks})), "
        f"NULL, NULL, NULL, ({INDEX_SIZE[connection.vendor]})",
        [*wanted, *wanted],
    )
    rows = list({row[0]: row for row in cursor.fetchall()}.values())
    listed = next(row[1] for row in rows if row[0] is None)
    return rows if listed == len(wanted) else None
