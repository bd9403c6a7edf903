"""The articles list's filters and the facet counts beside it.

Every filter lives in the query string, so any view a researcher reaches can be bookmarked
and shared. Entity filters take slugs and may repeat (``?person=a&person=b``: articles that
mention both). A value the archive does not know is ignored with a message, never an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import django_filters
from django.db.models import Count, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import ExtractYear
from django.utils.functional import lazy
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from diplomacy_kb.filters import SingleValuedMixin, shown
from events.models import Conference
from people.models import Agency, Body, Country, Person

from .models import (
    AgencyMention,
    Article,
    BodyMention,
    ConferenceMention,
    CountryMention,
    Document,
    DocumentMention,
    PersonMention,
    Publication,
)
from .search import Query, article_ids_sql, parse_query, validate_query

YEAR_MIN, YEAR_MAX = 1945, 2100


def _percent_format(message, values) -> str:
    return str(message) % values


# Formats when shown, in the language of the request (not of the first import).
_percent_format_lazy = lazy(_percent_format, str)


def _unknown(what):
    return {
        "invalid_choice": _percent_format_lazy(
            _("The archive has no %(what)s “%%(value)s”."), {"what": what}
        ),
        "invalid_pk_value": _("“%(pk)s” is not a valid value."),
        "invalid_list": _("Enter a list of values."),
    }


class EntityFilter(django_filters.ModelMultipleChoiceFilter):
    """Articles mentioning every chosen entity, chosen by slug.

    django-filter filters on ``field_name = <the object's to_field_name>``, so ``field_name``
    ends in ``__slug``."""

    def __init__(self, *args, what, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("conjoined", True)
        kwargs.setdefault("distinct", True)
        kwargs["error_messages"] = _unknown(what)
        super().__init__(*args, **kwargs)


class ArticleFilter(SingleValuedMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_text", label=_("Words"), validators=[validate_query]
    )
    publication = django_filters.ModelMultipleChoiceFilter(
        field_name="publication__slug",
        to_field_name="slug",
        queryset=Publication.objects.all(),
        label=_("Outlet"),
        error_messages=_unknown(_("outlet")),
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=Article.Kind.choices,
        label=_("Kind"),
        error_messages={"invalid_choice": _("“%(value)s” is not a kind of article.")},
    )
    year = django_filters.NumberFilter(
        field_name="date__year",
        label=_("Year"),
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        error_messages={"invalid": _("Write the year as four digits, e.g. 2016.")},
    )
    date_from = django_filters.DateFilter(
        field_name="date",
        lookup_expr="gte",
        label=_("From"),
        error_messages={"invalid": _("Write the date as YYYY-MM-DD, e.g. 2016-08-21.")},
    )
    date_to = django_filters.DateFilter(
        field_name="date",
        lookup_expr="lte",
        label=_("To"),
        error_messages={"invalid": _("Write the date as YYYY-MM-DD, e.g. 2016-08-26.")},
    )
    person = EntityFilter(
        field_name="person_mentions__person__slug",
        queryset=Person.objects.all(),
        label=_("Official"),
        what=_("official"),
    )
    agency = EntityFilter(
        field_name="agency_mentions__agency__slug",
        queryset=Agency.objects.all(),
        label=_("Agency"),
        what=_("agency"),
    )
    country = EntityFilter(
        field_name="country_mentions__country__slug",
        queryset=Country.objects.all(),
        label=_("Country"),
        what=_("country"),
    )
    body = EntityFilter(
        field_name="body_mentions__body__slug",
        queryset=Body.objects.all(),
        label=_("Multilateral body"),
        what=_("multilateral body"),
    )
    conference = EntityFilter(
        field_name="conference_mentions__conference__slug",
        queryset=Conference.objects.all(),
        label=_("Conference"),
        what=_("conference"),
    )
    document = EntityFilter(
        field_name="document_mentions__document__slug",
        queryset=Document.objects.all(),
        label=_("Document"),
        what=_("document"),
    )
    sort = django_filters.ChoiceFilter(
        method="filter_sort",
        label=_("Sort by"),
        empty_label=None,
        choices=[
            ("newest", _("newest first")),
            ("oldest", _("oldest first")),
            ("title", _("title")),
        ],
        error_messages={"invalid_choice": _("“%(value)s” is not a sort order.")},
    )

    # One value each: a second, different value is ignored with a message, not guessed at.
    single_valued = ("q", "year", "date_from", "date_to", "sort")

    class Meta:
        model = Article
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        """The search engine's matches: words, "phrases", -exclusions, diacritics ignored.

        ``validate_query`` has already set aside text with no word to look for."""
        query = parse_query(value)
        if query.only_exclusions:  # "-covid": every article but those
            sql, params = article_ids_sql(Query(raw=query.raw, required=query.excluded))
            return queryset.exclude(pk__in=RawSQL(sql, params))
        if not query:
            return queryset
        sql, params = article_ids_sql(query)
        return queryset.filter(pk__in=RawSQL(sql, params))

    def filter_sort(self, queryset, name, value):
        if value == "oldest":
            return queryset.order_by("date", "pk")
        if value == "title":
            return queryset.order_by("title", "pk")
        return queryset.order_by("-date", "-pk")

    @property
    def ignored(self) -> list[tuple[str, str]]:
        """(filter label, what is wrong) for each value that was ignored."""
        out = [
            (
                str(self.filters[name].label),
                gettext(
                    "given more than once (%(values)s), so ignored: choose one value at a time."
                )
                % {"values": ", ".join(f"“{shown(v)}”" for v in values[:3])},
            )
            for name, values in self.repeated.items()
        ]
        out += [
            (str(self.filters[name].label) if name in self.filters else name, " ".join(errors))
            for name, errors in self.errors.items()
        ]
        return out


# --- facets ------------------------------------------------------------------------------


@dataclass
class FacetItem:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    param: str
    label: str
    items: list[FacetItem] = field(default_factory=list)
    truncated: bool = False  # more values exist than are shown
    expanded: bool = False  # showing the longer list (``?more=<param>``)


def _name(row: dict, vi: str, en: str | None) -> str:
    if en and (get_language() or "").startswith("en") and row.get(en):
        return row[en]
    return row[vi]


MENTION_FACETS = [
    # (param, label, mention model, entity field, name fields (vi, en), order tie-breaker)
    ("person", _("Officials"), PersonMention, "person", ("name", None), "person__sort_key"),
    ("agency", _("Agencies"), AgencyMention, "agency", ("name_vi", "name_en"), "agency__name_vi"),
    (
        "country",
        _("Countries"),
        CountryMention,
        "country",
        ("name_vi", "name_en"),
        "country__name_vi",
    ),
    (
        "body",
        _("Multilateral bodies"),
        BodyMention,
        "body",
        ("name_vi", "name_en"),
        "body__name_vi",
    ),
    (
        "conference",
        _("Conferences"),
        ConferenceMention,
        "conference",
        ("name_vi", "name_en"),
        "conference__name_vi",
    ),
    (
        "document",
        _("Documents"),
        DocumentMention,
        "document",
        ("name_vi", "name_en"),
        "document__name_vi",
    ),
]


FACET_SIZE, EXPANDED_FACET_SIZE = 10, 100


def facets(
    articles: QuerySet, selected: dict[str, list[str]], *, more: str | None = None
) -> list[Facet]:
    """Counts of the current result set by each dimension (one aggregate query each).

    ``selected`` maps a parameter to the values already chosen, which are marked so the
    page can offer to remove them rather than add them again. Each facet shows its
    ``FACET_SIZE`` largest values; the one named by ``more`` shows up to
    ``EXPANDED_FACET_SIZE``. One row beyond the limit is read to tell whether there are more.
    """
    ids = articles.order_by().values("pk")
    out: list[Facet] = []

    def size_of(param: str) -> int:
        return EXPANDED_FACET_SIZE if param == more else FACET_SIZE

    size = size_of("publication")

    rows = (
        Article.objects.filter(pk__in=ids)
        .values("publication__slug", "publication__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "publication__name")[: size + 1]
    )
    out.append(
        Facet(
            "publication",
            _("Outlets"),
            [FacetItem(r["publication__slug"], r["publication__name"], r["n"]) for r in rows],
        )
    )
    kinds = dict(Article.Kind.choices)
    rows = Article.objects.filter(pk__in=ids).values("kind").annotate(n=Count("pk")).order_by("-n")
    out.append(
        Facet("kind", _("Kind"), [FacetItem(r["kind"], kinds[r["kind"]], r["n"]) for r in rows])
    )
    rows = (
        Article.objects.filter(pk__in=ids)
        .annotate(y=ExtractYear("date"))
        .values("y")
        .annotate(n=Count("pk"))
        .order_by("-y")[:30]
    )
    out.append(
        Facet("year", _("Years"), [FacetItem(str(r["y"]), str(r["y"]), r["n"]) for r in rows])
    )

    for param, label, model, entity, (vi, en), tie in MENTION_FACETS:
        values = [f"{entity}__slug", f"{entity}__{vi}"] + ([f"{entity}__{en}"] if en else [])
        rows = (
            model.objects.filter(article__in=ids)
            .values(*values)
            .annotate(n=Count("article", distinct=True))
            .order_by("-n", tie)[: size_of(param) + 1]
        )
        items = [
            FacetItem(
                r[f"{entity}__slug"],
                _name(r, f"{entity}__{vi}", f"{entity}__{en}" if en else None),
                r["n"],
            )
            for r in rows
        ]
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
