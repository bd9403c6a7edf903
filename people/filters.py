"""Filters of the officials index and the agency tree.

Every filter lives in the query string, so a view can be bookmarked and shared. A value the
archive does not know, one too long to mean anything, or a filter given more than once is
ignored with a message that says so (django-filter without ``strict``), never an error.
"""

from __future__ import annotations

from dataclasses import dataclass

import django_filters
from django.db.models import Exists, Max, OuterRef
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from diplomacy_kb.text import NameOrder, name_sort_key

from .models import INDEX_LETTERS, Agency, Country, Person, Position

MAX_VALUE = 200  # no slug, code, title or name in the archive is longer


@dataclass
class Ignored:
    name: str
    label: str
    message: str


@dataclass
class Active:
    name: str
    label: str
    value: str


def by_display_name(objects, name=lambda o: o.display_name):
    """Sorted as the interface's language sorts names (Vietnamese: its alphabet, Đ after D)."""
    if (get_language() or "").startswith("en"):
        return sorted(objects, key=lambda o: name(o).casefold())
    return sorted(objects, key=lambda o: name_sort_key(name(o), NameOrder.FAMILY_FIRST))


class ForgivingFilterSet(django_filters.FilterSet):
    """A FilterSet that drops bad values before and after validation and lists them.

    ``ignored``: what was dropped and why; ``active``: the filters that apply.
    """

    # Parameters whose value is a code or letter, compared in capitals: ?nationality=vn.
    upper_case: tuple[str, ...] = ()

    def __init__(self, data=None, *args, **kwargs):
        self.dropped: list[Ignored] = []
        self.given = data
        if data is not None:
            data = data.copy()
            for name in self.base_filters:
                values = data.getlist(name)
                label = str(self.base_filters[name].label)
                if len(values) > 1:
                    data.pop(name)
                    self.dropped.append(
                        Ignored(name, label, _("Given more than once; choose one value."))
                    )
                elif values and len(values[0]) > MAX_VALUE:
                    data.pop(name)
                    self.dropped.append(
                        Ignored(
                            name,
                            label,
                            _(
                                "The value is %(length)s characters long; "
                                "none is longer than %(max)s."
                            )
                            % {"length": len(values[0]), "max": MAX_VALUE},
                        )
                    )
                elif values and name in self.upper_case:
                    data[name] = values[0].strip().upper()
        super().__init__(data, *args, **kwargs)

    def filter_queryset(self, queryset):
        queryset = self.apply(queryset, self.form.cleaned_data)
        # The form is shown again without the values that were ignored, so that it offers
        # what applies rather than what failed.
        if self.form.errors:
            data = self.form.data.copy()
            for name in self.form.errors:
                data.pop(name, None)
            self.form.data = data
        return queryset

    def apply(self, queryset, cleaned_data):
        for name, value in cleaned_data.items():
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    @property
    def cleaned(self) -> dict:
        """The values that apply ({} without a query string)."""
        if not self.is_bound:
            return {}
        self.errors  # noqa: B018 -- validates the form
        return self.form.cleaned_data

    @property
    def ignored(self) -> list[Ignored]:
        if not self.is_bound:
            return []
        invalid = [
            Ignored(name, str(self.filters[name].label), " ".join(errors))
            for name, errors in self.form.errors.items()
            if name in self.filters
        ]
        return self.dropped + invalid

    @property
    def without_ignored(self) -> str:
        """The query string less the ignored parameters: this view as far as it applies."""
        params = self.given.copy() if self.given is not None else None
        if not params:
            return ""
        for item in self.ignored:
            params.pop(item.name, None)
        params.pop("page", None)
        return params.urlencode()

    @property
    def active(self) -> list[Active]:
        out = []
        for name, value in self.cleaned.items():
            if value in (None, ""):
                continue
            out.append(Active(name, str(self.filters[name].label), self.value_label(name, value)))
        return out

    def value_label(self, name, value) -> str:
        choices = getattr(self.form.fields.get(name), "choices", None) or ()
        return str(dict(choices).get(value, value))


def _qualified(agency):
    return agency.qualified_name


def _title_choices() -> list[tuple[str, str]]:
    """Every title held, as written; the English UI shows "Minister (Bộ trưởng)"."""
    english = (get_language() or "").startswith("en")
    rows = Position.objects.public().order_by().values_list("title_vi").annotate(en=Max("title_en"))
    choices = [(vi, f"{en} ({vi})" if english and en else vi) for vi, en in rows]
    if english:
        return sorted(choices, key=lambda c: c[1].casefold())
    return sorted(choices, key=lambda c: name_sort_key(c[0], NameOrder.FAMILY_FIRST))


class PersonFilter(ForgivingFilterSet):
    q = django_filters.CharFilter(
        method="filter_name",
        label=_("Name"),
        max_length=MAX_VALUE,
        help_text=_("Diacritics and case are ignored: “bui thanh son” finds Bùi Thanh Sơn."),
    )
    letter = django_filters.ChoiceFilter(
        choices=[(letter, letter) for letter in INDEX_LETTERS],
        method="filter_letter",
        label=_("Letter"),
        empty_label=_("any letter"),
        error_messages={"invalid_choice": _("“%(value)s” is not a letter of the index.")},
    )
    agency = django_filters.ChoiceFilter(
        method="filter_nothing",  # applied with the title in apply(): one position
        label=_("Agency"),
        empty_label=_("any agency"),
        error_messages={
            "invalid_choice": _("No official in the archive held a position in “%(value)s”.")
        },
    )
    title = django_filters.ChoiceFilter(
        method="filter_nothing",
        label=pgettext_lazy("of a position", "Title"),
        empty_label=_("any title"),
        error_messages={
            "invalid_choice": _("No official in the archive held the title “%(value)s”.")
        },
    )
    nationality = django_filters.ChoiceFilter(
        field_name="nationality__code",
        label=_("Nationality"),
        empty_label=_("any nationality"),
        error_messages={
            "invalid_choice": _("No official in the archive has the nationality “%(value)s”.")
        },
    )

    upper_case = ("letter", "nationality")

    class Meta:
        model = Person
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices are read once per page, in the interface's language and alphabet; a value
        # outside them is reported and ignored without another query.
        # Each agency (country) is asked whether one public position (national) is its, the
        # search stopping at the first: a join read every position and then set aside the
        # repeats, work that grew with the officials.
        agencies = Agency.objects.public().filter(
            Exists(Position.objects.public().filter(agency=OuterRef("pk")))
        )
        self.filters["agency"].extra["choices"] = [
            (a.slug, a.qualified_name)
            for a in by_display_name(agencies.select_related("parent"), _qualified)
        ]
        countries = Country.objects.public().filter(
            Exists(Person.objects.public().filter(nationality=OuterRef("pk")))
        )
        self.filters["nationality"].extra["choices"] = [
            (c.code, c.display_name) for c in by_display_name(countries)
        ]
        self.filters["title"].extra["choices"] = _title_choices()

    def apply(self, queryset, cleaned_data):
        queryset = super().apply(queryset, cleaned_data)
        # Agency and title describe one position: "Bộ trưởng" at "Bộ Ngoại giao" finds
        # the minister, not a deputy minister who was a minister elsewhere.
        held = {}
        if cleaned_data.get("agency"):
            held["agency__slug"] = cleaned_data["agency"]
        if cleaned_data.get("title"):
            held["title_vi"] = cleaned_data["title"]
        if held:
            queryset = queryset.filter(
                pk__in=Position.objects.public().filter(**held).values("person")
            )
        return queryset

    def without(self, *names: str):
        """The people the other filters select, for counts beside a filter's choices."""
        data = {k: v for k, v in self.cleaned.items() if k not in names}
        return self.apply(self.queryset.all(), data)

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_name(self, queryset, name, value):
        return queryset.matching(value) if value.strip() else queryset

    def filter_letter(self, queryset, name, value):
        return queryset.in_letter(value)


class AgencyFilter(ForgivingFilterSet):
    kind = django_filters.ChoiceFilter(
        choices=Agency.Kind.choices,
        label=_("Kind"),
        empty_label=_("every kind"),
        error_messages={"invalid_choice": _("“%(value)s” is not a kind of agency.")},
    )

    class Meta:
        model = Agency
        fields: list[str] = []
