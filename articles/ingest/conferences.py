"""Conferences of a known series named by their number: "Hội nghị Ngoại giao lần thứ 30",
"HNNG 30", "Đại hội Đảng lần thứ XIV", "Đại hội XIV của Đảng".

The series is found by any of its names (staff record abbreviations such as "HNNG" as other
names); the number may follow as "lần thứ 30", "thứ 30", "lần 30", "30" or, for a series
numbered in Roman numerals, "XIV". A member the archive holds is linked; another is proposed
as a new conference of the series, named after the members already there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from diplomacy_kb.text import fold
from events.models import ConferenceSeries, to_roman

from .agencies import name_end
from .gazetteer import Gazetteer
from .vocabulary import NAME_WORDS, TITLE_TRIE
from .words import Trie, Words, spelling

_ROMAN = re.compile(r"^[IVXLC]+$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ORDINAL_WORDS = (("lan", "thu"), ("thu",), ("lan",), ())
_NUMBER_IN_NAME = re.compile(r"\b(?:\d+|[IVXLC]+)\b")


def roman_value(text: str) -> int | None:
    """The value of a well-formed Roman numeral in capitals, or None."""
    if not _ROMAN.match(text):
        return None
    total = 0
    values = [_ROMAN_VALUES[ch] for ch in text]
    for value, following in zip(values, [*values[1:], 0], strict=True):
        total += -value if value < following else value
    return total if 0 < total < 200 and to_roman(total) == text else None


@dataclass
class ConferenceAt:
    start: int  # word indexes
    end: int
    series: int
    ordinal: int
    written: str


def _ordinal_at(words: Words, p: int, numbering: str) -> tuple[int, int] | None:
    """(end, ordinal) of a number written from word ``p`` on."""
    for lead in _ORDINAL_WORDS:
        q = p + len(lead)
        if q >= len(words) or tuple(words.words[p:q]) != lead:
            continue
        if any(words.hard_gap(k) for k in range(p, q)):
            continue
        written = words.text[words.starts[q] : words.ends[q]]
        if numbering == ConferenceSeries.Numbering.ROMAN:
            value = roman_value(written)
        else:
            value = int(written) if written.isdigit() and len(written) <= 3 else None
        if value:
            return q + 1, value
    return None


def conference_at(words: Words, i: int, gaz: Gazetteer) -> ConferenceAt | None:
    """A member of a known series named from word ``i`` by its number."""
    found = gaz.series_names.longest(words, i)
    if found is None or not words.capitalised(i):
        return None
    end, series_ids = found
    if end >= len(words) or words.hard_gap(end - 1):
        return None
    for series in series_ids:
        ordinal = _ordinal_at(words, end, gaz.series[series].numbering)
        if ordinal is not None:
            stop, value = ordinal
            # "Đại hội XIV của Đảng": the words after the number still name the series.
            if (
                stop + 1 < len(words)
                and words.words[stop] == "cua"
                and words.words[stop + 1] in ("dang",)
            ):
                stop += 2
            return ConferenceAt(i, stop, series, value, words.written(i, stop))
    return None


def new_conference_name(gaz: Gazetteer, series: int, ordinal: int) -> str:
    """The name of a member the archive lacks, after a member it holds ("Hội nghị Ngoại vụ
    toàn quốc lần thứ 18" -> "… lần thứ 21"), else "<series> lần thứ <N>"."""
    info = gaz.series[series]
    roman = info.numbering == ConferenceSeries.Numbering.ROMAN
    number = to_roman(ordinal) if roman else str(ordinal)
    if info.member_name and info.member_ordinal:
        old = to_roman(info.member_ordinal) if roman else str(info.member_ordinal)
        matches = [m for m in _NUMBER_IN_NAME.finditer(info.member_name) if m.group() == old]
        if len(matches) == 1:
            m = matches[0]
            return info.member_name[: m.start()] + number + info.member_name[m.end() :]
    return f"{info.name} lần thứ {number}"


# Words that open the name of an event, with the kind of event they name.
EVENT_HEADS = {
    "Hội nghị": "conference",
    "Hội nghị Cấp cao": "conference",
    "Hội thảo": "conference",
    "Diễn đàn": "conference",
    "Tọa đàm": "conference",
    "Đối thoại": "conference",
    "Tuần lễ": "conference",
    "Đại hội": "congress",
    "Lễ": "ceremony",
    "Kỳ họp": "session",
    "Phiên họp": "session",
    "Hội chợ": "conference",
    "Triển lãm": "conference",
}
# Words in lower case between an event's head and its name (folded): "Hội nghị đặc biệt
# Bộ trưởng …", "Hội nghị cấp cao ASEAN".
_EVENT_QUALIFIERS = frozenset(
    {
        "dac biet", "cap cao", "thuong dinh", "truc tuyen", "toan quoc", "bat thuong",
        "mo rong", "thuong nien", "quoc te", "khu vuc", "cap bo",
    }
)  # fmt: skip
_EVENT_HEADS_FOLDED = tuple(fold(head) for head in EVENT_HEADS)
_EVENT_TRIE = Trie()
for _head in EVENT_HEADS:
    _EVENT_TRIE.add(fold(_head), (spelling(_head), _head))


# Numbers written in words after "lần thứ" (folded): "lần thứ sáu", "lần thứ mười".
_NUMBER_WORDS = {
    "nhat": 1, "hai": 2, "ba": 3, "tu": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9,
    "muoi": 10,
}  # fmt: skip
# How many words an event's name may run before the number that closes it.
_NAME_BEFORE_NUMBER = 20


def _closing_number(words: Words, head_end: int) -> int | None:
    """The end of "lần thứ N" closing an event's name that runs on from ``head_end`` within
    one phrase (no comma or other punctuation before it): "Đại hội Tổ chức các cơ quan kiểm
    toán tối cao châu Á lần thứ 14", "… hợp tác Mê Công - Lan Thương lần thứ sáu"."""
    last = min(len(words) - 3, head_end + _NAME_BEFORE_NUMBER)
    k = head_end
    while k <= last:
        if tuple(words.words[k : k + 2]) == ("lan", "thu") and not (
            words.hard_gap(k) or words.hard_gap(k + 1)
        ):
            written = words.text[words.starts[k + 2] : words.ends[k + 2]]
            if (
                (written.isdigit() and len(written) <= 3)
                or roman_value(written)
                or words.words[k + 2] in _NUMBER_WORDS
            ):
                return k + 3
        if _abbreviation_after(words, k):
            k += 2  # "Đại hội Tổ chức … châu Á (ASOSAI) lần thứ 14"
            continue
        if k > head_end and words.capitalised(k) and _EVENT_TRIE.longest_spelt(words, k):
            return None  # another event's name: "… ASEAN - Trung Quốc và Hội nghị …"
        if words.hard_gap(k) or "," in words.gap(k):
            return None
        k += 1
    return None


def _abbreviation_after(words: Words, k: int) -> bool:
    """Whether word ``k`` is followed by an abbreviation in brackets: "châu Á (ASOSAI)"."""
    return (
        k + 2 < len(words)
        and words.gap(k).strip() == "("
        and words.upper(k + 1)
        and words.gap(k + 1).strip() == ")"
    )


def event_head_before(words: Words, i: int) -> bool:
    """Whether an event's head (with a qualifier: "Hội nghị đặc biệt") ends before word
    ``i``: what follows is the event's name ("… Bộ trưởng Ngoại giao ASEAN"), not a title."""
    if i == 0 or words.gap(i - 1).strip():
        return False
    before = list(words.words[max(0, i - 5) : i])
    if " ".join(before[-2:]) in _EVENT_QUALIFIERS:
        before = before[:-2]
    return " ".join(before).endswith(_EVENT_HEADS_FOLDED)


@dataclass
class EventAt:
    start: int
    end: int
    name: str
    kind: str


def event_at(words: Words, i: int, gaz: Gazetteer) -> EventAt | None:
    """An event the text names with a proper name ("Tuần lễ Cấp cao APEC 2017", "Hội thảo
    Biển Đông lần thứ 12"), from word ``i``; not a series named without its number."""
    if not words.capitalised(i):
        return None
    found = _EVENT_TRIE.longest_spelt(words, i)
    if found is None:
        return None
    head_end, head = found
    if head_end + 2 < len(words) and not words.capitalised(head_end):
        qualifier = " ".join(words.words[head_end : head_end + 2])
        if qualifier in _EVENT_QUALIFIERS and not (
            words.gap(head_end - 1).strip() or words.gap(head_end).strip()
        ):
            head_end += 2  # "Hội nghị đặc biệt Bộ trưởng Ngoại giao ASEAN - Trung Quốc"
    if head_end >= len(words) or not words.capitalised(head_end):
        return None  # "Hội nghị đã …", "Lễ ký …": no name
    if (close := _closing_number(words, head_end)) is not None:
        # The number closes the name, whatever its words: "Hội nghị Bộ trưởng Ngoại giao
        # ASEAN lần thứ 58" names a meeting, not the forum it holds. An abbreviation in
        # brackets is left out of the name.
        parts = [i]
        for k in range(i, close):
            if _abbreviation_after(words, k):
                parts += [k + 1, k + 2]
        parts.append(close)
        name = " ".join(words.written(a, b) for a, b in zip(parts[::2], parts[1::2], strict=True))
        return EventAt(i, close, name, EVENT_HEADS[head])
    end = name_end(words, i, head_end, gaz, upper=words.mostly_upper(), level=0, titles_end=False)
    if end is None:
        return None
    # The year or number that ends many names: "APEC 2017", "lần thứ 12".
    for lead in _ORDINAL_WORDS[:3]:
        q = end + len(lead)
        if q < len(words) and tuple(words.words[end:q]) == lead and words.words[q].isdigit():
            end = q + 1
            break
    else:
        # A year ("APEC 2017") or the member's number ("ASEAN 58").
        if end < len(words) and words.words[end].isdigit() and len(words.words[end]) <= 4:
            end += 1
    if gaz.series_names.longest(words, i) and gaz.series_names.longest(words, i)[0] >= end:
        return None  # a series named without its number
    if end - head_end < 1 or _only_titles(words, head_end, end):
        return None
    return EventAt(i, end, words.written(i, end), EVENT_HEADS[head])


def _only_titles(words: Words, start: int, end: int) -> bool:
    """Whether words ``start``..``end`` hold only titles and the fields of ministries: "các
    Hội nghị Bộ trưởng Ngoại giao" speaks of meetings, it names none."""
    q = start
    while q < end:
        if title := TITLE_TRIE.longest_spelt(words, q):
            q = title[0]
        elif q + 1 < end and " ".join(words.words[q : q + 2]) in NAME_WORDS:
            q += 2
        else:
            return False
    return True
