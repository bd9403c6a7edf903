"""Counts of published articles, read from the rows the database keeps for them.

``ArticleTally`` holds the published articles of each (year, outlet, kind), the ``Tally``
models how many published articles name each official, agency, country, body, conference
and document, and the ``YearTally`` models how many name each official, agency, country and
body in each year (their pages' year charts); ``PersonTally.interviews`` how many interview
each official, and ``PersonPairTally`` how many name each two officials together (an
official's "named alongside"). Triggers (migrations ``0011_tallies``, ``0017_tally_named``,
``0019_year_tallies``, ``0020_person_interviews_and_pairs``) keep them exact on every write, as
those of ``0023_article_names`` keep what each article names (``articles.article_names``) and
those of ``0030_name_cells`` how many of each (year, outlet, kind) name each thing
(``articles.name_cells``); nothing here needs calling after a save or a bulk insert.
``rebuild_counts`` recounts everything from the rows and puts right whatever differs
(``manage.py rebuild_counts``): for a database whose triggers were missing or disabled for a
while (a bulk load with ``session_replication_role = replica``, say).
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear

from . import answer_counts, article_names, name_cells
from .models import (
    AgencyMention,
    AgencyTally,
    AgencyYearTally,
    Article,
    ArticleTally,
    BodyMention,
    BodyTally,
    BodyYearTally,
    ConferenceMention,
    ConferenceTally,
    CountryMention,
    CountryTally,
    CountryYearTally,
    DocumentMention,
    DocumentTally,
    PersonMention,
    PersonPairTally,
    PersonTally,
    PersonYearTally,
)

PUBLISHED = Article.Status.PUBLISHED
# A tally's counts: mentions in published articles, and in all articles (drafts too).
COUNTED = ("articles", "named")

# (facet parameter, mention model, its field naming the entity, tally model)
TALLIES = [
    ("person", PersonMention, "person", PersonTally),
    ("agency", AgencyMention, "agency", AgencyTally),
    ("country", CountryMention, "country", CountryTally),
    ("body", BodyMention, "body", BodyTally),
    ("conference", ConferenceMention, "conference", ConferenceTally),
    ("document", DocumentMention, "document", DocumentTally),
]
# (mention model, its field naming the entity, year tally model)
YEAR_TALLIES = [
    (PersonMention, "person", PersonYearTally),
    (AgencyMention, "agency", AgencyYearTally),
    (CountryMention, "country", CountryYearTally),
    (BodyMention, "body", BodyYearTally),
]


def published_ids() -> list[int]:
    """The ids of every published article, read from an index (no row is read)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {Article._meta.db_table} WHERE status = %s", [str(PUBLISHED)]
        )
        return [row[0] for row in cursor.fetchall()]


def published_count() -> int:
    """How many articles are published."""
    return ArticleTally.objects.aggregate(n=Sum("articles"))["n"] or 0


def counts_by(field: str) -> list[dict]:
    """Published articles by ``year``, ``publication`` or ``kind``: ``[{field: value, "n":
    count}]``, only the values with some, unordered."""
    return list(
        ArticleTally.objects.order_by()
        .values(field)
        .annotate(n=Sum("articles"))
        .filter(n__gt=0)
        .values(field, "n")
    )


# --- recounting ----------------------------------------------------------------------------


def _cube_counts() -> dict[tuple, int]:
    rows = (
        Article.objects.published()
        .order_by()
        .annotate(y=ExtractYear("date"))
        .values_list("y", "publication_id", "kind")
        .annotate(n=Count("pk"))
    )
    return {(y, publication, kind): n for y, publication, kind, n in rows}


def _tally_counts(mention, field: str) -> dict[int, tuple[int, int]]:
    """Each entity's (published mentions, mentions in any article), for those with some."""
    rows = (
        mention.objects.order_by()
        .values_list(f"{field}_id")
        .annotate(
            published=Count("pk", filter=Q(article__status=PUBLISHED)),
            named=Count("pk"),
        )
    )
    return {pk: (published, named) for pk, published, named in rows}


def _year_counts(mention, field: str) -> dict[tuple[int, int], int]:
    """Each (entity, year)'s published mentions, for those with some."""
    rows = (
        mention.objects.filter(article__status=PUBLISHED)
        .order_by()
        .annotate(y=ExtractYear("article__date"))
        .values_list(f"{field}_id", "y")
        .annotate(n=Count("pk"))
    )
    return {(pk, y): n for pk, y, n in rows}


def _put_right(model, keys: tuple[str, str], expected: dict[tuple, int]) -> int:
    """Make each row of ``model`` hold in ``articles`` the count ``expected`` gives for its
    ``keys`` (0 if none): correct the rows that differ, add the missing ones; return how many
    rows were written."""
    held = {
        (first, second): (row, n)
        for row, first, second, n in model.objects.values_list("pk", *keys, "articles")
    }
    wrong = {row: expected.get(k, 0) for k, (row, n) in held.items() if n != expected.get(k, 0)}
    for row, n in wrong.items():
        model.objects.filter(pk=row).update(articles=n)
    new = [
        model(**dict(zip(keys, k, strict=True)), articles=n)
        for k, n in expected.items()
        if k not in held
    ]
    return len(wrong) + len(model.objects.bulk_create(new, batch_size=1000))


def _rebuild_year_tallies() -> int:
    return sum(
        _put_right(model, (f"{field}_id", "year"), _year_counts(mention, field))
        for mention, field, model in YEAR_TALLIES
    )


def _rebuild_interviews() -> int:
    """Put right each official's ``interviews`` (after the tallies' rows are there)."""
    expected = dict(
        PersonMention.objects.filter(role=PersonMention.Role.INTERVIEWEE, article__status=PUBLISHED)
        .order_by()
        .values_list("person_id")
        .annotate(n=Count("pk"))
    )
    held = PersonTally.objects.values_list("person_id", "interviews")
    wrong = {pk: expected.get(pk, 0) for pk, n in held if n != expected.get(pk, 0)}
    for pk, n in wrong.items():
        PersonTally.objects.filter(person_id=pk).update(interviews=n)
    return len(wrong)


def _pair_counts() -> dict[tuple[int, int], int]:
    """Each two officials' published articles naming both, both ways, for those with some."""
    mentions, articles = PersonMention._meta.db_table, Article._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT a.person_id, b.person_id, COUNT(*) FROM {mentions} a "
            f"JOIN {mentions} b ON b.article_id = a.article_id AND b.person_id <> a.person_id "
            f"JOIN {articles} x ON x.id = a.article_id WHERE x.status = %s "
            "GROUP BY a.person_id, b.person_id",
            [str(PUBLISHED)],
        )
        return {(person, other): n for person, other, n in cursor.fetchall()}


def _rebuild_pairs() -> int:
    return _put_right(PersonPairTally, ("person_id", "other_id"), _pair_counts())


def rebuild_counts() -> int:
    """Recount every tally from the articles and mentions; write only what differs, and
    return how many rows were written (0 when all were right: a second run writes nothing)."""
    writes = 0
    with transaction.atomic():
        expected = _cube_counts()
        held = {
            (t.year, t.publication_id, t.kind): t for t in ArticleTally.objects.select_for_update()
        }
        for key, tally in held.items():
            if tally.articles != expected.get(key, 0):
                tally.articles = expected.get(key, 0)
                tally.save(update_fields=["articles"])
                writes += 1
        new = [
            ArticleTally(year=y, publication_id=p, kind=k, articles=n)
            for (y, p, k), n in expected.items()
            if (y, p, k) not in held
        ]
        writes += len(ArticleTally.objects.bulk_create(new))

        for _param, mention, field, model in TALLIES:
            expected = _tally_counts(mention, field)
            key = f"{field}_id"
            held = {pk: (n, named) for pk, n, named in model.objects.values_list(key, *COUNTED)}
            wrong = {
                pk: expected.get(pk, (0, 0))
                for pk, counts in held.items()
                if counts != expected.get(pk, (0, 0))
            }
            for pk, counts in wrong.items():
                model.objects.filter(**{key: pk}).update(**dict(zip(COUNTED, counts, strict=True)))
            writes += len(wrong)
            new = [
                model(**{key: pk}, **dict(zip(COUNTED, counts, strict=True)))
                for pk, counts in expected.items()
                if pk not in held
            ]
            writes += len(model.objects.bulk_create(new, batch_size=1000))
        writes += _rebuild_interviews()
        writes += _rebuild_year_tallies()
        writes += _rebuild_pairs()
        writes += article_names.rebuild()
        writes += name_cells.rebuild()
        writes += answer_counts.rebuild()
    return writes


def tables_hold_triggers() -> bool:
    """Whether the triggers that keep the tallies are in place (a check for the command)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE 'articles_%tally_%'"
            )
        else:
            cursor.execute(
                "SELECT COUNT(*) FROM pg_trigger WHERE NOT tgisinternal "
                "AND tgname LIKE 'articles_%tally_%'"
            )
        return cursor.fetchone()[0] > 0
