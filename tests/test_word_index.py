"""The index of the published articles' words (articles.word_index), which the list's words
filter reads: it follows every publish, unpublish, edit and delete, agrees with the search
entries' own index, and is rebuilt by the search index's rebuild."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from articles.models import Article, Segment
from articles.search import article_entry_ids, parse_query
from articles.word_index import PG_TABLE, SQLITE_TABLE, matched_article_ids
from tests.factories import ArticleFactory, SegmentFactory

pytestmark = pytest.mark.django_db

PUBLISHED, DRAFT = Article.Status.PUBLISHED, Article.Status.DRAFT


def matched(text: str) -> set[int]:
    return set(matched_article_ids(parse_query(text)))


def listed(client, text: str) -> list[str]:
    response = client.get(reverse("articles:list"), {"q": text})
    assert response.status_code == 200
    return [article.slug for article in response.context["articles"]]


def test_the_index_follows_publish_edit_unpublish_and_delete(client):
    article = ArticleFactory(status=DRAFT, title="Đối thoại chiến lược")
    segment = SegmentFactory(article=article, text="Hợp tác về Matanzas và Cienfuegos.")
    assert matched("cienfuegos") == set()  # a draft's words stay out

    article.status = PUBLISHED
    article.save()
    assert matched("cienfuegos") == {article.pk}
    assert listed(client, "Cienfuegos") == [article.slug]

    segment.text = "Hợp tác về Holguín."
    segment.save()
    assert matched("cienfuegos") == set()
    assert matched("holguin") == {article.pk}

    article.status = DRAFT
    article.save()
    assert matched("holguin") == set()
    assert listed(client, "holguin") == []

    article.status = PUBLISHED
    article.save()
    assert matched("holguin") == {article.pk}
    Segment.objects.filter(article=article).delete()
    article.delete()
    assert matched("holguin") == set()


@pytest.mark.parametrize(
    "text", ["hợp tác", "ngoai giao", '"hội nhập quốc tế"', "hội nghị -covid", "matanzas"]
)
def test_the_index_agrees_with_the_search_entries(seeded, text):
    query = parse_query(text)
    published = set(Article.objects.published().values_list("pk", flat=True))
    expected = set(article_entry_ids(query)) & published
    assert set(matched_article_ids(query)) == expected
    assert expected or text == "matanzas"  # the seeds hold all but the last


def test_rebuild_search_index_refills_a_lost_index(seeded):
    expected = matched("hợp tác")
    assert expected
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}) VALUES ('delete-all')")
        else:
            cursor.execute(f"DELETE FROM {PG_TABLE}")
    assert matched("hợp tác") == set()
    call_command("rebuild_search_index")
    assert matched("hợp tác") == expected
