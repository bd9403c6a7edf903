from django.views.generic import DetailView, ListView

from diplomacy_kb.views import PublicViewMixin

from .models import Conference, ConferenceSeries


class ConferenceListView(PublicViewMixin, ListView):
    queryset = Conference.objects.select_related("series")
    template_name = "events/conference_list.html"
    context_object_name = "conferences"


class SeriesDetailView(PublicViewMixin, DetailView):
    model = ConferenceSeries
    template_name = "events/series_detail.html"
    context_object_name = "series"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["conferences"] = self.object.conferences.order_by("ordinal")
        return context


class ConferenceDetailView(PublicViewMixin, DetailView):
    queryset = Conference.objects.select_related("series", "organiser", "part_of")
    template_name = "events/conference_detail.html"
    context_object_name = "conference"
