from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import DefaultRouter

from . import views
from .docs import not_found

app_name = "api"

router = DefaultRouter()
router.include_format_suffixes = False  # /api/articles.json would be a second address
router.register("articles", views.ArticleViewSet, basename="article")
router.register("answers", views.AnswerViewSet, basename="answer")
router.register("people", views.PersonViewSet, basename="person")
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("countries", views.CountryViewSet, basename="country")
router.register("bodies", views.BodyViewSet, basename="body")
router.register("series", views.SeriesViewSet, basename="series")
router.register("conferences", views.ConferenceViewSet, basename="conference")
router.register("documents", views.DocumentViewSet, basename="document")

urlpatterns = [
    path("schema/", SpectacularJSONAPIView.as_view(), name="schema"),
    *router.urls,
    # Any other address under /api/ (but the documentation page, which is one of the site's
    # pages in both languages): a 404 in JSON, not the site's HTML page.
    re_path(r"^(?!docs/).*$", not_found),
]
