"""Finding the people a text names, known or not, with the titles it gives them.

The press names an official in a few ways, all read here:

- title, agency, name: "Thứ trưởng Bộ Ngoại giao Lê Hoài Trung", "Bộ trưởng Quốc phòng,
  Đại tướng Phan Văn Giang", "Phó Thủ tướng kiêm Bộ trưởng Ngoại giao Phạm Bình Minh";
- name, comma, title: "ông Nguyễn Văn A, Quyền Cục trưởng Cục Lãnh sự", "bà Lê Thị B (Phó
  Giám đốc Sở Ngoại vụ)";
- a rank, a degree or an honorific and the name: "Thượng tướng Nguyễn Chí Vịnh", "PGS.TS
  Nguyễn Văn C", "ông Lê Văn D";
- a speaker label before an answer: "Thứ trưởng Lê Hoài Trung:", "Ông Trần Văn E:".

Ranks and honorifics are kept apart from the name; a name printed in capitals is written
in the usual way ("NGUYỄN VĂN A" -> "Nguyễn Văn A").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .agencies import AgencyPhrase, head_at, person_name_at, read_agency
from .gazetteer import Gazetteer
from .vocabulary import BEFORE_NAME_TRIE, CITY_WORDS, NAME_STOPS, TITLE_TRIE, Title, place_before
from .words import Words

_TITLE_CHAIN = {"kiem", "dong thoi", "va"}  # "Phó Thủ tướng kiêm Bộ trưởng …"


@dataclass
class TitleAt:
    """A title given to a person at one place in the text."""

    title: Title
    agency: AgencyPhrase | None
    written: str  # the title and agency as printed
    agency_found: Any = None  # the Found the agency was recorded as (set by the collector)


@dataclass
class PersonAt:
    """A personal name at one place in the text (``start``..``end``: character offsets of
    the name in its stretch)."""

    chunk: int
    start: int
    end: int
    first_word: int  # word indexes of the whole phrase, title and rank included
    last_word: int
    name: str
    person_ids: list[int] = field(default_factory=list)  # known officials of that name
    titles: list[TitleAt] = field(default_factory=list)
    before: str = ""  # rank, degree or honorific as printed
    written: str = ""  # the whole phrase as printed


def normal_case(name: str) -> str:
    """A name printed in capitals, written the usual way; other names unchanged."""
    letters = [ch for ch in name if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters) and len(letters) > 3:
        return " ".join(part.capitalize() for part in name.split(" "))
    return name


def _known_person_at(words: Words, p: int, gaz: Gazetteer) -> tuple[int, list[int]] | None:
    if not words.capitalised(p):
        return None
    for end, values in reversed(list(gaz.names.walk(words, p))):
        ids = [pk for kind, pk in values if kind == "person"]
        if ids and (end - p > 1 or words.upper(p)):
            return end, ids
    return None


def _foreign_name_at(words: Words, p: int, limit: int = 4, heads: bool = False) -> int | None:
    """End of two to four capitalised words from ``p`` that may be a foreign name
    ("Marc E. Knapper", "Antony Blinken"), or None. After an honorific (``heads``) a name
    may start like an agency's ("ông Ban Ki Moon")."""
    n = len(words)
    if not words.capitalised(p) or (not heads and head_at(words, p) is not None):
        return None
    end = p + 1
    while (
        end < n
        and end - p < limit
        and (
            words.capitalised(end) or words.gap(end - 1) == "-"  # "Moon Jae-in"
        )
    ):
        gap = words.gap(end - 1)
        if gap not in (" ", "-") and not (gap == ". " and len(words.words[end - 1]) == 1):
            break
        if TITLE_TRIE.longest_spelt(words, end) or (not heads and head_at(words, end)):
            break
        end += 1
    return end if 2 <= end - p <= limit else None


def _before_name(words: Words, p: int) -> int:
    """Past any ranks, degrees and honorifics from word ``p`` ("Thượng tướng", "PGS.TS",
    "ông"); ``p`` itself when there are none."""
    n = len(words)
    while p < n:
        found = BEFORE_NAME_TRIE.longest_spelt(words, p)
        if found is None:
            return p
        end = found[0]
        if end >= n:
            return p
        gap = words.gap(end - 1)
        if gap.strip() not in ("", ".", ",", ".,") or (words.hard_gap(end - 1) and "." not in gap):
            return p
        p = end
    return p


class _Reader:
    def __init__(self, chunk: int, words: Words, gaz: Gazetteer):
        self.chunk, self.words, self.gaz = chunk, words, gaz
        self.upper = words.mostly_upper()

    def name_at(self, p: int, *, foreign: bool | str) -> tuple[int, list[int]] | None:
        """(end, known ids) of a personal name at word ``p``."""
        words = self.words
        if p >= len(words):
            return None
        if p > 0 and words.spelt(p - 1, p, CITY_WORDS):
            return None  # "TP. Hồ Chí Minh"
        after_place = place_before(words, p)
        if (found := _known_person_at(words, p, self.gaz)) and not (
            after_place and found[0] - p < 3
        ):
            return found
        if end := person_name_at(words, p, self.upper):
            return end, []
        if foreign and (end := _foreign_name_at(words, p, heads=foreign == "honoured")):
            return end, []
        return None

    def person(self, first: int, name: tuple[int, int, list[int]], titles, before: int):
        words = self.words
        start, end, ids = name
        return PersonAt(
            chunk=self.chunk,
            start=words.starts[start],
            end=words.ends[end - 1],
            first_word=first,
            last_word=end,
            name=normal_case(words.written(start, end)),
            person_ids=ids,
            titles=titles,
            before=words.written(before, start) if before < start else "",
            written=words.written(first, end),
        )

    # --- title, agency, name ---------------------------------------------------------------

    def title_at(self, i: int) -> tuple[int, Title] | None:
        return TITLE_TRIE.longest_spelt(self.words, i)

    def _chained(self, q: int) -> int | None:
        """Where the next title of a chain starts after word ``q - 1`` ("Phó Thủ tướng,
        Bộ trưởng …", "Phó Thủ tướng kiêm Bộ trưởng …"), or None."""
        words, n = self.words, len(self.words)
        if q >= n:
            return None
        if words.gap(q - 1).strip() == "," and self.title_at(q):
            return q
        if words.words[q] in _TITLE_CHAIN and q + 1 < n and self.title_at(q + 1):
            return q + 1
        return None

    def titled(self, i: int) -> PersonAt | None:
        """ "Thứ trưởng Bộ Ngoại giao Lê Hoài Trung" and chains of titles from word ``i``."""
        words = self.words
        titles: list[TitleAt] = []
        p = i
        for _ in range(4):
            found = self.title_at(p)
            if found is None:
                return None
            title_end, title = found
            if (nxt := self._chained(title_end)) is not None:
                titles.append(TitleAt(title, None, words.written(p, title_end)))
                p = nxt
                continue
            agency, name_start = self._agency_then_name(title_end)
            stop = agency.full_end if agency else title_end
            titles.append(TitleAt(title, agency, words.written(p, stop)))
            if name_start is None:
                if agency is not None and (nxt := self._chained(stop)) is not None:
                    p = nxt
                    continue
                return None
            before = name_start
            name_start = _before_name(words, name_start)
            name = self.name_at(name_start, foreign=True)
            if name is None:
                return None
            # As written, a title goes with the name it is given to.
            last = titles[-1]
            last.written = words.written(p, name[0])
            return self.person(i, (name_start, *name), titles, before)
        return None

    def _agency_then_name(self, start: int) -> tuple[AgencyPhrase | None, int | None]:
        """After a title ending before word ``start``: the agency it is held in (or None)
        and where the name starts (None when no name follows)."""
        words, n = self.words, len(self.words)
        if start >= n:
            return None, None
        gap = words.gap(start - 1).strip()
        if gap == ",":
            # "Bộ trưởng Quốc phòng, Đại tướng X": after a comma only a rank may lead on.
            return (None, start) if _before_name(words, start) > start else (None, None)
        if gap:
            return None, None  # "Bộ trưởng: …"
        if _before_name(words, start) > start or self.name_at(start, foreign=False):
            return None, start
        agency = read_agency(words, start, self.gaz, after_title=True, upper=self.upper)
        if agency is not None:
            q = self._past_country(agency.full_end)
            if q < n and words.gap(q - 1).strip() in ("", ","):
                if self.name_at(_before_name(words, q), foreign=True):
                    return agency, q
            return agency, None
        # A foreign name straight after the title: "Thủ tướng Fumio Kishida".
        if self.name_at(start, foreign=True):
            return None, start
        # An agency this reading cannot name ("Phó Chủ tịch UBND tỉnh Đặng Quốc Vinh", the
        # province left out): the name is still the official's; staff choose the agency.
        for q in range(start + 1, min(n, start + 6)):
            if words.hard_gap(q - 1) or words.spelt(q, q + 1, NAME_STOPS):
                break
            if person_name_at(words, q, self.upper):
                return None, q
        return None, None

    # --- name, comma, title ----------------------------------------------------------------

    def appositive(self, i: int) -> PersonAt | None:
        """ "ông Nguyễn Văn A, Quyền Cục trưởng Cục Lãnh sự" from word ``i``."""
        words, n = self.words, len(self.words)
        start = _before_name(words, i)
        honoured = start > i
        name = self.name_at(start, foreign=honoured)
        if name is None:
            return None
        end, ids = name
        if end >= n:
            return None
        gap = words.gap(end - 1).strip()
        if gap not in (",", "(", "-", "–", "—"):
            return None
        q = end
        titles: list[TitleAt] = []
        while q < n:
            found = self.title_at(q)
            if found is None:
                break
            title_end, title = found
            agency = None
            if title_end < n and not words.hard_gap(title_end - 1):
                agency = read_agency(words, title_end, self.gaz, after_title=True)
            stop = agency.full_end if agency else title_end
            titles.append(TitleAt(title, agency, words.written(q, stop)))
            if stop < n and words.words[stop] in _TITLE_CHAIN:
                q = stop + 1
            elif stop < n and words.gap(stop - 1).strip() == "," and self.title_at(stop):
                q = stop
            else:
                q = stop
                break
        if not titles:
            return None
        person = self.person(i, (start, end, ids), titles, i)
        person.last_word = q
        return person

    # --- rank or honorific, name -----------------------------------------------------------

    def honoured(self, i: int) -> PersonAt | None:
        """ "Thượng tướng Nguyễn Chí Vịnh", "ông Lê Văn D" from word ``i``."""
        start = _before_name(self.words, i)
        if start == i:
            return None
        name = self.name_at(start, foreign="honoured")
        if name is None:
            return None
        return self.person(i, (start, *name), [], i)

    def _past_country(self, q: int) -> int:
        """Past a country named after an agency: "Bộ Ngoại giao Việt Nam", "Đại sứ Nhật
        Bản tại Việt Nam"."""
        words, n = self.words, len(self.words)
        start = q + 1 if q < n and words.words[q] == "tai" else q
        if start < n and words.capitalised(start):
            found = self.gaz.agency_names.longest(words, start)
            if found and all(kind == "country" for kind, _pk in found[1]):
                return found[0]
        return q

    def known(self, i: int) -> PersonAt | None:
        name = self.name_at(i, foreign=False)
        if name is None or not name[1]:
            return None
        return self.person(i, (i, *name), [], i)


def find_people(chunk: int, words: Words, gaz: Gazetteer) -> list[PersonAt]:
    """Every personal name in one stretch, left to right, the longest reading first."""
    reader = _Reader(chunk, words, gaz)
    out: list[PersonAt] = []
    i = 0
    while i < len(words):
        found = reader.titled(i) or reader.appositive(i) or reader.honoured(i) or reader.known(i)
        if found is None:
            i += 1
            continue
        out.append(found)
        i = max(found.last_word, i + 1)
    return out


def label_person(chunk: int, words: Words, gaz: Gazetteer) -> PersonAt | None:
    """The person a speaker label names: "Thứ trưởng Lê Hoài Trung", "Ông Trần Văn E",
    "Thượng tướng NGUYỄN CHÍ VỊNH"; None for a label without a full name ("Đại sứ",
    "Thứ trưởng Sơn")."""
    people = find_people(chunk, words, gaz)
    if people:
        return people[0]
    reader = _Reader(chunk, words, gaz)
    start = _before_name(words, 0)
    name = reader.name_at(start, foreign=True)
    if name is not None and name[0] == len(words):
        return reader.person(0, (start, *name), [], 0)
    return None
