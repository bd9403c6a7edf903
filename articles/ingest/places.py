"""Provincial agencies named without their province: "Sở Ngoại vụ tỉnh", "UBND tỉnh".

Local papers name their own province's bodies with the place left out ("Giám đốc Sở Ngoại
vụ tỉnh Phạm Thanh Quang", "UBND tỉnh đã ..."). The province is the one the article names
most often as "tỉnh X" (or "Tỉnh X"); when no province stands out, none is assumed and the
agency is proposed as written. The proposal is the editor's to check, like every other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .agencies import person_name_at
from .words import Words

_PROVINCE_WORD = "tinh"
_MAX_NAME_WORDS = 3
# Abbreviations of provincial bodies, written out in a proposed name.
ABBREVIATIONS = {
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc",
}


def province_at(words: Words, i: int) -> str | None:
    """The province named by "tỉnh X" or "Tỉnh ủy X" at word ``i``, or None."""
    if words.words[i] != _PROVINCE_WORD or words.hard_gap(i) or "," in words.gap(i):
        return None
    if i + 2 < len(words) and words.words[i + 1] == "uy" and not words.gap(i + 1).strip():
        i += 1  # "Tỉnh ủy Nghệ An": the province's Party committee names it too
    end = i + 1
    while end < len(words) and end - i <= _MAX_NAME_WORDS and words.capitalised(end):
        if words.upper(end):
            break  # "tỉnh TP": an abbreviation, not a name
        if end > i + 1 and (person := person_name_at(words, end)) and person - end >= 3:
            break  # "Chủ tịch UBND tỉnh Lào Cai Đặng Xuân Phong": a person's name follows
        end += 1
        if words.hard_gap(end - 1) or "," in words.gap(end - 1):
            break
    return words.written(i + 1, end) if end > i + 1 else None


def home_province(chunks: Iterable[Words]) -> str | None:
    """The province the article names most often, when one stands out."""
    counts: Counter[str] = Counter()
    for words in chunks:
        for i in range(len(words)):
            if (name := province_at(words, i)) is not None:
                counts[name] += 1
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def province_left_out(words: Words, end: int) -> bool:
    """Whether an agency's name ending before word ``end`` is followed by "tỉnh" with the
    province left out ("Sở Ngoại vụ tỉnh cho biết", "UBND tỉnh.", "Giám đốc Sở Ngoại vụ
    tỉnh Phạm Thanh Quang": a person's name follows), not "tỉnh Lào Cai"."""
    if end >= len(words) or words.words[end] != _PROVINCE_WORD or words.capitalised(end):
        return False
    if words.gap(end - 1).strip():
        return False
    if end + 1 >= len(words) or words.hard_gap(end) or not words.capitalised(end + 1):
        return True
    name_end = person_name_at(words, end + 1, words.mostly_upper())
    return name_end is not None and name_end - (end + 1) >= 3


# Abbreviations written out wherever they stand in a proposed name.
WORD_ABBREVIATIONS = {"TƯ": "Trung ương", "TW": "Trung ương", "QĐND": "Quân đội nhân dân"}


def written_out(name: str) -> str:
    """``name`` with the abbreviations it holds written out, for a proposed agency: "UBND
    tỉnh Nghệ An" -> "Ủy ban nhân dân tỉnh Nghệ An", "Ban đối ngoại TƯ" -> "Ban đối ngoại
    Trung ương"."""
    first, _space, rest = name.partition(" ")
    if first in ABBREVIATIONS:
        name = f"{ABBREVIATIONS[first]} {rest}".strip()
    return " ".join(WORD_ABBREVIATIONS.get(word, word) for word in name.split(" "))
