"""Small things a reader meets: the site's own 404 page even with debugging on, a favicon, and
a page number past the end said as such, not silently changed."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_with_debug_on_an_unknown_address_shows_the_sites_404_page(client, settings):
    settings.DEBUG = True
    for url in ("/khong-co-trang-nay/", "/en/no-such-page/", "/articles/khong-co-bai-nay/"):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 404
        assert "Using the URLconf" not in page and "urlpatterns" not in page
        assert 'class="site-header"' in page, url
    assert "Page not found" in client.get("/en/no-such-page/").content.decode()


def test_the_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
    # What the production server serves there (tests/test_serve.py serves static files).
    with open(finders.find("favicon.svg"), encoding="utf-8") as icon:
        assert icon.read().startswith("<svg")
    home = client.get(reverse("home")).content.decode()
    assert 'rel="icon"' in home


def test_a_page_past_the_end_is_said_not_silently_clamped(client, db):
    ArticleFactory.create_batch(3)
    url = reverse("articles:list")
    page = client.get(f"{url}?page=99").content.decode()
    assert "99" in page and 'class="notice" role="status"' in page
    assert 'role="status"' not in client.get(f"{url}?page=1").content.decode()
    assert 'role="status"' not in client.get(url).content.decode()
    english = client.get(f"/en{url}?page=abc").content.decode()
    assert "There is no page “abc”: showing page 1 of 1." in english
    people = client.get(f"{reverse('people:person-list')}?page=0").content.decode()
    assert 'class="notice" role="status"' in people
