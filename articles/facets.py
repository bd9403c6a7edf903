"""The articles list's facets: the counts beside the list, by outlet, kind, year and each kind
of thing its articles name, each value a link that narrows the list (``articles.filters``).

Every count is exact, and none is made over the whole archive (see ``facets``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import CharField, F, QuerySet, Sum, Value
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .article_names import Counts, counts_by_id
from .models import (
    AgencyMention,
    Article,
    ArticleTally,
    BodyMention,
    ConferenceMention,
    CountryMention,
    DocumentMention,
    PersonMention,
    Publication,
)
from .search import id_set_sql
from .summary import published_count, published_ids


@dataclass
class FacetItem:
    value: str
    label: str
    count: int
    selected: bool = False
    href: str = ""  # the list with this value added (or, once selected, removed)


@dataclass
class Facet:
    param: str
    label: str
    items: list[FacetItem] = field(default_factory=list)
    truncated: bool = False  # more values exist than are shown
    expanded: bool = False  # showing the longer list (``?more=<param>``)
    counts: dict = field(default_factory=dict)  # the years': every one's count, for the chart

    @property
    def first(self) -> list[FacetItem]:
        """The values shown at once: the largest few, and any chosen one."""
        if self.expanded or len(self.items) <= FACET_FEW + 1:
            return self.items
        return [item for i, item in enumerate(self.items) if i < FACET_FEW or item.selected]

    @property
    def rest(self) -> list[FacetItem]:
        """The values folded under "Show n more", so the facets stay no taller than a short
        page of results."""
        shown = {id(item) for item in self.first}
        return [item for item in self.items if id(item) not in shown]


def _name(row: dict) -> str:
    """An entity's name from its row (``vi``, and ``en`` if it has one), in the page's
    language."""
    if row.get("en") and (get_language() or "").startswith("en"):
        return row["en"]
    return row["vi"]


MENTION_FACETS = [
    # (param, label, mention model, entity field, name fields (vi, en), order tie-breaker)
    ("person", _("Officials"), PersonMention, "person", ("name", None), "sort_key"),
    ("agency", _("Agencies"), AgencyMention, "agency", ("name_vi", "name_en"), "name_vi"),
    ("country", _("Countries"), CountryMention, "country", ("name_vi", "name_en"), "name_vi"),
    (
        "body",
        _("Multilateral bodies and agreements"),
        BodyMention,
        "body",
        ("name_vi", "name_en"),
        "name_vi",
    ),
    (
        "conference",
        _("Conferences"),
        ConferenceMention,
        "conference",
        ("name_vi", "name_en"),
        "name_vi",
    ),
    ("document", _("Documents"), DocumentMention, "document", ("name_vi", "name_en"), "name_vi"),
]

# The list's filters on what an article names.
MENTION_PARAMS = tuple(param for param, *_rest in MENTION_FACETS)

FACET_SIZE, EXPANDED_FACET_SIZE = 10, 100
FACET_FEW = 3  # values a facet shows before folding the rest (one more is never folded)
YEARS_SHOWN = 30


def facets(
    selected: dict[str, list[str]],
    *,
    ids: list[int] | None = None,
    others: list[int] | None = None,
    more: str | None = None,
    published: int | None = None,
    others_counted: Counts | None = None,
    counted: Counts | None = None,
) -> list[Facet]:
    """Counts of the current result set by each dimension.

    ``ids``: the published articles the list shows, or None for all of them (or for all
    but ``others``), counted by their ids; ``others``, if known, the published articles it
    does not show, and ``others_counted`` what the facets count of them, if read with them
    (``article_names.tally``). ``selected`` maps a parameter to the values already chosen,
    which are marked so the page can offer to remove them rather than add them again. Each
    facet shows its ``FACET_SIZE`` largest values; the one named by ``more`` shows up to
    ``EXPANDED_FACET_SIZE``. One row beyond the limit is read to tell whether there are
    more. ``published``: how many articles are published, if the caller knows. ``counted``:
    what the facets count of the list, if the caller has counted it (``articles.name_cells``,
    for a list filtered on its articles' kind, outlet, year or dates alone).

    Every count is exact, and none is made over the whole archive. For all the published
    articles the database keeps the counts (``articles.summary``). For fewer, each facet
    counts the given articles; but when they are most of the archive (a common word), it
    counts the others, fewer, and subtracts them from the kept counts.
    """

    def size_of(param: str) -> int:
        return EXPANDED_FACET_SIZE if param == more else FACET_SIZE

    if counted is not None:
        ids = others = None
    if published is None and others is None and ids is not None:
        published = published_count()
    if others is None and ids is not None and len(ids) > published // 2:
        others = list(set(published_ids()) - set(ids))

    everything = ids is None and others is None and counted is None
    if counted is not None:
        cells, named = counted
    elif everything:
        cells, named = _kept_cells(), {}
    elif others is not None:  # the kept counts less what the others count
        cells, named = others_counted or counts_by_id(others)
        cells = _kept_cells() - cells
    else:  # each looked up
        cells, named = counts_by_id(ids)
    out = _article_facets(cells, size_of)
    # The facets read from the kept counts, in one query. Less the others: of the
    # ``limit + len(less)`` most named, at least ``limit`` keep their count, and an entity
    # further down, named no more often than the last of those, ranks below it.
    limits = {param: size_of(param) + 1 for param in MENTION_PARAMS}
    if everything:
        kept = _kept_rows(limits)
    elif others is not None:
        kept = _kept_rows({p: n + len(named.get(p, {})) for p, n in limits.items()})
    else:  # every facet counted
        kept = {}
    ranked = _ranked({p: named.get(p, {}) for p in MENTION_PARAMS if p not in kept}, limits)
    for param, label, _mention, _entity, _names, _tie in MENTION_FACETS:
        limit = limits[param]
        if param in ranked:
            rows = ranked[param]
        elif others is not None:
            rows = _less(kept[param], named.get(param, {}), limit)
        else:
            rows = kept[param]
        items = [FacetItem(r["slug"], _name(r), r["n"]) for r in rows]
        out.append(Facet(param, label, items))

    for facet in out:
        limit = size_of(facet.param)
        facet.truncated = len(facet.items) > limit
        facet.expanded = facet.param == more
        del facet.items[limit:]
        chosen = set(selected.get(facet.param, []))
        for item in facet.items:
            item.selected = item.value in chosen
    return [facet for facet in out if facet.items]


def _kept_cells() -> Counter:
    """Published articles by (year, outlet id, kind): the kept counts, in one query of a few
    hundred rows at most."""
    rows = ArticleTally.objects.order_by().values_list("year", "publication_id", "kind")
    return Counter({cell[:-1]: cell[-1] for cell in rows.annotate(n=Sum("articles"))})


def _article_facets(cells: Counter, size_of) -> list[Facet]:
    """The outlets, kinds and years of the articles ``cells`` counts by (year, outlet id,
    kind)."""
    outlets, kinds, years = Counter(), Counter(), Counter()
    for (year, outlet, kind), n in cells.items():
        outlets[outlet] += n
        kinds[kind] += n
        years[year] += n
    named = Publication.objects.in_bulk([pk for pk, n in outlets.items() if n > 0])
    limit = size_of("publication") + 1
    outlets = sorted((-n, named[pk].name, named[pk].slug) for pk, n in outlets.items() if n > 0)
    labels = dict(Article.Kind.choices)
    return [
        Facet(
            "publication",
            _("Outlets"),
            [FacetItem(slug, name, -n) for n, name, slug in outlets[:limit]],
        ),
        Facet(
            "kind",
            _("Kind"),
            [
                FacetItem(kind, labels[kind], n)
                for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
                if n > 0
            ],
        ),
        Facet(
            "year",
            _("Years"),
            [
                FacetItem(str(year), str(year), n)
                for year, n in sorted(years.items(), reverse=True)
                if n > 0
            ][:YEARS_SHOWN],
            counts={year: n for year, n in years.items() if n > 0},
        ),
    ]


def _kept(mention, entity: str, tie: str) -> QuerySet:
    """The entities published articles name, most named first (``n``): from the kept
    counts."""
    model = mention._meta.get_field(entity).related_model
    return (
        model.objects.filter(tally__articles__gt=0)
        .annotate(n=F("tally__articles"))
        .order_by("-n", tie, "pk")
    )


KEPT_COLUMNS = ("pk", "slug", "n", "facet", "tie", "vi", "en")
_kept_sql: dict[tuple, tuple[str, list]] = {}  # built, by shape (see _kept_rows)


def _kept_rows(limits: dict[str, int]) -> dict[str, list[dict]]:
    """For each facet parameter in ``limits``, its entities most named by the published
    articles, at most that many, most named first: from the kept counts, in one query for
    them all (``KEPT_COLUMNS``; ``vi`` and ``en`` the names).

    Read in a query each, they cost more in building the SQL than in running it (about a
    millisecond each, on every list): the SQL of each shape (the facets, their limits) is
    built once per process, and the facets' reads are joined by UNION ALL, each
    in its own order."""
    if not limits:
        return {}
    key = (connection.vendor, tuple(sorted(limits.items())))
    built = _kept_sql.get(key)
    if built is None:
        parts, params = [], []
        for param, _label, mention, entity, (vi, en), tie in MENTION_FACETS:
            if param not in limits:
                continue
            rows = (
                _kept(mention, entity, tie)
                .annotate(
                    facet=Value(param),
                    tie=F(tie),
                    vi=F(vi),
                    en=F(en) if en else Value(None, output_field=CharField()),
                )
                .values(*KEPT_COLUMNS)[: limits[param]]
            )
            sql, part_params = rows.query.sql_with_params()
            parts.append(f"SELECT * FROM ({sql}) AS kept_{param}")
            params += part_params
        if len(_kept_sql) > 1000:  # the limits' shapes: a bound, not a leak
            _kept_sql.clear()
        built = _kept_sql[key] = (" UNION ALL ".join(parts), params)
    out: dict[str, list[dict]] = {param: [] for param in limits}
    with connection.cursor() as cursor:
        cursor.execute(*built)
        columns = [column[0] for column in cursor.description]
        for values in cursor.fetchall():
            row = dict(zip(columns, values, strict=True))
            out[row["facet"]].append(row)
    return out


def _ranked(counted: dict[str, dict[int, int]], limits: dict[str, int]) -> dict[str, list[dict]]:
    """For each facet parameter in ``counted``, the ``limits[param]`` entities its counts
    (by id) count most, with their names, in the list's order (most named first, then by
    name): one query for them all. Only those named at least as often as the
    ``limit``-th are read: the others cannot rank among them, whatever their names."""
    quote = connection.ops.quote_name
    parts, params, wanted = [], [], {}
    for param, _label, mention, entity, (vi, en), tie in MENTION_FACETS:
        counts, limit = counted.get(param), limits.get(param)
        if not counts:
            continue
        if len(counts) > limit:
            floor = sorted(counts.values(), reverse=True)[limit - 1]
            counts = {pk: n for pk, n in counts.items() if n >= floor}
        wanted[param] = counts
        model = mention._meta.get_field(entity).related_model
        column = {name: quote(model._meta.get_field(name).column) for name in (tie, vi, en) if name}
        ids_sql, ids_params = id_set_sql(list(counts))
        parts.append(
            f"SELECT %s, e.id, e.slug, e.{column[tie]}, e.{column[vi]}, "
            f"{f'e.{column[en]}' if en else 'CAST(NULL AS text)'} "
            f"FROM {quote(model._meta.db_table)} e WHERE e.id IN ({ids_sql})"
        )
        params += [param, *ids_params]
    out: dict[str, list[dict]] = {param: [] for param in counted}
    if parts:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for param, pk, slug, tie, vi, en in cursor.fetchall():
                row = {"pk": pk, "slug": slug, "tie": tie, "vi": vi, "en": en}
                out[param].append({**row, "n": wanted[param][pk]})
    for param, rows in out.items():
        rows.sort(key=lambda row: (-row["n"], row["tie"], row["pk"]))
        del rows[limits[param] :]
    return out


def _less(rows: list[dict], less: dict[int, int], limit: int) -> list[dict]:
    """The ``limit`` entities of ``rows`` (the kept counts) most named by every published
    article but the others, with their counts: the kept counts less ``less``, what the
    others name."""
    for row in rows:
        row["n"] -= less.get(row["pk"], 0)
    rows = [row for row in rows if row["n"] > 0]
    rows.sort(key=lambda row: (-row["n"], row["tie"], row["pk"]))
    return rows[:limit]
