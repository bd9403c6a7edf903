from django.urls import path

from . import exports, views

app_name = "events"

urlpatterns = [
    path("", views.ConferenceListView.as_view(), name="conference-list"),
    path("export.<str:fmt>", exports.conference_export, name="conference-export"),
    path("series/<slug:slug>/", views.SeriesDetailView.as_view(), name="series-detail"),
    path("<slug:slug>/", views.ConferenceDetailView.as_view(), name="conference-detail"),
]
