"""Addresses stay permanent: a page whose slug changed answers its old address with a 301
to the new one (in the same language, with the same query), and a country code in capitals
redirects to the canonical lower-case address."""

import pytest
from django.urls import reverse

from articles.models import Article
from people.models import Agency, Person
from tests.factories import ArticleFactory, PersonFactory, PersonMentionFactory

pytestmark = pytest.mark.django_db


def rename(obj, slug):
    obj.slug = slug
    obj.save()


def test_a_renamed_article_redirects_from_its_old_address(client, seeded):
    article = Article.objects.published().first()
    old = article.get_absolute_url()
    rename(article, "tieu-de-moi")
    assert client.get(old).status_code == 301
    assert client.get(old)["Location"] == "/articles/tieu-de-moi/"
    english = client.get(f"/en{old}?x=1")
    assert (english.status_code, english["Location"]) == (301, "/en/articles/tieu-de-moi/?x=1")
    assert client.get("/articles/tieu-de-moi/").status_code == 200


def test_the_citation_pages_of_a_renamed_article_redirect_too(client, seeded):
    article = Article.objects.published().first()
    old_slug = article.slug
    rename(article, "tieu-de-moi")
    response = client.get(f"/articles/{old_slug}/cite.ris")
    assert (response.status_code, response["Location"]) == (301, "/articles/tieu-de-moi/cite.ris")


def test_renamed_twice_redirects_straight_to_the_latest(client, seeded):
    person = Person.objects.get(slug="bui-thanh-son")
    rename(person, "bui-thanh-son-2")
    rename(person, "bui-thanh-son-3")
    for old in ("bui-thanh-son", "bui-thanh-son-2"):
        response = client.get(reverse("people:person-detail", args=[old]))
        assert response["Location"] == "/people/bui-thanh-son-3/"


def test_a_slug_taken_by_another_page_shows_that_page(client, seeded):
    agency = Agency.objects.get(slug="bo-ngoai-giao")
    rename(agency, "bo-ngoai-giao-viet-nam")
    other = Agency.objects.exclude(pk=agency.pk).first()
    rename(other, "bo-ngoai-giao")
    assert client.get("/agencies/bo-ngoai-giao/").status_code == 200


def test_no_redirect_to_a_page_the_public_cannot_see(client, db):
    draft = ArticleFactory(status=Article.Status.DRAFT, slug="ban-nhap")
    rename(draft, "ban-nhap-moi")
    assert client.get("/articles/ban-nhap/").status_code == 404
    secret = PersonFactory(slug="chi-trong-ban-nhap")
    PersonMentionFactory(person=secret, article=draft)
    rename(secret, "van-chi-trong-ban-nhap")
    assert client.get("/people/chi-trong-ban-nhap/").status_code == 404


def test_unknown_addresses_stay_404(client, seeded):
    assert client.get("/articles/khong-bao-gio-co/").status_code == 404
    assert client.get("/people/KHONG-CO/").status_code == 404
    assert client.post("/articles/khong-bao-gio-co/").status_code in (404, 405)


def test_a_country_code_in_capitals_redirects_to_the_canonical_address(client, seeded):
    response = client.get("/countries/VN/")
    assert (response.status_code, response["Location"]) == (301, "/countries/vn/")
    assert client.get("/en/countries/Vn/")["Location"] == "/en/countries/vn/"


def test_an_old_address_costs_a_bounded_number_of_queries(
    client, seeded, django_assert_max_num_queries
):
    article = Article.objects.published().first()
    old = article.get_absolute_url()
    rename(article, "tieu-de-moi")
    with django_assert_max_num_queries(8):
        assert client.get(old).status_code == 301
