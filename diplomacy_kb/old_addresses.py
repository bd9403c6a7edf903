"""Permanent addresses: when a page's slug changes, its old address redirects (301).

``record_old_slug`` (a ``pre_save`` handler on every model with a public page and a slug)
keeps the slug a row is about to lose as an ``OldSlug``; ``OldAddressMiddleware`` turns a
404 for a page address whose slug is an old one into a 301 to the same page type (the
article, its citation page, its downloads) under the slug now, in the same language and
with the same query string. A renamed row renamed again redirects straight to its latest
address. A slug that now belongs to a live page is never redirected: the page wins. A slug
written in capitals (``/countries/VN/``) redirects to its lower-case, canonical address.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import pre_save
from django.http import HttpResponsePermanentRedirect
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from diplomacy_kb.views import public_rows

# The models whose pages are addressed by slug, as "app_label.Model"; and, by URL name, which
# of them a page shows.
MODELS = (
    "articles.Article",
    "articles.Document",
    "people.Person",
    "people.Agency",
    "people.Body",
    "people.Country",
    "events.Conference",
    "events.ConferenceSeries",
)
PAGES = {
    "articles:detail": "articles.Article",
    "articles:citation": "articles.Article",
    "articles:citation-download": "articles.Article",
    "articles:document-detail": "articles.Document",
    "people:person-detail": "people.Person",
    "people:agency-detail": "people.Agency",
    "people:body-detail": "people.Body",
    "people:country-detail": "people.Country",
    "events:conference-detail": "events.Conference",
    "events:series-detail": "events.ConferenceSeries",
}


def record_old_slug(sender, instance, raw=False, **kwargs):
    """Before a row is saved with a new slug, keep the old one."""
    if raw or instance.pk is None:
        return
    old = sender._default_manager.filter(pk=instance.pk).values_list("slug", flat=True).first()
    if old is None or old == instance.slug:
        return
    OldSlug = apps.get_model("diplomacy_kb", "OldSlug")
    content_type = ContentType.objects.get_for_model(sender)
    OldSlug.objects.update_or_create(
        content_type=content_type, slug=old, defaults={"object_id": instance.pk}
    )


def connect_signals() -> None:
    for label in MODELS:
        pre_save.connect(
            record_old_slug, sender=apps.get_model(label), dispatch_uid=f"old-slug-{label}"
        )


def new_address(request) -> str | None:
    """The address now of the page ``request`` asked for by an old slug, or None."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    label = PAGES.get(match.view_name)
    slug = match.kwargs.get("slug")
    if label is None or not slug:
        return None
    model = apps.get_model(label)
    if slug != slug.lower():  # /countries/VN/: slugs are lower case
        new_slug = (
            public_rows(model).filter(slug=slug.lower()).values_list("slug", flat=True).first()
        )
    else:
        OldSlug = apps.get_model("diplomacy_kb", "OldSlug")
        object_id = (
            OldSlug.objects.filter(content_type=ContentType.objects.get_for_model(model), slug=slug)
            .values_list("object_id", flat=True)
            .first()
        )
        if object_id is None:
            return None
        new_slug = public_rows(model).filter(pk=object_id).values_list("slug", flat=True).first()
    if new_slug is None or new_slug == slug:
        return None
    try:
        url = reverse(match.view_name, kwargs={**match.kwargs, "slug": new_slug})
    except NoReverseMatch:
        return None
    query = request.META.get("QUERY_STRING", "")
    return f"{url}?{query}" if query else url


class OldAddressMiddleware:
    """A GET or HEAD answered 404 by a page under an old slug is answered 301 instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        url = new_address(request)
        return HttpResponsePermanentRedirect(url) if url else response
