"""What the archive's filter sets share: a one-value parameter given twice is set aside, not
guessed at; a parameter that may repeat takes a bounded number of values; a rejected value is
quoted back safely."""

from django.utils.text import Truncator
from django_filters.filters import MultipleChoiceFilter

# Of one filter in one address (?agency=a&agency=b...). Each value is more work for the
# database, and nobody narrows a list by ten agencies at once: the first ten apply and the
# page says which were ignored.
MAX_FILTER_VALUES = 10

SHOWN_CHARS = 40  # of a rejected value quoted back: enough to recognise, never a wall of text
SHOWN_VALUES = 3  # of the values ignored, quoted back


class LimitedValuesMixin:
    """For a django-filter FilterSet: bounds the number of values each filter takes.

    Each parameter named in ``single_valued`` takes one value: given several different values
    (``?year=2016&year=2021``) it is left out of the filtering, and ``repeated`` maps it to
    those values so the page can say so.

    Every filter that takes several values (a ``MultipleChoiceFilter``, model choices
    included) takes at most ``MAX_FILTER_VALUES`` different ones: the first ones given apply,
    and ``capped`` maps it to the rest, which are ignored. ``within_limits`` is the query
    string less those: the address as the page applies it, for its links.
    """

    single_valued: tuple[str, ...] = ()
    max_values = MAX_FILTER_VALUES

    def __init__(self, data=None, *args, **kwargs):
        self.repeated: dict[str, list[str]] = {}
        self.capped: dict[str, list[str]] = {}
        self.within_limits = data
        if data is not None:
            data = data.copy()
            for name, filter_ in self.base_filters.items():
                values = list(dict.fromkeys(v for v in data.getlist(name) if v.strip()))
                if name in self.single_valued:
                    if len(values) > 1:
                        self.repeated[name] = values
                        data.setlist(name, [])
                elif isinstance(filter_, MultipleChoiceFilter) and len(values) > self.max_values:
                    self.capped[name] = values[self.max_values :]
                    data.setlist(name, values[: self.max_values])
            if self.capped:
                self.within_limits = self.within_limits.copy()
                for name in self.capped:
                    self.within_limits.setlist(name, data.getlist(name))
        super().__init__(data, *args, **kwargs)


def shown(value: str) -> str:
    """A rejected value made safe to quote: printable and short."""
    printable = "".join(c if c.isprintable() else "\N{REPLACEMENT CHARACTER}" for c in value)
    return Truncator(printable.strip()).chars(SHOWN_CHARS)


def shown_list(values: list[str]) -> str:
    """The first few of some rejected values, quoted: “a”, “b”, “c”, …"""
    quoted = ", ".join(f"“{shown(v)}”" for v in values[:SHOWN_VALUES])
    return quoted + (", …" if len(values) > SHOWN_VALUES else "")
