"""Reading the name of an agency where a text gives one: after a title ("Cục trưởng Cục Lãnh
sự"), or on its own ("Cục Hợp tác quốc tế, Bộ VHTT&DL").

A known agency is found by any of its recorded names; an unknown one is read from its first
word ("Bộ", "Cục", "Vụ", "Ủy ban", "Đại sứ quán"...) up to the word that ends it (a verb, a
preposition, punctuation, a personal name). The agency it belongs to, when the text says so
("…, Bộ VHTT&DL", "… (Bộ Y tế)", "… thuộc Bộ Công an", "Vụ Hợp tác quốc tế Bộ Y tế"), is read
the same way and kept as its parent: a department's name is shared by many ministries, so
the parent is part of its identity.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from diplomacy_kb.text import fold

from .gazetteer import Entity, Gazetteer
from .vocabulary import (
    AGENCY_HEAD_TRIE,
    AGENCY_HEADS,
    BEFORE_NAME_TRIE,
    CITY_WORDS,
    CONNECTORS,
    FAMILY_NAMES,
    NAME_STOP_PHRASES,
    NAME_STOPS,
    NAME_WORDS,
    PLACE_PREPOSITIONS,
    TITLE_TRIE,
    place_before,
)
from .words import Words, spelling

# How high in the state an agency of each head stands: a parent stands higher than its child.
_LEVEL = {
    "bo": 3,
    "chinh phu": 4,
    "quoc hoi": 4,
    "ubnd": 3,
    "uy ban nhan dan": 3,
    "tinh uy": 3,
    "thanh uy": 3,
    "tong cuc": 2,
    "cuc": 1,
    "vu": 1,
    "vien": 1,
    "hoc vien": 2,
    "trung tam": 1,
    "van phong": 1,
    "ban": 1,
    "so": 1,
    "phong": 0,
    "truong dai hoc": 1,
    "dai hoc": 2,
    "quan uy": 4,  # the Party's Central Military Commission: no ministry is its parent
}
# Heads that name a unit by its parent alone: "Thanh tra Bộ Ngoại giao", "Văn phòng Bộ Y tế".
UNIT_OF_PARENT = frozenset({"thanh tra", "van phong"})
# Heads short and common enough that a capitalised word must follow them at once ("Vụ ASEAN",
# not "Vụ việc"; "Hội Hữu nghị", not "Hội nghị").
# Heads that start the name of a parent: a ministry, a province's people's committee.
_PARENT_LEVEL = {
    "bo": 3,
    "ubnd": 3,
    "uy ban nhan dan": 3,
    "tinh uy": 3,
    "thanh uy": 3,
    "tong cuc": 2,
    "hoc vien": 2,
}
# Heads of a body that a new name may end with and belong to ("Ban Chấp hành Trung ương
# Đảng Cộng sản Việt Nam"): a party, a ministry, a province's committees. Not a newspaper's
# or an institution's own name ("Báo Quân đội nhân dân", "Ủy ban Kiểm toán Nhà nước …").
INNER_PARENT_HEADS = frozenset({*_PARENT_LEVEL, "dang"})
# Words for a kind of place a name may end on when the text leaves the place out.
_PLACE_ENDS = frozenset(spelling(w) for w in ("tỉnh", "phố", "huyện", "quận", "xã", "phường"))
_STRICT_HEADS = {"dang", "bo", "cuc", "vu", "so", "ban", "hoi", "vien", "phong", "bao"}
# Words that may follow "Ủy ban" in lower case as part of the name.
_MAX_LOWER_RUN = 3
_MAX_WORDS = 16


@dataclass
class AgencyPhrase:
    """An agency as the text names it: ``start``..``end`` are word indexes in its stretch."""

    start: int
    end: int
    written: str
    known: list[Entity] = field(default_factory=list)  # agencies (or countries) it names
    head: str = ""  # the folded first word(s), for a new agency
    parent: AgencyPhrase | None = None

    @property
    def is_new(self) -> bool:
        return not self.known

    @property
    def full_end(self) -> int:
        """Where the phrase ends with its parent."""
        return self.parent.full_end if self.parent else self.end


def head_at(words: Words, i: int) -> tuple[int, str] | None:
    """(end, folded head) when an agency's first words start at word ``i``."""
    return AGENCY_HEAD_TRIE.longest_spelt(words, i)


def person_name_at(words: Words, p: int, upper: bool = False) -> int | None:
    """End of a Vietnamese personal name starting at word ``p`` (a family name and one to
    three more capitalised words), or None. In a stretch printed in capitals (``upper``),
    case tells nothing: a name is then three words, or four when punctuation ends it."""
    if not words.capitalised(p) or not words.spelt(p, p + 1, FAMILY_NAMES):
        return None
    if p > 0 and words.spelt(p - 1, p, PLACE_PREPOSITIONS):
        return None  # "tại Hà Nội, Thứ trưởng …": a place
    after_place = place_before(words, p)
    if after_place and words.spelt(p - 1, p, CITY_WORDS):
        return None  # "TP. Hồ Chí Minh"
    end = p + 1
    n = len(words)
    while end < n and end - p < 4 and words.capitalised(end) and words.gap(end - 1) in (" ", "-"):
        if TITLE_TRIE.longest_spelt(words, end):
            break
        end += 1
    if upper:
        if end - p == 4 and not (end == n or words.hard_gap(end - 1)):
            end -= 1
    if after_place and end - p < 3:
        return None  # "tỉnh Hà Tĩnh"; but "UBND tỉnh Đặng Quốc Vinh" names a person
    return end if 2 <= end - p <= 4 else None


def _known_at(words: Words, i: int, gaz: Gazetteer) -> tuple[int, list[Entity]] | None:
    found = gaz.agency_names.longest(words, i)
    if found is None:
        return None
    end, values = found
    if end - i == 1 and not words.capitalised(i):
        return None  # one-word names are capitalised
    return end, list(values)


def _title_of_someone(words: Words, p: int, gaz: Gazetteer) -> bool:
    """Whether a title at word ``p`` is given to a person named right after it ("… khu vực
    Thủ tướng Nguyễn Xuân Phúc"): the end of an event's name, which may hold a title."""
    found = TITLE_TRIE.longest_spelt(words, p)
    if found is None or found[0] >= len(words):
        return False
    q = found[0]
    if person_name_at(words, q) is not None:
        return True
    known = gaz.names.longest(words, q)
    return bool(known) and any(kind == "person" for kind, _pk in known[1])


def _stops(words: Words, p: int) -> bool:
    """Whether the word at ``p`` (or the two from it) is one no agency name holds."""
    return words.spelt(p, p + 1, NAME_STOPS) or (
        p + 1 < len(words) and words.spelt(p, p + 2, NAME_STOP_PHRASES)
    )


def _lower_continues(words: Words, p: int, n: int, head_end: int = 0) -> int:
    """How many lower-case words from word ``p`` still belong to a name: the second
    syllable of a word agency names are made of ("Quốc phòng", "Hợp tác quốc tế"), a
    connector before more of the name ("về người Việt Nam", "ở nước ngoài"); 0 when the
    name ends before word ``p``."""

    def pair(a: int) -> bool:
        return a + 1 < n and f"{words.words[a]} {words.words[a + 1]}" in NAME_WORDS

    if _stops(words, p) or BEFORE_NAME_TRIE.longest_spelt(words, p):
        return 0
    if p > 0 and pair(p - 1):
        return 1
    # The second syllable of a capitalised word, where the name then ends or goes on with
    # capitals: "Chính phủ", "Quốc hội", "Quốc phòng".
    if (
        p > 0
        and words.capitalised(p - 1)
        and (p + 1 >= n or words.hard_gap(p) or words.capitalised(p + 1) or _stops(words, p + 1))
    ):
        return 1
    if pair(p) and not words.capitalised(p + 1) and not words.hard_gap(p):
        return 2
    # A short run of lower-case words before more capitalised ones: "về người Việt Nam".
    q = p
    while q < n and q - p < 2 and not words.capitalised(q) and not words.hard_gap(q):
        if _stops(words, q):
            return 0
        q += 1
    if q < n and q > p and words.capitalised(q) and head_at(words, q) is None:
        return q - p
    if words.words[p] in CONNECTORS and pair(p + 1):
        return 3 if p + 2 < n else 0
    return 0


def _new_at(words: Words, i: int, gaz: Gazetteer, upper: bool) -> tuple[int, str] | None:
    """(end, head) of an unknown agency's name starting at word ``i``."""
    if not words.capitalised(i):
        return None
    head = head_at(words, i)
    if head is None:
        return None
    head_end, folded_head = head
    if folded_head in _STRICT_HEADS and (head_end >= len(words) or not words.capitalised(head_end)):
        if not _lower_case_name(words, i, head_end):
            return None
    end = name_end(
        words,
        i,
        head_end,
        gaz,
        upper,
        level=_level(folded_head),
        embassy=AGENCY_HEADS.get(folded_head) == "embassy",
    )
    if end is None and folded_head in UNIT_OF_PARENT and _parent_head_at(words, head_end):
        return head_end, folded_head  # "Thanh tra" + its parent, read next
    if end is None:
        return None
    if folded_head == "bo" and words.words[end - 2 : end] == ("viet", "nam"):
        end -= 2  # "Bộ Quốc phòng Việt Nam": the ministry is "Bộ Quốc phòng"
    return end, folded_head


def _parent_head_at(words: Words, p: int) -> bool:
    """Whether a parent's name (a ministry, a province's committee) starts at word ``p``,
    straight after the word before it."""
    if p >= len(words) or words.gap(p - 1).strip() or not words.capitalised(p):
        return False
    head = head_at(words, p)
    return head is not None and head[1] in _PARENT_LEVEL


def _lower_case_name(words: Words, i: int, head_end: int) -> bool:
    """Whether a short head is followed by a name printed in lower case: "Ban đối ngoại TƯ",
    "Cục đầu tư nước ngoài" (a two-syllable word agency names are made of), not "Ban hành
    chính sách" opening a sentence."""
    if words.sentence_start(i) or head_end + 1 >= len(words):
        return False
    if words.gap(head_end - 1).strip() or words.gap(head_end).strip():
        return False
    return " ".join(words.words[head_end : head_end + 2]) in NAME_WORDS


def name_end(
    words: Words,
    i: int,
    head_end: int,
    gaz: Gazetteer,
    upper: bool,
    *,
    level: int = 1,
    titles_end: bool = True,
    embassy: bool = False,
) -> int | None:
    """Where a name that starts at word ``i`` with its first words (its head, up to
    ``head_end``) ends: at punctuation, a title, a personal name, a parent agency of a higher
    ``level``, a verb, or the lower-case words that are not part of it; None when nothing
    follows the head. An event's name may hold a title (``titles_end`` False: "Hội nghị Bộ
    trưởng Ngoại giao ASEAN")."""
    n = len(words)
    if head_end >= n or words.hard_gap(head_end - 1):
        return None
    p = head_end
    after_country = False
    while p < n and p - i < _MAX_WORDS:
        gap = words.gap(p - 1).strip()
        if gap and gap not in ("&", "-", "–"):
            break  # punctuation ends a name (a comma may introduce its parent)
        if words.capitalised(p):
            # A title ends the name ("Bộ Ngoại giao Thứ trưởng …"), but not right after its
            # first words, where it is part of it ("Cục Lãnh sự", "Văn phòng Chủ tịch nước").
            if not upper and (
                (titles_end and p > head_end and TITLE_TRIE.longest_spelt(words, p))
                or BEFORE_NAME_TRIE.longest_spelt(words, p)
                or _title_of_someone(words, p, gaz)
            ):
                break
            if person_name_at(words, p, upper):
                break
            if not titles_end and (title := TITLE_TRIE.longest_spelt(words, p)):
                p = title[0]  # "Hội nghị Bộ trưởng …": a title, not a ministry
                continue
            sub = head_at(words, p)
            if sub is not None and (
                _PARENT_LEVEL.get(sub[1], 0) > level or words.words[p - 1] in CONNECTORS
            ):
                break  # a parent ("Vụ Hợp tác quốc tế Bộ Y tế") or another agency ("và Cục …")
            if after_country and sub is None:
                break  # "Ủy ban Kiểm toán Nhà nước Nhật Bản Teruhiko Kawato"
            if (country := country_at(words, p, gaz)) is not None:
                p, after_country = country, True
                continue
            p += 1
            continue
        if (
            embassy
            and words.words[p] == "tai"
            and p + 1 < n
            and (country := country_at(words, p + 1, gaz)) is not None
        ):
            p, after_country = country, True  # "Đại sứ quán Đức tại Việt Nam"
            continue
        more = _lower_continues(words, p, n, head_end)
        if not more:
            break
        p += more
        after_country = False
    end = min(p, n)
    # A name does not end on a connector ("Bộ Kế hoạch và") nor on the word for a place
    # whose name the text leaves out ("UBND tỉnh").
    while end > head_end and (
        words.words[end - 1] in CONNECTORS or words.spelt(end - 1, end, _PLACE_ENDS)
    ):
        end -= 1
    return end if end > head_end else None


def country_at(words: Words, p: int, gaz: Gazetteer) -> int | None:
    """End of a country's name at word ``p``, or None; not when it opens a longer name
    ("Lào Cai", a province)."""
    if not words.capitalised(p):
        return None
    found = gaz.agency_names.longest(words, p)
    if found is None or not all(kind == "country" for kind, _pk in found[1]):
        return None
    end = found[0]
    n = len(words)
    if (
        end < n
        and words.capitalised(end)
        and not words.gap(end - 1).strip()  # a space only: "Mexico - Canada" is a list
        and head_at(words, end) is None
        and person_name_at(words, end) is None
        and not TITLE_TRIE.longest_spelt(words, end)
    ):
        # One more capitalised word makes a place ("Lào Cai"), also before a Vietnamese
        # name ("Tỉnh ủy Lào Cai Đặng Xuân Phong"); two or more, a foreign name after the
        # country ("Nhật Bản Teruhiko Kawato").
        alone = end + 1 >= n or not words.capitalised(end + 1) or words.hard_gap(end)
        if alone or person_name_at(words, end + 1) is not None:
            return None
    return end


def countries_in(words: Words, start: int, end: int, gaz: Gazetteer) -> list:
    """The countries named inside words ``start``..``end`` (an agency's name: "Đại sứ quán
    Đức", "Viện Khoa học xã hội Trung Quốc"), as entities."""
    out = []
    p = start + 1
    while p < end:
        stop = country_at(words, p, gaz)
        if stop is not None and stop <= end:
            found = gaz.agency_names.longest(words, p)
            out.extend(found[1])
            p = stop
        else:
            p += 1
    return out


def _is_country(words: Words, p: int, gaz: Gazetteer) -> bool:
    found = gaz.agency_names.longest(words, p)
    return bool(found) and all(kind == "country" for kind, _pk in found[1])


def _foreign_counterpart(words: Words, known: tuple[int, list[Entity]], gaz: Gazetteer) -> bool:
    """Whether a home agency's name is followed by another country's: "Chính phủ Trung
    Quốc", "Bộ Ngoại giao Lào" name that country's body, not Viet Nam's."""
    found = gaz.agency_names.longest(words, known[0])
    if found is None or words.gap(known[0] - 1).strip():
        return False
    return all(gaz.foreign(entity) for entity in found[1]) and all(
        gaz.home_agency(entity) for entity in known[1]
    )


def _level(head: str) -> int:
    return _LEVEL.get(head, 1)


def read_agency(
    words: Words, i: int, gaz: Gazetteer, *, after_title: bool = False, upper: bool = False
) -> AgencyPhrase | None:
    """The agency named from word ``i``, with its parent where the text gives one.

    The longest reading wins: a known name inside a longer unknown one ("Chính phủ" in
    "Chính phủ lâm thời Cộng hòa miền Nam Việt Nam") is not read on its own, unless what
    follows is itself a name ("Bộ Ngoại giao Việt Nam").
    """
    if i >= len(words):
        return None
    known = _known_at(words, i, gaz)
    new = _new_at(words, i, gaz, upper)
    if known is not None and new is not None and new[0] > known[0]:
        # A known name read on into a longer one: only when the words after it make a name
        # with it ("Chính phủ lâm thời …"), not when they join another ("Bộ Chính trị và …").
        if (
            words.words[known[0]] in CONNECTORS
            or words.hard_gap(known[0] - 1)
            or (_is_country(words, known[0], gaz) and not _foreign_counterpart(words, known, gaz))
        ):
            new = None  # "Bộ Ngoại giao Việt Nam": the country is named on its own
    if known is not None and (new is None or new[0] <= known[0]):
        phrase = AgencyPhrase(i, known[0], words.written(i, known[0]), known[1])
    elif new is not None:
        phrase = AgencyPhrase(i, new[0], words.written(i, new[0]), head=new[1])
    else:
        return None
    if after_title is False and phrase.is_new and phrase.end - phrase.start < 2:
        return None
    phrase.parent = _parent_after(words, phrase, gaz, upper)
    return phrase


def _parent_after(
    words: Words, phrase: AgencyPhrase, gaz: Gazetteer, upper: bool
) -> AgencyPhrase | None:
    """The agency a phrase belongs to, when the text gives it right after."""
    end, n = phrase.end, len(words)
    if end >= n:
        return None
    gap = words.gap(end - 1).strip()
    start = end
    if gap in ("", ",", "(", "-", "–") or gap == ",(":
        if words.words[start] in ("thuoc", "cua") and start + 1 < n:
            start += 1
    else:
        return None
    child_head = phrase.head or _head_of_known(words, phrase)
    parent = read_agency(words, start, gaz, upper=upper) if start < n else None
    if parent is None or not words.capitalised(parent.start):
        return None
    parent_head = parent.head or _head_of_known(words, parent)
    if _PARENT_LEVEL.get(parent_head, 0) <= _level(child_head):
        return None  # "Bộ Ngoại giao, Bộ Công an": a list, not a parent
    if any(kind == "country" for kind, _pk in parent.known):
        return None
    return parent


def _head_of_known(words: Words, phrase: AgencyPhrase) -> str:
    head = head_at(words, phrase.start)
    return head[1] if head else ""


def new_agency_name(phrase: AgencyPhrase, title_head: str = "") -> str:
    """What to call an agency the archive does not know: its words as written, with "Bộ"
    added when a minister's title names the ministry without it ("Thứ trưởng Công Thương")."""
    written = phrase.written
    if head_at(Words.of(written), 0) is None and fold(title_head) in (
        "bo truong",
        "thu truong",
    ):
        return f"Bộ {written}"
    # The name's first word after its head is capitalised: "Ban đối ngoại" -> "Ban Đối ngoại".
    words = Words.of(written)
    head = head_at(words, 0)
    if (
        head is not None
        and head[0] + 1 < len(words)
        and not words.capitalised(head[0])
        and " ".join(words.words[head[0] : head[0] + 2]) in NAME_WORDS
        and head[1] in _STRICT_HEADS
    ):
        at = words.starts[head[0]]
        return written[:at] + written[at].upper() + written[at + 1 :]
    return written
