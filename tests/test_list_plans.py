"""How the article list asks the database for its page, so that the plan stays cheap at any
size of archive: a filtered list of a few articles reads its page by id (PostgreSQL would
otherwise walk the date index from the newest article, testing each), in the order asked;
the newest-first order is one the list's index holds."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import views
from articles.facets import MENTION_FACETS
from articles.models import Article
from tests.factories import ArticleFactory, PersonFactory, PersonMentionFactory

pytestmark = pytest.mark.django_db

LIST = reverse("articles:list")
# The query reading the ids of a filtered list's articles with their dates.
DATED_IDS = 'SELECT "articles_article"."date" AS "date", "articles_article"."id" AS "pk"'


def page_query(client, url: str) -> tuple[str, list[str]]:
    """The SQL that reads the list's rows, and the titles the page shows, in order."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    rows = [q["sql"] for q in queries if q["sql"].startswith('SELECT "articles_article"."id"')]
    page = [sql for sql in rows if "LIMIT" in sql]
    assert page, rows
    return page[0], [a.title for a in response.context["articles"]]


@pytest.fixture
def named_few():
    person = PersonFactory(name="Nguyễn Minh Vũ")
    titles = ["Bốn", "Một", "Ba", "Hai"]
    for day, title in enumerate(titles, start=1):
        article = ArticleFactory(title=title, date=f"2020-03-{day:02d}")
        PersonMentionFactory(article=article, person=person)
    ArticleFactory.create_batch(3)  # not naming them
    return person


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("", ["Hai", "Ba", "Một", "Bốn"]),
        ("oldest", ["Bốn", "Một", "Ba", "Hai"]),
        ("title", ["Ba", "Bốn", "Hai", "Một"]),
    ],
)
def test_a_filtered_list_of_a_few_reads_its_page_by_id_in_the_order_asked(
    client, named_few, sort, expected
):
    """By date (newest or oldest first), the ids come with their dates and the page's are
    picked from them, with no query of their own; by title, a query picks them by id."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{LIST}?person={named_few.slug}&sort={sort}")
    assert [a.title for a in response.context["articles"]] == expected
    sqls = [q["sql"] for q in queries if q["sql"].startswith('SELECT "articles_article".')]
    picking = [sql for sql in sqls if "LIMIT" in sql]
    if sort == "title":
        assert len(picking) == 1 and ("json_each" in picking[0] or "unnest" in picking[0])
        assert "articles_personmention" not in picking[0]  # the filter is not run again per row
    else:
        assert picking == [], picking
        assert sum(sql.startswith(DATED_IDS) for sql in sqls) == 1, sqls


def test_the_ids_found_through_the_mentions_are_sorted_by_their_dates_whatever_their_number(
    client, named_few, monkeypatch
):
    """Past ``FEW_IDS`` too, the ids read with their dates are sorted and the page's picked
    from them (a country's 12,000 at 100,000 articles: a query testing the list's index
    against them all took 20 ms more); a year's list reads its ids alone, and picks its page
    by a query."""
    monkeypatch.setattr(views, "FEW_IDS", 3)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, {"person": named_few.slug, "per_page": 2, "page": 2})
    assert [a.title for a in response.context["articles"]] == ["Một", "Bốn"]
    sqls = [q["sql"] for q in queries]
    assert sum(sql.startswith(DATED_IDS) for sql in sqls) == 1
    assert not any("LIMIT" in sql for sql in sqls if sql.startswith('SELECT "articles_article"'))

    monkeypatch.setattr(views, "FEW_IDS", 5000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, {"year": 2020, "per_page": 10})
    assert len(response.context["articles"]) == 7  # the official's four, and three more
    sqls = [q["sql"] for q in queries]
    assert not any(sql.startswith(DATED_IDS) for sql in sqls), sqls


def test_a_page_far_down_the_list_reads_its_ids_along_the_index_then_its_rows(client):
    """Many articles: a page's ids are read first, by the index's columns alone (only the
    id selected, however many rows are skipped), then those rows whole, in order."""
    articles = [
        ArticleFactory(date=datetime.date(2001, 1, 1) + datetime.timedelta(days=i))
        for i in range(7)
    ]
    newest_first = [a.pk for a in reversed(articles)]
    by_title = [pk for _title, pk in sorted((a.title, a.pk) for a in articles)]
    for params, expected in [
        ({"per_page": 2, "page": 3}, newest_first[4:6]),
        ({"per_page": 2, "page": 2, "sort": "title"}, by_title[2:4]),
        ({"per_page": 3, "page": 2, "kind": "report"}, newest_first[3:6]),
    ]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST, params)
        assert [a.pk for a in response.context["articles"]] == expected, params
        limited = [q["sql"] for q in queries if re.search(r"LIMIT \d+ OFFSET", q["sql"])]
        assert len(limited) == 1, limited
        assert limited[0].startswith('SELECT "articles_article"."id" AS "pk" FROM'), limited


def test_the_unfiltered_list_reads_its_page_from_the_index_order(client, named_few):
    sql, _titles = page_query(client, LIST)
    assert "json_each" not in sql and "unnest" not in sql


def test_newest_first_is_an_order_the_list_index_holds():
    sql = str(Article.objects.published().newest_first().query).upper()
    assert "NULLS" not in sql


def test_an_officials_list_counts_its_facets_by_the_ids_it_found(client, named_few):
    """The filter on mentions is run once, for the ids; the counts look each id up rather
    than run the filter again (on SQLite, that read every published article's index entry),
    and read what each article names from its one row, not from the six mention tables."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"{LIST}?person={named_few.slug}").status_code == 200
    by_id = [q["sql"] for q in queries if "articles_article_names" in q["sql"]]
    assert len(by_id) == 1, [q["sql"] for q in queries]
    assert ("json_each" in by_id[0]) or ("= ANY(" in by_id[0])
    mention_tables = [table for _p, _l, m, *_r in MENTION_FACETS for table in [m._meta.db_table]]
    for q in queries:
        if "COUNT(" in q["sql"].upper():
            assert not any(table in q["sql"] for table in mention_tables), q["sql"]


def test_a_years_list_sums_the_kept_counts_of_its_cells(client, named_few):
    """Year, outlet and kind are the article's own columns, by which the counts are kept
    (``articles.name_cells``): the list sums them (a year alone, their sums by year), and
    counts none of its articles."""
    ArticleFactory.create_batch(8, date="2011-05-01")  # 2020 is a few of the articles
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"{LIST}?year=2020").status_code == 200
    sql = [q["sql"] for q in queries]
    assert not [s for s in sql if "COUNT(" in s.upper()]
    assert any("articles_name_years" in s for s in sql)  # a year alone: the cells' sums


def test_the_counts_by_id_agree_with_the_articles_named(client, named_few):
    response = client.get(f"{LIST}?person={named_few.slug}")
    facets = {facet.param: facet for facet in response.context["facets"]}
    assert {item.label: item.count for item in facets["year"].items} == {"2020": 4}
    assert [(item.value, item.count) for item in facets["person"].items] == [(named_few.slug, 4)]
    draft = ArticleFactory(title="Nháp", date="2020-03-09", status=Article.Status.DRAFT)
    PersonMentionFactory(article=draft, person=named_few)
    response = client.get(f"{LIST}?person={named_few.slug}")
    facets = {facet.param: facet for facet in response.context["facets"]}
    assert {item.label: item.count for item in facets["year"].items} == {"2020": 4}


def test_a_years_list_reads_the_officials_and_countries_from_the_kept_counts(client):
    """A year alone: the officials, agencies, countries and bodies a year's articles name are
    read from the counts kept by cell, not counted over the year's mentions; the counts are
    those of the published articles of that year, and follow a publish at once."""
    from articles.models import CountryMention
    from tests.factories import CountryFactory

    minister, envoy = PersonFactory(name="Bùi Thanh Sơn"), PersonFactory(name="Đặng Hoàng Giang")
    cuba = CountryFactory(code="CU", name_vi="Cu-ba", name_en="Cuba")
    in_2020 = ArticleFactory.create_batch(3, date="2020-05-01")
    for article in in_2020:
        PersonMentionFactory(article=article, person=minister)
        CountryMention.objects.create(article=article, country=cuba)
    PersonMentionFactory(article=in_2020[0], person=envoy)
    PersonMentionFactory(article=ArticleFactory(date="2019-05-01"), person=envoy)
    draft = ArticleFactory(date="2020-06-01", status=Article.Status.DRAFT)
    PersonMentionFactory(article=draft, person=envoy)
    ArticleFactory.create_batch(8, date="2011-05-01")  # 2020 is a few of the articles

    def year_facets():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{LIST}?year=2020")
        facets = {f.param: {i.value: i.count for i in f.items} for f in response.context["facets"]}
        return facets, [q["sql"] for q in queries]

    facets, sql = year_facets()
    assert facets["person"] == {minister.slug: 3, envoy.slug: 1}
    assert facets["country"] == {cuba.slug: 3}
    assert not any("articles_personmention" in s and "COUNT(" in s.upper() for s in sql)
    assert any("articles_name_years" in s for s in sql)  # the cells summed by year

    draft.status = Article.Status.PUBLISHED
    draft.save()
    facets, _sql = year_facets()
    assert facets["person"] == {minister.slug: 3, envoy.slug: 2}


def ids_query(client, url: str) -> str:
    """The SQL that reads the ids of the articles a filtered list (by date) shows, with their
    dates, from which the page's are picked."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    found = [q["sql"] for q in queries if q["sql"].startswith(DATED_IDS)]
    assert len(found) == 1, [q["sql"] for q in queries]
    return found[0]


def test_a_page_of_an_officials_list_reads_only_its_own_rows_whole(client):
    """An official's articles: the page's ids are picked first (sorted by date, the index's
    columns alone on PostgreSQL), then only those rows are read whole, in the list's order."""
    son = PersonFactory()
    articles = [
        ArticleFactory(date=datetime.date(2010, 1, 1) + datetime.timedelta(days=i))
        for i in range(25)
    ]
    for article in articles:
        PersonMentionFactory(article=article, person=son)
    newest_first = [a.pk for a in reversed(articles)]
    for params, expected in [
        ({"person": son.slug, "per_page": 10, "page": 2}, newest_first[10:20]),
        ({"person": son.slug, "per_page": 10, "page": 3}, newest_first[20:]),
        ({"person": son.slug, "sort": "oldest", "per_page": 10}, newest_first[::-1][:10]),
    ]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST, params)
        assert [a.pk for a in response.context["articles"]] == expected, params
        whole = [q["sql"] for q in queries if '"articles_article"."title"' in q["sql"]]
        assert len(whole) == 1, whole
        read = re.search(r'"articles_article"\."id" IN \(([\d, ]+)\)', whole[0])
        assert read and sorted(map(int, read.group(1).split(","))) == sorted(expected), whole[0]
        if connection.vendor == "sqlite":  # by id, not along the list's index testing each
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN QUERY PLAN {whole[0]}")
                plan = " / ".join(row[-1] for row in cursor.fetchall())
            assert "articles_article USING INTEGER PRIMARY KEY" in plan, plan


def test_an_officials_ids_are_found_through_the_mentions_then_looked_up(client, named_few):
    """Not by reading every published article's entry in the list's index: SQLite looks the
    official's articles up by id; PostgreSQL has an index of the ids with their status, date,
    outlet and kind for the lookups (and the facets') to read alone."""
    sql = ids_query(client, f"{LIST}?person={named_few.slug}")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = " / ".join(row[-1] for row in cursor.fetchall())
            assert "INTEGER PRIMARY KEY" in plan, plan
            assert "article_status_date_cover" not in plan, plan
        else:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'article_id_status'")
            (definition,) = cursor.fetchone()
            assert "(id) INCLUDE (status, date, publication_id, kind)" in definition


def test_words_and_an_official_ask_the_words_index_once(client, named_few):
    """The official's ids are read with the words' condition again: the words' matches are
    the ones already found, not asked of the engine a second time."""

    def asked(params) -> tuple[int, list[str]]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST, params)
        assert response.status_code == 200
        times = sum(
            "articles_searchentry_fts_articles MATCH" in q["sql"]
            or "articles_searchentry_words WHERE" in q["sql"]
            for q in queries
        )
        return times, [a.title for a in response.context["articles"]]

    alone, _titles = asked({"q": "Hai"})
    assert alone >= 1
    assert asked({"person": named_few.slug, "q": "Hai"}) == (alone, ["Hai"])


def test_the_list_by_title_reads_its_page_in_the_order_of_an_index(client, monkeypatch):
    """Sorted by title, of a kind: the page is read along the title index, the kind tested
    beside each title there, not every article read and sorted (at 100,000 articles that
    took a fifth of a second). Many articles (``FEW_IDS`` lowered): no ids picked first."""
    monkeypatch.setattr(views, "FEW_IDS", 2)
    for title in ["Ba", "Một", "Hai", "Bốn"]:
        ArticleFactory(title=title)
    ArticleFactory(title="An", kind=Article.Kind.INTERVIEW)
    sql, titles = page_query(client, f"{LIST}?sort=title&kind=report")
    assert titles == ["Ba", "Bốn", "Hai", "Một"]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = " / ".join(row[-1] for row in cursor.fetchall())
        else:  # a few rows: made to show whether the index can serve the order at all
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute(f"EXPLAIN {sql}")
            plan = " / ".join(row[0] for row in cursor.fetchall())
    assert "article_status_title" in plan, plan
    assert "TEMP B-TREE" not in plan and "Sort" not in plan, plan
