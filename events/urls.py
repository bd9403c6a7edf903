from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.ConferenceListView.as_view(), name="conference-list"),
    path("series/<slug:slug>/", views.SeriesDetailView.as_view(), name="series-detail"),
    path("<slug:slug>/", views.ConferenceDetailView.as_view(), name="conference-detail"),
]
