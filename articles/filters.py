"""The articles list's filters and the facet counts beside it.

Every filter lives in the query string, so any view a researcher reaches can be bookmarked
and shared. Entity filters take slugs and may repeat (``?person=a&person=b``: articles that
mention both); outlet and kind may repeat too (``?kind=interview&kind=report``: either).
A filter takes at most ``MAX_FILTER_VALUES`` values. A value the archive does not know, or
one past that limit, is ignored with a message, never an error.

However many values a filter has, it adds one condition to the query, not a join per value:
a join per value made sixteen agencies cost seconds and thirty-two break SQLite's limit of
64 tables in a join.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import django_filters
from django.db.models import Count, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import ExtractYear
from django.utils.functional import lazy
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from diplomacy_kb.filters import MAX_FILTER_VALUES, LimitedValuesMixin, shown, shown_list
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


class AnyOfMixin:
    """For a multiple choice filter: the rows matching any of the values, in one ``IN``
    condition on ``field_name`` (a column of the list's own table) rather than an ``OR``
    per value, and no ``DISTINCT``: the condition cannot repeat a row."""

    def filter(self, qs, value):
        values = list(value or ())
        return qs.filter(**{f"{self.field_name}__in": values}) if values else qs


class AnyOfFilter(AnyOfMixin, django_filters.MultipleChoiceFilter):
    pass


class AnyOfModelFilter(AnyOfMixin, django_filters.ModelMultipleChoiceFilter):
    pass


class EntityFilter(django_filters.ModelMultipleChoiceFilter):
    """Articles mentioning every chosen entity, chosen by slug.

    ``mentions`` is the model linking articles to the entity and ``field_name`` its foreign
    key to the entity. Whatever the number of values, the filter is one subquery on the
    mention table: for several values, its rows naming any of them, grouped by article,
    keeping the articles named in as many rows as there are values (an article mentions an
    entity once: ``<entity>_mention_unique``). A join per value made the query, and the
    database's work, grow with each value."""

    def __init__(self, *args, mentions, what, **kwargs):
        self.mentions = mentions
        kwargs.setdefault("to_field_name", "slug")
        kwargs["error_messages"] = _unknown(what)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        chosen = {entity.pk for entity in value or ()}
        if not chosen:
            return qs
        entity = self.field_name
        mentions = self.mentions.objects.order_by()
        if len(chosen) == 1:
            mentioning = mentions.filter(**{entity: chosen.pop()})
        else:
            mentioning = (
                mentions.filter(**{f"{entity}__in": chosen})
                .values("article")
                .annotate(found=Count("pk"))
                .filter(found=len(chosen))
            )
        return qs.filter(pk__in=mentioning.values("article"))


class ArticleFilter(LimitedValuesMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_text", label=_("Words"), validators=[validate_query]
    )
    publication = AnyOfModelFilter(
        field_name="publication",
        to_field_name="slug",
        queryset=Publication.objects.all(),
        label=_("Outlet"),
        error_messages=_unknown(_("outlet")),
    )
    kind = AnyOfFilter(
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
        mentions=PersonMention,
        field_name="person",
        queryset=Person.objects.public(),
        label=_("Official"),
        what=_("official"),
    )
    agency = EntityFilter(
        mentions=AgencyMention,
        field_name="agency",
        # A department's name gives its ministry's: read with it, not one query per value.
        queryset=Agency.objects.public().select_related("parent"),
        label=_("Agency"),
        what=_("agency"),
    )
    country = EntityFilter(
        mentions=CountryMention,
        field_name="country",
        queryset=Country.objects.public(),
        label=_("Country"),
        what=_("country"),
    )
    body = EntityFilter(
        mentions=BodyMention,
        field_name="body",
        queryset=Body.objects.public(),
        label=_("Multilateral body"),
        what=_("multilateral body"),
    )
    conference = EntityFilter(
        mentions=ConferenceMention,
        field_name="conference",
        queryset=Conference.objects.public(),
        label=_("Conference"),
        what=_("conference"),
    )
    document = EntityFilter(
        mentions=DocumentMention,
        field_name="document",
        queryset=Document.objects.public(),
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
                % {"values": shown_list(values)},
            )
            for name, values in self.repeated.items()
        ]
        out += [
            (
                str(self.filters[name].label),
                ngettext(
                    "at most %(max)s values apply, so the last one given was ignored: %(values)s.",
                    "at most %(max)s values apply, so the last %(count)s given were ignored: "
                    "%(values)s.",
                    len(values),
                )
                % {"max": MAX_FILTER_VALUES, "count": len(values), "values": shown_list(values)},
            )
            for name, values in self.capped.items()
        ]
        out += [
            (
                str(self.filters[name].label) if name in self.filters else name,
                " ".join(_quoted_safely(error) for error in errors),
            )
            for name, errors in self.form.errors.as_data().items()
        ]
        return out


def _quoted_safely(error) -> str:
    """A validation message with the value it rejects shortened: a 10,000-character value
    is quoted by its first characters, not in full."""
    params = dict(error.params or {})
    for key in ("value", "pk"):
        if isinstance(params.get(key), str):
            params[key] = shown(params[key])
    return str(error.message) % params if params else str(error.message)


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
