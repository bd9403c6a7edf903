from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from articles.views import HomeView, SearchView
from diplomacy_kb.health import healthz

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz, name="healthz"),
]

# Every page, the staff's admin included, in Vietnamese at its plain address and in English
# under /en/. The admin's address comes from DJANGO_ADMIN_URL (default "admin/").
urlpatterns += i18n_patterns(
    path(settings.ADMIN_URL, admin.site.urls),
    path("", HomeView.as_view(), name="home"),
    path("search/", SearchView.as_view(), name="search"),
    path("articles/", include("articles.urls")),
    path("", include("people.urls")),
    path("events/", include("events.urls")),
    prefix_default_language=False,
)
