"""Embassies named together: "Đại sứ quán Đức, Séc và Tây Ban Nha tại Việt Nam" names three
embassies, each "Đại sứ quán <country> tại Việt Nam", and the three countries.

``embassy_list`` reads the list after the first embassy's name; the caller reads each
embassy as if it were written out, so a known one is linked and another proposed.
"""

from __future__ import annotations

from dataclasses import dataclass

from .agencies import AgencyPhrase, country_at
from .gazetteer import Gazetteer
from .vocabulary import AGENCY_HEADS
from .words import Words


@dataclass
class EmbassyList:
    first: AgencyPhrase  # "Đại sứ quán Đức", as read
    head: str  # "Đại sứ quán", as written
    countries: list[str]  # the other countries, as written: ["Séc", "Tây Ban Nha"]
    host: str  # "Việt Nam" ("" when the text does not say where)
    end: int  # word index past the list (and the host)

    def written_out(self) -> list[str]:
        """Each embassy's name written out, the first one included."""
        first_country = self.first.written[len(self.head) :].strip()
        where = f" tại {self.host}" if self.host else ""
        return [f"{self.head} {country}{where}" for country in (first_country, *self.countries)]


def embassy_list(words: Words, phrase: AgencyPhrase, gaz: Gazetteer) -> EmbassyList | None:
    """The embassies a list names after ``phrase`` ("Đại sứ quán Đức" + ", Séc và Tây Ban
    Nha tại Việt Nam"), or None when no other country follows it."""
    if phrase.parent is not None or AGENCY_HEADS.get(phrase.head) != "embassy":
        return None
    head_end = phrase.start + len(phrase.head.split())
    if country_at(words, head_end, gaz) != phrase.end:
        return None  # the first embassy is named by one country only
    n, p = len(words), phrase.end
    countries: list[str] = []
    while p < n:
        gap = words.gap(p - 1).strip()
        if gap == ",":
            q = p + 1 if words.words[p] == "va" else p
        elif not gap and words.words[p] == "va":
            q = p + 1
        else:
            break
        end = country_at(words, q, gaz)
        if end is None:
            break
        countries.append(words.written(q, end))
        p = end
    if not countries:
        return None
    host = ""
    if p + 1 < n and words.words[p] == "tai" and not words.gap(p - 1).strip():
        if (end := country_at(words, p + 1, gaz)) is not None:
            host, p = words.written(p + 1, end), end
    return EmbassyList(phrase, words.written(phrase.start, head_end), countries, host, p)
