"""The home page lists the imported articles, newest first, and never a draft."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_home_lists_the_imported_articles_newest_first(client, seeded):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    titles = list(Article.objects.order_by("-date").values_list("title", flat=True))
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", ["Kho lưu trữ hiện có 5 bài viết.", "Chuyển đến nội dung chính", 'lang="vi"']),
        ("en", ["The archive holds 5 articles.", "Skip to main content", 'lang="en"']),
    ],
)
def test_interface_speaks_vietnamese_by_default_and_english_on_request(
    client, seeded, language, expected
):
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for text in expected:
        assert text in html
    english_url = client.get("/en/").content.decode()
    assert "Skip to main content" in english_url


def test_home_marks_inferred_dates(client, seeded):
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "(inferred)" in html


def test_drafts_are_not_public(client, db):
    draft = ArticleFactory(title="Bản nháp chưa đăng", status=Article.Status.DRAFT)
    assert "Bản nháp chưa đăng" not in client.get(reverse("home")).content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_article_page_shows_questions_and_answers_with_speakers(client, seeded):
    article = Article.objects.get(seed_file="001_b75d1dc0e5a8a592.txt")
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'id="q1"' in html and 'id="a1"' in html
    assert "Thứ trưởng Lê Hoài Trung" in html


@pytest.mark.parametrize("extra", [0, 40])
def test_home_runs_a_bounded_number_of_queries(
    client, seeded, extra, django_assert_max_num_queries
):
    ArticleFactory.create_batch(extra)
    with django_assert_max_num_queries(4):
        assert client.get(reverse("home")).status_code == 200
