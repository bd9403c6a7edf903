"""Public pages for officials, agencies, countries and multilateral bodies.

Articles, segments and conferences are reached through reverse relations (``person.mentions``,
``agency.articles``...): the people app does not import the apps built on it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import F, Prefetch
from django.urls import reverse
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from diplomacy_kb.charts import YearChart, counts_per_year
from diplomacy_kb.views import ClampedPaginationMixin, PublicViewMixin

from .filters import AgencyFilter, PersonFilter, by_display_name
from .models import (
    INDEX_LETTERS,
    PUBLISHED,
    Agency,
    Body,
    Country,
    Person,
    Position,
    attach_attesting_articles,
)
from .timeline import position_timeline

ARTICLES_SHOWN = 20  # the newest published articles on a detail page; a link leads to all
QUOTES_SHOWN = 10
PEOPLE_SHOWN = 50
AGENCIES_SHOWN = 50  # of a country's agencies, those at the top of its tree first
CO_MENTIONS_SHOWN = 10
FOREIGN_LETTERS = {"F", "J", "W", "Z"}  # listed in the index only when someone is there


def list_url(name: str, **params: str) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def articles_url(param: str, value: str) -> str:
    """The article list filtered by one entity: /articles/?person=bui-thanh-son."""
    return list_url("articles:list", **{param: value})


def mentions_chart(articles, link: str) -> YearChart | None:
    """The published articles of a related manager per year: one grouped query."""
    return YearChart.build(counts_per_year(articles.published()), measure="mentions", link=link)


def newest(articles):
    """The newest published articles of a related manager, capped, with who speaks in each
    (``ArticleQuerySet.with_speakers``: two queries for the rows)."""
    return (
        articles.published()
        .newest_first()
        .select_related("publication")
        .with_speakers()[:ARTICLES_SHOWN]
    )


# --- officials ---------------------------------------------------------------------------


class PersonListView(PublicViewMixin, ClampedPaginationMixin, FilterView):
    """The A-Z index of officials by given name, with filters that live in the URL."""

    queryset = Person.objects.public()
    filterset_class = PersonFilter
    strict = False  # a bad filter is ignored (and reported), the others still apply
    template_name = "people/person_list.html"
    context_object_name = "people"
    paginate_by = PEOPLE_SHOWN

    def get_context_data(self, **kwargs):
        kwargs["object_list"] = (
            self.object_list.by_given_name()
            .with_counts()
            .with_positions()
            .select_related("nationality")
        )
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        page.object_list = people = list(page.object_list)
        context["people"] = context["object_list"] = people
        attach_attesting_articles(p for person in people for p in person.positions.all())

        counts = self.filterset.without("letter").letter_counts()
        chosen = self.filterset.cleaned.get("letter") or ""
        context["letters"] = [
            {"letter": letter, "count": counts.get(letter, 0), "current": letter == chosen}
            for letter in INDEX_LETTERS
            if letter not in FOREIGN_LETTERS or counts.get(letter)
        ]
        context["letter_total"] = sum(counts.values())
        context["current_letter"] = chosen
        context["filterset"] = self.filterset
        return context


def chronological(positions: list[Position]) -> list[Position]:
    def key(p):
        begin, _end = p.span
        return (begin or datetime.date.max, p.latest_evidence or datetime.date.max, p.pk)

    return sorted(positions, key=key)


class PersonDetailView(PublicViewMixin, DetailView):
    queryset = (
        Person.objects.public().select_related("nationality").with_counts().with_detail_counts()
    )
    template_name = "people/person_detail.html"
    context_object_name = "person"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        positions = list(
            person.positions.public().select_related("agency__parent").with_attestations()
        )
        attach_attesting_articles(positions)
        positions = chronological(positions)
        published = person.mentions.filter(article__status=PUBLISHED).order_by(
            F("article__date").desc(), "-article__pk"
        )
        context.update(
            positions=positions,
            timeline=position_timeline(positions),
            interviews=published.filter(role="interviewee").select_related("article__publication")[
                :ARTICLES_SHOWN
            ],
            quotes=person.answer_openings()[:QUOTES_SHOWN],
            mentions=published.select_related("article__publication").prefetch_related(
                Prefetch("positions", queryset=Position.objects.select_related("agency__parent"))
            )[:ARTICLES_SHOWN],
            participations=person.participations.select_related(
                "conference__series", "position__agency__parent"
            ).order_by(F("conference__start_date").desc(nulls_last=True), "conference__name_vi"),
            co_mentioned=Person.objects.mentioned_with(person)[:CO_MENTIONS_SHOWN],
            all_articles_url=articles_url("person", person.slug),
            year_chart=mentions_chart(person.articles, articles_url("person", person.slug)),
            shown=ARTICLES_SHOWN,
        )
        return context


# --- agencies ----------------------------------------------------------------------------


@dataclass
class Node:
    agency: Agency
    children: list[Node]
    matched: bool = True


def agency_tree(agencies: list[Agency], matched: set[int] | None = None) -> list[Node]:
    """Nested nodes, siblings in name order. With ``matched``, only the matching agencies
    and, for context, their ancestors."""
    by_pk = {a.pk: a for a in agencies}
    keep = set(by_pk)
    if matched is not None:
        keep = set()
        for pk in matched:
            while pk in by_pk and pk not in keep:
                keep.add(pk)
                pk = by_pk[pk].parent_id
    children = defaultdict(list)
    for a in agencies:
        if a.pk in keep:
            children[a.parent_id if a.parent_id in keep else None].append(a)

    def build(parent_id, seen):
        return [
            Node(a, build(a.pk, seen | {a.pk}), matched is None or a.pk in matched)
            for a in by_display_name(children[parent_id])
            if a.pk not in seen
        ]

    return build(None, frozenset())


class AgencyListView(PublicViewMixin, FilterView):
    queryset = Agency.objects.public()
    filterset_class = AgencyFilter
    strict = False
    template_name = "people/agency_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agencies = list(Agency.objects.public().select_related("country").with_counts())
        kind = self.filterset.cleaned.get("kind")
        matched = set(self.object_list.values_list("pk", flat=True)) if kind else None
        counts = defaultdict(int)
        for a in agencies:
            counts[a.kind] += 1
        context.update(
            tree=agency_tree(agencies, matched),
            kind=kind,
            kind_label=dict(Agency.Kind.choices).get(kind, ""),
            matched_count=len(matched) if matched is not None else len(agencies),
            total=len(agencies),
            kinds=[
                {"value": value, "label": label, "count": counts[value], "current": value == kind}
                for value, label in Agency.Kind.choices
                if counts[value]
            ],
            filterset=self.filterset,
        )
        return context


class AgencyDetailView(PublicViewMixin, DetailView):
    queryset = Agency.objects.public().select_related("parent", "country").with_counts()
    template_name = "people/agency_detail.html"
    context_object_name = "agency"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agency = self.object
        positions = list(
            agency.positions.public()
            .filter(person__in=Person.objects.public())
            .select_related("person", "agency__parent")
            .with_attestations()
            .order_by("person__sort_key", "person__name", "start_date", "pk")
        )
        attach_attesting_articles(positions)
        context.update(
            ancestors=agency.ancestors(),
            children=by_display_name(agency.children.public().with_counts()),
            positions=positions,
            articles=newest(agency.articles),
            all_articles_url=articles_url("agency", agency.slug),
            year_chart=mentions_chart(agency.articles, articles_url("agency", agency.slug)),
            conferences=agency.conferences_organised.select_related("series").order_by(
                F("start_date").desc(nulls_last=True), "name_vi"
            ),
            series=agency.conference_series.all(),
            publications=agency.publications.all(),
            shown=ARTICLES_SHOWN,
        )
        return context


# --- countries and multilateral bodies -------------------------------------------------


class CountryListView(PublicViewMixin, ListView):
    queryset = Country.objects.public().with_counts()
    template_name = "people/country_list.html"
    context_object_name = "countries"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["countries"] = by_display_name(context["countries"])
        context["bodies"] = by_display_name(
            Body.objects.public().select_related("parent").with_counts()
        )
        return context


class CountryDetailView(PublicViewMixin, DetailView):
    queryset = Country.objects.public().with_counts()
    template_name = "people/country_detail.html"
    context_object_name = "country"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        country = self.object
        nationals = list(
            country.nationals.public().by_given_name().with_counts().with_positions()[:PEOPLE_SHOWN]
        )
        attach_attesting_articles(p for person in nationals for p in person.positions.all())
        agencies = list(
            Agency.objects.public()
            .of_country(country)
            .top_level_first(country)
            .select_related("parent")
            .with_child_count()[:AGENCIES_SHOWN]
        )
        context.update(
            articles=newest(country.articles),
            all_articles_url=articles_url("country", country.slug),
            year_chart=mentions_chart(country.articles, articles_url("country", country.slug)),
            # Those at the top of the country's tree, then those under them; each by name.
            agencies=sorted(
                by_display_name(agencies, lambda a: a.qualified_name), key=lambda a: not a.top_level
            ),
            nationals=nationals,
            nationals_url=list_url("people:person-list", nationality=country.code),
            conferences=country.conferences_named_alongside()[:CO_MENTIONS_SHOWN],
            shown=ARTICLES_SHOWN,
            people_shown=PEOPLE_SHOWN,
        )
        return context


class BodyDetailView(PublicViewMixin, DetailView):
    queryset = Body.objects.public().select_related("parent").with_counts()
    template_name = "people/body_detail.html"
    context_object_name = "body"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        body = self.object
        context.update(
            children=by_display_name(body.children.public().with_counts()),
            articles=newest(body.articles),
            all_articles_url=articles_url("body", body.slug),
            year_chart=mentions_chart(body.articles, articles_url("body", body.slug)),
            shown=ARTICLES_SHOWN,
        )
        return context
