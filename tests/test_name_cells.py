"""How many published articles of each (year, outlet, kind) name each thing, kept in
``articles_name_cells`` (``articles.name_cells``): exact after every write that changes an
article's names, year, outlet, kind or status, on both databases; put right by
``rebuild_counts``; and the list filtered by kind, outlet, year or dates shows from them the
same facets as counted from its articles, reading none of its ids when they are many."""

import datetime
from collections import Counter

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import views
from articles.facets import facets
from articles.models import (
    AgencyMention,
    Article,
    ConferenceMention,
    CountryMention,
    PersonMention,
)
from articles.name_cells import TABLE, YEARS
from articles.summary import rebuild_counts
from diplomacy_kb import http_cache
from tests.factories import (
    AgencyFactory,
    ArticleFactory,
    ConferenceFactory,
    CountryFactory,
    PersonFactory,
    PersonMentionFactory,
    PublicationFactory,
    SegmentFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("articles:list")
LETTERS = [
    (PersonMention, "person", "p"),
    (AgencyMention, "agency", "a"),
    (CountryMention, "country", "c"),
    (ConferenceMention, "conference", "k"),
]


def held() -> Counter:
    """The cells with a count, as the table holds them."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT token, year, publication_id, kind, articles FROM {TABLE} WHERE articles <> 0"
        )
        return Counter({tuple(row[:-1]): row[-1] for row in cursor.fetchall()})


def expected() -> Counter:
    """The cells counted here from the mentions of the published articles."""
    out = Counter()
    for mention, field, letter in LETTERS:
        rows = mention.objects.filter(article__status=Article.Status.PUBLISHED).values_list(
            f"{field}_id", "article__date", "article__publication_id", "article__kind"
        )
        for pk, date, outlet, kind in rows:
            out[(f"{letter}{pk}", date.year, outlet, kind)] += 1
    return out


def held_years() -> Counter:
    """The sums by (year, token) with a count, as their table holds them."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT year, token, articles FROM {YEARS} WHERE articles <> 0")
        return Counter({tuple(row[:-1]): row[-1] for row in cursor.fetchall()})


def expected_years() -> Counter:
    """The cells counted here, summed by (year, token)."""
    out = Counter()
    for (token, year, _outlet, _kind), n in expected().items():
        out[(year, token)] += n
    return out


@pytest.fixture
def archive():
    """Articles of two outlets, both kinds, three years, naming officials, an agency, a
    country and a conference; a draft among them."""
    nhan_dan, vnexpress = PublicationFactory(), PublicationFactory()
    son, giang = PersonFactory(), PersonFactory()
    agency, cuba, conference = AgencyFactory(), CountryFactory(), ConferenceFactory()
    made = []
    for i, (outlet, kind, year) in enumerate(
        [
            (nhan_dan, "report", 2015),
            (nhan_dan, "interview", 2015),
            (vnexpress, "report", 2016),
            (vnexpress, "report", 2016),
            (nhan_dan, "interview", 2017),
            (vnexpress, "interview", 2017),
        ]
    ):
        article = ArticleFactory(
            publication=outlet, kind=kind, date=datetime.date(year, 1 + i, 10 + i)
        )
        PersonMentionFactory(article=article, person=son)
        if i % 2:
            PersonMentionFactory(article=article, person=giang)
            CountryMention.objects.create(article=article, country=cuba)
        if i < 3:
            AgencyMention.objects.create(article=article, agency=agency)
        made.append(article)
    ConferenceMention.objects.create(article=made[2], conference=conference)
    draft = ArticleFactory(
        publication=vnexpress,
        kind="interview",
        status=Article.Status.DRAFT,
        date=datetime.date(2016, 5, 5),
    )
    PersonMentionFactory(article=draft, person=giang)
    people, outlets = (son, giang), (nhan_dan, vnexpress)
    return {"articles": made, "draft": draft, "people": people, "outlets": outlets}


def test_the_cells_count_what_the_published_articles_name_and_follow_every_write(archive):
    made, draft = archive["articles"], archive["draft"]
    son, giang = archive["people"]
    vnexpress = archive["outlets"][1]
    assert held() == expected()
    assert held()[(f"p{son.pk}", 2016, vnexpress.pk, "report")] == 2
    assert (f"p{giang.pk}", 2016, vnexpress.pk, "interview") not in held()  # the draft's

    steps = [
        lambda: Article.objects.filter(pk=draft.pk).update(status=Article.Status.PUBLISHED),
        lambda: Article.objects.filter(pk=made[0].pk).update(status=Article.Status.DRAFT),
        lambda: Article.objects.filter(pk=made[1].pk).update(kind="report"),
        lambda: Article.objects.filter(pk=made[2].pk).update(publication=archive["outlets"][0]),
        lambda: Article.objects.filter(pk=made[3].pk).update(date=datetime.date(2019, 2, 2)),
        lambda: PersonMention.objects.filter(article=made[4], person=son).delete(),
        lambda: PersonMention.objects.filter(article=made[2], person=son).update(person=giang),
        lambda: AgencyMention.objects.create(article=made[5], agency=AgencyFactory()),
        lambda: made[1].delete(),
    ]
    assert held_years() == expected_years()
    assert held_years()[(2016, f"p{son.pk}")] == 2
    for step in steps:
        step()
        assert held() == expected()
        assert held_years() == expected_years()
    assert held()[(f"p{giang.pk}", 2016, vnexpress.pk, "interview")] == 1  # published now


def test_rebuild_counts_puts_right_a_cell_written_around_the_triggers(archive):
    son = archive["people"][0]
    assert rebuild_counts() == 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET articles = articles + 5 WHERE token = %s", [f"p{son.pk}"]
        )
        cursor.execute(
            f"INSERT INTO {TABLE} (token, year, publication_id, kind, articles) "
            "VALUES ('p999999', 2001, 1, 'report', 3)"
        )
        cursor.execute(f"UPDATE {YEARS} SET articles = articles + 2 WHERE year = 2017")
    assert held() != expected()
    assert rebuild_counts() > 0
    assert held() == expected()
    assert held_years() == expected_years()
    assert rebuild_counts() == 0
    with connection.cursor() as cursor:  # the sums alone, the cells right
        cursor.execute(f"DELETE FROM {YEARS} WHERE year = 2015")
    assert held_years() != expected_years()
    assert rebuild_counts() > 0
    assert held_years() == expected_years()


def shown(client, params: dict) -> tuple[dict, int, list[str]]:
    """The list's facets ({param: {value: count}}), its count, and the SQL it ran (rendered
    anew: not from the page cache)."""
    caches[http_cache.PAGE_CACHE].clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, params)
    assert response.status_code == 200
    found = {f.param: {i.value: i.count for i in f.items} for f in response.context["facets"]}
    return found, response.context["page_obj"].paginator.count, [q["sql"] for q in queries]


def counted(articles) -> dict:
    """The facets of ``articles`` as counted from their ids, the mentions' way."""
    found = facets({}, ids=[a.pk for a in articles], published=Article.objects.published().count())
    return {f.param: {i.value: i.count for i in f.items} for f in found}


FILTERS = {
    "kind": ({"kind": "interview"}, lambda a, outlet: a.kind == "interview"),
    "kind and year": (
        {"kind": "report", "year": "2016"},
        lambda a, outlet: a.kind == "report" and a.date.year == 2016,
    ),
    "outlet": ({}, lambda a, outlet: a.publication_id == outlet.pk),
    # Dates that cover 2016 whole and parts of 2015 and 2017.
    "dates in part": (
        {"date_from": "2015-02-01", "date_to": "2017-05-20"},
        lambda a, outlet: datetime.date(2015, 2, 1) <= a.date <= datetime.date(2017, 5, 20),
    ),
    "dates from a year": ({"date_from": "2016-01-01"}, lambda a, outlet: a.date.year >= 2016),
}


@pytest.mark.parametrize("name", list(FILTERS))
def test_a_list_of_kind_outlet_year_or_dates_sums_the_cells_and_agrees_with_its_articles(
    client, monkeypatch, archive, name
):
    """Past ``FEW_IDS`` (3 here) the list reads no ids but the part years' (a range of
    dates' ends) and counts none of its articles' mentions, and its facets and count are
    those counted from its articles; below, it pages by id as before, with the same facets."""
    params, chosen = FILTERS[name]
    outlet = archive["outlets"][0]
    if name == "outlet":
        params = {"publication": outlet.slug}
    listed = [a for a in Article.objects.published() if chosen(a, outlet)]
    assert len(listed) > 1
    for few in (3, 5000):
        monkeypatch.setattr(views, "FEW_IDS", few)
        found, total, sql = shown(client, params)
        assert total == len(listed)
        assert found == counted(listed), few
        # Years or dates alone: the sums by year, not the cells.
        summed = YEARS if set(params) <= {"year", "date_from", "date_to"} else TABLE
        assert any(summed in s for s in sql), summed
        assert not any("mention" in s and "COUNT(" in s.upper() for s in sql)
        ids_read = [s for s in sql if s.startswith('SELECT "articles_article"."id" AS "pk"')]
        if few == 3 and len(listed) > 3 and "date_from" not in params:
            assert not ids_read, ids_read


def test_a_publish_shows_at_once_in_a_kind_list(client, monkeypatch, archive):
    monkeypatch.setattr(views, "FEW_IDS", 0)
    draft, giang = archive["draft"], archive["people"][1]
    before, total, _sql = shown(client, {"kind": "interview"})
    draft.status = Article.Status.PUBLISHED
    draft.save()
    after, total_after, _sql = shown(client, {"kind": "interview"})
    assert total_after == total + 1
    assert after["person"][giang.slug] == before.get("person", {}).get(giang.slug, 0) + 1


def test_a_kind_list_runs_the_same_few_queries_at_any_size(client, django_assert_max_num_queries):
    outlet, son = PublicationFactory(), PersonFactory()
    for size in (3, 30):
        for i in range(size):
            article = ArticleFactory(publication=outlet, date=datetime.date(2000 + i % 20, 3, 3))
            PersonMentionFactory(article=article, person=son)
        lists = ({"kind": "report"}, {"date_from": "2003-06-01"}, {"publication": outlet.slug})
        for params in lists:
            with django_assert_max_num_queries(14):
                assert client.get(LIST, params).status_code == 200


def worded(archive) -> None:
    """ "Hợp tác" in every published article of the archive but the first; "Matanzas" in
    the second alone."""
    for n, article in enumerate(archive["articles"]):
        text = "Tăng cường hợp tác song phương." if n else "Trao đổi đoàn."
        SegmentFactory(article=article, position=1, anchor="p1", text=text)
    SegmentFactory(article=archive["articles"][1], position=2, anchor="p2", text="Matanzas.")


@pytest.mark.parametrize(
    "params, chosen",
    [
        # Words most articles hold, and a kind: the cells less the few left out.
        ({"q": "hop tac", "kind": "report"}, lambda n, a: n > 0 and a.kind == "report"),
        ({"q": "hợp tác", "year": "2016"}, lambda n, a: n > 0 and a.date.year == 2016),
        # Only exclusions: all but a few (a rare word), or the few left (a common one).
        ({"q": "-matanzas"}, lambda n, a: n != 1),
        ({"q": "-hop"}, lambda n, a: n == 0),
        ({"q": "-matanzas", "kind": "interview"}, lambda n, a: n != 1 and a.kind == "interview"),
    ],
)
def test_a_list_of_words_and_cells_agrees_with_its_articles(
    client, monkeypatch, archive, params, chosen
):
    worded(archive)
    monkeypatch.setattr(views, "FEW_IDS", 1)
    listed = [a for n, a in enumerate(archive["articles"]) if chosen(n, a)]
    assert listed
    found, total, sql = shown(client, params)
    assert total == len(listed)
    assert found == counted(listed)
    caches[http_cache.PAGE_CACHE].clear()
    context = client.get(LIST, {**params, "per_page": 100}).context
    assert sorted(a.pk for a in context["articles"]) == sorted(a.pk for a in listed)
    if len(params) > 1 and context["filter"].others is not None:
        # The words left a few out (as the engine judged): the cells summed, less those
        # (years or dates alone: the sums by year, not the cells).
        summed = YEARS if set(params) - {"q"} <= {"year", "date_from", "date_to"} else TABLE
        assert any(summed in s for s in sql), summed
