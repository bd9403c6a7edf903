"""``sitemap.xml`` and ``robots.txt``: how search engines find every public page.

The sitemap is an index of one section per kind of page (Django's sitemaps framework), each
paged at 2,000 addresses so that no file grows with the archive; every address comes with
its English twin (``hreflang`` alternates) and, for articles, the date of its last change.
Only what the public site shows is listed: published articles, and officials, agencies,
countries, bodies, conferences and documents that a published article names (``.public()``).

At 100,000 articles the framework took seconds a file: it read every article to page them
(``ItemsInLanguages`` reads a page's), every one again for the index's date (read back along
an index of changes here), and built each address in each language through a template. A
section's file is written here, in the framework's format, a language's addresses at a time.
"""

import math

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.views.decorators.http import require_GET

from articles.models import Article, Document
from articles.summary import published_count
from diplomacy_kb.views import public_rows
from events.models import Conference, ConferenceSeries
from people.models import Agency, Body, Country, Person

PAGE_SIZE = 2_000  # as many as the whole of a small archive: a file no bigger at any size
STAND_IN = "zz-sitemap-slug-zz"  # a slug standing in for each item's in its route


class ItemsInLanguages:
    """A section's (item, language) pairs, as the framework pages them (each item in every
    language, items in the section's order), for its paginator: counted by a query, and read
    a page at a time."""

    def __init__(self, items, languages: list[str], counted=None):
        # ``counted``: how many items, if kept (a function); else the items are counted.
        self.items, self.languages, self.counted = items, languages, counted

    def count(self) -> int:
        items = self.counted() if self.counted else self.items.count()
        return items * len(self.languages)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list[tuple]:
        n = len(self.languages)
        first = key.start // n
        # The page's ids first, by the order's index alone, then those rows: read whole, the
        # rows skipped to reach a page far down were read whole too.
        ids = list(self.items.values_list("pk", flat=True)[first : math.ceil(key.stop / n)])
        found = self.items.order_by().in_bulk(ids)
        rows = [found[pk] for pk in ids]
        pairs = [(item, language) for item in rows for language in self.languages]
        start = key.start - first * n
        return pairs[start : start + key.stop - key.start]


class _PublicSitemap(Sitemap):
    limit = PAGE_SIZE
    i18n = True
    alternates = True
    x_default = True
    model = None
    extra_fields: tuple[str, ...] = ()

    def items(self):
        return public_rows(self.model).order_by("pk").only("pk", "slug", *self.extra_fields)

    def _items(self):
        return ItemsInLanguages(self.items(), self._languages())


class ArticleSitemap(_PublicSitemap):
    model = Article
    changefreq = "monthly"
    extra_fields = ("updated_at",)

    def items(self):
        # In the order of the list's index (its columns alone skipped to reach a page far
        # down), not by id: the articles' rows, which hold their whole text, were read.
        return super().items().order_by("date", "pk")

    def _items(self):
        # How many are published is kept (``summary.published_count``): counting them read
        # the status index, 14 ms at 100,000 on PostgreSQL, in the index and every file.
        return ItemsInLanguages(self.items(), self._languages(), published_count)

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # Read back along the index of changes, each article's status tested by its row.
        latest = Article.objects.published_looked_up().order_by("-updated_at")
        return latest.values_list("updated_at", flat=True).first()


class PersonSitemap(_PublicSitemap):
    model = Person


class AgencySitemap(_PublicSitemap):
    model = Agency


class CountrySitemap(_PublicSitemap):
    model = Country


class BodySitemap(_PublicSitemap):
    model = Body


class ConferenceSitemap(_PublicSitemap):
    model = Conference


class SeriesSitemap(_PublicSitemap):
    model = ConferenceSeries


class DocumentSitemap(_PublicSitemap):
    model = Document


SITEMAPS = {
    "articles": ArticleSitemap,
    "people": PersonSitemap,
    "agencies": AgencySitemap,
    "countries": CountrySitemap,
    "bodies": BodySitemap,
    "conferences": ConferenceSitemap,
    "series": SeriesSitemap,
    "documents": DocumentSitemap,
}


def sitemap_index(request):
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap-section")


@sitemap_views.x_robots_tag
def sitemap_section(request, section):
    """One page of a section: the framework's ``sitemap.xml``, each address in each language
    with its alternates, written here (``urlset``)."""
    if section not in SITEMAPS:
        raise Http404(f"No sitemap available for section: {section!r}")
    site = SITEMAPS[section]()
    try:
        page = site.paginator.page(request.GET.get("p", 1))
    except (EmptyPage, PageNotAnInteger) as gone:
        raise Http404(f"Page {request.GET.get('p')} empty") from gone
    pairs = list(page.object_list)
    items = list(dict.fromkeys(item for item, _language in pairs))
    root = f"{request.scheme}://{request.get_host()}"
    paths = {}
    for language in site._languages():
        with translation.override(language):
            # An address is its slug in the route's: asked once a language, not an item.
            address = site.location(site.model(slug=STAND_IN))
            if STAND_IN in address:
                made = {item.id: address.replace(STAND_IN, item.slug, 1) for item in items}
            else:
                made = {item.id: site.location(item) for item in items}
            paths[language] = {pk: escape(root + path) for pk, path in made.items()}
    default = settings.LANGUAGE_CODE
    return HttpResponse(
        urlset(site, pairs, paths, default), content_type="application/xml; charset=utf-8"
    )


def urlset(site, pairs: list[tuple], paths: dict[str, dict], default: str) -> str:
    """The ``urlset`` document of ``pairs`` (item, language), as the framework's template
    writes it: each address, its last change, how often it changes, and its alternates."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
        'schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">'
    ]
    every = getattr(site, "changefreq", None)
    changefreq = f"<changefreq>{every}</changefreq>" if every else ""
    has_lastmod = hasattr(site, "lastmod")
    here = timezone.get_current_timezone()
    # An item's last change and alternates, the same in each language's entry. Items by
    # ``id`` (every section's key), which is read faster than ``pk``, 10,000 times a file.
    shared: dict[int, str] = {}
    for item, language in pairs:
        tail = shared.get(item.id)
        if tail is None:
            links = [(code, urls[item.id]) for code, urls in paths.items()]
            links.append(("x-default", paths[default][item.id].replace(f"/{default}/", "/", 1)))
            lastmod = site.lastmod(item) if has_lastmod else None
            if lastmod and timezone.is_aware(lastmod):  # the day where the site is, as Django's
                lastmod = lastmod.astimezone(here)
            tail = shared[item.id] = (
                (f"<lastmod>{lastmod:%Y-%m-%d}</lastmod>" if lastmod else "")
                + changefreq
                + "".join(
                    f'<xhtml:link rel="alternate" hreflang="{code}" href="{href}"/>'
                    for code, href in links
                )
            )
        parts.append(f"<url><loc>{paths[language][item.id]}</loc>{tail}</url>")
    parts.append("</urlset>\n")
    return "\n".join(parts)


@require_GET
def robots_txt(request):
    """Crawl the pages, not every combination of filters: the sitemap lists each page once.
    The admin is not named here (its address is kept out of sight, DJANGO_ADMIN_URL)."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /search/",
        "Disallow: /en/search/",
        "Disallow: /*?",
        "Allow: /",
        "",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
