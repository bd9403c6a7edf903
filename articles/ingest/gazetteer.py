"""What the archive already knows, as names to look for in a text.

``load_gazetteer`` reads, in one query per kind, every name (and every other spelling staff
recorded) of the officials, agencies, countries, bodies, conference series, conferences and
documents, keeping only the names made of words the text has. Countries and multilateral
bodies the archive does not hold yet come from the reference lists shipped with the code
(``articles/ingest/reference/``), so that a text naming them proposes them.

An entity is a ``(kind, id)`` pair: ``id`` is the primary key of a row, or for a reference
entry not in the archive, a string (``"JP"``, ``"nato"``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings

from diplomacy_kb.text import fold
from events.models import Conference, ConferenceSeries
from people.models import Agency, Body, Country, Person, Position

from ..models import Document
from .reference import reference_bodies, reference_countries
from .vocabulary import SHORT_NAMES
from .words import Trie, spelling

Entity = tuple[str, int | str]

_LEADING_NUMBER = re.compile(r"\d+")


@dataclass
class AgencyInfo:
    name: str
    kind: str
    parent: int | None
    country: int | None


@dataclass
class SeriesInfo:
    name: str
    numbering: str
    members: dict[int, int]  # ordinal -> conference pk
    member_name: str  # the name of a member, to name a new one after it ("" when none)
    member_ordinal: int | None


@dataclass
class Gazetteer:
    names: Trie  # every kind: values are entities
    agency_names: Trie  # agencies as named after a title, and countries (ambassadors)
    series_names: Trie  # conference series: values are series pks
    labels: dict[Entity, str]  # as the review shows it
    canonical: dict[Entity, str]  # the name the entity goes by
    agencies: dict[int, AgencyInfo]
    series: dict[int, SeriesInfo]
    documents: dict[tuple[str, str], int]  # (kind, leading number) -> pk
    reference: dict[Entity, object] = field(default_factory=dict)  # reference entries
    ambiguous: set[str] = field(default_factory=set)  # one-word names that are also words
    # One-word names found only as printed, in capitals ("AU", not "Âu"; "DOC", not "đọc").
    exact: dict[str, set[str]] = field(default_factory=dict)
    embassies: dict[int, int] = field(default_factory=dict)  # country pk -> embassy pk
    government: int | None = None
    positions: dict[int, list[Position]] = field(default_factory=dict)  # loaded on demand
    short_names: dict[str, Entity] = field(default_factory=dict)  # see vocabulary.SHORT_NAMES
    home_country: int | str = settings.HOME_COUNTRY_CODE  # its pk once the archive holds it

    def foreign(self, entity: Entity) -> bool:
        """Whether a country entity is another country than the archive's home."""
        return entity[0] == "country" and entity[1] != self.home_country

    def home_agency(self, entity: Entity) -> bool:
        """Whether an agency entity is one of the home country's (recorded without a
        country, or with it)."""
        info = self.agencies.get(entity[1]) if entity[0] == "agency" else None
        return info is not None and info.country in (None, self.home_country)


def _lines(search_names: str) -> list[str]:
    return [line for line in search_names.split("\n") if line]


# A number in a folded name ("dai hoi dang xii", "… lan thu xii …"), for its other spelling.
_ORDINAL_IN_NAME = re.compile(r"(?<= )(?P<lead>lan thu )?(?P<number>[ivxlc]+|\d{1,3})\b")


def ordinal_spellings(folded_name: str) -> list[str]:
    """A folded name and its spelling with "lần thứ" before its number added or left out:
    "Nghị quyết Đại hội Đảng XII" is also written "… Đại hội Đảng lần thứ XII"."""
    match = _ORDINAL_IN_NAME.search(folded_name)
    if match is None:
        return [folded_name]
    other = "" if match["lead"] else "lan thu "
    start = match.start()
    return [folded_name, folded_name[:start] + other + folded_name[match.start("number") :]]


def load_gazetteer(vocabulary: set[str]) -> Gazetteer:
    """The archive's names made of words in ``vocabulary`` (the text's folded words)."""
    names, agency_names, series_names = Trie(vocabulary), Trie(vocabulary), Trie(vocabulary)
    labels: dict[Entity, str] = {}
    canonical: dict[Entity, str] = {}
    gaz = Gazetteer(names, agency_names, series_names, labels, canonical, {}, {}, {})

    for pk, search_names, name in Person.objects.order_by().values_list(
        "pk", "search_names", "name"
    ):
        for line in _lines(search_names):
            names.add(line, ("person", pk))
        labels["person", pk] = canonical["person", pk] = name

    known_codes: dict[str, int] = {}
    for pk, search_names, name, code in Country.objects.order_by().values_list(
        "pk", "search_names", "name_vi", "code"
    ):
        known_codes[code] = pk
        if code == settings.HOME_COUNTRY_CODE:
            gaz.home_country = pk
        for line in _lines(search_names):
            if line != code.lower():  # "VN", "IN": not words to look for
                names.add(line, ("country", pk))
                agency_names.add(line, ("country", pk))
        labels["country", pk] = canonical["country", pk] = name
    for ref in reference_countries():
        spellings = [ref.name_vi, ref.name_en, *ref.other_names]
        if getattr(ref, "ambiguous", False):
            gaz.ambiguous.update(fold(s) for s in spellings if len(s.split()) == 1)
        if ref.code in known_codes:
            # The archive's row goes by every spelling the reference knows too.
            for written in spellings:
                if written:
                    names.add(fold(written), ("country", known_codes[ref.code]))
                    agency_names.add(fold(written), ("country", known_codes[ref.code]))
            continue
        entity = ("country", ref.code)
        for written in spellings:
            if written:
                names.add(fold(written), entity)
                agency_names.add(fold(written), entity)
        labels[entity] = canonical[entity] = ref.name_vi
        gaz.reference[entity] = ref

    known_bodies: dict[str, int] = {}
    for pk, search_names, name, abbreviation in Body.objects.order_by().values_list(
        "pk", "search_names", "name_vi", "abbreviation"
    ):
        for line in _lines(search_names):
            names.add(line, ("body", pk))
            known_bodies[line] = pk
        labels["body", pk] = f"{name} ({abbreviation})" if abbreviation else name
        canonical["body", pk] = name
    for ref in reference_bodies():
        spellings = [ref.name_vi, ref.name_en, ref.abbreviation, *ref.other_names]
        folded = {fold(s) for s in spellings if s}
        if getattr(ref, "ambiguous", False):
            for written in spellings:
                if written and len(written.split()) == 1:
                    gaz.exact.setdefault(fold(written), set()).add(written)
        if known := next((known_bodies[f] for f in folded if f in known_bodies), None):
            for written in folded:  # the archive's row goes by the reference's spellings too
                names.add(written, ("body", known))
            continue
        entity = ("body", ref.key)
        for written in folded:
            names.add(written, entity)
        labels[entity] = f"{ref.name_vi} ({ref.abbreviation})" if ref.abbreviation else ref.name_vi
        canonical[entity] = ref.name_vi
        gaz.reference[entity] = ref

    rows = list(
        Agency.objects.order_by().values_list(
            "pk", "search_names", "name_vi", "kind", "parent_id", "country_id"
        )
    )
    for pk, _search, name, kind, parent, country in rows:
        gaz.agencies[pk] = AgencyInfo(name, kind, parent, country)
    for pk, search_names, name, kind, parent, country in rows:
        canonical["agency", pk] = name
        parent_info = gaz.agencies.get(parent) if parent else None
        labels["agency", pk] = (
            f"{name} ({parent_info.name})"
            if kind == Agency.Kind.MINISTRY_DEPARTMENT and parent_info
            else name
        )
        for line in _lines(search_names):
            names.add(line, ("agency", pk))
            agency_names.add(line, ("agency", pk))
            # After a title a ministry is often named without "Bộ": "Thứ trưởng Ngoại giao".
            if kind == Agency.Kind.MINISTRY and line.startswith("bo "):
                agency_names.add(line[3:], ("agency", pk))
        for short, full in SHORT_NAMES.items():
            if fold(full) in _lines(search_names):
                gaz.short_names[spelling(short)] = ("agency", pk)
        if kind == Agency.Kind.EMBASSY and country is not None:
            gaz.embassies.setdefault(country, pk)
        if kind == Agency.Kind.GOVERNMENT and parent is None and gaz.government is None:
            gaz.government = pk

    for pk, search_names, name, numbering in ConferenceSeries.objects.order_by().values_list(
        "pk", "search_names", "name_vi", "numbering"
    ):
        for line in _lines(search_names):
            series_names.add(line, pk)
        gaz.series[pk] = SeriesInfo(name, numbering, {}, "", None)
    for pk, search_names, name, series, ordinal in Conference.objects.order_by(
        "series", "-ordinal"
    ).values_list("pk", "search_names", "name_vi", "series_id", "ordinal"):
        for line in _lines(search_names):
            for spelt in ordinal_spellings(line):
                names.add(spelt, ("conference", pk))
        labels["conference", pk] = canonical["conference", pk] = name
        if series in gaz.series and ordinal is not None:
            info = gaz.series[series]
            info.members[ordinal] = pk
            if not info.member_name:
                info.member_name, info.member_ordinal = name, ordinal

    for pk, search_names, name, kind, number in Document.objects.order_by().values_list(
        "pk", "search_names", "name_vi", "kind", "number"
    ):
        for line in _lines(search_names):
            for spelt in ordinal_spellings(line):
                names.add(spelt, ("document", pk))
        labels["document", pk] = canonical["document", pk] = name
        if lead := _LEADING_NUMBER.match(number or ""):
            gaz.documents.setdefault((kind, lead.group()), pk)
    return gaz


def load_positions(gaz: Gazetteer, person_ids: set[int]) -> None:
    """The positions of these officials, newest first (one query)."""
    from django.db.models import F

    missing = person_ids - set(gaz.positions)
    if not missing:
        return
    for pk in missing:
        gaz.positions[pk] = []
    for position in Position.objects.filter(person_id__in=missing).order_by(
        F("start_date").desc(nulls_last=True), "-pk"
    ):
        gaz.positions[position.person_id].append(position)
