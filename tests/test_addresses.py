"""diplomacy_kb.addresses: the address of a page about one thing, built from the route's
address kept per language, is the one ``reverse()`` gives, in both languages, and a value the
route does not take fails as ``reverse()`` fails."""

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from diplomacy_kb.addresses import slug_url

ROUTES = [
    "articles:detail",
    "articles:document-detail",
    "people:person-detail",
    "people:agency-detail",
    "people:country-detail",
    "people:body-detail",
    "events:series-detail",
    "events:conference-detail",
]
SLUGS = ["bui-thanh-son", "a", "Hoi_Nghi-2016", "slug-stand-in", "x-slug-stand-in-y", "0"]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("route", ROUTES)
def test_the_address_is_the_one_reverse_gives(route, language):
    with translation.override(language):
        for slug in SLUGS:
            assert slug_url(route, slug) == reverse(route, kwargs={"slug": slug}), slug
        assert slug_url(route, "a").startswith("/en/") == (language == "en")


@pytest.mark.parametrize("slug", ["bùi-thanh-sơn", "a b", "", "a/b", "?x"])
def test_a_value_the_route_does_not_take_fails_as_reverse_fails(slug):
    with pytest.raises(NoReverseMatch):
        reverse("people:person-detail", kwargs={"slug": slug})
    with pytest.raises(NoReverseMatch):
        slug_url("people:person-detail", slug)


def test_the_models_addresses_are_built_so(seeded):
    from articles.models import Article
    from events.models import Conference
    from people.models import Agency, Person

    for model, route in [
        (Article, "articles:detail"),
        (Person, "people:person-detail"),
        (Agency, "people:agency-detail"),
        (Conference, "events:conference-detail"),
    ]:
        for thing in model.objects.all()[:5]:
            for language in ("vi", "en"):
                with translation.override(language):
                    expected = reverse(route, kwargs={"slug": thing.slug})
                    assert thing.get_absolute_url() == expected


def test_a_list_of_officials_resolves_each_route_once(seeded, monkeypatch):
    """Fifty addresses of one route cost one resolution of it, not fifty."""
    from django.urls.resolvers import URLResolver

    from people.models import Person

    resolved = []
    original = URLResolver._reverse_with_prefix

    def counted(self, lookup_view, *args, **kwargs):
        resolved.append(lookup_view)
        return original(self, lookup_view, *args, **kwargs)

    monkeypatch.setattr(URLResolver, "_reverse_with_prefix", counted)
    people = list(Person.objects.all())
    with translation.override("en"):
        addresses = [person.get_absolute_url() for person in people * 10]
    assert len(set(addresses)) == len(people) and len(addresses) >= 50
    assert resolved.count("person-detail") <= 1, resolved
