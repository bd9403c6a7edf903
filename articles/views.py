import math
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, OuterRef, Prefetch, Value
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from diplomacy_kb.charts import YearChart
from diplomacy_kb.templatetags.kb import carried_params, changed_query
from diplomacy_kb.views import ClampedPaginationMixin, PublicViewMixin
from events.models import Conference, ConferenceSeries
from people.models import Agency, Body, Country, Person, Position, SubqueryCount

from .article_names import Counts, counts_by_id
from .facets import MENTION_PARAMS, facets
from .filters import ARTICLE_ID, ArticleFilter
from .models import (
    AgencyMention,
    AgencyTally,
    Article,
    BodyMention,
    BodyTally,
    ConferenceMention,
    ConferenceTally,
    CountryMention,
    Document,
    DocumentMention,
    DocumentTally,
    PersonMention,
    PersonTally,
    Segment,
)
from .name_cells import Cells, plus
from .search import highlight, in_id_set, parse_query, search
from .search_index import article_text
from .summary import counts_by, published_count


class HomeView(PublicViewMixin, TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        published = Article.objects.published()
        # The counts come from the rows the database keeps for them (articles.summary), not
        # from counting the whole archive at every visit.
        by_year = counts_by("year")
        context.update(
            article_count=published_count(),
            latest=published.select_related("publication").with_speakers().newest_first()[:8],
            years=[
                {"y": row["year"], "n": row["n"]}
                for row in sorted(by_year, key=lambda row: -row["year"])
            ],
            year_chart=YearChart.build(
                [(row["year"], row["n"]) for row in by_year], link=reverse("articles:list")
            ),
            series=ConferenceSeries.objects.annotate(
                n=SubqueryCount(Conference.objects.public().filter(series=OuterRef("pk")))
            ).order_by("name_vi"),
            officials=most_named(Person.objects.all(), "sort_key")[:10],
            agencies=most_named(Agency.objects.all(), "name_vi")[:10],
            countries=most_named(Country.objects.all(), "name_vi")[:8],
            bodies=most_named(Body.objects.exclude(kind=Body.Kind.AGREEMENT), "name_vi")[:8],
            agreements=most_named(Body.objects.filter(kind=Body.Kind.AGREEMENT), "name_vi")[:8],
            counts={
                "people": Person.objects.public().count(),
                "conferences": Conference.objects.public().count(),
                "agencies": Agency.objects.public().count(),
            },
        )
        return context


def most_named(entities, tie: str):
    """The entities published articles name most, with ``n``: in how many."""
    return (
        entities.filter(tally__articles__gt=0).annotate(n=F("tally__articles")).order_by("-n", tie)
    )


# Up to this many articles, a filtered list's page is read by id (ArticleListView.by_ids).
FEW_IDS = 5000
# The list's orders by date (``newest_first``, ``ArticleFilter.filter_sort``): newest, oldest.
BY_DATE = (("-date", "-pk"), ("date", "pk"))


class ArticleListView(PublicViewMixin, ClampedPaginationMixin, FilterView):
    filterset_class = ArticleFilter
    template_name = "articles/article_list.html"
    context_object_name = "articles"
    strict = False  # a bad filter value is ignored and explained, the rest still applies

    def get_queryset(self):
        return self.listed(Article.objects.published()).newest_first()

    @staticmethod
    def listed(articles):
        """``articles`` with what a row of the list shows besides them: outlet, speakers."""
        return articles.select_related("publication").with_speakers()

    def paginate_queryset(self, queryset, page_size):
        # The articles shown, read once for the count and the facets: all of them (whose
        # count the database keeps), or the ids the filters leave (the words' matches as the
        # engine gave them, when they are the only filter).
        filterset = self.filterset
        data = filterset.form.cleaned_data if filterset.is_bound else {}
        self.ids = self.others = self.others_counted = self.counted = None
        if not filtering(data):
            total = published_count()
        else:
            words_only = not filtering(data, besides="q")
            cells = Cells.of(data)
            if cells is not None:  # kind, outlet, year, dates: summed from the kept counts
                self.counted = self.cells_counted(queryset, cells)
                total = sum(self.counted[0].values())
            if words_only and filterset.others is not None:  # all but a few: count those
                self.others, self.others_counted = filterset.others, filterset.others_counted
                total = filterset.published - len(self.others)
            elif filterset.others is not None and self.cells_less(data, filterset.others):
                total = sum(self.counted[0].values())
            elif cells is None or total <= FEW_IDS:
                in_order, ordering = None, tuple(queryset.query.order_by)
                if words_only and filterset.matched is not None:
                    self.ids = filterset.matched
                elif self.by_mentions(data) and ordering in BY_DATE:
                    newest = ordering == BY_DATE[0]
                    self.ids, in_order = self.ids_by_date(queryset, data, newest=newest)
                else:
                    self.ids = list(self.ids_query(queryset, data).values_list("pk", flat=True))
                total = len(self.ids)
                if total <= FEW_IDS or in_order is not None:
                    rows = self.listed(Article.objects.published_looked_up())
                    articles = PickedPage(self.by_ids(queryset), rows, total, in_order)
                    return super().paginate_queryset(articles, page_size)
        # Many articles, their count known already: a page's ids read along the list's index
        # (its columns alone), then those rows. Read whole in one query, every row skipped
        # to reach a page far down was read whole too: page 500 took 0.7 s at 100,000.
        rows = self.listed(Article.objects.published_looked_up())
        return super().paginate_queryset(PickedPage(queryset, rows, total), page_size)

    @staticmethod
    def cells_counted(queryset, cells: Cells) -> Counts:
        """What the facets count of the list ``queryset`` of the ``cells``' filters: their
        whole years summed from the kept counts, and the articles in part years (a range of
        dates' ends) counted by their ids."""
        counted = cells.counted()
        edges = [
            pk
            for part in cells.part_years()
            for pk in queryset.filter(part).order_by().values_list("pk", flat=True)
        ]
        return plus(counted, counts_by_id(edges)) if edges else counted

    def cells_less(self, data, others: list[int]) -> bool:
        """For words most articles hold and filters on the articles' own columns (kind,
        outlet, year, dates covering whole years): what the facets count, the cells summed
        less the few the words leave out (``others``) in them, in ``counted``. False, and
        nothing set, for other filters."""
        cells = Cells.of(data, besides=("q",))
        if cells is None or cells.part_years():
            return False
        self.counted = plus(cells.counted(), counts_by_id(others, cells.holds), sign=-1)
        return True

    def ids_query(self, queryset, data):
        """The query for the ids of the articles the filters leave. When they name an
        official, a conference or another thing named, its mentions find the few, each then
        looked up (``published_looked_up``)."""
        if not self.by_mentions(data):
            return queryset.order_by()
        return self.filterset.filter_queryset(Article.objects.published_looked_up()).order_by()

    @staticmethod
    def by_mentions(data) -> bool:
        """Whether the filters name an official, a conference or another thing named."""
        return any(data.get(name) for name in MENTION_PARAMS)

    def ids_by_date(self, queryset, data, *, newest: bool) -> tuple[list[int], list[int]]:
        """The ids of the articles the filters leave, found through the mentions; and the
        same in the list's order by date (newest or oldest first, ties by id, as
        ``BY_DATE``), sorted here. Read with their dates (on PostgreSQL from
        ``article_id_status``, which holds them), a page's ids then need no query of their
        own, which passed an official's 2,500 ids back to sort them (or, for a country's
        12,000, tested each article along the list's index against them all)."""
        dated = list(self.ids_query(queryset, data).values_list("date", "pk"))
        return [pk for _date, pk in dated], [pk for _date, pk in sorted(dated, reverse=newest)]

    def by_ids(self, queryset):
        """A few articles, by their ids, sorted as the list (``PickedPage`` reads a page's
        ids from it). With the filters' own conditions, PostgreSQL may walk the list's date
        index from the newest article on, testing each for the filter, and so read most of
        the archive for a rare one."""
        ordering = queryset.query.order_by
        return self.get_queryset().filter(in_id_set(ARTICLE_ID, self.ids)).order_by(*ordering)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = context["filter"]
        if filterset.capped:
            # The page's links (remove, add, pages) start from the address as applied: less
            # the values past the limit, which would otherwise move up and apply.
            self.request.GET = filterset.within_limits
        data = filterset.form.cleaned_data if filterset.is_bound else {}
        selected = {
            name: [getattr(v, "slug", v) for v in (data.get(name) or [])]
            for name in ("publication", *MENTION_PARAMS)
        }
        selected["kind"] = list(data.get("kind") or [])
        if data.get("year"):
            selected["year"] = [str(int(data["year"]))]
        # The articles found are counted by their ids (a lookup each in their names' rows):
        # the filters' own conditions may read the whole archive to find a busy official's
        # few thousand. Filters on the article's own columns alone are summed by cell.
        context["facets"] = facets(
            selected,
            ids=self.ids,
            others=self.others,
            more=self.request.GET.get("more"),
            published=filterset.published,
            others_counted=self.others_counted,
            counted=self.counted,
        )
        link_facets(context["facets"], carried_params(self.request, filterset))
        # The chart of the articles listed, from the year facet's counts: no query of its own.
        years = next((f.counts for f in context["facets"] if f.param == "year"), {})
        context["year_chart"] = YearChart.build(
            years.items(), link=self.list_url_without_year(filterset)
        )
        context["active"] = active_filters(data)
        context["ignored"] = filterset.ignored if filterset.is_bound else []
        context["kinds"] = Article.Kind.choices
        context["selected_kinds"] = selected["kind"]
        context["sorts"] = filterset.filters["sort"].extra["choices"]
        context["sort"] = data.get("sort") or "newest"
        context["per_page"] = self.get_paginate_by(None) if "per_page" in self.request.GET else None
        # The filters are folded on a phone, so that the first result shows on the first
        # screen; open when the reader asked for a longer facet or has a value to correct.
        context["filters_open"] = bool(self.request.GET.get("more")) or bool(
            filterset.is_bound and filterset.form.errors
        )
        return context

    def list_url_without_year(self, filterset) -> str:
        """This list's address less its year and page, with only what its links carry (no
        junk an address was padded with): the chart's years add their own."""
        params = carried_params(self.request, filterset)
        for name in ("year", "page", "more"):
            params.pop(name, None)
        query = params.urlencode()
        return f"{reverse('articles:list')}?{query}" if query else reverse("articles:list")


class PickedPage:
    """A list's ``total`` articles for the paginator, each page read in two steps: its ids
    first, from ``in_order`` when every id is known in the list's order, else from
    ``articles`` (sorted as the list) by the columns of an index alone (PostgreSQL's
    ``article_id_status`` holds the date and status beside the id), then those rows whole,
    from ``rows``. Read whole and then sorted, an official's 2,500 articles cost 2,500 wide
    rows for a page of 20."""

    def __init__(self, articles, rows, total: int, in_order: list[int] | None = None):
        # Not named "ordered": the paginator reads that attribute (a queryset's) if it exists.
        self.articles, self.rows, self.total = articles, rows, total
        # The ids sorted as the list, if known (all, or the first few): no first step for a
        # page among them.
        self.in_order = in_order

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, key: slice):
        if self.in_order is not None and key.stop <= len(self.in_order):
            ids = self.in_order[key]
        else:
            ids = list(self.articles.values_list("pk", flat=True)[key])
        return self.rows.filter(pk__in=ids).order_by(*self.articles.query.order_by)


def link_facets(facets, carried) -> None:
    """Set each facet value's link: the list with the value added (a year or a kind, which
    are one at a time: set), or, once selected, removed; the other parameters ``carried``.
    Here once for the page's hundred-odd values, rather than a template tag each."""
    url = reverse("articles:list")
    for facet in facets:
        action = "set" if facet.param in ("year", "kind") else "add"
        for item in facet.items:
            change = ("remove" if item.selected else action, facet.param, item.value)
            item.href = url + changed_query(carried, [change])


def filtering(data: dict, besides: str | None = None) -> bool:
    """Whether a filter (other than ``besides``) is in force; the sort order is not one."""
    return any(value for name, value in data.items() if name not in ("sort", besides))


@dataclass(frozen=True)
class ActiveFilter:
    """A filter in force. ``value`` is None for a one-value filter (year, dates, words):
    removing it drops the parameter whatever the address spelt (" 2016", "2016.0")."""

    param: str
    label: str
    value: str | None = None


def active_filters(data: dict) -> list[ActiveFilter]:
    """Every filter in force, to show and to offer for removal."""
    out = []
    for name in ("publication", "person", "agency", "country", "body", "conference", "document"):
        for obj in data.get(name) or []:
            label = obj.name if isinstance(obj, Person) else getattr(obj, "display_name", str(obj))
            out.append(ActiveFilter(name, label, obj.slug))
    kinds = dict(Article.Kind.choices)
    out += [ActiveFilter("kind", kinds[kind], kind) for kind in data.get("kind") or []]
    if data.get("year"):
        out.append(ActiveFilter("year", str(int(data["year"]))))
    for name in ("date_from", "date_to"):
        if data.get(name):
            label = _("from %(date)s") if name == "date_from" else _("to %(date)s")
            out.append(ActiveFilter(name, label % {"date": data[name].isoformat()}))
    if data.get("q"):
        out.append(ActiveFilter("q", f"“{data['q']}”"))
    return out


class ArticleDetailView(PublicViewMixin, DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_articles(self):
        """The articles this page may show: the published ones (the staff preview adds drafts)."""
        return Article.objects.published()

    def get_queryset(self):
        positions = Position.objects.select_related("agency__parent")
        return (
            self.get_articles()
            .select_related("publication")
            .prefetch_related(
                Prefetch("segments", queryset=Segment.objects.select_related("speaker")),
                Prefetch(
                    "person_mentions",
                    queryset=PersonMention.objects.select_related("person").prefetch_related(
                        Prefetch("positions", queryset=positions)
                    ),
                ),
                Prefetch(
                    "agency_mentions", queryset=AgencyMention.objects.select_related("agency")
                ),
                Prefetch(
                    "country_mentions", queryset=CountryMention.objects.select_related("country")
                ),
                Prefetch("body_mentions", queryset=BodyMention.objects.select_related("body")),
                Prefetch(
                    "conference_mentions",
                    queryset=ConferenceMention.objects.select_related("conference__series"),
                ),
                Prefetch(
                    "document_mentions",
                    queryset=DocumentMention.objects.select_related("document"),
                ),
                "corrections",
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        titles = {m.person_id: list(m.positions.all()) for m in article.person_mentions.all()}
        # (segment, titles of its speaker on the article's date, whether it opens an answer):
        # every answer names its speaker, not only the first of the interview, so a reader
        # who arrives at #a3 from a quote sees who speaks.
        rows, previous = [], None
        for segment in article.segments.all():
            opens = segment.kind == Segment.Kind.ANSWER and not (
                previous is not None
                and previous.kind == Segment.Kind.ANSWER
                and previous.speaker_id == segment.speaker_id
            )
            rows.append((segment, titles.get(segment.speaker_id, []), opens))
            previous = segment
        context["segments"] = rows
        context["related"] = related_articles(article)
        return context


# What relates one article to another: the things both name, kind by kind, as (the relation
# from an article to its mentions, the mention model, its field naming the thing, the
# thing's kept counts). Countries are left out: nearly every article names Viet Nam.
RELATED_KINDS = (
    ("person_mentions", PersonMention, "person", PersonTally),
    ("agency_mentions", AgencyMention, "agency", AgencyTally),
    ("body_mentions", BodyMention, "body", BodyTally),
    ("conference_mentions", ConferenceMention, "conference", ConferenceTally),
    ("document_mentions", DocumentMention, "document", DocumentTally),
)
# Per thing the article names, how many other published articles naming it are looked at.
RELATED_SAMPLE = 200


def related_articles(article: Article, *, size: int = 5) -> list[Article]:
    """Published articles that name the same rare things as ``article``, best first.

    The rule: every person, agency, body, conference and document the article names weighs
    its rarity, ``log(1 + P / n)`` where ``P`` is the number of published articles and ``n``
    the number naming the thing (their kept counts, ``tally``): a thing named by half the
    archive weighs 1.1, one named by five articles of 100,000 weighs 9.9. Of the other
    published articles naming each thing, only the ``RELATED_SAMPLE`` added last (the highest
    ids) are looked at, so the work is bounded whatever the thing's fame (a thing named by
    fewer is looked at whole). Each article looked at scores the weights of the things it was
    found through; the best ``size`` are shown, ties going to the one added last.

    Four queries whatever the archive's size: the things' counts, ``P``, the samples (one
    query, see ``latest_naming``) and the winners.
    """
    named = {
        kind: [getattr(m, f"{field}_id") for m in getattr(article, relation).all()]
        for kind, (relation, _model, field, _tally) in enumerate(RELATED_KINDS)
    }
    named = {kind: ids for kind, ids in named.items() if ids}
    if not named:
        return []
    tallies = [
        RELATED_KINDS[kind][3]
        .objects.filter(pk__in=ids)
        .order_by()
        .annotate(kind=Value(kind), thing=F("pk"), n=F("articles"))
        .values_list("kind", "thing", "n")
        for kind, ids in named.items()
    ]
    first, *rest = tallies
    total = published_count()
    # What no published article names (a draft's new official) relates nothing.
    weight = {
        (kind, pk): math.log(1 + total / n) for kind, pk, n in first.union(*rest, all=True) if n
    }
    scores: defaultdict[int, float] = defaultdict(float)
    for kind, pk, other in latest_naming(list(weight), but=article.pk, limit=RELATED_SAMPLE):
        scores[other] += weight[(kind, pk)]
    best = sorted(scores, key=lambda pk: (-scores[pk], -pk))[:size]
    found = Article.objects.select_related("publication").in_bulk(best)
    return [found[pk] for pk in best if pk in found]


def latest_naming(things: list[tuple[int, int]], *, but: int, limit: int) -> list[tuple]:
    """For each (kind, pk) of ``things`` (a kind: an index of ``RELATED_KINDS``), the
    published articles naming it but ``but``, the ``limit`` of highest id: rows (kind, pk,
    article id), in one query.

    A union of one limited read of a mention index per thing, written out because the ORM
    builds each member at a cost that outweighs the read, and SQLite takes a limited
    member of a union only inside a subquery."""
    if not things:
        return []
    qn = connection.ops.quote_name
    articles = qn(Article._meta.db_table)
    members, params = [], []
    for kind, pk in things:
        _relation, model, field, _tally = RELATED_KINDS[kind]
        column = qn(model._meta.get_field(field).column)
        members.append(
            f"SELECT %s, %s, s.article_id FROM (SELECT m.article_id FROM "
            f"{qn(model._meta.db_table)} m WHERE m.{column} = %s AND m.article_id <> %s "
            f"AND EXISTS (SELECT 1 FROM {articles} a WHERE a.id = m.article_id AND "
            f"a.status = %s) ORDER BY m.article_id DESC LIMIT %s) s"
        )
        params += [kind, pk, pk, but, Article.Status.PUBLISHED, limit]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(members), params)
        return cursor.fetchall()


class DocumentDetailView(PublicViewMixin, DetailView):
    queryset = Document.objects.public().select_related("issuer", "conference")
    template_name = "articles/document_detail.html"
    context_object_name = "document"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["articles"] = (
            Article.objects.published()
            .filter(document_mentions__document=self.object)
            .select_related("publication")
            .newest_first()[:20]
        )
        return context


SEARCH_GROUPS = [
    # (kind, heading, loader of the hits' objects), in the order the results page shows them
    (
        "article",
        _("Articles"),
        lambda ids: Article.objects.select_related("publication").in_bulk(ids),
    ),
    (
        "answer",
        _("Interview answers"),
        lambda ids: Segment.objects.select_related("speaker", "article__publication").in_bulk(ids),
    ),
    ("person", _("Officials"), lambda ids: Person.objects.in_bulk(ids)),
    (
        "conference",
        _("Conferences and events"),
        lambda ids: Conference.objects.select_related("series").in_bulk(ids),
    ),
    (
        "series",
        _("Conference series"),
        lambda ids: ConferenceSeries.objects.select_related("organiser").in_bulk(ids),
    ),
    ("agency", _("Agencies"), lambda ids: Agency.objects.select_related("parent").in_bulk(ids)),
    ("country", _("Countries"), lambda ids: Country.objects.in_bulk(ids)),
    ("body", _("Multilateral bodies and agreements"), lambda ids: Body.objects.in_bulk(ids)),
    ("document", _("Policy documents"), lambda ids: Document.objects.in_bulk(ids)),
]


class SearchView(PublicViewMixin, TemplateView):
    """Results grouped by kind: articles, interview answers, officials, conferences, ..."""

    template_name = "articles/search.html"
    per_kind = 10

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = parse_query(self.request.GET.get("q", ""))
        results = search(query, per_kind=self.per_kind)
        groups = []
        for kind, label, load in SEARCH_GROUPS:
            hits = results.hits.get(kind, [])
            if not hits:
                continue
            objects = load([hit.object_id for hit in hits])
            for hit in hits:
                hit.obj = objects.get(hit.object_id)
                if kind == "article" and hit.obj is not None:
                    # The English summary, indexed after the text, is shown apart, in English.
                    text = article_text(hit.body, hit.obj.summary_en)
                    hit.snippet = highlight(text, query)
                    summary = hit.obj.summary_shown
                    hit.summary = highlight(summary, query) if summary else ""
                elif kind in ("article", "answer"):
                    hit.snippet = highlight(hit.body, query)
            groups.append(
                {
                    "kind": kind,
                    "label": label,
                    "count": results.counts.get(kind, 0),
                    "hits": [hit for hit in hits if hit.obj is not None],
                }
            )
        context.update(query=query, q=query.raw, results=results, groups=groups)
        return context
