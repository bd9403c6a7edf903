from django.views.generic import DetailView

from .models import Conference, ConferenceSeries


class SeriesDetailView(DetailView):
    model = ConferenceSeries
    template_name = "events/series_detail.html"
    context_object_name = "series"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["conferences"] = self.object.conferences.order_by("ordinal")
        return context


class ConferenceDetailView(DetailView):
    queryset = Conference.objects.select_related("series", "organiser", "part_of")
    template_name = "events/conference_detail.html"
    context_object_name = "conference"
