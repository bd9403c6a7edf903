"""Who said what: the interview answers of published articles, with filters.

``/answers/`` lists every answer (a ``Segment`` of kind answer), newest article first, in
the order of its text: the quote shortened with a link to its anchor, the speaker with the
titles the article gives them, the article, its outlet and date. Filters live in the query
string: ``person`` (the speaker; may repeat, any of them), ``agency`` (the speaker held a
title in it, as the article gives their titles), ``conference`` (the article mentions it),
``year`` and ``q`` (words, through the search engine's index of answers). A value the archive
does not know is ignored with the article list's message, never an error.
"""

from __future__ import annotations

import django_filters
from django.db.models import Exists, F, OuterRef, Prefetch
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _
from django_filters.views import FilterView

from diplomacy_kb.filters import LimitedValuesMixin
from diplomacy_kb.views import ClampedPaginationMixin, PublicViewMixin
from events.models import Conference
from people.filters import by_display_name
from people.models import Agency, Person, Position

from .filters import YEAR_MAX, YEAR_MIN, AnyOfModelFilter, ArticleFilter, _unknown
from .models import Article, ConferenceMention, PersonMention, Segment
from .search import Query, _matches_sql, _visible_sql, parse_query, validate_query
from .views import ActiveFilter


def answers():
    """Every answer of a published article, newest article first, in reading order."""
    return (
        Segment.objects.filter(kind=Segment.Kind.ANSWER, article__status=Article.Status.PUBLISHED)
        .select_related("speaker", "article__publication")
        .order_by(F("article__date").desc(), "-article_id", "position")
    )


def answer_ids_sql(query: Query) -> tuple[str, list]:
    """SQL selecting the ids of the answers of published articles matching ``query``: the
    search page's own matching (``articles.search``), kept to the entries of answers."""
    matches, params = _matches_sql(query)
    return (
        f"SELECT e.object_id FROM ({matches}) m {_visible_sql()} AND e.kind = 'answer'",
        params,
    )


def attach_titles(segments: list[Segment]) -> None:
    """Set ``titles`` on each answer: the positions its article gives the speaker on its
    date (the speaker's mention). Two queries for any number of answers."""
    articles = {s.article_id for s in segments if s.speaker_id}
    speakers = {s.speaker_id for s in segments if s.speaker_id}
    titles: dict[tuple[int, int], list[Position]] = {}
    if articles:
        mentions = PersonMention.objects.filter(
            article_id__in=articles, person_id__in=speakers
        ).prefetch_related(
            Prefetch("positions", queryset=Position.objects.select_related("agency__parent"))
        )
        titles = {(m.article_id, m.person_id): list(m.positions.all()) for m in mentions}
    for segment in segments:
        segment.titles = titles.get((segment.article_id, segment.speaker_id), [])


class AnswerFilter(LimitedValuesMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_text", label=_("Words"), validators=[validate_query]
    )
    person = AnyOfModelFilter(
        field_name="speaker",
        to_field_name="slug",
        queryset=Person.objects.public(),
        label=_("Speaker"),
        error_messages=_unknown(_("official")),
    )
    agency = django_filters.ModelChoiceFilter(
        method="filter_agency",
        to_field_name="slug",
        queryset=Agency.objects.public().select_related("parent"),
        label=_("Agency"),
        error_messages=_unknown(_("agency")),
    )
    conference = django_filters.ModelChoiceFilter(
        method="filter_conference",
        to_field_name="slug",
        queryset=Conference.objects.public(),
        label=_("Conference"),
        error_messages=_unknown(_("conference")),
    )
    year = django_filters.NumberFilter(
        field_name="article__date__year",
        label=_("Year"),
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        error_messages={"invalid": _("Write the year as four digits, e.g. 2016.")},
    )

    single_valued = ("q", "agency", "conference", "year")

    class Meta:
        model = Segment
        fields: list[str] = []

    # The same messages, worded the same, as the article list's.
    ignored = ArticleFilter.ignored

    def filter_text(self, queryset, name, value):
        query = parse_query(value)
        if query.only_exclusions:  # "-covid": every answer but those
            sql, params = answer_ids_sql(Query(raw=query.raw, required=query.excluded))
            return queryset.exclude(pk__in=RawSQL(sql, params))
        if not query:
            return queryset
        return queryset.filter(pk__in=RawSQL(*answer_ids_sql(query)))

    def filter_agency(self, queryset, name, value):
        # The titles the article gives the speaker, not every title they ever held: a
        # minister's answers from before the ministry are not the ministry's.
        held = PersonMention.objects.filter(
            article=OuterRef("article"), person=OuterRef("speaker"), positions__agency=value
        )
        return queryset.filter(Exists(held))

    def filter_conference(self, queryset, name, value):
        mentioning = ConferenceMention.objects.filter(conference=value).values("article")
        return queryset.filter(article__in=mentioning)

    @property
    def active(self) -> list[ActiveFilter]:
        """Every filter in force, to show and to offer for removal."""
        if not self.is_bound:
            return []
        data = self.form.cleaned_data
        out = [
            ActiveFilter("person", person.name, person.slug) for person in data.get("person") or []
        ]
        if data.get("agency"):
            out.append(ActiveFilter("agency", data["agency"].qualified_name))
        if data.get("conference"):
            out.append(ActiveFilter("conference", data["conference"].display_name))
        if data.get("year"):
            out.append(ActiveFilter("year", str(int(data["year"]))))
        if data.get("q"):
            out.append(ActiveFilter("q", f"“{data['q']}”"))
        return out


def agency_choices() -> list[Agency]:
    """The agencies some answer's speaker held a title in, as its article gives them, in the
    interface's alphabet."""
    spoke = Segment.objects.filter(
        kind=Segment.Kind.ANSWER, article=OuterRef("article"), speaker=OuterRef("person")
    )
    mentions = PersonMention.objects.filter(article__status=Article.Status.PUBLISHED).filter(
        Exists(spoke)
    )
    agencies = (
        Agency.objects.filter(positions__attestations__in=mentions)
        .select_related("parent")
        .distinct()
    )
    return by_display_name(agencies, lambda agency: agency.qualified_name)


def conference_choices():
    """The conferences the published articles with answers mention."""
    with_answers = Segment.objects.filter(
        kind=Segment.Kind.ANSWER, article__status=Article.Status.PUBLISHED
    ).values("article")
    return (
        Conference.objects.filter(mentions__article__in=with_answers)
        .distinct()
        .order_by(F("start_date").desc(nulls_last=True), "name_vi", "pk")
    )


class AnswerListView(PublicViewMixin, ClampedPaginationMixin, FilterView):
    filterset_class = AnswerFilter
    template_name = "articles/answer_list.html"
    context_object_name = "answers"
    strict = False  # a bad filter value is ignored and explained, the rest still applies

    def get_queryset(self):
        return answers()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = context["filter"]
        if filterset.capped:
            # Links start from the address as applied, less the values past the limit.
            self.request.GET = filterset.within_limits
        page = context["page_obj"]
        page.object_list = rows = list(page.object_list)
        attach_titles(rows)
        data = filterset.form.cleaned_data if filterset.is_bound else {}
        context.update(
            answers=rows,
            object_list=rows,
            active=filterset.active,
            ignored=filterset.ignored if filterset.is_bound else [],
            agencies=agency_choices(),
            conferences=conference_choices(),
            chosen_agency=getattr(data.get("agency"), "slug", ""),
            chosen_conference=getattr(data.get("conference"), "slug", ""),
            year=str(int(data["year"])) if data.get("year") else "",
            per_page=self.get_paginate_by(None) if "per_page" in self.request.GET else None,
        )
        return context
