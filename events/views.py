"""Public pages: conferences grouped by series, a series with its timeline, one conference."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.views.generic import DetailView
from django_filters.views import FilterView

from diplomacy_kb.views import ClampedPaginationMixin, PublicViewMixin
from people.models import Person, SubqueryCount, in_published

from .filters import ConferenceFilter
from .models import Conference, ConferenceSeries, Participation

ARTICLES_SHOWN = 10  # on a conference page; the articles list has the rest
CONFERENCES_SHOWN = 50  # rows on a page of the list
TIMELINE_MEMBERS = 120  # members the timelines on one page of the list draw, all together
PAGE_MAX = 10**6  # a larger page number is past the end: clamped, never read


@dataclass
class Slot:
    """One position on a series timeline: a member the archive holds, or a run of numbers
    it does not hold (drawn as one gap however long the run)."""

    first: int
    last: int
    label: str  # "18th", "19th–21st"
    numeral: str  # "18", "19–21", "XII"
    conference: Conference | None = None

    @property
    def is_gap(self) -> bool:
        return self.conference is None

    @property
    def year(self) -> str:
        date = self.conference.start_date if self.conference else None
        return str(date.year) if date else ""


@dataclass
class Timeline:
    series: ConferenceSeries
    slots: list[Slot]

    @property
    def id(self) -> str:
        return f"timeline-{self.series.slug}"

    @property
    def held(self) -> list[Slot]:
        return [s for s in self.slots if not s.is_gap]

    @property
    def gaps(self) -> list[Slot]:
        return [s for s in self.slots if s.is_gap]

    @property
    def missing(self) -> str:
        """The numbers the archive does not hold, e.g. "19th, 22nd–24th"."""
        return ", ".join(s.label for s in self.gaps)

    @property
    def summary(self) -> str:
        """The chart in one sentence, for its <title>."""
        values = {
            "series": self.series.display_name,
            "held": ", ".join(s.label for s in self.held),
            "missing": self.missing,
        }
        if self.gaps:
            return (
                gettext(
                    "Timeline of %(series)s by number: %(held)s in the archive; "
                    "%(missing)s not in the archive."
                )
                % values
            )
        return gettext("Timeline of %(series)s by number: %(held)s in the archive.") % values


def build_timeline(series: ConferenceSeries, members: list[Conference]) -> Timeline | None:
    """The numbered members the archive holds, in order, with the numbers between the lowest
    and the highest that it does not hold. None when no member carries a number."""
    numbered = sorted((m for m in members if m.ordinal is not None), key=lambda m: m.ordinal)
    if not numbered:
        return None
    slots: list[Slot] = []
    for member in numbered:
        if slots and member.ordinal > slots[-1].last + 1:
            first, last = slots[-1].last + 1, member.ordinal - 1
            slots.append(_gap(series, first, last))
        member.series = series  # labels read the series: no query per member
        slots.append(
            Slot(
                member.ordinal,
                member.ordinal,
                label=series.ordinal_label(member.ordinal),
                numeral=series.format_ordinal(member.ordinal),
                conference=member,
            )
        )
    return Timeline(series, slots)


def _gap(series: ConferenceSeries, first: int, last: int) -> Slot:
    numeral = series.format_ordinal(first)
    if last != first:
        numeral += f"–{series.format_ordinal(last)}"
    return Slot(first, last, label=series.ordinal_range_label(first, last), numeral=numeral)


def missing_sentence(series: ConferenceSeries, first: int, last: int) -> str:
    """The sentence for the numbers missing between two members the archive holds."""
    return ngettext(
        "The %(ordinal)s is not in the archive.",
        "The %(ordinal)s are not in the archive.",
        last - first + 1,
    ) % {"ordinal": series.ordinal_range_label(first, last)}


@dataclass
class SeriesGroup:
    """A series' rows on one page of the list; a series longer than a page is headed on
    every page it spans."""

    series: ConferenceSeries
    conferences: list[Conference]  # its rows on this page that match the filters, by number
    members: int  # all the members the archive holds
    matches: int  # the members that match the filters, on every page
    timeline: Timeline | None = field(default=None)
    timeline_elsewhere: bool = False  # too long to draw here: its own page draws it

    @property
    def continued(self) -> bool:
        """Its first rows are on the previous page."""
        return self.conferences[0].series_rank > 1

    @property
    def continues(self) -> bool:
        """Its last rows are on the next page."""
        return self.conferences[-1].series_rank < self.matches


def in_list_order(queryset, series_slugs: list[str]):
    """The list's order: the series by name (``series_slugs``, as the filter offers them),
    each by number, then the events outside a series, newest first. Each row carries
    ``listed`` (the rows of the whole list), ``series_rank`` (its place in its series) and
    ``series_matches`` (its series' rows in the list), read in the same query."""
    in_series = [
        F("ordinal").asc(nulls_last=True),
        F("start_date").asc(nulls_last=True),
        F("name_vi").asc(),
        F("pk").asc(),
    ]
    # Without any series the position would be a constant, which PostgreSQL would read as
    # "ORDER BY 0", a column number: then there is nothing to order by it.
    position = (
        [
            Case(
                *(When(series__slug=slug, then=Value(i)) for i, slug in enumerate(series_slugs)),
                default=Value(len(series_slugs)),
                output_field=IntegerField(),
            ).asc()
        ]
        if series_slugs
        else []
    )
    return queryset.annotate(
        listed=Window(Count("pk")),
        series_rank=Window(RowNumber(), partition_by=[F("series")], order_by=in_series),
        series_matches=Window(Count("pk"), partition_by=[F("series")]),
    ).order_by(
        *position,
        F("ordinal").asc(nulls_last=True),
        Case(When(series__isnull=False, then=F("start_date"))).asc(nulls_last=True),
        F("start_date").desc(nulls_last=True),
        "name_vi",
        "pk",
    )


class ConferenceListView(PublicViewMixin, ClampedPaginationMixin, FilterView):
    filterset_class = ConferenceFilter
    template_name = "events/conference_list.html"
    context_object_name = "conferences"
    strict = False  # a bad filter value is ignored and explained, the rest still applies
    paginate_by = CONFERENCES_SHOWN

    def get_queryset(self):
        return (
            Conference.objects.public()
            .with_article_count()
            .select_related("series__organiser", "part_of")
        )

    def paginate_queryset(self, queryset, page_size):
        queryset = in_list_order(queryset, list(self.filterset.series_names))
        if self.filterset.active:
            # The series' own size, whatever the filters keep of it.
            members = Conference.objects.public().filter(series=OuterRef("series"))
            queryset = queryset.annotate(series_members=SubqueryCount(members))
        # A page in range costs one query: its rows carry the list's length. A page past
        # the end, a bad number or an empty list is counted apart, and clamped with a note.
        asked = self.request.GET.get("page", "").strip() or "1"
        if asked.isascii() and asked.isdigit() and 0 < int(asked) <= PAGE_MAX:
            number = int(asked)
            rows = list(queryset[(number - 1) * page_size : number * page_size])
            if rows:
                paginator = Paginator(queryset, page_size)
                paginator.count = rows[0].listed
                page = paginator.page(number)
                page.object_list = rows
                self.page_notice = ""
                return paginator, page, rows, page.has_other_pages()
        return super().paginate_queryset(queryset, page_size)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = context["filter"]
        groups: list[SeriesGroup] = []
        standalone = []
        for conference in context["object_list"]:
            if conference.series_id is None:
                standalone.append(conference)
                continue
            if not groups or groups[-1].series.pk != conference.series_id:
                matches = conference.series_matches
                members = conference.series_members if filterset.active else matches
                groups.append(SeriesGroup(conference.series, [], members, matches))
            conference.series = groups[-1].series
            groups[-1].conferences.append(conference)
        attach_timelines(groups, whole_series=not filterset.active)
        context.update(
            groups=groups,
            standalone=standalone,
            result_count=context["paginator"].count,
            active=filterset.active,
            ignored=filterset.ignored,
        )
        return context


def attach_timelines(groups: list[SeriesGroup], *, whole_series: bool) -> None:
    """Each group's timeline, drawn from all the members of its series (one query for
    those not all on the page), while the page's budget of TIMELINE_MEMBERS lasts; a longer
    series is drawn on its own page. ``whole_series``: the list is not filtered, so a group
    that neither continues nor is continued holds its whole series."""
    budget = TIMELINE_MEMBERS
    drawn = []
    for group in groups:
        if group.members > budget:
            group.timeline_elsewhere = True
            continue
        budget -= group.members
        drawn.append(group)
    members: dict[int, list[Conference]] = defaultdict(list)
    for group in drawn:
        if whole_series and not (group.continued or group.continues):
            members[group.series.pk] = group.conferences
    wanted = [g.series.pk for g in drawn if g.series.pk not in members]
    if wanted:
        for member in Conference.objects.public().filter(series_id__in=wanted).in_series_order():
            members[member.series_id].append(member)
    for group in drawn:
        group.timeline = build_timeline(group.series, members[group.series.pk])


class SeriesDetailView(PublicViewMixin, DetailView):
    queryset = ConferenceSeries.objects.select_related("organiser")
    template_name = "events/series_detail.html"
    context_object_name = "series"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        series = self.object
        members = list(
            series.conferences.public()
            .with_article_count()
            .select_related("part_of")  # an undated session shows its conference's dates
            .in_series_order()
        )
        for member in members:
            member.series = series
        context.update(
            members=members,
            timeline=build_timeline(series, members),
            unnumbered=[m for m in members if m.ordinal is None],
        )
        return context


class ConferenceDetailView(PublicViewMixin, DetailView):
    queryset = (
        Conference.objects.public()
        .with_article_count()
        .select_related("series", "organiser", "part_of__series")
    )
    template_name = "events/conference_detail.html"
    context_object_name = "conference"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        conference = self.object
        previous, following = conference.previous_held(), conference.next_held()
        series = conference.series
        sessions = list(
            conference.sessions.public()
            .with_article_count()
            .order_by(F("start_date").asc(nulls_last=True), "name_vi")
        )
        for session in sessions:
            session.part_of = conference  # its dates fall back on ours: no query per session
        coverage = event_coverage(conference, sessions)
        dates = conference.effective_dates()
        context.update(
            previous=previous,
            next=following,
            missing_before=(
                missing_sentence(series, previous.ordinal + 1, conference.ordinal - 1)
                if previous and previous.ordinal < conference.ordinal - 1
                else ""
            ),
            missing_after=(
                missing_sentence(series, conference.ordinal + 1, following.ordinal - 1)
                if following and following.ordinal > conference.ordinal + 1
                else ""
            ),
            dates=dates,
            # Undated: the earliest published article naming it, a fact about the coverage.
            first_article=(
                None
                if dates.start
                else published_naming(conference.mentions.all()).order_by("date", "pk").first()
            ),
            sessions=sessions,
            held_with=conference.held_with.public().select_related("series").newest_first(),
            # A participant only a draft names stays private until it is published.
            participations=Participation.objects.at_event(conference, sessions)
            .filter(person__in=Person.objects.public())
            .select_related("person", "position__agency", "conference"),
            documents=conference.documents.public(),
            articles=coverage.articles,
            article_total=coverage.total,
            article_sessions_only=coverage.sessions_only,
            see_all_total=conference.article_count,
            see_all_url=f"{reverse('articles:list')}?{urlencode({'conference': conference.slug})}",
        )
        return context


def published_naming(mentions):
    """The published articles of ``mentions`` (conference mentions), found by the ids of the
    mentions, "published" tested there: with the status on the articles themselves, SQLite
    reads every published article to find a few."""
    articles = mentions.model._meta.get_field("article").related_model
    return articles.objects.filter(pk__in=mentions.filter(in_published()).values("article"))


@dataclass
class Coverage:
    articles: list  # the newest, each with ``about_itself`` and ``sessions`` (those it names)
    total: int  # published articles naming the event or one of its sessions
    sessions_only: int  # of them, those that name only sessions


def event_coverage(conference: Conference, sessions: list[Conference]) -> Coverage:
    """The published articles about ``conference`` or its (public) ``sessions``, newest
    first, at most ARTICLES_SHOWN, with who speaks in each, and their counts: three queries,
    and one more to say which sessions the articles that name only sessions are about."""
    mentions = conference.mentions.model.objects  # events may not import articles
    itself = Exists(mentions.filter(conference=conference, article=OuterRef("pk")))
    session_ids = [s.pk for s in sessions]
    covering = published_naming(mentions.filter(conference__in=[conference.pk, *session_ids]))
    articles = list(
        # ``covering``: how many match, counted before the limit, in the same query.
        covering.annotate(about_itself=itself, covering=Window(Count("pk")))
        .select_related("publication")
        .with_speakers()  # who speaks in each row: two queries more
        .order_by(F("date").desc(), "-pk")[:ARTICLES_SHOWN]
    )
    for article in articles:
        article.sessions = []
    sessions_only = 0
    if session_ids and articles:
        # The conference's own count is its tally: the rest name only sessions.
        sessions_only = articles[0].covering - conference.article_count
        by_id = {s.pk: s for s in sessions}
        by_article = {a.pk: a for a in articles if not a.about_itself}
        if by_article:
            for article_id, session_id in mentions.filter(
                article__in=by_article, conference__in=session_ids
            ).values_list("article_id", "conference_id"):
                by_article[article_id].sessions.append(by_id[session_id])
    return Coverage(articles, conference.article_count + sessions_only, sessions_only)
