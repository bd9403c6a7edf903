"""The interview answers' words, indexed by answer (migration ``0035_answer_words``).

Who said what asks which answers of published articles a query matches. In the search
entries' own index, a word most answers hold matches the entries of every kind holding it
(articles too), and each must be joined to its entry for its kind and its article's status:
about 130 ms on SQLite and 370 on PostgreSQL for a common word at 100,000 articles. Here the
index holds only the entries of kind "answer", keyed by the answer's id, so the ids come
from the index alone. Triggers on the entries keep it; ``refill`` rebuilds it
(``manage.py rebuild_search_index`` and the benchmark's bulk load call it).

An answer is indexed while its article is published (``search_index.reindex_articles``
drops the entries of an article unpublished). An article whose status was written straight
to the database keeps its entries until it is indexed again: ``hidden`` finds those answers
(from the few unpublished articles, not from every match), and the matches leave them out.
"""

from __future__ import annotations

from django.db import connection

from .search import TABLE as ENTRIES
from .search import Query, postgres_tsquery, sqlite_match

SQLITE_TABLE = "articles_searchentry_fts_answers"
PG_TABLE = "articles_searchentry_answer_words"


def _match_sql(query: Query) -> tuple[str, list]:
    """SQL selecting the ids (column ``id``) of the indexed answers ``query`` matches."""
    if connection.vendor == "postgresql":
        tsquery, params = postgres_tsquery(query)
        return f"SELECT segment_id AS id FROM {PG_TABLE} WHERE document @@ {tsquery}", params
    sql = f"SELECT rowid AS id FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s"
    return sql, [sqlite_match(query)]


# The answers indexed whose article is not published: read from the unpublished articles,
# the statuses on either side of "published" (two ranges of the status index: as one
# condition with OR, PostgreSQL read the whole index), each looked up for entries of answers
# by (article, kind). CROSS JOIN: SQLite keeps that order (PostgreSQL plans its own).
_UNPUBLISHED = (
    f"SELECT e.object_id FROM articles_article a CROSS JOIN {ENTRIES} e "
    "WHERE e.article_id = a.id AND e.kind = 'answer' AND a.status {} 'published'"
)
HIDDEN = f"{_UNPUBLISHED.format('<')} UNION ALL {_UNPUBLISHED.format('>')}"


def hidden() -> set[int]:
    """The ids of the indexed answers whose article is not published (none, unless a status
    was written to the database without indexing the article again)."""
    with connection.cursor() as cursor:
        cursor.execute(HIDDEN)
        return {row[0] for row in cursor.fetchall()}


def matched_answer_ids(query: Query, *, up_to: int | None = None) -> list[int] | None:
    """The ids of the answers of published articles ``query`` matches, in order, less those
    ``hidden`` (read only if there are matches). With ``up_to``, None if the index holds more
    matches than that: no more than one past it are read, and nothing else."""
    sql, params = _match_sql(query)
    if up_to is not None:
        sql, params = f"{sql} LIMIT %s", [*params, up_to + 1]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = {row[0] for row in cursor.fetchall()}
    if up_to is not None and len(found) > up_to:
        return None
    return sorted(found - hidden()) if found else []


def count(query: Query) -> int:
    """How many answers of published articles ``query`` matches, counted in the index (no id
    sent back: 8 ms on SQLite, 17 on PostgreSQL for a common word's 52,000 at 100,000
    articles, against 35 and 30 to read them), less those ``hidden``."""
    sql, params = _match_sql(query)
    left_out = hidden()
    with connection.cursor() as cursor:
        if not left_out:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS matched", params)
            return cursor.fetchone()[0]
        cursor.execute(sql, params)
        return len({row[0] for row in cursor.fetchall()} - left_out)


def holds(query: Query, column: str) -> tuple[str, list]:
    """A condition (SQL and parameters): the answer whose id is ``column`` is one ``query``
    matches, looked up in the index by that id. Cheap for each answer (a few microseconds on
    PostgreSQL, about 40 on SQLite), so for the first answers of a list in its order only;
    it does not look at the article's status."""
    if connection.vendor == "postgresql":
        tsquery, params = postgres_tsquery(query)
        return (
            f"EXISTS (SELECT 1 FROM {PG_TABLE} w WHERE w.segment_id = {column} "
            f"AND w.document @@ {tsquery})",
            params,
        )
    return (
        f"EXISTS (SELECT 1 FROM {SQLITE_TABLE} WHERE rowid = {column} AND {SQLITE_TABLE} MATCH %s)",
        [sqlite_match(query)],
    )


def refill() -> None:
    """Index again every entry of kind "answer": for a database whose triggers did not run
    while its entries were written (a bulk load with triggers off) or whose index was lost."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DELETE FROM {PG_TABLE}")
            cursor.execute(
                f"INSERT INTO {PG_TABLE} (segment_id, document) "
                f"SELECT object_id, document FROM {ENTRIES} WHERE kind = 'answer'"
            )
        else:
            cursor.execute(f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}) VALUES ('delete-all')")
            cursor.execute(
                f"INSERT INTO {SQLITE_TABLE}(rowid, body_words) "
                f"SELECT object_id, body_words FROM {ENTRIES} WHERE kind = 'answer'"
            )
