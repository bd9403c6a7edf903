"""The published articles' words, indexed by article (migration ``0018_article_words``).

The list's words filter asks which published articles a query matches. In the search
entries' own index, a word most articles hold matches tens of thousands of entries of every
kind, and each must be joined to its entry to find its article: most of a second at 100,000
articles. Here the index holds only the entries of kind "article", keyed by the article's id,
so the ids come from the index alone. Triggers on the entries keep it; ``refill`` rebuilds it
(``manage.py rebuild_search_index`` and the benchmark's bulk load call it).
"""

from __future__ import annotations

import json

from django.db import connection

from . import article_names
from .search import Query, postgres_tsquery, published_by_id, sqlite_match
from .summary import published_ids

ENTRIES = "articles_searchentry"
SQLITE_TABLE = "articles_searchentry_fts_articles"
PG_TABLE = "articles_searchentry_words"


# Every article also holds a term no query can type (migration 0021): on SQLite in a column
# of its own, which the queries' words leave aside; on PostgreSQL a lexeme with a space.
SQLITE_WORDS = "{title_words body_words}"
SQLITE_EVERY = 'every : "every"'
EVERY_WORD = "every"  # the only word the column "every" holds
PG_EVERY = "'''every article'''"


def _words_match(query: Query) -> str:
    """SQLite: the FTS5 query of ``query``'s words in the articles' own columns. Their
    column filter makes FTS5 read the position list of every match (a common word's others:
    26 ms instead of 17 at 100,000 articles); it is needed only for the word the column
    "every" holds, since no other word can match there."""
    match = sqlite_match(query)
    if any(EVERY_WORD in term for term in (*query.required, *query.excluded)):
        return f"{SQLITE_WORDS} : ({match})"
    return match


def _match_sql(query: Query) -> tuple[str, list]:
    """SQL selecting the ids of the articles ``query`` matches, from this index alone."""
    if connection.vendor == "postgresql":
        tsquery, params = postgres_tsquery(query)
        return f"SELECT article_id AS id FROM {PG_TABLE} WHERE document @@ {tsquery}", params
    match = _words_match(query)
    return f"SELECT rowid AS id FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s", [match]


def _unmatched_sql(query: Query, columns: str = "article_id AS id") -> tuple[str, list]:
    """SQL selecting the ids of the articles in this index that ``query`` does not match:
    every article's own term, less the query's matches. On PostgreSQL, ``columns`` of
    their rows instead."""
    if connection.vendor == "postgresql":
        tsquery, params = postgres_tsquery(query)
        sql = (
            f"SELECT {columns} FROM {PG_TABLE} "
            f"WHERE document @@ ({PG_EVERY}::tsquery && !! {tsquery})"
        )
        return sql, params
    match = f"{SQLITE_EVERY} NOT ({_words_match(query)})"
    return f"SELECT rowid AS id FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s", [match]


def _unmatched_facets_sql(query: Query) -> tuple[str, list]:
    """SQL selecting, for each published article ``query`` does not match, its id and what
    the facets count of it (``article_names.facets_by_id``), and a NULL. PostgreSQL's index
    holds those values in its rows (migration 0025); SQLite's looks each article's up."""
    if connection.vendor == "postgresql":
        columns = "article_id, year, publication_id, kind, names, NULL"
        sql, params = _unmatched_sql(query, columns)
        return f"{sql} AND status = 'published'", params
    sql, params = _unmatched_sql(query)
    return article_names.facets_by_id(sql, then=", NULL"), params


def _ids(sql: str, params: list) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def matched_article_ids(query: Query) -> list[int]:
    """The ids of the articles whose own entry (kind "article": published ones) matches
    ``query``, read from this index alone."""
    return _ids(*_match_sql(query))


# How many articles the index holds: on PostgreSQL kept in a row by triggers (migration
# 0024: counting the rows reads them all); SQLite counts its table's rows without reading them.
INDEX_SIZE = {
    "postgresql": f"SELECT n FROM {PG_TABLE}_size",
    "sqlite": f"SELECT COUNT(*) FROM {SQLITE_TABLE}_docsize",  # FTS5's own row per article
}


def matched_or_unmatched(
    query: Query, published: int
) -> tuple[list[int], bool, article_names.Counts | None]:
    """The smaller side of ``query`` among the ``published`` articles: ``(ids, True, None)``,
    those it matches, when they seem to be at most half of them; otherwise
    ``(ids, False, counts)``, those it does not match, with what the facets count of them
    (``article_names.tally``, read in the same query; None if they were found the slow way,
    see below). A word most articles hold matches tens of thousands, which cost more to send
    and set against the archive than the match itself; the index lists the few it leaves
    out as cheaply.

    Which side is smaller is judged from PostgreSQL's estimate of the matches (counting
    would read every matching row), or from SQLite's, made from the shares of its words
    (``word_shares``; where there are none, the index counts the matches, stopping past half
    of the published): either side is exact; a wrong estimate only costs time. The few left out
    are read from the kept absences of its words when it is only words most articles hold
    (``word_absences``), else from the index; when the index does not hold as many articles
    as are published (a publish written straight to the database, not indexed until the index
    is rebuilt), they are found the slower way, as every published article less the
    matches."""
    from . import word_absences, word_shares  # which read this index, by the names above

    sql, params = _match_sql(query)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            size = plan[0]["Plan"]["Plan Rows"]
        else:  # estimated from the kept shares of its words, or counted as far as tells
            size = word_shares.estimated_matches(query, published)
            if size is None:
                cursor.execute(
                    f"SELECT COUNT(*) FROM ({sql} LIMIT %s)", [*params, published // 2 + 1]
                )
                size = cursor.fetchone()[0]
        if size * 2 <= published:
            return _ids(published_by_id(sql), params), True, None
        rows = None
        if word_absences.answerable(query):  # its words' kept absences, if all are listed
            rows = word_absences.others(cursor, query)
        if rows is None:
            sql, params = _unmatched_facets_sql(query)
            cursor.execute(
                f"{sql} UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, "
                f"({INDEX_SIZE[connection.vendor]})",
                params,
            )
            rows = cursor.fetchall()
    if next(row[-1] for row in rows if row[0] is None) == published:
        unmatched = [row for row in rows if row[0] is not None]
        counts = article_names.tally(unmatched)
        return [row[0] for row in unmatched], False, counts
    return sorted(set(published_ids()).difference(matched_article_ids(query))), False, None


def refill() -> None:
    """Index again every entry of kind "article": for a database whose triggers did not run
    while its entries were written (a bulk load with triggers off) or whose index was lost."""
    from . import word_absences  # which follows this index

    word_absences.clear()  # their rows are written once, for the words chosen below
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DELETE FROM {PG_TABLE}")
            cursor.execute(
                f"INSERT INTO {PG_TABLE} (article_id, document) "
                f"SELECT article_id, document || {PG_EVERY}::tsvector "
                f"FROM {ENTRIES} WHERE kind = 'article' AND article_id IS NOT NULL"
            )
        else:
            cursor.execute(f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}) VALUES ('delete-all')")
            cursor.execute(
                f"INSERT INTO {SQLITE_TABLE}(rowid, title_words, body_words, every) "
                f"SELECT article_id, title_words, body_words, 'every' FROM {ENTRIES} "
                "WHERE kind = 'article' AND article_id IS NOT NULL"
            )
    word_absences.choose()
