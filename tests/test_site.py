"""Site-wide behaviour: languages, read-only public views, drafts, error pages."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("", ["Kho lưu trữ hiện có 5 bài viết.", "Chuyển đến nội dung chính", '<html lang="vi">']),
        ("/en", ["The archive holds 5 articles.", "Skip to main content", '<html lang="en">']),
    ],
)
def test_interface_speaks_vietnamese_by_default_and_english_under_en(
    client, seeded, prefix, expected
):
    html = client.get(prefix + reverse("home")).content.decode()
    for text in expected:
        assert text in html


def test_language_switch_links_to_the_same_page_in_the_other_language(client, seeded):
    html = client.get(reverse("articles:list") + "?year=2016").content.decode()
    assert 'href="/en/articles/?year=2016" lang="en" hreflang="en"' in html
    html = client.get("/en/articles/?year=2016").content.decode()
    assert 'href="/articles/?year=2016" lang="vi" hreflang="vi"' in html


def test_english_interface_shows_english_entity_names(client, seeded):
    article = Article.objects.get(seed_file="000_0cd05a0591aad6d5.txt")
    html = client.get("/en" + article.get_absolute_url()).content.decode()
    assert "Ministry of Construction" in html
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Bộ Xây dựng" in html


def test_drafts_are_not_public(client, db):
    draft = ArticleFactory(title="Bản nháp chưa đăng", status=Article.Status.DRAFT)
    assert "Bản nháp chưa đăng" not in client.get(reverse("home")).content.decode()
    assert "Bản nháp chưa đăng" not in client.get(reverse("articles:list")).content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
@pytest.mark.parametrize("name", ["home", "articles:list"])
def test_public_views_answer_get_and_head_only(client, seeded, method, name):
    response = getattr(client, method)(reverse(name))
    assert response.status_code == 405
    assert client.head(reverse(name)).status_code == 200


def test_unknown_page_gets_the_friendly_404(client, db):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
    response = client.get("/en/no-such-page/")
    assert "Page not found" in response.content.decode()


def test_nul_in_the_address_gets_a_400_that_says_what_to_fix(client, db):
    response = client.get("/en/articles/?q=a%00b")
    assert response.status_code == 400
    assert "NUL character (%00)" in response.content.decode()


def test_server_error_page_renders_without_a_request(db):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "<h1>" in html and "</html>" in html
