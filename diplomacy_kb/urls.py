from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from api.docs import ApiDocsView
from articles.answers import AnswerListView
from articles.exports import answer_export
from articles.feeds import ArticleAtomFeed, ArticleRssFeed
from articles.views import HomeView, SearchView
from diplomacy_kb import sitemaps
from diplomacy_kb.health import healthz
from diplomacy_kb.views import favicon

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz, name="healthz"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    # Browsers ask for /favicon.ico whatever the page's <link rel="icon"> says.
    path("favicon.ico", favicon, name="favicon"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap-section"),
    # The read-only JSON API: one address whatever the language (api/urls.py).
    path("api/", include("api.urls")),
]

# Every page, the staff's admin included, in Vietnamese at its plain address and in English
# under /en/. The admin's address comes from DJANGO_ADMIN_URL (default "admin/").
urlpatterns += i18n_patterns(
    path(settings.ADMIN_URL, admin.site.urls),
    path("", HomeView.as_view(), name="home"),
    path("search/", SearchView.as_view(), name="search"),
    path("api/docs/", ApiDocsView.as_view(), name="api-docs"),  # the API's documentation
    path("answers/", AnswerListView.as_view(), name="answers"),
    path("answers/export.<str:fmt>", answer_export, name="answers-export"),
    path("feeds/atom/", ArticleAtomFeed(), name="feed-atom"),
    path("feeds/rss/", ArticleRssFeed(), name="feed-rss"),
    path("articles/", include("articles.urls")),
    path("", include("people.urls")),
    path("events/", include("events.urls")),
    path("figures/", include("figures.urls")),
    path("data/", include("datapackage.urls")),  # the data download
    prefix_default_language=False,
)
