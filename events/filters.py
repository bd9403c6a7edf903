"""The conference list's filters: year, series and kind, all in the query string.

Each takes one value. A value the archive cannot use (``year=abc``, a series it does not
hold, a filter given twice with different values) is ignored with a message saying so, and
the other filters still apply: the page never fails on a hand-edited address.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import django_filters
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from diplomacy_kb.filters import LimitedValuesMixin, shown, shown_list
from diplomacy_kb.text import fold

from .models import Conference, ConferenceSeries

YEAR_MIN, YEAR_MAX = 1900, 2100


@dataclass(frozen=True)
class ActiveFilter:
    param: str
    label: str
    value: str


class YearFilter(django_filters.Filter):
    field_class = forms.IntegerField


class ConferenceFilter(LimitedValuesMixin, django_filters.FilterSet):
    year = YearFilter(
        method="filter_year",
        label=_("Year"),
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
    )
    series = django_filters.ChoiceFilter(
        field_name="series__slug", label=_("Series"), empty_label=_("All series")
    )
    kind = django_filters.ChoiceFilter(
        choices=Conference.Kind.choices, label=_("Kind"), empty_label=_("All kinds")
    )

    REJECTED = {
        "year": _(
            "The year “%(value)s” was ignored: give a year as four digits between "
            "%(min)s and %(max)s, e.g. 2016."
        ),
        "series": _("The series “%(value)s” was ignored: the archive holds no such series."),
        "kind": _("The kind “%(value)s” was ignored: choose one of the kinds in the list."),
    }

    single_valued = ("year", "series", "kind")

    class Meta:
        model = Conference
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # One query each for the choices offered; validation reuses them.
        series = sorted(ConferenceSeries.objects.all(), key=lambda s: fold(s.display_name))
        self.series_names = {s.slug: s.display_name for s in series}
        self.filters["series"].extra["choices"] = list(self.series_names.items())
        years = [
            d.year for d in Conference.objects.public().dates("start_date", "year", order="DESC")
        ]
        self.filters["year"].extra["widget"] = forms.Select(
            choices=[("", gettext("All years")), *((y, y) for y in years)]
        )

    def filter_year(self, queryset, name, value):
        return queryset.in_year(value)

    @property
    def active(self) -> list[ActiveFilter]:
        """The filters in force, to show and to offer for removal."""
        if not self.is_bound:
            return []
        data = self.form.cleaned_data
        out = []
        if data.get("year") is not None:
            out.append(ActiveFilter("year", gettext("Year"), str(data["year"])))
        if data.get("series"):
            out.append(ActiveFilter("series", gettext("Series"), self.series_names[data["series"]]))
        if data.get("kind"):
            kinds = dict(Conference.Kind.choices)
            out.append(ActiveFilter("kind", gettext("Kind"), str(kinds[data["kind"]])))
        return out

    @cached_property
    def ignored(self) -> list[tuple[str, str, str]]:
        """(parameter, its label, what was wrong) for every filter left out of the results."""
        out = []
        for name, values in self.repeated.items():
            message = gettext(
                "“%(filter)s” was given more than once (%(values)s) and was ignored: "
                "choose one value at a time."
            ) % {
                "filter": self.filters[name].label,
                "values": shown_list(values),
            }
            out.append((name, self.filters[name].label, message))
        if self.is_bound:
            for name in self.errors:
                if name in self.REJECTED:
                    message = str(self.REJECTED[name]) % {
                        "value": shown(self.data.get(name, "")),
                        "min": YEAR_MIN,
                        "max": YEAR_MAX,
                    }
                    out.append((name, self.filters[name].label, message))
        return out

    @property
    def fields_with_notes(self) -> list[tuple[forms.BoundField, str]]:
        """Each form field with what was wrong with its value, if anything. The note's
        element carries the id Django points the field's aria-describedby at."""
        notes = {name: message for name, _label, message in self.ignored}
        return [(self.form[name], notes.get(name, "")) for name in self.form.fields]
