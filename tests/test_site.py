"""Site-wide behaviour: languages, read-only public views, drafts, error pages."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from tests.factories import ArticleFactory
from tests.pages import expected_status, public_pages

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


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options", "trace"])
def test_every_public_page_answers_get_and_head_only(seeded, method):
    # CSRF checks on, as for a real browser: a POST gets 405, not the CSRF check's 403.
    client = Client(enforce_csrf_checks=True)
    for label, url in public_pages():
        if expected_status(label) != 200:
            continue
        response = getattr(client, method)(url)
        assert response.status_code == 405, (label, url)
        assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}, label
        assert client.head(url).status_code == 200, label


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


def test_a_failing_page_gets_the_friendly_500(seeded, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("articles.views.related_articles", broken)
    client = Client(raise_request_exception=False)
    article = Article.objects.published().first()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 500
    assert "Đã xảy ra lỗi" in response.content.decode()
    response = client.get("/en" + article.get_absolute_url())
    assert "Something went wrong" in response.content.decode()


def test_a_forbidden_request_gets_the_friendly_403(db):
    # The admin's sign-in form needs a CSRF token: a form posted without one is refused.
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Không được phép" in html
    assert 'href="/"' in html


def test_the_admin_speaks_vietnamese_by_default_and_english_under_en(client, db):
    html = client.get("/admin/login/").content.decode()
    assert '<html lang="vi"' in html and "Đăng nhập" in html
    assert 'href="/en/admin/login/"' in html  # the other language, same page
    html = client.get("/en/admin/login/").content.decode()
    assert '<html lang="en"' in html and "Log in" in html
    assert 'href="/admin/login/"' in html
