"""Adding an article from its raw text: segment it, suggest what it names, save a draft.

``suggest_links`` runs the importer's parser on the text and finds every known official,
agency, country, body, conference and document whose name (or another spelling) occurs
in it, ignoring case and diacritics, plus titled names the archive does not know yet
("Thứ trưởng Bộ Công Thương Nguyễn Văn A"), proposed as new officials. Staff review the
suggestions; ``article_create_from_text`` then writes the draft and everything it links,
all or nothing. ``article_duplicates`` finds an article already in the archive.

How names are found: every name is folded (``diplomacy_kb.text.fold``) and split into
words; the words go into one trie for all kinds (a name is a path of words). The text is
folded once, split into words the same way, and the trie is walked from each word, so
the cost grows with the length of the text, not with the number of names, and a name
only ever matches whole words ("UN" is not found in "trung"). The names come from the
``search_names`` column every named model keeps folded: one query per kind.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Any

import reversion
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from diplomacy_kb.dates import truncate
from diplomacy_kb.names import unique_slug
from diplomacy_kb.text import NameOrder, fold, nfc, slugify
from events.models import Conference
from people.models import Agency, Body, Country, Person, Position

from .models import (
    AgencyMention,
    Article,
    BodyMention,
    ConferenceMention,
    CountryMention,
    Document,
    DocumentMention,
    PersonMention,
    Publication,
    Segment,
)
from .ingest.parse import (
    ParsedArticle,
    ParseError,
    SegmentKind,
    SpeakerWithoutAnswer,
    normalise,
    parse_article,
)
from .search_index import reindex_articles
from .services import article_folded_text, segment_rows, validation_message

__all__ = [
    "MENTION_KINDS",
    "Accepted",
    "DuplicateArticleError",
    "Found",
    "PersonChoice",
    "PersonSuggestion",
    "PositionChoice",
    "SegmentChoice",
    "Suggestions",
    "TitleSuggestion",
    "article_create_from_text",
    "article_duplicates",
    "parse_text",
    "suggest_links",
]

# The kinds of row an article mentions besides people, with their mention model.
MENTION_KINDS: dict[str, tuple[type[models.Model], type[models.Model], str]] = {
    "agency": (Agency, AgencyMention, "agency"),
    "country": (Country, CountryMention, "country"),
    "body": (Body, BodyMention, "body"),
    "conference": (Conference, ConferenceMention, "conference"),
    "document": (Document, DocumentMention, "document"),
}

# Titles recognised before a name, as printed; the longest wins ("Phó Thủ tướng").
TITLES: dict[str, str] = {
    "Phó Thủ tướng": "Deputy Prime Minister",
    "Thủ tướng": "Prime Minister",
    "Bộ trưởng": "Minister",
    "Thứ trưởng": "Deputy Minister",
    "Vụ trưởng": "Director",
    "Phó Vụ trưởng": "Deputy Director",
    "Cục trưởng": "Director General",
    "Phó Cục trưởng": "Deputy Director General",
    "Đại sứ": "Ambassador",
    "Tổng Lãnh sự": "Consul General",
    "Chủ tịch": "",
    "Phó Chủ tịch": "",
    "Chủ tịch nước": "President",
    "Phó Chủ tịch nước": "Vice President",
    "Tổng Bí thư": "General Secretary",
    "Giám đốc": "Director",
    "Phó Giám đốc": "Deputy Director",
    "Người phát ngôn": "Spokesperson",
}
_PRIME_MINISTER_TITLES = {fold("Thủ tướng"), fold("Phó Thủ tướng")}
_MINISTRY_TITLES = {fold("Bộ trưởng"), fold("Thứ trưởng")}
_AMBASSADOR_TITLES = {fold("Đại sứ"), fold("Tổng Lãnh sự")}

# Vietnamese family names (folded): a name after a title starts with one of these.
# "Văn" is left out: it is a middle name, and the first word of "Bộ Văn hóa".
_FAMILY_NAMES = frozenset(
    fold(name)
    for name in (
        "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn "
        "Vương Trịnh Đinh Lâm Phùng Mai Tô Trương Hà Tạ Cao Lương Chu Kiều Quách Hứa Thái "
        "Tăng La Lưu Triệu Châu Đàm Nghiêm Giang Lại Lã Mạc Khuất Thân Tôn Phí Ông Doãn Từ "
        "Tống Nông Hầu Lục Viên Kim Thạch Lò Sùng Vi Trình Âu Ninh Diệp Bạch Đồng Quan "
        "Khổng Mẫn Ôn Phó Tòng Tiêu Giáp Cù Khúc Bế Hoàng Mông Lữ Đậu Lạc Lỗ"
    ).split()
)
# First words of agency names: a run of capitalised words starting with one is not a
# foreign personal name ("Thủ tướng Chính phủ ...").
_AGENCY_HEADS = frozenset(
    fold(word)
    for word in (
        "Bộ Vụ Cục Sở Ban Ủy Uỷ Tổng Văn Viện Đại Chính Quốc Nhà Trung Thành Tỉnh Hội Liên "
        "Phòng Học Trường Tòa Tòa Đảng Mặt Thông Báo Đài Ngân Tập Công"
    ).split()
)
# Honorifics before a name in a speaker label: "Ông Nguyễn Văn A:".
_HONORIFICS = tuple(
    fold(h) for h in ("Ông", "Bà", "Đồng chí", "Ngài", "Tiến sĩ", "TS", "PGS", "GS")
)
# Words that report speech: a person named before one in the same paragraph is quoted.
_SAYING = re.compile(
    r"\b(?:cho biet|khang dinh|nhan manh|cho rang|phat bieu|neu ro|de nghi|luu y|"
    r"chia se|noi|thong tin|danh gia|ket luan)\b"
)
# Connecting words an agency name may hold in lower case ("Bộ Kế hoạch và Đầu tư").
_CONNECTORS = frozenset({"va", "cua", "tai", "ve"})

_WORD = re.compile(r"\w+")
_URL = re.compile(r"(?:https?://|www\.)\S+")
# Spaces, hyphens, dashes and commas between words are all alike when comparing names
# ("Văn hóa, Thể thao" and "Văn hóa - Thể thao", "An-giê-ri" and "An giê ri"); any
# other punctuation must be the same ("Marc E. Knapper"), so no name runs over a full stop.
_LOOSE = str.maketrans("", "", " -\u2010\u2011\u2012\u2013\u2014,")
_END = None  # the trie key under which a node keeps the names that end there


def _gap(text: str) -> str:
    return text.translate(_LOOSE)


# --- words and names ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Words:
    """One stretch of text (a title, a segment, a label) split into folded words, with the
    offsets of each word in the NFC text (folding keeps offsets)."""

    text: str
    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> _Words:
        text = nfc(text)
        matches = list(_WORD.finditer(fold(text)))
        return cls(
            text,
            tuple(m.group() for m in matches),
            tuple(m.start() for m in matches),
            tuple(m.end() for m in matches),
        )

    def __len__(self) -> int:
        return len(self.words)

    def gap(self, i: int) -> str:
        """The text between word ``i`` and word ``i + 1``, as written."""
        return self.text[self.ends[i] : self.starts[i + 1]]

    def capitalised(self, i: int) -> bool:
        return self.text[self.starts[i]].isupper()

    def written(self, start: int, end: int) -> str:
        """Words ``start`` to ``end - 1`` as written."""
        return self.text[self.starts[start] : self.ends[end - 1]]


class _Trie:
    """Folded names as paths of words (and the separator class between them).

    Given the ``vocabulary`` of the text to search, it keeps only the names made of words
    the text has: most of the archive's names are then skipped after a split and a few
    set lookups, and the trie stays small.
    """

    def __init__(self, vocabulary: set[str] | None = None) -> None:
        self.root: dict[Any, Any] = {}
        self.vocabulary = vocabulary

    def add(self, folded_name: str, value: Any) -> None:
        words = folded_name.split(" ")
        vocabulary = self.vocabulary
        if vocabulary is not None and words[0] not in vocabulary and words[0].isalnum():
            return
        if all(word.isalnum() for word in words):
            # The common case, words and single spaces: no need for the regular expression.
            steps = [("", word) for word in words[1:]]
        else:
            matches = list(_WORD.finditer(folded_name))
            if not matches:
                return
            words = [m.group() for m in matches]
            steps = [
                (_gap(folded_name[previous.end() : match.start()]), match.group())
                for previous, match in pairwise(matches)
            ]
        if vocabulary is not None and not all(word in vocabulary for word in words):
            return
        if all(word.isdigit() for word in words):
            return  # "22" alone is not a name worth finding
        node = self.root.setdefault(words[0], {})
        for step in steps:
            node = node.setdefault(step, {})
        values = node.setdefault(_END, [])
        if value not in values:
            values.append(value)

    def walk(self, words: _Words, start: int) -> Iterator[tuple[int, list]]:
        """(end, values) for every name that starts at word ``start``, shortest first."""
        node = self.root.get(words.words[start])
        i = start
        while node is not None:
            if _END in node:
                yield i + 1, node[_END]
            if i + 1 >= len(words):
                return
            node = node.get((_gap(words.gap(i)), words.words[i + 1]))
            i += 1

    def longest(self, words: _Words, start: int) -> tuple[int, list] | None:
        found = None
        for found in self.walk(words, start):  # noqa: B007 (the last is the longest)
            pass
        return found


_TITLE_TRIE = _Trie()
for _title in TITLES:
    _TITLE_TRIE.add(fold(_title), _title)


@dataclass
class _Index:
    """Every known name, loaded once per call (one query per kind)."""

    names: _Trie  # all kinds: values are (kind, pk)
    agency_names: _Trie  # agencies as named after a title, and countries (for ambassadors)
    labels: dict[tuple[str, int], str]
    agency_parent: dict[int, int | None]


def _load_index(vocabulary: set[str]) -> _Index:
    """The names of the archive made of words in ``vocabulary`` (the text's words)."""
    names, agency_names = _Trie(vocabulary), _Trie(vocabulary)
    labels: dict[tuple[str, int], str] = {}

    def add(kind: str, pk: int, search_names: str, skip: Iterable[str] = ()) -> None:
        skipped = {fold(s).strip() for s in skip if s}
        for line in search_names.split("\n"):
            if line and line not in skipped:
                names.add(line, (kind, pk))

    for pk, search_names, name in Person.objects.order_by().values_list(
        "pk", "search_names", "name"
    ):
        add("person", pk, search_names)
        labels["person", pk] = name
    for pk, search_names, name, code in Country.objects.order_by().values_list(
        "pk", "search_names", "name_vi", "code"
    ):
        add("country", pk, search_names, skip=[code])  # "VN", "IN": not words to look for
        labels["country", pk] = name
        for line in search_names.split("\n"):
            if line and line != code.lower():
                agency_names.add(line, ("country", pk))
    for pk, search_names, name, abbreviation in Body.objects.order_by().values_list(
        "pk", "search_names", "name_vi", "abbreviation"
    ):
        add("body", pk, search_names)
        labels["body", pk] = f"{name} ({abbreviation})" if abbreviation else name
    agency_rows = list(
        Agency.objects.order_by().values_list("pk", "search_names", "name_vi", "kind", "parent_id")
    )
    agency_name = {pk: name for pk, _, name, _, _ in agency_rows}
    agency_parent = {pk: parent for pk, _, _, _, parent in agency_rows}
    for pk, search_names, name, kind, parent in agency_rows:
        add("agency", pk, search_names)
        if kind == Agency.Kind.MINISTRY_DEPARTMENT and parent in agency_name:
            name = f"{name} ({agency_name[parent]})"
        labels["agency", pk] = name
        for line in search_names.split("\n"):
            if not line:
                continue
            agency_names.add(line, ("agency", pk))
            # After a title a ministry is often named without "Bộ": "Thứ trưởng Ngoại giao".
            if kind == Agency.Kind.MINISTRY and line.startswith("bo "):
                agency_names.add(line[3:], ("agency", pk))
    for pk, search_names, name in Conference.objects.order_by().values_list(
        "pk", "search_names", "name_vi"
    ):
        add("conference", pk, search_names)
        labels["conference", pk] = name
    for pk, search_names, name in Document.objects.order_by().values_list(
        "pk", "search_names", "name_vi"
    ):
        add("document", pk, search_names)
        labels["document", pk] = name
    return _Index(names, agency_names, labels, agency_parent)


# --- what suggest_links returns --------------------------------------------------------------


@dataclass
class Found:
    """A known row whose name occurs in the text."""

    kind: str  # "agency", "country", "body", "conference" or "document"
    pk: int
    label: str
    words: list[str] = field(default_factory=list)  # the spellings as written in the text
    count: int = 0
    preselected: bool = True

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.pk}"


@dataclass
class TitleSuggestion:
    """A title the text gives a person: an existing position to attest, or a new one
    (held as of the article's date)."""

    title: str
    agency_id: int | None = None
    agency_name: str = ""  # an agency not in the archive yet, as the text names it
    agency_label: str = ""
    position_id: int | None = None  # the existing position this title matches
    as_written: list[str] = field(default_factory=list)
    in_text: bool = True  # False: an existing position of the person, offered unticked

    @property
    def is_new(self) -> bool:
        return self.position_id is None

    @property
    def preselected(self) -> bool:
        """Ticked in the preview: a title the text gives, with its agency known (a title
        whose agency staff must first choose is offered unticked)."""
        return self.in_text and (
            not self.is_new or self.agency_id is not None or bool(self.agency_name)
        )


@dataclass
class PersonSuggestion:
    """A known official the text names ("p<pk>"), or a titled name proposed as a new
    official ("n<index>")."""

    key: str
    name: str
    person_id: int | None = None
    role: str = PersonMention.Role.MENTIONED
    titles: list[TitleSuggestion] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    count: int = 0
    preselected: bool = True
    namesakes: int = 0  # other known officials of the same name

    @property
    def is_new(self) -> bool:
        return self.person_id is None


@dataclass
class Suggestions:
    parsed: ParsedArticle
    title: str
    date: datetime.date
    people: list[PersonSuggestion]
    found: dict[str, list[Found]]  # by kind, in MENTION_KINDS order
    speakers: dict[str, str]  # speaker label as printed -> person key ("" when unknown)
    interviewee: str  # the person key suggested for answers printed without a label
    agency_choices: list[tuple[int, str]]  # agencies offered for titles

    @property
    def segments(self):
        return self.parsed.segments

    @property
    def has_unlabelled_answers(self) -> bool:
        return any(s.kind == SegmentKind.ANSWER and not s.speaker_label for s in self.segments)

    def speaker_key(self, index: int) -> str:
        """The person key suggested for segment ``index`` ("" for an unlabelled answer)."""
        segment = self.segments[index]
        if segment.kind != SegmentKind.ANSWER:
            return ""
        return self.speakers.get(segment.speaker_label, "")

    def accept_all(self) -> Accepted:
        """What the preview ticks by default, as an ``Accepted``."""
        people = tuple(
            PersonChoice(
                key=p.key,
                role=p.role,
                person_id=p.person_id,
                name=p.name,
                positions=tuple(
                    PositionChoice(
                        title=t.title,
                        agency_id=t.agency_id,
                        agency_name=t.agency_name,
                        position_id=t.position_id,
                    )
                    for t in p.titles
                    if t.preselected
                ),
            )
            for p in self.people
            if p.preselected
        )
        return Accepted(
            people=people,
            mentions={
                k: tuple(f.pk for f in rows if f.preselected) for k, rows in self.found.items()
            },
            segments=tuple(
                SegmentChoice(kind=s.kind, speaker=self.speaker_key(i))
                for i, s in enumerate(self.segments)
            ),
            interviewee=self.interviewee,
        )


# --- what staff accept -------------------------------------------------------------------------


@dataclass(frozen=True)
class PositionChoice:
    """A title to record for a person: ``position_id`` attests an existing position;
    otherwise a position ``title`` in ``agency_id`` (or in the agency named
    ``agency_name``, found by name or created) held as of the article's date, or from
    ``start`` to ``end`` ((date, precision) pairs) where those are known."""

    title: str = ""
    agency_id: int | None = None
    agency_name: str = ""
    position_id: int | None = None
    start: tuple[datetime.date, str] | None = None
    end: tuple[datetime.date, str] | None = None


@dataclass(frozen=True)
class PersonChoice:
    key: str  # as in PersonSuggestion; segments name their speaker by it
    role: str
    person_id: int | None = None  # None: a new official called ``name``
    name: str = ""
    positions: tuple[PositionChoice, ...] = ()


@dataclass(frozen=True)
class SegmentChoice:
    kind: str
    speaker: str = ""  # a person key; "" for an answer: the interviewee
    drop: bool = False


@dataclass(frozen=True)
class Accepted:
    people: tuple[PersonChoice, ...] = ()
    mentions: dict[str, tuple[int, ...]] = field(default_factory=dict)  # kind -> pks
    segments: tuple[SegmentChoice, ...] | None = None  # one per parsed segment; None: as parsed
    interviewee: str = ""  # person key of the speaker of answers printed without a label


class DuplicateArticleError(ValidationError):
    """The archive already holds the article; ``existing`` lists what was found."""

    def __init__(self, existing: Sequence[Article]):
        self.existing = list(existing)
        titles = "; ".join(f"“{a.title}”" for a in self.existing)
        super().__init__(
            _("The archive already has this article: %(titles)s.") % {"titles": titles},
            code="duplicate",
        )


# --- parsing ---------------------------------------------------------------------------------


def parse_text(*, text: str, title_in_text: bool = True) -> ParsedArticle:
    """Segment ``text`` with the importer's parser; ValidationError when nothing is left
    or the text cannot be segmented."""
    if not text.strip():
        raise ValidationError(_("The text is empty."), code="empty")
    try:
        parsed = parse_article(text, title_in_text=title_in_text)
    except SpeakerWithoutAnswer as exc:
        raise ValidationError(
            _(
                "Line %(line)s: the speaker label “%(label)s” is followed by no answer. "
                "Put the answer after the label, or delete the line."
            )
            % {"line": exc.line, "label": exc.label},
            code="parse",
        ) from None
    except ParseError as exc:
        raise ValidationError(str(exc), code="parse") from None
    if not parsed.segments:
        raise ValidationError(
            _("Nothing is left of the text once page furniture is removed."), code="empty"
        )
    return parsed


# --- finding names ---------------------------------------------------------------------------


@dataclass
class _Titled:
    """A titled name found in a stretch of text: "Thứ trưởng Bộ Ngoại giao Lê Hoài Trung"."""

    title: str
    name: str
    person_ids: list[int]  # known officials of that name
    agency_text: str  # as written, "" when none
    agency_keys: list[tuple[str, int]]  # ("agency" | "country", pk) the text names
    as_written: str
    chunk: int
    start: int  # name's character span in the chunk
    end: int


def _name_gap_ok(words: _Words, i: int) -> bool:
    """Whether words ``i`` and ``i + 1`` may belong to one personal name."""
    gap = words.gap(i)
    if gap in (" ", "-"):
        return True
    return gap == ". " and len(words.words[i]) == 1  # an initial: "Marc E. Knapper"


def _name_run(words: _Words, start: int, limit: int = 5) -> int:
    """End of the run of capitalised words from ``start`` (``start`` when none)."""
    end = start
    while end < len(words) and end - start < limit and words.capitalised(end):
        if end > start and not _name_gap_ok(words, end - 1):
            break
        end += 1
    return end


def _hard_gap(gap: str) -> bool:
    """Punctuation that ends a title phrase: anything but spaces, hyphens and commas."""
    return bool(_gap(gap))


def _titled_at(words: _Words, start: int, index: _Index) -> tuple[int, int, int, list[int]] | None:
    """After a title ending before word ``start``: (agency end, name start, name end,
    known person ids), or None when no name follows."""
    n = len(words)
    if start >= n or not words.capitalised(start):
        return None
    if start > 0 and _hard_gap(words.gap(start - 1)):
        return None  # "Bộ trưởng: ..." or "các Bộ trưởng, Trưởng ban"

    def person_at(p: int) -> tuple[int, list[int]] | None:
        for end, values in reversed(list(index.names.walk(words, p))):
            ids = [pk for kind, pk in values if kind == "person"]
            if ids and words.capitalised(p):
                return end, ids
        return None

    def vietnamese_name_at(p: int) -> int | None:
        if words.words[p] not in _FAMILY_NAMES or not words.capitalised(p):
            return None
        end = _name_run(words, p)
        return end if 2 <= end - p <= 4 else None

    # A known agency (or, for an ambassador, country) right after the title.
    known = index.agency_names.longest(words, start)
    if known is not None and known[0] < n and not _hard_gap(words.gap(known[0] - 1)):
        after = known[0]
        if found := person_at(after):
            return after, after, found[0], found[1]
        if end := vietnamese_name_at(after):
            return after, after, end, []
        end = _name_run(words, after)
        if 2 <= end - after <= 4 and words.words[after] not in _AGENCY_HEADS:
            return after, after, end, []  # a foreign name: "Đại sứ Hoa Kỳ Marc E. Knapper"

    # Otherwise read the agency phrase word by word until a name starts; a verb ("cho
    # biết") is three lower-case words in a row and ends the search.
    lower_run = 0
    for p in range(start, min(n, start + 14)):
        if p > start and _hard_gap(words.gap(p - 1)):
            return None
        if found := person_at(p):
            return p, p, found[0], found[1]
        if end := vietnamese_name_at(p):
            return p, p, end, []
        if words.capitalised(p) or words.words[p] in _CONNECTORS:
            lower_run = 0
        else:
            lower_run += 1
            if lower_run > 2:
                return None
    # A foreign name straight after the title: "Thủ tướng Fumio Kishida".
    end = _name_run(words, start)
    if known is None and 2 <= end - start <= 4 and words.words[start] not in _AGENCY_HEADS:
        return start, start, end, []
    return None


def _find_titled(chunks: Sequence[_Words], index: _Index) -> list[_Titled]:
    out: list[_Titled] = []
    for c, words in enumerate(chunks):
        i = 0
        while i < len(words):
            match = _TITLE_TRIE.longest(words, i)
            if match is None:
                i += 1
                continue
            title_end, (title,) = match
            found = _titled_at(words, title_end, index)
            if found is None:
                i = title_end
                continue
            agency_end, name_start, name_end, person_ids = found
            agency_text, agency_keys = "", []
            if agency_end > title_end:
                agency_text = words.written(title_end, agency_end)
                agency_keys = _agency_keys(words, title_end, agency_end, index)
            out.append(
                _Titled(
                    title=title,
                    name=words.written(name_start, name_end),
                    person_ids=person_ids,
                    agency_text=agency_text,
                    agency_keys=agency_keys,
                    as_written=words.written(i, name_end),
                    chunk=c,
                    start=words.starts[name_start],
                    end=words.ends[name_end - 1],
                )
            )
            i = name_end
    return out


def _agency_keys(words: _Words, start: int, end: int, index: _Index) -> list[tuple[str, int]]:
    """The known agencies (or countries) the words ``start``..``end`` name: the whole
    phrase if it is a name, else the longest name inside it."""
    best: tuple[int, list] | None = None
    for p in range(start, end):
        for stop, values in index.agency_names.walk(words, p):
            if stop <= end and (best is None or stop - p > best[0]):
                best = (stop - p, values)
    return list(best[1]) if best else []


def _find_names(chunks: Sequence[_Words], index: _Index) -> list[tuple[str, int, int, int, int]]:
    """(kind, pk, chunk, start, end) of every known name in the chunks, whole words only.

    A one-word name must be written with a capital ("Pháp" the country, not the "pháp" of
    "biện pháp"; "ASEAN" or "Asean", not "asean"); longer names ignore case altogether.
    """
    out = []
    for c, words in enumerate(chunks):
        for i in range(len(words)):
            for end, values in index.names.walk(words, i):
                if end - i == 1 and not words.capitalised(i):
                    continue
                for kind, pk in values:
                    out.append((kind, pk, c, words.starts[i], words.ends[end - 1]))
    return out


# --- suggestions -------------------------------------------------------------------------------


def _chunks(parsed: ParsedArticle, title: str) -> tuple[list[str], dict[str, int]]:
    """The stretches of text searched (the title, the segments, photo credits, credit lines,
    speaker labels) and, for each speaker label, the index of its stretch."""
    texts = [
        title,
        *(s.text for s in parsed.segments),
        *(s.photo_credit for s in parsed.segments if s.photo_credit),
        # "Nguồn Xây Dựng: https://…/vu-hop-tac-quoc-te-…": the address names nothing.
        *(_URL.sub(" ", line) for line in parsed.credit_lines),
    ]
    labels: dict[str, int] = {}
    for segment in parsed.segments:
        if segment.speaker_label and segment.speaker_label not in labels:
            labels[segment.speaker_label] = len(texts)
            texts.append(segment.speaker_label)
    return texts, labels


def _canonical_title(title: str) -> str:
    folded = fold(title).strip()
    return next((t for t in TITLES if fold(t) == folded), normalise(title))


def _new_agency_name(title: str, agency_text: str) -> str:
    """What to call an agency the archive does not know, from the words after a title."""
    if not agency_text:
        return ""
    folded = fold(title)
    first = fold(agency_text.split()[0])
    if folded in _MINISTRY_TITLES and first not in _AGENCY_HEADS:
        return f"Bộ {agency_text}"  # "Thứ trưởng Công Thương" -> "Bộ Công Thương"
    if folded in _AMBASSADOR_TITLES and first != fold("Đại"):
        return f"Đại sứ quán {agency_text}"
    return agency_text


class _Collector:
    """Gathers the people and rows found in one text, keyed as the review form keys them."""

    def __init__(self, index: _Index, chunks: list[_Words]):
        self.index = index
        self.chunks = chunks
        self.found: dict[str, dict[int, Found]] = {kind: {} for kind in MENTION_KINDS}
        self.known: dict[int, PersonSuggestion] = {}
        self.proposals: dict[str, PersonSuggestion] = {}  # by folded name
        self.seen: list[tuple[int, int, str, int]] = []  # (chunk, start, person key, end)

    @staticmethod
    def note(entry: Found | PersonSuggestion, written: str) -> None:
        entry.count += 1
        if written not in entry.words:
            entry.words.append(written)

    def row(self, kind: str, pk: int) -> Found:
        rows = self.found[kind]
        if pk not in rows:
            rows[pk] = Found(kind, pk, self.index.labels[kind, pk])
        return rows[pk]

    def person(self, pk: int) -> PersonSuggestion:
        if pk not in self.known:
            self.known[pk] = PersonSuggestion(
                key=f"p{pk}", name=self.index.labels["person", pk], person_id=pk
            )
        return self.known[pk]

    def proposal(self, name: str) -> PersonSuggestion:
        folded = fold(name)
        if folded not in self.proposals:
            self.proposals[folded] = PersonSuggestion(key=f"n{len(self.proposals)}", name=name)
        return self.proposals[folded]

    def people_of(self, t: _Titled) -> list[PersonSuggestion]:
        if t.person_ids:
            return [self.person(pk) for pk in t.person_ids]
        return [self.proposal(t.name)]

    def saw(self, person: PersonSuggestion, chunk: int, start: int, end: int) -> None:
        self.seen.append((chunk, start, person.key, end))


def suggest_links(
    *, text: str, date: datetime.date, title: str = "", title_in_text: bool = True
) -> Suggestions:
    """Segment ``text`` and suggest what the article links to (see the module's notes).

    Raises ValidationError when the text is empty or cannot be segmented.
    """
    parsed = parse_text(text=text, title_in_text=title_in_text)
    title = normalise(title) or parsed.title
    texts, label_chunks = _chunks(parsed, title)
    chunks = [_Words.of(chunk) for chunk in texts]
    index = _load_index({word for chunk in chunks for word in chunk.words})
    collect = _Collector(index, chunks)

    titled = _find_titled(chunks, index)
    names = _find_names(chunks, index)
    # Ordinary words inside a personal name are not mentions ("Đức" in "Vũ Đức Đam").
    person_spans = [(t.chunk, t.start, t.end) for t in titled]
    person_spans += [(c, s, e) for kind, _pk, c, s, e in names if kind == "person"]

    def inside_a_name(c: int, s: int, e: int) -> bool:
        return any(
            c == pc and ps <= s and e <= pe and (s, e) != (ps, pe) for pc, ps, pe in person_spans
        )

    for kind, pk, c, s, e in names:
        if kind == "person":
            person = collect.person(pk)
            collect.note(person, chunks[c].text[s:e])
            collect.saw(person, c, s, e)
        elif not inside_a_name(c, s, e):
            collect.note(collect.row(kind, pk), chunks[c].text[s:e])

    # Titled names: known officials get the title, the others are proposed as new.
    title_rows: list[tuple[PersonSuggestion, _Titled]] = []
    for t in titled:
        for kind, pk in t.agency_keys:
            if kind == "agency" and pk not in collect.found["agency"]:
                collect.note(collect.row(kind, pk), t.agency_text)  # "Ngoại giao"
        for person in collect.people_of(t):
            if person.is_new:
                collect.note(person, t.name)
            collect.saw(person, t.chunk, t.start, t.end)
            title_rows.append((person, t))

    # Speaker labels name known officials, proposals or (with no title) new people.
    speakers: dict[str, str] = {}
    for label, c in label_chunks.items():
        key = ""
        in_label = [t for t in titled if t.chunk == c]
        if in_label:
            key = collect.people_of(in_label[0])[0].key
        elif pks := [pk for kind, pk, cc, _s, _e in names if cc == c and kind == "person"]:
            key = f"p{pks[0]}"
        elif bare := _strip_honorific(chunks[c]):
            person = collect.proposal(bare)
            if not person.count:
                collect.note(person, bare)
                collect.saw(person, c, 0, len(chunks[c].text))
            key = person.key
        speakers[label] = key

    _resolve_titles(title_rows, collect)
    people = _order_people(collect)
    interviewee = _set_roles(people, parsed, speakers, collect)

    agency_ids = set(collect.found["agency"])
    for person in people:
        for suggestion in person.titles:
            if suggestion.agency_id is not None:
                agency_ids.add(suggestion.agency_id)
                suggestion.agency_label = index.labels.get(("agency", suggestion.agency_id), "")
            else:
                suggestion.agency_label = suggestion.agency_name
    agency_choices = sorted(
        ((pk, index.labels["agency", pk]) for pk in agency_ids if ("agency", pk) in index.labels),
        key=lambda choice: fold(choice[1]),
    )
    return Suggestions(
        parsed=parsed,
        title=title,
        date=date,
        people=people,
        found={
            kind: sorted(rows.values(), key=lambda f: (-f.count, fold(f.label)))
            for kind, rows in collect.found.items()
        },
        speakers=speakers,
        interviewee=interviewee,
        agency_choices=agency_choices,
    )


def _strip_honorific(words: _Words) -> str:
    """The personal name in a speaker label without a title: "Ông Nguyễn Văn A" ->
    "Nguyễn Văn A"; "" when the label is not a name of 2-4 capitalised words."""
    start = 0
    folded = " ".join(words.words)
    for honorific in _HONORIFICS:
        if folded == honorific or folded.startswith(honorific + " "):
            start = len(honorific.split())
            break
    if start >= len(words):
        return ""
    end = _name_run(words, start)
    if end != len(words) or not 2 <= end - start <= 4:
        return ""
    return words.written(start, end)


def _title_agency(t: _Titled, collect: _Collector, embassies, government) -> tuple[int | None, str]:
    """(agency id, or the name of an agency the archive lacks) of a titled occurrence."""
    agencies = [pk for kind, pk in t.agency_keys if kind == "agency"]
    if agencies:
        # A department name several ministries share: prefer the one whose ministry the
        # text names too.
        mentioned = collect.found["agency"]
        parent = collect.index.agency_parent
        return next((pk for pk in agencies if parent.get(pk) in mentioned), agencies[0]), ""
    country = next((pk for kind, pk in t.agency_keys if kind == "country"), None)
    if country is not None:
        if fold(t.title) not in _AMBASSADOR_TITLES:
            return None, ""  # "Thủ tướng Nhật Bản ...": a foreign government, staff choose
        if country in embassies:
            return embassies[country], ""
        return None, f"Đại sứ quán {collect.index.labels['country', country]}"
    if t.agency_text:
        return None, _new_agency_name(t.title, t.agency_text)
    if fold(t.title) in _PRIME_MINISTER_TITLES:
        return government, ""
    return None, ""


def _resolve_titles(rows: list[tuple[PersonSuggestion, _Titled]], collect: _Collector) -> None:
    """Turn titled occurrences into TitleSuggestions, one per (title, agency) a person is
    given: an existing position where one fits, else a new one as of the article's date."""
    countries = {pk for _p, t in rows for kind, pk in t.agency_keys if kind == "country"}
    embassies: dict[int, int] = {}
    if countries:
        for pk, country_id in (
            Agency.objects.filter(kind=Agency.Kind.EMBASSY, country_id__in=countries)
            .order_by("pk")
            .values_list("pk", "country_id")
        ):
            embassies.setdefault(country_id, pk)
    government = None
    if any(fold(t.title) in _PRIME_MINISTER_TITLES for _p, t in rows):
        government = (
            Agency.objects.filter(kind=Agency.Kind.GOVERNMENT, parent__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )

    for person, t in rows:
        agency_id, agency_name = _title_agency(t, collect, embassies, government)
        has_agency = agency_id is not None or bool(agency_name)
        folded = fold(t.title)
        for suggestion in person.titles:
            if fold(suggestion.title) != folded:
                continue
            same = (suggestion.agency_id, suggestion.agency_name) == (agency_id, agency_name)
            unknown = suggestion.agency_id is None and not suggestion.agency_name
            if same or not has_agency or unknown:
                if unknown and has_agency:
                    # The title was met first without its agency; this completes it.
                    suggestion.agency_id, suggestion.agency_name = agency_id, agency_name
                if t.as_written not in suggestion.as_written:
                    suggestion.as_written.append(t.as_written)
                break
        else:
            person.titles.append(
                TitleSuggestion(
                    title=t.title,
                    agency_id=agency_id,
                    agency_name=agency_name,
                    as_written=[t.as_written],
                )
            )

    # Known officials: a title that fits one of their positions attests it.
    existing: dict[int, list[Position]] = {}
    if collect.known:
        for position in Position.objects.filter(person_id__in=collect.known).order_by(
            models.F("start_date").desc(nulls_last=True), "-pk"
        ):
            existing.setdefault(position.person_id, []).append(position)
    for pk, person in collect.known.items():
        positions = existing.get(pk, [])
        for suggestion in person.titles:
            folded = fold(suggestion.title)
            for position in positions:
                if fold(position.title_vi) != folded:
                    continue
                if suggestion.agency_id == position.agency_id or (
                    suggestion.agency_id is None and not suggestion.agency_name
                ):
                    suggestion.position_id = position.pk
                    suggestion.agency_id = position.agency_id
                    suggestion.agency_name = ""
                    break
        attested = {s.position_id for s in person.titles}
        for position in positions:
            if position.pk not in attested:
                person.titles.append(
                    TitleSuggestion(
                        title=position.title_vi,
                        agency_id=position.agency_id,
                        position_id=position.pk,
                        in_text=False,
                    )
                )


def _order_people(collect: _Collector) -> list[PersonSuggestion]:
    """Known officials and proposals in the order the text names them. Of several known
    officials who share a name, the one the text's titles fit is ticked, the others not."""
    by_name: dict[str, list[PersonSuggestion]] = {}
    for person in collect.known.values():
        by_name.setdefault(fold(person.name), []).append(person)
    for namesakes in by_name.values():
        if len(namesakes) > 1:
            best = max(
                namesakes,
                key=lambda p: (sum(1 for t in p.titles if t.in_text and t.position_id), -p.count),
            )
            for person in namesakes:
                person.namesakes = len(namesakes) - 1
                person.preselected = person is best
    first: dict[str, tuple[int, int]] = {}
    for chunk, start, key, _end in sorted(collect.seen):
        first.setdefault(key, (chunk, start))
    everyone = [*collect.known.values(), *collect.proposals.values()]
    return sorted(everyone, key=lambda p: first.get(p.key, (len(collect.chunks), 0)))


def _set_roles(people, parsed: ParsedArticle, speakers: dict[str, str], collect) -> str:
    """Set each person's suggested role and return the key of the interviewee suggested for
    answers printed without a label.

    Speakers of answers are interviewed. For unlabelled answers, the interviewee is the
    official the lead paragraphs introduce ("... phỏng vấn Vụ trưởng X"), else the first
    one named before the first question. A person named before a verb of saying in a
    paragraph is quoted; anyone else is mentioned.
    """
    chunks = collect.chunks
    segments = parsed.segments
    labelled = [speakers.get(s.speaker_label, "") for s in segments if s.speaker_label]
    interviewee = max(set(labelled) - {""}, key=labelled.count, default="")
    if any(s.kind == SegmentKind.ANSWER and not s.speaker_label for s in segments):
        first_question = next(
            (i for i, s in enumerate(segments) if s.kind == SegmentKind.QUESTION), len(segments)
        )
        lead = [seen for seen in sorted(collect.seen) if seen[0] <= first_question]
        introduced = [
            key
            for chunk, _start, key, _end in lead
            if re.search(r"\b(?:phong van|trao doi|tra loi)\b", fold(chunks[chunk].text))
        ]
        if introduced:
            interviewee = introduced[-1]
        elif lead:
            interviewee = lead[0][2]
        elif people:
            interviewee = people[0].key

    quoted = set()
    for chunk, _start, key, end in collect.seen:
        if 1 <= chunk <= len(segments) and segments[chunk - 1].kind != SegmentKind.CAPTION:
            if _SAYING.search(fold(chunks[chunk].text), end):
                quoted.add(key)
    speaking = set(speakers.values()) | {interviewee}
    for person in people:
        if person.key in speaking:
            person.role = PersonMention.Role.INTERVIEWEE
        elif person.key in quoted:
            person.role = PersonMention.Role.QUOTED
    return interviewee


# --- duplicates --------------------------------------------------------------------------------


def article_duplicates(*, source_url: str = "", title: str = "") -> list[Article]:
    """Articles already in the archive with the same source URL, or a title equal to
    ``title`` once case and diacritics are folded ("ĐẨY MẠNH ..." = "Đẩy mạnh ...")."""
    return list(
        Article.objects.duplicates_of(title=normalise(title), source_url=source_url)
        .select_related("publication")
        .only(
            "pk",
            "title",
            "slug",
            "status",
            "source_url",
            "date",
            "date_precision",
            "publication__name",
        )[:10]
    )


# --- saving ------------------------------------------------------------------------------------


@contextmanager
def _history(user, comment: str):
    """A django-reversion revision for what is saved inside."""
    with reversion.create_revision():
        if user is not None and getattr(user, "is_authenticated", False):
            reversion.set_user(user)
        reversion.set_comment(comment)
        yield


def _add_to_history(objs: Iterable[models.Model]) -> None:
    """Put ``objs`` in the current revision again, now that the rows they follow (an
    article's segments and mentions, a person's positions) exist."""
    if reversion.is_active():
        for obj in objs:
            if reversion.is_registered(type(obj)):
                reversion.add_to_revision(obj)


def _unique_slug(model: type[models.Model], text: str, fallback: str) -> str:
    return unique_slug(model, slugify(text) or fallback)


def _guess_agency_kind(name: str) -> str:
    first = fold(name).split()[0] if name.split() else ""
    folded = fold(name)
    if folded.startswith("dai su quan") or folded.startswith("tong lanh su quan"):
        return Agency.Kind.EMBASSY
    return {
        "bo": Agency.Kind.MINISTRY,
        "vu": Agency.Kind.MINISTRY_DEPARTMENT,
        "so": Agency.Kind.PROVINCIAL_DEPARTMENT,
    }.get(first, Agency.Kind.OTHER)


def _clean(obj: models.Model, what: str, **kwargs) -> None:
    try:
        obj.full_clean(**kwargs)
    except ValidationError as exc:
        raise ValidationError(
            _("%(what)s: %(problem)s") % {"what": what, "problem": validation_message(exc)},
            code="invalid",
        ) from None


class _AgencyFinder:
    """Agencies named by staff: found by name when the archive has one, else created once."""

    def __init__(self) -> None:
        self.made: dict[str, Agency] = {}
        self.created: list[Agency] = []

    def get(self, name: str) -> Agency:
        name = normalise(name)
        folded = fold(name)
        if folded in self.made:
            return self.made[folded]
        candidates = [
            agency
            for agency in Agency.objects.matching(name).select_related("parent")
            if folded in agency.search_names.split("\n")
        ]
        if len(candidates) > 1:
            raise ValidationError(
                _(
                    "Several agencies are called “%(name)s” (%(which)s); choose the right one "
                    "from the list instead of typing its name."
                )
                % {"name": name, "which": "; ".join(str(a) for a in candidates)},
                code="ambiguous_agency",
            )
        if candidates:
            agency = candidates[0]
        else:
            agency = Agency(
                name_vi=name,
                slug=_unique_slug(Agency, name, "agency"),
                kind=_guess_agency_kind(name),
            )
            _clean(agency, _("New agency “%(name)s”") % {"name": name})
            agency.save()
            self.created.append(agency)
        self.made[folded] = agency
        return agency


def _check_ids(model: type[models.Model], ids: Iterable[int], what: str) -> dict[int, Any]:
    """The rows of ``model`` with these ids, by id; ValidationError if one is gone."""
    ids = set(ids)
    if not ids:
        return {}
    known = model.objects.in_bulk(ids)
    if missing := ids - set(known):
        raise ValidationError(
            _("Unknown %(what)s: %(ids)s. Reload the preview and try again.")
            % {"what": what, "ids": ", ".join(str(i) for i in sorted(missing))},
            code="unknown",
        )
    return known


def _chosen_segments(parsed: ParsedArticle, accepted: Accepted):
    """The segments to save, as staff corrected them, with each one's speaker key."""
    choices = accepted.segments
    if choices is None:
        choices = tuple(SegmentChoice(kind=s.kind) for s in parsed.segments)
    if len(choices) != len(parsed.segments):
        raise ValidationError(
            _("The segments changed since the preview; review them again."), code="stale"
        )
    segments, speakers = [], []
    people = {p.key for p in accepted.people}
    for segment, choice in zip(parsed.segments, choices, strict=True):
        if choice.drop:
            continue
        if choice.kind not in SegmentKind.choices:
            raise ValidationError(
                _("Unknown segment kind “%(kind)s”.") % {"kind": choice.kind}, code="invalid"
            )
        segment = replace(segment, kind=choice.kind)
        speaker = ""
        if choice.kind == SegmentKind.ANSWER:
            speaker = choice.speaker or accepted.interviewee
            if not speaker:
                raise ValidationError(
                    _(
                        "The answer “%(text)s” has no speaker: choose the interviewee, or "
                        "the speaker of that answer."
                    )
                    % {"text": _excerpt(segment.text)},
                    code="no_speaker",
                )
            if speaker not in people:
                raise ValidationError(
                    _(
                        "The speaker of the answer “%(text)s” is not among the people to "
                        "link: tick them, or choose another speaker."
                    )
                    % {"text": _excerpt(segment.text)},
                    code="speaker_not_linked",
                )
        segments.append(segment)
        speakers.append(speaker)
    if not segments:
        raise ValidationError(_("Every segment is dropped: keep at least one."), code="empty")
    return segments, speakers


def _excerpt(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _guess_name_order(name: str) -> str:
    words = fold(name).split()
    if words and words[0] in _FAMILY_NAMES:
        return NameOrder.VIETNAMESE
    if any(not ch.isascii() for ch in name if ch.isalpha()):
        return NameOrder.VIETNAMESE
    return NameOrder.WESTERN


def _save_people(
    accepted: Accepted,
) -> tuple[dict[str, Person], dict[str, list[Position]], list[Agency]]:
    """The people to link, by key (created when new), the positions each one's mention
    attests (created when new), and the agencies created for new positions."""
    known_ids = [p.person_id for p in accepted.people if p.person_id is not None]
    known = _check_ids(Person, known_ids, _("official"))
    position_ids = [
        c.position_id for p in accepted.people for c in p.positions if c.position_id is not None
    ]
    positions = Position.objects.in_bulk(position_ids)
    agency_ids = [c.agency_id for p in accepted.people for c in p.positions if c.agency_id]
    agencies = _check_ids(Agency, agency_ids, _("agency"))
    finder = _AgencyFinder()

    people: dict[str, Person] = {}
    attested: dict[str, list[Position]] = {}
    for choice in accepted.people:
        if choice.key in people:
            raise ValidationError(_("An official is listed twice."), code="duplicate_person")
        if choice.role not in PersonMention.Role.values:
            raise ValidationError(
                _("Unknown role “%(role)s”.") % {"role": choice.role}, code="invalid"
            )
        if choice.person_id is not None:
            person = known[choice.person_id]
        else:
            name = normalise(choice.name)
            if not name:
                raise ValidationError(
                    _("A new official has no name: give the name, or untick the row."),
                    code="no_name",
                )
            person = Person(
                name=name,
                slug=_unique_slug(Person, name, "person"),
                name_order=_guess_name_order(name),
            )
            _clean(person, _("New official “%(name)s”") % {"name": name})
            person.save()
        people[choice.key] = person
        held: list[Position] = []
        for position_choice in choice.positions:
            position = _position_for(person, position_choice, positions, agencies, finder)
            if position.pk not in {p.pk for p in held}:
                held.append(position)
        attested[choice.key] = held
    return people, attested, finder.created


def _position_for(
    person: Person,
    choice: PositionChoice,
    positions: dict[int, Position],
    agencies: dict[int, Agency],
    finder: _AgencyFinder,
) -> Position:
    if choice.position_id is not None:
        position = positions.get(choice.position_id)
        if position is None or position.person_id != person.pk:
            raise ValidationError(
                _("The position chosen for %(name)s is not one of theirs.") % {"name": person.name},
                code="invalid_position",
            )
        return position
    title = _canonical_title(choice.title)
    if not title:
        raise ValidationError(
            _("A title of %(name)s is empty: give the title, or untick it.")
            % {"name": person.name},
            code="no_title",
        )
    if choice.agency_id is not None:
        agency = agencies[choice.agency_id]
    elif normalise(choice.agency_name):
        agency = finder.get(choice.agency_name)
    else:
        raise ValidationError(
            _(
                "The title “%(title)s” of %(name)s has no agency: choose the agency or type "
                "its name, or untick the title."
            )
            % {"title": title, "name": person.name},
            code="no_agency",
        )
    start, end = choice.start, choice.end
    if start and end and end[0] < start[0]:
        raise ValidationError(
            _("The title “%(title)s” of %(name)s ends before it starts.")
            % {"title": title, "name": person.name},
            code="end_before_start",
        )
    if person.pk is not None:
        same = Position.objects.filter(
            person=person,
            title_vi=title,
            agency=agency,
            start_date=start[0] if start else None,
        ).first()
        if same is not None:
            return same
    position = Position(
        person=person,
        title_vi=title,
        title_en=TITLES.get(title, ""),
        agency=agency,
        slug=_unique_slug(Position, f"{person.slug} {title} {agency.slug}", "position"),
        start_date=start[0] if start else None,
        start_precision=start[1] if start else "",
        end_date=end[0] if end else None,
        end_precision=end[1] if end else "",
    )
    _clean(position, _("Title “%(title)s” of %(name)s") % {"title": title, "name": person.name})
    position.save()
    return position


def article_create_from_text(
    *,
    user=None,
    publication: Publication,
    title: str = "",
    title_in_text: bool = True,
    date: datetime.date,
    date_precision: str,
    date_inferred_reason: str = "",
    source_url: str = "",
    kind: str,
    text: str,
    accepted: Accepted,
    allow_duplicate: bool = False,
) -> Article:
    """Create a draft article from its raw text with everything staff accepted, all or
    nothing: segments with speakers and anchors, the people it names (new officials and
    positions created), and its other mentions.

    Raises ``DuplicateArticleError`` when the archive already holds the article (same URL
    or folded title) unless ``allow_duplicate``, and ValidationError for anything invalid;
    the database is then unchanged.
    """
    parsed = parse_text(text=text, title_in_text=title_in_text)
    title = normalise(title) or parsed.title
    if not title:
        raise ValidationError(
            _("The article has no title: give one, or keep the title as the first line."),
            code="no_title",
        )
    source_url = source_url.strip() or parsed.source_url
    if not allow_duplicate and (existing := article_duplicates(source_url=source_url, title=title)):
        raise DuplicateArticleError(existing)
    segments, speaker_keys = _chosen_segments(parsed, accepted)
    for mention_kind, ids in accepted.mentions.items():
        if mention_kind not in MENTION_KINDS:
            raise ValidationError(
                _("Unknown kind of mention “%(kind)s”.") % {"kind": mention_kind}, code="invalid"
            )
        _check_ids(
            MENTION_KINDS[mention_kind][0], ids, MENTION_KINDS[mention_kind][0]._meta.verbose_name
        )

    photo_credits = list(dict.fromkeys(s.photo_credit for s in segments if s.photo_credit))
    with transaction.atomic(), _history(user, _("Added from its text.")):
        people, attested, new_agencies = _save_people(accepted)
        article = Article(
            title=title,
            slug=_unique_slug(Article, title, "article"),
            publication=publication,
            source_url=source_url,
            date=truncate(date, date_precision),
            date_precision=date_precision,
            date_inferred_reason=date_inferred_reason.strip(),
            byline=parsed.byline,
            photo_credits=photo_credits,
            source_credit=parsed.credit_lines[-1] if parsed.credit_lines else "",
            kind=kind,
            status=Article.Status.DRAFT,
            folded_text=article_folded_text(title, [s.text for s in segments]),
        )
        _clean(article, _("Article"))
        article.save()

        rows = segment_rows(
            article=article,
            segments=segments,
            speaker_ids=[people[key].pk if key else None for key in speaker_keys],
        )
        for row in rows:
            _clean(row, _("Segment %(anchor)s") % {"anchor": row.anchor}, exclude=["article"])
        Segment.objects.bulk_create(rows)

        mentions = PersonMention.objects.bulk_create(
            [
                PersonMention(article=article, person=people[choice.key], role=choice.role)
                for choice in accepted.people
            ]
        )
        through = PersonMention.positions.through
        through.objects.bulk_create(
            [
                through(personmention_id=mention.pk, position_id=position.pk)
                for mention, choice in zip(mentions, accepted.people, strict=True)
                for position in attested[choice.key]
            ]
        )
        mentions_by_kind = {kind: list(ids) for kind, ids in accepted.mentions.items()}
        for agency in new_agencies:
            # A new agency the text itself names is mentioned ("Bộ Công Thương"); one only
            # implied by a title ("Đại sứ Nhật Bản": the embassy) is not.
            if re.search(rf"(?<!\w){re.escape(fold(agency.name_vi))}(?!\w)", article.folded_text):
                mentions_by_kind.setdefault("agency", []).append(agency.pk)
        for mention_kind, ids in mentions_by_kind.items():
            _model, mention_model, field_name = MENTION_KINDS[mention_kind]
            mention_model.objects.bulk_create(
                [
                    mention_model(article=article, **{f"{field_name}_id": pk})
                    for pk in dict.fromkeys(ids)
                ]
            )
        # Segments and mentions are written in bulk, which sends no signals.
        reindex_articles([article.pk])
        _add_to_history([article, *people.values(), *new_agencies])
    return article
