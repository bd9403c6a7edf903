"""Atom and RSS feeds of new articles, for any view of the article list.

A feed takes the article list's own parameters, so every list a researcher can reach has a
feed: ``/feeds/atom/`` (all articles), ``/feeds/atom/?person=bui-thanh-son`` (an official),
``?agency=``, ``?conference=``, ``?country=``, ``?body=``, ``?q=hợp tác`` (a saved search)
and any combination; ``series=<slug>`` adds a conference series (articles mentioning any of
its conferences). ``/feeds/rss/`` gives the same as RSS 2.0. The newest 50 articles, drafts
never. An article's corrections (its public change log) follow its opening text, and the
latest of them is the entry's update time. A parameter the list would ignore with a message
makes the feed answer 400 with that message: a feed reader shows no page to explain what
was ignored.
"""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from events.models import ConferenceSeries

from .filters import ArticleFilter
from .models import Article, Correction, Segment

FEED_SIZE = 50

# The parameters a feed reads: the list's filters and a series; paging and sorting are not
# a feed's business (it is always newest first) and are left out of its links.
SERIES_PARAM = "series"


class BadFeedParameters(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


class FeedQuery:
    """What a feed shows: the filtered list and a title naming its filters."""

    def __init__(self, request):
        params = request.GET.copy()
        for name in ("page", "per_page", "sort", "more"):
            params.pop(name, None)
        series_slugs = params.pop(SERIES_PARAM, [])
        self.series = None
        problems = []
        if len(set(series_slugs)) > 1:
            problems.append(_("series: give one series at a time."))
        elif series_slugs:
            self.series = ConferenceSeries.objects.filter(slug=series_slugs[0]).first()
            if self.series is None:
                problems.append(
                    _("series: the archive has no conference series “%(value)s”.")
                    % {"value": series_slugs[0][:100]}
                )
        self.filterset = ArticleFilter(params, queryset=Article.objects.published())
        queryset = self.filterset.qs
        problems += [f"{label}: {message}" for label, message in self.filterset.ignored]
        if problems:
            raise BadFeedParameters(problems)
        if self.series is not None:
            queryset = queryset.filter(
                conference_mentions__conference__series=self.series
            ).distinct()
        self.params = params
        self.queryset = queryset
        self.self_url = request.get_full_path()

    def labels(self) -> list[str]:
        from .views import active_filters  # the list's own wording of each filter

        data = self.filterset.form.cleaned_data
        labels = [str(active.label) for active in active_filters(data)]
        if self.series is not None:
            labels.append(self.series.display_name)
        return labels

    def list_url(self) -> str:
        url = reverse("articles:list")
        query = self.params.urlencode()
        if self.series is not None:  # the list has no series filter: its page instead
            return self.series.get_absolute_url()
        return f"{url}?{query}" if query else url


def _first_text():
    """The article's first paragraph or answer: what a feed reader shows under the title."""
    return Subquery(
        Segment.objects.filter(
            article=OuterRef("pk"),
            kind__in=(Segment.Kind.PARAGRAPH, Segment.Kind.ANSWER, Segment.Kind.QUESTION),
        )
        .order_by("position")
        .values("text")[:1]
    )


class ArticleAtomFeed(Feed):
    feed_type = Atom1Feed
    # Read-only, like every public page: other methods get 405, not the CSRF check's 403.
    csrf_exempt = True

    def __call__(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        try:
            response = super().__call__(request, *args, **kwargs)
        except BadFeedParameters as exc:
            lines = [_("This feed cannot be made from these parameters:"), *exc.problems]
            return HttpResponseBadRequest(
                "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
            )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    def get_object(self, request, *args, **kwargs):
        return FeedQuery(request)

    def title(self, obj: FeedQuery) -> str:
        labels = obj.labels()
        name = _("Diplomacy KB: new articles")
        return f"{name} · {', '.join(labels)}" if labels else name

    def subtitle(self, obj: FeedQuery) -> str:
        return _(
            "Vietnamese press interviews and reports on Viet Nam's foreign affairs, newest first."
        )

    description = subtitle

    def link(self, obj: FeedQuery) -> str:
        return obj.list_url()

    def feed_url(self, obj: FeedQuery) -> str:
        return obj.self_url

    def items(self, obj: FeedQuery):
        corrections = Correction.objects.only("article_id", "made_at", "note")
        return (
            obj.queryset.select_related("publication")
            .annotate(first_text=_first_text())
            .prefetch_related(Prefetch("corrections", queryset=corrections))
            .newest_first()[:FEED_SIZE]
        )

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        text = item.first_text or ""
        text = text if len(text) <= 600 else text[:600].rsplit(" ", 1)[0] + " …"
        corrections = [
            f"— {correction.date_display}: {correction.note}"
            for correction in item.corrections.all()
        ]
        if corrections:
            log = "\n".join([_("Corrections:"), *corrections])
            text = f"{text}\n\n{log}" if text else log
        return text

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Article):
        # The article's date, at the precision the source gives (a month or a year is its
        # first day): feeds need a full date-time.
        return datetime.datetime.combine(item.date, datetime.time(), tzinfo=datetime.UTC)

    def item_updateddate(self, item: Article):
        # The latest correction, the last change its readers were told of; an article
        # without any, its last save.
        made = [correction.made_at for correction in item.corrections.all()]
        return max(made) if made else item.updated_at

    def item_author_name(self, item: Article) -> str:
        return item.byline or item.publication.name

    def item_categories(self, item: Article):
        return [item.get_kind_display()]


class ArticleRssFeed(ArticleAtomFeed):
    feed_type = Rss201rev2Feed
