"""How the article list asks the database for its page, so that the plan stays cheap at any
size of archive: a filtered list of a few articles reads its page by id (PostgreSQL would
otherwise walk the date index from the newest article, testing each), in the order asked;
the newest-first order is one the list's index holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from tests.factories import ArticleFactory, PersonFactory, PersonMentionFactory

pytestmark = pytest.mark.django_db

LIST = reverse("articles:list")


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
    sql, titles = page_query(client, f"{LIST}?person={named_few.slug}&sort={sort}")
    assert ("json_each" in sql) or ("unnest" in sql)
    assert "articles_personmention" not in sql  # the filter is not run again per row
    assert titles == expected


def test_the_unfiltered_list_reads_its_page_from_the_index_order(client, named_few):
    sql, _titles = page_query(client, LIST)
    assert "json_each" not in sql and "unnest" not in sql


def test_newest_first_is_an_order_the_list_index_holds():
    sql = str(Article.objects.published().newest_first().query).upper()
    assert "NULLS" not in sql
