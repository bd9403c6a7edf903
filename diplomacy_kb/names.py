"""Model helpers every app uses: bilingual names, diacritic-insensitive name lookup, and
unique slugs."""

from django.db import models
from django.utils.translation import get_language

from diplomacy_kb.text import fold


class BilingualNameMixin:
    """``display_name``: the English name when the English interface is active and one is known."""

    @property
    def display_name(self) -> str:
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name_vi


class ReaderText(str):
    """A text shown to readers that knows its language, ``lang`` ("vi" or "en"), for the
    ``lang`` attribute of the element holding it: ``<dd lang="{{ reason.lang }}">``."""

    lang = "vi"


def in_reader_language(vietnamese: str, english: str) -> ReaderText:
    """The English text on English pages when there is one, else the Vietnamese."""
    if (get_language() or "").startswith("en") and english:
        text = ReaderText(english)
        text.lang = "en"
        return text
    return ReaderText(vietnamese)


class SearchableQuerySet(models.QuerySet):
    def matching(self, text: str):
        """Rows whose folded names contain ``text`` folded (case and diacritics ignored)."""
        return self.filter(search_names__contains=fold(text).strip())


def folded_names(*names: str, other_names=()) -> str:
    """All of a row's names folded, one per line, for diacritic-insensitive lookup."""
    seen: list[str] = []
    for name in (*names, *other_names):
        folded = fold(name or "").strip()
        if folded and folded not in seen:
            seen.append(folded)
    return "\n".join(seen)


def unique_slug(model: type[models.Model], base: str, *, exclude_pk=None) -> str:
    """``base``, or ``base-2``, ``base-3``... : the first that no other row of ``model`` has."""
    max_length = model._meta.get_field("slug").max_length
    base = base[:max_length].rstrip("-")
    others = model._default_manager.all()
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        suffix = f"-{n}"
        slug = f"{base[: max_length - len(suffix)].rstrip('-')}{suffix}"
    return slug
