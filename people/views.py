"""Public pages for officials, agencies, countries and multilateral bodies.

Articles, segments and conferences are reached through reverse relations (``person.mentions``,
``agency.articles``...): the people app does not import the apps built on it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from urllib.parse import urlencode

from django.db.models import Exists, F, Prefetch, Q
from django.urls import reverse
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from diplomacy_kb.charts import YearChart
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
    in_published,
)
from .timeline import position_timeline
from .tree import (
    TREE_CHILDREN_SHOWN,
    TREE_ROOTS_SHOWN,
    agency_outline,
    fold_tree,
    in_name_order,
    outline_rows,
    walk,
)

ARTICLES_SHOWN = 20  # the newest published articles on a detail page; a link leads to all
QUOTES_SHOWN = 10
PEOPLE_SHOWN = 50
AGENCIES_SHOWN = 50  # of a country's agencies, those at the top of its tree first
SUB_AGENCIES_SHOWN = 50  # on an agency's page, a page of the agencies under it
CO_MENTIONS_SHOWN = 10
# Named in this many published articles or more, an entity's newest are found by walking the
# list's index newest first (see ``published_first``).
WALK_FROM = 1000
FOREIGN_LETTERS = {"F", "J", "W", "Z"}  # listed in the index only when someone is there


def list_url(name: str, **params: str) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def articles_url(param: str, value: str) -> str:
    """The article list filtered by one entity: /articles/?person=bui-thanh-son."""
    return list_url("articles:list", **{param: value})


def mentions_chart(entity, link: str) -> YearChart | None:
    """The published articles naming an entity per year, from its ``year_tallies`` (kept
    by the database, see ``articles.models.YearTally``): a few rows, at any size of archive."""
    rows = entity.year_tallies.filter(articles__gt=0).values_list("year", "articles")
    return YearChart.build(list(rows), measure="mentions", link=link)


def published_first(article_count: int) -> Q | Exists:
    """How a list of an entity's mentions, newest article first, keeps to published
    articles: for an entity named in many, a join on the article's status, so the list's
    index (status, date) is walked newest first until the page is full; for one named in
    few, a correlated EXISTS, so its own mentions are read first and then sorted, rather
    than most of the index walked to find them."""
    return Q(article__status=PUBLISHED) if article_count >= WALK_FROM else in_published()


def newest(articles):
    """The newest published articles of a related manager, capped, with who speaks in each
    (``ArticleQuerySet.with_speakers``: two queries for the rows). A row shows an article's
    title, outlet and date, never its text."""
    return (
        articles.published()
        .newest_first()
        .select_related("publication")
        .defer("folded_text")
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
        person.answer_count, quotes = person.latest_answers(QUOTES_SHOWN)
        published = (
            person.mentions.filter(published_first(person.article_count))
            .order_by(F("article__date").desc(), "-article__pk")
            .defer("article__folded_text")
        )
        context.update(
            positions=positions,
            timeline=position_timeline(positions),
            quotes=quotes,
            interviews=published.filter(role="interviewee").select_related("article__publication")[
                :ARTICLES_SHOWN
            ],
            mentions=published.select_related("article__publication").prefetch_related(
                Prefetch("positions", queryset=Position.objects.select_related("agency__parent"))
            )[:ARTICLES_SHOWN],
            participations=person.participations.select_related(
                "conference__series", "position__agency__parent"
            ).order_by(F("conference__start_date").desc(nulls_last=True), "conference__name_vi"),
            co_mentioned=Person.objects.mentioned_with(person)[:CO_MENTIONS_SHOWN],
            all_articles_url=articles_url("person", person.slug),
            year_chart=mentions_chart(person, articles_url("person", person.slug)),
            shown=ARTICLES_SHOWN,
        )
        return context


# --- agencies ----------------------------------------------------------------------------


class AgencyListView(PublicViewMixin, ClampedPaginationMixin, FilterView):
    """The agency tree, folded (people/tree.py): a page of top-level agencies at a time."""

    queryset = Agency.objects.public()
    filterset_class = AgencyFilter
    strict = False
    template_name = "people/agency_list.html"
    paginate_by = TREE_ROOTS_SHOWN

    def get_context_data(self, **kwargs):
        # Every agency's names, kind and parent, to order the tree as the language sorts
        # names and count it; the rest, and the counts, only for the agencies drawn.
        agencies = outline_rows(Agency.objects.public())
        kind = self.filterset.cleaned.get("kind")
        # The filter's one field, applied to the rows already read.
        matched = {a.pk for a in agencies if a.kind == kind} if kind else None
        children = agency_outline(agencies, matched)
        kwargs["object_list"] = in_name_order(children[None])
        context = super().get_context_data(**kwargs)
        tree = fold_tree(context["object_list"], children, matched)
        nodes = list(walk(tree))
        full = (
            Agency.objects.filter(pk__in=[n.agency.pk for n in nodes])
            .select_related("country")
            .with_counts()
            .in_bulk()
        )
        for n in nodes:
            n.agency = full[n.agency.pk]
        counts = defaultdict(int)
        for a in agencies:
            counts[a.kind] += 1
        context.update(
            tree=tree,
            folded=any(n.more for n in nodes),
            children_shown=TREE_CHILDREN_SHOWN,
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


class AgencyDetailView(PublicViewMixin, ClampedPaginationMixin, DetailView):
    queryset = Agency.objects.public().select_related("parent", "country").with_page_counts()
    template_name = "people/agency_detail.html"
    context_object_name = "agency"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agency = self.object
        positions = list(
            agency.positions.public()
            .filter(person__in=Person.objects.public())
            .select_related("person")
            .with_attestations()
            .order_by("person__sort_key", "person__name", "start_date", "pk")
        )
        attach_attesting_articles(positions)
        context.update(
            ancestors=agency.ancestors(),
            positions=positions,
            articles=newest(agency.articles),
            all_articles_url=articles_url("agency", agency.slug),
            year_chart=mentions_chart(agency, articles_url("agency", agency.slug)),
            conferences=agency.conferences_organised.select_related("series").order_by(
                F("start_date").desc(nulls_last=True), "name_vi"
            ),
            series=agency.conference_series.all(),
            publications=agency.publications.all(),
            shown=ARTICLES_SHOWN,
        )
        context.update(self.sub_agencies(agency))
        return context

    def sub_agencies(self, agency: Agency) -> dict:
        """The agencies under ``agency`` in name order; past SUB_AGENCIES_SHOWN, a page of
        them at a time (?page=), with the counts read for that page only."""
        if not agency.child_count:
            return {"children": []}
        under = agency.children.public()
        if agency.child_count <= SUB_AGENCIES_SHOWN:
            return {"children": by_display_name(under.with_page_counts())}
        names = in_name_order(outline_rows(under))
        paginator, page, rows, is_paginated = self.paginate_queryset(names, SUB_AGENCIES_SHOWN)
        full = Agency.objects.filter(pk__in=[a.pk for a in rows]).with_page_counts().in_bulk()
        return {
            "children": [full[a.pk] for a in rows],
            "paginator": paginator,
            "page_obj": page,
            "is_paginated": is_paginated,
            "page_notice": self.page_notice,
        }


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
            year_chart=mentions_chart(country, articles_url("country", country.slug)),
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
            year_chart=mentions_chart(body, articles_url("body", body.slug)),
            shown=ARTICLES_SHOWN,
        )
        return context
