"""How many interview answers the published articles hold, by (year, outlet, kind): kept in
``articles_answer_cells`` by triggers (migration 0032), from each article's count of answers
in its names row, itself kept by triggers on the segments. ``/answers/`` reads its count
here, unfiltered or by year, instead of counting a hundred thousand answers at each visit.
"""

from __future__ import annotations

from django.db import connection, transaction

from .article_names import TABLE as NAMES
from .name_cells import put_right

TABLE = "articles_answer_cells"
KEY = ("year", "publication_id", "kind")


def published_answers(year: int | None = None) -> int:
    """The answers of the published articles (of ``year``, if given): one query."""
    where, params = ("WHERE year = %s", [year]) if year is not None else ("", [])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(SUM(answers), 0) FROM {TABLE} {where}", params)
        return int(cursor.fetchone()[0])


def rebuild() -> int:
    """Write again each article's count of answers where it differs from its segments, then
    every cell that differs from those counts; return how many rows were written."""
    differs = "IS NOT" if connection.vendor == "sqlite" else "IS DISTINCT FROM"
    counted = (
        "(SELECT COUNT(*) FROM articles_segment s "
        f"WHERE s.article_id = {NAMES}.article_id AND s.kind = 'answer')"
    )
    columns = ", ".join(KEY)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {NAMES} SET answers = {counted} WHERE answers {differs} {counted}")
        writes = cursor.rowcount
        cursor.execute(
            f"SELECT {columns}, SUM(answers) FROM {NAMES} "
            f"WHERE status = 'published' GROUP BY {columns}"
        )
        expected = {tuple(row[:-1]): row[-1] for row in cursor.fetchall() if row[-1]}
        return writes + put_right(cursor, TABLE, KEY, "answers", expected)
