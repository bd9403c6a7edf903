"""Who said what: the interview answers of published articles, with filters.

``/answers/`` lists every answer (a ``Segment`` of kind answer), newest article first, in
the order of its text: the quote shortened with a link to its anchor, the speaker with the
titles the article gives them, the article, its outlet and date. Filters live in the query
string: ``person`` (the speaker; may repeat, any of them), ``agency`` (the speaker held a
title in it, as the article gives their titles), ``conference`` (the article mentions it),
``year`` and ``q`` (words, through the index of the answers' words, ``answer_words``). A
value the archive does not know is ignored with the article list's message, never an error.
"""

from __future__ import annotations

import django_filters
from django.db import connection
from django.db.models import BooleanField, Exists, F, OuterRef, Prefetch
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _
from django_filters.views import FilterView

from diplomacy_kb.filters import LimitedValuesMixin
from diplomacy_kb.views import ClampedPaginationMixin, PublicViewMixin
from events.models import Conference
from people.filters import by_display_name
from people.models import Agency, Person, Position

from . import answer_words
from .answer_counts import published_answers
from .filters import YEAR_MAX, YEAR_MIN, AnyOfModelFilter, ArticleFilter, _unknown
from .models import Article, ConferenceMention, PersonMention, Segment
from .search import Query, id_array, in_id_set, parse_query, validate_query
from .views import FEW_IDS, ActiveFilter, PickedPage, filtering

SEGMENT_ID = '"articles_segment"."id"'  # the list's id column, for raw conditions on it

# Words that match many are looked up answer by answer for a page whose answers are among
# the first this many of the list, as their share of every answer tells (about 40 ms on
# SQLite); past that, the matches are read.
LOOKED_UP = 1000


def answers():
    """Every answer of a published article, newest article first, in reading order."""
    return (
        Segment.objects.filter(kind=Segment.Kind.ANSWER, article__status=Article.Status.PUBLISHED)
        .select_related("speaker", "article__publication")
        .order_by(F("article__date").desc(), "-article_id", "position")
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


def _among(ids: list[int]):
    """The condition: an answer is one of ``ids``. On PostgreSQL an array compared with
    ``= ANY``, whose size the planner sees: as a set of rows (``in_id_set``) it took them for
    200, and looked each of a common word's 50,000 answers up, then sorted them, rather than
    walk the answers in the list's order, testing each against the (hashed) array."""
    if connection.vendor != "postgresql":
        return in_id_set(SEGMENT_ID, ids)
    return RawSQL(f"{SEGMENT_ID} = ANY(%s::bigint[])", [id_array(ids)], BooleanField())


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

    # The answers the words match, once read (the engine asked once, not again for the
    # count and the page), or those they exclude ("-covid": every answer but those).
    matched: list[int] | None = None
    excluded: list[int] | None = None
    # Set by the list's view (not the downloads, which read every match): words alone that
    # match more than ``FEW_IDS`` are then counted, not read, and each answer of a page
    # looked up in the index along the list's order (``AnswerListView.paginate_queryset``).
    look_up = False
    looked_up: Query | None = None  # those words, once counted
    looked_up_count: int | None = None

    def filter_text(self, queryset, name, value):
        query = parse_query(value)
        if query.only_exclusions:
            if self.excluded is None:
                self.excluded = answer_words.matched_answer_ids(
                    Query(raw=query.raw, required=query.excluded)
                )
            return queryset.exclude(in_id_set(SEGMENT_ID, self.excluded))
        if not query:
            return queryset
        if self.matched is None and self.looked_up is None:
            if self.look_up and not filtering(self.form.cleaned_data, besides="q"):
                self.matched = answer_words.matched_answer_ids(query, up_to=FEW_IDS)
                if self.matched is None:  # more: counted
                    self.looked_up = query
                    self.looked_up_count = answer_words.count(query)
            else:
                self.matched = answer_words.matched_answer_ids(query)
        if self.looked_up is not None:
            return queryset.filter(RawSQL(*answer_words.holds(query, SEGMENT_ID), BooleanField()))
        return queryset.filter(_among(self.matched))

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
    interface's alphabet. Found from the titles articles give (each looked up for its
    article's status and an answer by its holder), not from every mention and answer: at
    100,000 articles that took most of a second."""
    attested = PersonMention.positions.through.objects.filter(
        personmention__article__status=Article.Status.PUBLISHED
    ).filter(
        Exists(
            Segment.objects.filter(
                kind=Segment.Kind.ANSWER,
                article=OuterRef("personmention__article"),
                speaker=OuterRef("personmention__person"),
            )
        )
    )
    agencies = Agency.objects.filter(pk__in=attested.values("position__agency"))
    return by_display_name(agencies.select_related("parent"), lambda a: a.qualified_name)


def conference_choices():
    """The conferences the published articles with answers mention: each conference looked
    up for one such mention (along its mentions, each article for an answer), stopping at
    the first; not every mention of every conference read (15 ms at 100,000 articles)."""
    with_answers = ConferenceMention.objects.filter(
        conference=OuterRef("pk"), article__status=Article.Status.PUBLISHED
    ).filter(Exists(Segment.objects.filter(kind=Segment.Kind.ANSWER, article=OuterRef("article"))))
    return Conference.objects.filter(Exists(with_answers)).order_by(
        F("start_date").desc(nulls_last=True), "name_vi", "pk"
    )


class AnswerListView(PublicViewMixin, ClampedPaginationMixin, FilterView):
    filterset_class = AnswerFilter
    template_name = "articles/answer_list.html"
    context_object_name = "answers"
    strict = False  # a bad filter value is ignored and explained, the rest still applies

    def get_queryset(self):
        return answers()

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        filterset.look_up = True
        return filterset

    def paginate_queryset(self, queryset, page_size):
        # The count of every answer, or of a year's, is kept (``answer_counts``); a page's
        # ids are read first (the order's columns, along the articles' date index and each
        # one's segments), then those rows whole: read whole, every answer before a page
        # far down was read whole too.
        filterset = self.filterset
        data = filterset.form.cleaned_data if filterset.is_bound else {}
        in_order = None
        if not filtering(data, besides="year"):
            total = published_answers(int(data["year"]) if data.get("year") else None)
        elif filterset.looked_up is not None:
            # Words alone that match many: counted in the index, and a page read along the
            # list's order, each answer looked up in the index; for a page so far down that
            # more than ``LOOKED_UP`` answers would be, the matches read and each answer
            # tested against them instead.
            total = filterset.looked_up_count
            end = self.asked_end(total, page_size)
            if end * published_answers() > LOOKED_UP * total:
                matched = answer_words.matched_answer_ids(filterset.looked_up)
                in_order = self.first_among(set(matched), end)
        elif filterset.matched is not None and len(filterset.matched) <= FEW_IDS:
            # Words that match a few: those answers looked up by id and sorted here (the
            # query sorted by the list's order walked every answer, testing each).
            in_order = self.sorted_here(queryset, filterset.matched)
            total = len(in_order)
        else:  # up to FEW_IDS, every id in order (no count of its own); else counted, and
            # a page among the first FEW_IDS taken from those
            in_order = list(queryset.values_list("pk", flat=True)[: FEW_IDS + 1])
            total = len(in_order)
            if total > FEW_IDS:
                total = self.count(data, queryset)
        rows = PickedPage(queryset, answers(), total, in_order)
        return super().paginate_queryset(rows, page_size)

    def asked_end(self, total: int, page_size: int) -> int:
        """How many answers of the list the page asked for ends at (the page as
        ``ClampedPaginationMixin`` clamps it: a bad number gives the first, too high the
        last)."""
        pages = max(1, -(-total // page_size))
        return self.shown_page(self.asked_page()[1], pages) * page_size

    def first_among(self, ids: set[int], wanted: int) -> list[int]:
        """The first ``wanted`` answers of the list among ``ids``, in its order: the list's
        ids read along its order (its indexes alone, a microsecond or two an answer) in
        stretches, each kept if among ``ids``. (Asked of the database, PostgreSQL's planner
        read and sorted every match for a page past the first few.)"""
        found: list[int] = []
        start, stretch = 0, max(2 * wanted, LOOKED_UP)
        while len(found) < wanted:
            read = list(self.get_queryset().values_list("pk", flat=True)[start : start + stretch])
            found += [pk for pk in read if pk in ids]
            if len(read) < stretch:
                break
            start, stretch = start + stretch, 2 * stretch
        return found[:wanted]

    @staticmethod
    def sorted_here(queryset, ids: list[int]) -> list[int]:
        """The answers of ``queryset`` among ``ids``, in the list's order (newest article
        first, then reading order), read by id and sorted in Python."""
        keys = queryset.order_by().values_list("article__date", "article_id", "position", "pk")
        found = sorted(keys, key=lambda k: (-k[0].toordinal(), -k[1], k[2]))
        return [pk for *_order, pk in found]

    def count(self, data, queryset) -> int:
        """How many answers the filters leave: for exclusions alone, the kept count less
        those they exclude; else counted."""
        if filtering(data, besides="q") or self.filterset.excluded is None:
            return queryset.count()
        return published_answers() - len(self.filterset.excluded)

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
