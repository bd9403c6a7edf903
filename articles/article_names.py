"""What each article names, one row per article (migration ``0023_article_names``), and the
list's facets counted from those rows.

A list of a few thousand articles (an official's, a common word's others) counts its years,
outlets, kinds and the six kinds of thing its articles name. Looked up in the six mention
tables, that is six index lookups per article; here it is one row per article, read with
the article's own year, outlet and kind. Triggers keep the rows; ``rebuild`` (called by
``manage.py rebuild_counts``) puts right any that differ.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from operator import itemgetter

from django.db import connection

from .models import (
    AgencyMention,
    Article,
    BodyMention,
    ConferenceMention,
    CountryMention,
    DocumentMention,
    PersonMention,
)
from .search import id_set_sql

TABLE = "articles_article_names"
WORDS = "articles_searchentry_words"  # PostgreSQL's words index, which holds a copy

# The list's facet parameter, its mention model and field, and its token's letter.
KINDS = [
    ("person", PersonMention, "person", "p"),
    ("agency", AgencyMention, "agency", "a"),
    ("country", CountryMention, "country", "c"),
    ("body", BodyMention, "body", "b"),
    ("conference", ConferenceMention, "conference", "k"),
    ("document", DocumentMention, "document", "d"),
]
PARAM_OF_LETTER = {letter: param for param, _mention, _field, letter in KINDS}


Counts = tuple[Counter, dict[str, dict[int, int]]]


def facets_by_id(ids_sql: str, then: str = "") -> str:
    """SQL for the id and what the facets count (year, outlet id, kind, names) of each
    published article among the ids ``ids_sql`` selects (a column ``id``), and the columns
    ``then`` adds: read from the articles' rows here alone (migrations 0027, 0030), each
    looked up by its id. On PostgreSQL the ids as an array (``= ANY``), one scan of the
    rows' key; joined to the articles' (id, status) index as before, a country's 12,000 took
    92 ms at 100,000 articles."""
    columns = f"n.article_id, n.year, n.publication_id, n.kind, n.names{then}"
    if connection.vendor == "sqlite":
        return (
            f"SELECT {columns} FROM ({ids_sql}) AS found CROSS JOIN {TABLE} n "
            "WHERE n.article_id = found.id AND n.status = 'published'"
        )
    return (
        f"SELECT {columns} FROM {TABLE} n "
        f"WHERE n.article_id = ANY(ARRAY({ids_sql})) AND n.status = 'published'"
    )


_CELL, _NAMES = itemgetter(1, 2, 3), itemgetter(4)


def tally(rows: list[tuple]) -> Counts:
    """From rows of ``facets_by_id`` (id, year, outlet id, kind, names, ...): the articles
    by (year, outlet id, kind), and for each facet parameter, how many name each thing (by
    its id). Counted by ``Counter`` over the columns as they are (a few thousand rows, the
    others of a common word: a slice or a test per row cost most of the time)."""
    cells = Counter(map(_CELL, rows))
    return cells, named_by_token(Counter(" ".join(filter(None, map(_NAMES, rows))).split()))


def named_by_token(tokens: Counter) -> dict[str, dict[int, int]]:
    """Counts by token ("p12": 3) as counts by facet parameter and id ({"person": {12: 3}})."""
    named: dict[str, dict[int, int]] = {}
    for token, n in tokens.items():
        named.setdefault(PARAM_OF_LETTER[token[0]], {})[int(token[1:])] = n
    return named


def counts_by_id(ids: list[int], cells=None) -> Counts:
    """``tally`` of the published articles among ``ids`` (in ``cells``, if given: a test of
    (year, outlet id, kind)): one query, each id looked up once."""
    ids_sql, params = id_set_sql(ids)
    with connection.cursor() as cursor:
        cursor.execute(facets_by_id(ids_sql), params)
        rows = cursor.fetchall()
    return tally(rows if cells is None else [row for row in rows if cells(*_CELL(row))])


def _expected() -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for _param, mention, field, letter in KINDS:
        for article_id, pk in mention.objects.values_list("article_id", f"{field}_id"):
            out[article_id].append(f"{letter}{pk}")
    return out


def rebuild() -> int:
    """Write again every row that differs from the mentions (or is missing); return how many
    were written (0 when all were right)."""
    expected = _expected()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT article_id, names FROM {TABLE}")
        held = {article_id: sorted(names.split()) for article_id, names in cursor.fetchall()}
        articles = set(Article.objects.values_list("pk", flat=True))
        wrong = [
            (article_id, " ".join(sorted(tokens)))
            for article_id, tokens in expected.items()
            if held.get(article_id) != sorted(tokens)
        ]
        gone = [pk for pk in held if pk not in articles]
        emptied = [pk for pk in articles.difference(expected) if held.get(pk)]
        wrong += [(pk, "") for pk in emptied]
        cursor.executemany(
            f"INSERT INTO {TABLE} (article_id, names) VALUES (%s, %s) "
            "ON CONFLICT (article_id) DO UPDATE SET names = excluded.names",
            wrong,
        )
        cursor.executemany(f"DELETE FROM {TABLE} WHERE article_id = %s", [(pk,) for pk in gone])
        copies = _rebuild_facets(cursor)
        if connection.vendor == "postgresql":
            copies += _rebuild_words_copy(cursor)
    return len(wrong) + len(gone) + copies


def _rebuild_facets(cursor) -> int:
    """Each article's year, outlet, kind and status in its row (migrations 0027, 0030),
    written again where they differ or the row is missing; how many rows were."""
    if connection.vendor == "sqlite":
        year, differs = "CAST(strftime('%Y', a.date) AS INTEGER)", "IS NOT"
    else:
        year, differs = "CAST(EXTRACT(YEAR FROM a.date) AS integer)", "IS DISTINCT FROM"
    cursor.execute(
        f"INSERT INTO {TABLE} (article_id, names, year, publication_id, kind, status) "
        f"SELECT a.id, '', {year}, a.publication_id, a.kind, a.status FROM articles_article a "
        f"LEFT JOIN {TABLE} n ON n.article_id = a.id WHERE n.article_id IS NULL "
        f"OR n.year {differs} {year} OR n.publication_id {differs} a.publication_id "
        f"OR n.kind {differs} a.kind OR n.status {differs} a.status "
        "ON CONFLICT (article_id) DO UPDATE SET year = excluded.year, "
        "publication_id = excluded.publication_id, kind = excluded.kind, status = excluded.status"
    )
    return cursor.rowcount


def _rebuild_words_copy(cursor) -> int:
    """On PostgreSQL, the words index's copy of each article's year, outlet, kind, status
    and names (migration 0025), written again where it differs; how many rows were."""
    cursor.execute(
        f"UPDATE {WORDS} w SET year = v.year, publication_id = v.publication_id, "
        "kind = v.kind, status = v.status, names = v.names "
        "FROM (SELECT a.id, CAST(EXTRACT(YEAR FROM a.date) AS integer) AS year, "
        "a.publication_id, a.kind, a.status, COALESCE(n.names, '') AS names "
        f"FROM articles_article a LEFT JOIN {TABLE} n ON n.article_id = a.id) v "
        "WHERE v.id = w.article_id AND (w.year, w.publication_id, w.kind, w.status, w.names) "
        "IS DISTINCT FROM (v.year, v.publication_id, v.kind, v.status, v.names)"
    )
    return cursor.rowcount
