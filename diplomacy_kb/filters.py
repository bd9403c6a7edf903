"""What the archive's filter sets share: a one-value parameter given twice is set aside, not
guessed at, and a rejected value is quoted back safely."""

from django.utils.text import Truncator

SHOWN_CHARS = 40  # of a rejected value quoted back: enough to recognise, never a wall of text


class SingleValuedMixin:
    """For a django-filter FilterSet: each parameter named in ``single_valued`` takes one
    value. Given several different values (``?year=2016&year=2021``) it is left out of the
    filtering, and ``repeated`` maps it to those values so the page can say so."""

    single_valued: tuple[str, ...] = ()

    def __init__(self, data=None, *args, **kwargs):
        self.repeated: dict[str, list[str]] = {}
        if data is not None:
            data = data.copy()
            for name in self.single_valued:
                values = list(dict.fromkeys(v for v in data.getlist(name) if v.strip()))
                if len(values) > 1:
                    self.repeated[name] = values
                    data.setlist(name, [])
        super().__init__(data, *args, **kwargs)


def shown(value: str) -> str:
    """A rejected value made safe to quote: printable and short."""
    printable = "".join(c if c.isprintable() else "\N{REPLACEMENT CHARACTER}" for c in value)
    return Truncator(printable.strip()).chars(SHOWN_CHARS)
