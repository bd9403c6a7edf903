from django.db.models import Count, Max, Min, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from diplomacy_kb.views import ClampedPaginationMixin, PublicViewMixin

from .chart import figure_chart
from .models import FigureTopic, KeyFigure

# The chart draws at most this many figures (the latest); the table pages through them all.
CHART_POINTS = 200


class TopicListView(PublicViewMixin, ClampedPaginationMixin, ListView):
    template_name = "figures/topic_list.html"
    context_object_name = "topics"
    paginate_by = 50

    def get_queryset(self):
        public = Q(figures__article__status="published")
        return (
            FigureTopic.objects.annotate(
                n=Count("figures", filter=public),
                first=Min("figures__article__date", filter=public),
                last=Max("figures__article__date", filter=public),
            )
            .filter(n__gt=0)
            .order_by("name_vi", "pk")
        )


class TopicDetailView(PublicViewMixin, ClampedPaginationMixin, ListView):
    """A topic's figures by their articles' dates: a table, and a chart of the same."""

    template_name = "figures/topic_detail.html"
    context_object_name = "figures"
    paginate_by = 50

    def get_queryset(self):
        self.topic = get_object_or_404(FigureTopic, slug=self.kwargs["slug"])
        return (
            KeyFigure.objects.public()
            .filter(topic=self.topic)
            .select_related("article__publication", "segment")
            .by_date()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not context["paginator"].count:
            # Only drafts state it, or nothing does: a topic the public cannot see.
            raise Http404
        latest = list(
            KeyFigure.objects.public()
            .filter(topic=self.topic)
            .order_by("-article__date", "-article_id", "-segment__position", "-pk")
            .values_list("article__date", "value", "as_written")[:CHART_POINTS]
        )
        context.update(topic=self.topic, chart=figure_chart(latest[::-1]))
        return context
