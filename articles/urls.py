from django.urls import path

from . import citation_views, exports, views

app_name = "articles"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="list"),
    path("cite.<str:fmt>", citation_views.list_citations, name="list-citations"),
    path("export.<str:fmt>", exports.article_export, name="export"),
    path("<slug:slug>/cite/", citation_views.article_citation, name="citation"),
    path(
        "<slug:slug>/cite.<str:fmt>",
        citation_views.article_citation_download,
        name="citation-download",
    ),
    path("documents/<slug:slug>/", views.DocumentDetailView.as_view(), name="document-detail"),
    path("<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]
