"""The articles list's filters (its facets, the counts beside it: ``articles.facets``).

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

import django_filters
from django.db.models import Count
from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext
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
from .search import (
    Query,
    in_id_set,
    parse_query,
    validate_query,
)
from .summary import published_count
from .word_index import matched_or_unmatched

YEAR_MIN, YEAR_MAX = 1945, 2100
ARTICLE_ID = '"articles_article"."id"'  # the list's id column, for raw conditions on it


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


class ChosenField(django_filters.fields.ModelMultipleChoiceField):
    """The things chosen; none chosen is an empty list, not the model's ``QuerySet.none()``,
    whose every test for emptiness (``if value``) builds its SQL first: about 1.5 ms for each
    of the seven such filters on every list."""

    def clean(self, value):
        if not value and not self.required:
            return []
        return super().clean(value)


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
    field_class = ChosenField


class EntityFilter(django_filters.ModelMultipleChoiceFilter):
    """Articles mentioning every chosen entity, chosen by slug.

    ``mentions`` is the model linking articles to the entity and ``field_name`` its foreign
    key to the entity. Whatever the number of values, the filter is one subquery on the
    mention table: for several values, its rows naming any of them, grouped by article,
    keeping the articles named in as many rows as there are values (an article mentions an
    entity once: ``<entity>_mention_unique``). A join per value made the query, and the
    database's work, grow with each value."""

    field_class = ChosenField

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
        label=_("Multilateral body or agreement"),
        what=_("multilateral body or agreement"),
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
    # Once ``qs`` is read, the published articles the words match, or (when those are most
    # of the archive) the ones they do not: one of the two is set.
    matched: list[int] | None = None
    others: list[int] | None = None
    published: int | None = None  # how many articles are published, if it was asked
    others_counted = None  # what the facets count of the others, if read with them
    _words = None  # (the words, what they leave of a queryset): filtering again asks once

    class Meta:
        model = Article
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        """The search engine's matches: words, "phrases", -exclusions, diacritics ignored.

        ``validate_query`` has already set aside text with no word to look for. The engine
        is asked once; the ids it gives serve the count, the page and every facet."""
        if self._words is not None and self._words[0] == value:
            return self._words[1](queryset)
        restrict = self._words_restriction(value)
        self._words = (value, restrict)
        return restrict(queryset)

    def _words_restriction(self, value):
        """What the words ``value`` leave of a queryset, asking the engine once."""
        query = parse_query(value)
        if query.only_exclusions:  # "-covid": every article but those
            # The smaller side, as for words: the few left out, or (a common word) the few
            # left, which are the articles without the words.
            self.published = published_count()
            excluded = Query(raw=query.raw, required=query.excluded)
            found, fewer, counts = matched_or_unmatched(excluded, self.published)
            if fewer:
                self.others = found
                return lambda queryset: queryset.exclude(in_id_set(ARTICLE_ID, found))
            self.matched = found
            return lambda queryset: queryset.filter(in_id_set(ARTICLE_ID, found))
        if not query:
            return lambda queryset: queryset
        self.published = published_count()
        found, fewer, counts = matched_or_unmatched(query, self.published)
        if fewer:
            self.matched = found
            return lambda queryset: queryset.filter(in_id_set(ARTICLE_ID, found))
        # Most of the archive: the list is "all but the others", and they are counted.
        self.others, self.others_counted = found, counts
        return lambda queryset: queryset.exclude(in_id_set(ARTICLE_ID, found))

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
