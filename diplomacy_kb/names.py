"""Model helpers every app uses: bilingual names and diacritic-insensitive name lookup."""

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
