"""``sitemap.xml`` and ``robots.txt``: how search engines find every public page.

The sitemap is an index of one section per kind of page (Django's sitemaps framework), each
paged at 10,000 addresses so that no file grows with the archive; every address comes with
its English twin (``hreflang`` alternates) and, for articles, the date of its last change.
Only what the public site shows is listed: published articles, and officials, agencies,
countries, bodies, conferences and documents that a published article names (``.public()``).
"""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from articles.models import Article, Document
from diplomacy_kb.views import public_rows
from events.models import Conference, ConferenceSeries
from people.models import Agency, Body, Country, Person

PAGE_SIZE = 10_000


class _PublicSitemap(Sitemap):
    limit = PAGE_SIZE
    i18n = True
    alternates = True
    x_default = True
    model = None
    extra_fields: tuple[str, ...] = ()

    def items(self):
        return public_rows(self.model).order_by("pk").only("pk", "slug", *self.extra_fields)


class ArticleSitemap(_PublicSitemap):
    model = Article
    changefreq = "monthly"
    extra_fields = ("updated_at",)

    def lastmod(self, item):
        return item.updated_at


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


def sitemap_section(request, section):
    return sitemap_views.sitemap(request, SITEMAPS, section=section)


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
