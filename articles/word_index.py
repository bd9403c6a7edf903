"""The published articles' words, indexed by article (migration ``0018_article_words``).

The list's words filter asks which published articles a query matches. In the search
entries' own index, a word most articles hold matches tens of thousands of entries of every
kind, and each must be joined to its entry to find its article: most of a second at 100,000
articles. Here the index holds only the entries of kind "article", keyed by the article's id,
so the ids come from the index alone. Triggers on the entries keep it; ``refill`` rebuilds it
(``manage.py rebuild_search_index`` and the benchmark's bulk load call it).
"""

from __future__ import annotations

from django.db import connection

from .search import Query, postgres_tsquery, sqlite_match

ENTRIES = "articles_searchentry"
SQLITE_TABLE = "articles_searchentry_fts_articles"
PG_TABLE = "articles_searchentry_words"


def matched_article_ids(query: Query) -> list[int]:
    """The ids of the articles whose own entry (kind "article": published ones) matches
    ``query``, read from this index alone."""
    if connection.vendor == "postgresql":
        tsquery, params = postgres_tsquery(query)
        sql = f"SELECT article_id FROM {PG_TABLE} WHERE document @@ {tsquery}"
    else:
        sql = f"SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s"
        params = [sqlite_match(query)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def refill() -> None:
    """Index again every entry of kind "article": for a database whose triggers did not run
    while its entries were written (a bulk load with triggers off) or whose index was lost."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DELETE FROM {PG_TABLE}")
            cursor.execute(
                f"INSERT INTO {PG_TABLE} (article_id, document) SELECT article_id, document "
                f"FROM {ENTRIES} WHERE kind = 'article' AND article_id IS NOT NULL"
            )
        else:
            cursor.execute(f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}) VALUES ('delete-all')")
            cursor.execute(
                f"INSERT INTO {SQLITE_TABLE}(rowid, title_words, body_words) "
                f"SELECT article_id, title_words, body_words FROM {ENTRIES} "
                "WHERE kind = 'article' AND article_id IS NOT NULL"
            )
