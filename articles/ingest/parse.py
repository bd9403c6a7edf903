"""Turn the raw text of a scraped press article into ordered, typed segments.

Standard library only (plus ``diplomacy_kb.text.fold``), so it can run anywhere: in a
management command, a migration or a test without a database.

The raw text is read line by line. Page furniture (share buttons, timestamps, credit lines,
"more in this section" headings...) is dropped and every drop is reported with its line
number, so an editor can check that nothing real was lost. What remains is the title, then
paragraphs, captions, subheadings and, in interviews, questions and answers.

Empty text (or text made only of furniture) is not an error here: it gives a
``ParsedArticle`` with no segments. Callers that need content must check ``segments``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from django.utils.translation import gettext_noop

from diplomacy_kb.text import fold

__all__ = [
    "Dropped",
    "Override",
    "ParseError",
    "ParsedArticle",
    "Segment",
    "SegmentKind",
    "normalise",
    "parse_article",
]


class SegmentKind:
    PARAGRAPH = "paragraph"
    QUESTION = "question"
    ANSWER = "answer"
    CAPTION = "caption"
    SUBHEADING = "subheading"

    choices = (PARAGRAPH, QUESTION, ANSWER, CAPTION, SUBHEADING)


class Convention:
    REPORT = "report"  # no questions and answers
    DASH_ANSWERS = "dash-answers"  # bare questions, answers start with "- "
    LABELLED_ANSWERS = "labelled-answers"  # questions start with "- ", answers with "Name: "


@dataclass(frozen=True)
class Segment:
    kind: str
    text: str  # normalised, without the "- " marker and without the speaker label
    speaker_label: str = ""  # answers in the labelled convention: the label as printed
    photo_credit: str = ""  # captions: the credit, without "Ảnh:"


@dataclass(frozen=True)
class Dropped:
    line: int  # 1-based line number in the raw text
    text: str
    reason: str  # in English, marked for translation: show it with gettext


@dataclass(frozen=True)
class Override:
    starts_with: str  # the first segment whose normalised text starts with this
    kind: str | None = None
    speaker_label: str | None = None


@dataclass(frozen=True)
class ParsedArticle:
    title: str
    segments: tuple[Segment, ...]
    dropped: tuple[Dropped, ...]
    convention: str
    source_url: str
    credit_lines: tuple[str, ...]
    byline: str
    timestamp: str


class ParseError(ValueError):
    """The text, the curated furniture or an override does not fit; the message says why."""


class SpeakerWithoutAnswer(ParseError):
    """A speaker label with no answer after it. ``line`` and ``label`` let a caller word its
    own message (in the interface language, say)."""

    def __init__(self, *, line: int, label: str):
        super().__init__(
            f"line {line}: speaker label {label!r} is followed by no answer text; correct "
            "the raw text or drop the line as furniture"
        )
        self.line = line
        self.label = label


# --- normalisation -------------------------------------------------------------------------

# Invisible characters that scraping leaves inside words; they are not whitespace to `\s`.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"))
_SPACES = re.compile(r"\s+")  # `\s` covers U+00A0 and the other Unicode spaces
_SPACE_BEFORE_PUNCT = re.compile(r" ([,;:.!?)])")
_SPACE_AFTER_PAREN = re.compile(r"\( ")


def normalise(text: str) -> str:
    """One line of text, tidied: NFC, every Unicode space a plain space, runs collapsed,
    stripped, and no space before , ; : . ! ? ) nor after (.

    Line breaks count as spaces too, so this is meant for one line at a time.
    """
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = _SPACES.sub(" ", text).strip()
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    return _SPACE_AFTER_PAREN.sub("(", text)


# --- page furniture ------------------------------------------------------------------------

_DATE = r"\d{1,2}/\d{1,2}/\d{4}"
_TIME = r"\d{1,2}(?::|h)\d{2}(?::\d{2})?"
_TIMESTAMP = re.compile(
    # "12:14 11/12/2018", "11/12/2018 12:14", "Thứ Ba, 11/12/2018 - 12:14 (GMT+7)"
    rf"^(?:[^\W\d_]+(?: [^\W\d_]+)?,\s*)?"
    rf"(?:{_TIME}\s*(?:-\s*)?{_DATE}|{_DATE}(?:\s*(?:-\s*|,\s*)?{_TIME})?)"
    rf"(?:\s*\(?GMT\s*[+-]\s*\d{{1,2}}\)?)?$",
    re.IGNORECASE,
)
# Compared on folded text, so case and diacritics do not matter.
_SHARE_BUTTON = re.compile(
    r"^(?:chia se|share)(?: (?:len|qua|voi))?"
    r"(?: ?(?:zalo|facebook|twitter|x|email|messenger|linkedin|bai viet))*:?$"
)
_MORE_IN_SECTION = re.compile(
    r"^(?:tin cung chuyen muc|cung chuyen muc|tin lien quan|bai lien quan|tin khac|"
    r"xem them|doc them|tin moi nhat|tin noi bat):?$"
)
_CAPTION_PLACEHOLDER = re.compile(r"^chu thich anh:?$")
_BYLINE = re.compile(r"^(?P<name>.+?) ?\(thuc hien\)\.?$")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"“”]+")
_BARE_URL = re.compile(r"^(?:https?://|www\.)\S+$")
_SOURCE = re.compile(r"^Nguồn(?P<colon> ?:)? ?(?P<rest>.*)$")
_CREDIT_THEO = re.compile(r"^Theo (?P<rest>.+)$")
_CREDIT_PAREN = re.compile(r"^\((?P<rest>[^()]+)\)\.?$")
# Characters an outlet or author name may use: "TTXVN/VIETNAM+", "Châu Như Quỳnh/Dân trí".
_NAME_CHARS = re.compile(r"^[^\W_][\w .&+'’-]*$")


def _is_short_name(text: str, max_words: int = 8) -> bool:
    """A short run of names: no sentence punctuation, few words."""
    words = text.split()
    return 0 < len(words) <= max_words and all(
        _NAME_CHARS.match(part.strip()) for part in text.split("/") if part.strip()
    )


def _is_slash_credit(text: str) -> bool:
    """'TTXVN/Báo Tin tức': short capitalised names separated by slashes."""
    parts = [part.strip() for part in text.split("/")]
    return (
        len(parts) >= 2
        and all(parts)
        and len(text.split()) <= 8
        and all(len(p.split()) <= 5 and p[0].isupper() and _NAME_CHARS.match(p) for p in parts)
    )


def _credit_rest(text: str) -> str | None:
    """The names in a credit line ('Theo X/Y', '(X/Y)', 'X/Y'), or None."""
    for pattern in (_CREDIT_THEO, _CREDIT_PAREN):
        match = pattern.match(text)
        if match and _is_short_name(match["rest"]):
            return match["rest"]
    return text if _is_slash_credit(text) else None


def _source_is_short(rest: str, has_colon: bool) -> bool:
    # "Nguồn: TTXVN", "Nguồn Báo Quốc tế"; not "Nguồn lực bố trí cho ... còn hạn chế."
    return bool(rest) and _is_short_name(rest) and (has_colon or rest[0].isupper())


@dataclass
class _Line:
    number: int
    text: str


class _Furniture:
    """Drops furniture lines and collects what they tell about the article."""

    def __init__(self) -> None:
        self.dropped: list[Dropped] = []
        self.credit_lines: list[tuple[int, str]] = []
        self.urls: list[str] = []
        self.bylines: list[str] = []
        self.timestamps: list[tuple[int, str]] = []

    def drop(self, line: _Line, reason: str) -> None:
        self.dropped.append(Dropped(line.number, line.text, reason))

    def generic(self, line: _Line) -> bool:
        """Drop ``line`` if a generic pattern says it is furniture."""
        text, folded = line.text, fold(line.text)
        if _TIMESTAMP.match(text):
            self.timestamps.append((line.number, text))
            self.drop(line, gettext_noop("timestamp"))
        elif _SHARE_BUTTON.match(folded):
            self.drop(line, gettext_noop("share button"))
        elif _MORE_IN_SECTION.match(folded):
            self.drop(line, gettext_noop("more-in-section heading"))
        elif _CAPTION_PLACEHOLDER.match(folded):
            self.drop(line, gettext_noop("caption placeholder"))
        elif (match := _BYLINE.match(folded)) and _is_short_name(text[: match.end("name")], 6):
            self.bylines.append(text[: match.end("name")])
            self.drop(line, gettext_noop("byline"))
        elif _BARE_URL.match(text):
            self.urls.append(text)
            self.drop(line, gettext_noop("source url"))
        elif (match := _SOURCE.match(text)) and (
            (_URL.search(text) and len(text.split()) <= 12)
            or _source_is_short(match["rest"], bool(match["colon"]))
        ):
            self.urls.extend(url.rstrip(".,;)") for url in _URL.findall(text))
            self.credit_lines.append((line.number, text))
            self.drop(line, gettext_noop("source line"))
        elif (rest := _credit_rest(text)) is not None and "/" in rest:
            self.credit_lines.append((line.number, text))
            self.drop(line, gettext_noop("credit line"))
        else:
            return False
        return True

    def tail_credit(self, line: _Line) -> bool:
        """At the very end of the text a credit needs no slash: 'Theo VnExpress', '(TTXVN)'."""
        match = _SOURCE.match(line.text)
        if match and match["rest"] and _is_short_name(match["rest"]):
            self.credit_lines.append((line.number, line.text))
            self.drop(line, gettext_noop("source line"))
            return True
        if _CREDIT_THEO.match(line.text) or _CREDIT_PAREN.match(line.text):
            if _credit_rest(line.text) is not None:
                self.credit_lines.append((line.number, line.text))
                self.drop(line, gettext_noop("credit line"))
                return True
        return False


# --- captions ------------------------------------------------------------------------------

_PHOTO = r"(?:Ảnh|Nguồn ảnh|Ảnh minh họa|Ảnh minh hoạ|Photo)"
# "Toàn cảnh Hội nghị. (Ảnh: Doãn Tấn/TTXVN)", "... sáng 13/12 (Ảnh: Quốc Chính)."
_CREDIT_IN_PARENS = re.compile(
    rf"^(?P<text>.*?) ?\({_PHOTO} ?: ?(?P<credit>[^()]+?)\)\.?$", re.IGNORECASE
)
# "Phó Thủ tướng Vũ Đức Đam phát biểu. Ảnh: Dương Giang/TTXVN" (after a sentence, or alone)
_CREDIT_TRAILING = re.compile(
    rf"^(?P<text>(?:.*[.!?…\"”)])?) ?{_PHOTO} ?: ?(?P<credit>[^():]+?)\.?$", re.IGNORECASE
)
# Alt text glued to a caption: "<article title> ảnh 1Toàn cảnh Hội nghị. (Ảnh: ...)".
# The image number runs straight into the caption's first (capital) letter.
_ALT_TEXT_END = re.compile(r" ảnh \d+(?=[^\W\d_])")


def _split_credit(text: str) -> tuple[str, str] | None:
    """(caption text, credit) when ``text`` ends in a photo credit."""
    for pattern in (_CREDIT_IN_PARENS, _CREDIT_TRAILING):
        match = pattern.match(text)
        if not match:
            continue
        credit = match["credit"].strip()
        if 0 < len(credit.split()) <= 8 and not re.search(r"[;?!]", credit):
            if pattern is _CREDIT_TRAILING and not credit[0].isupper():
                continue
            return match["text"].strip(), credit
    return None


def _split_alt_text(text: str, title: str) -> tuple[str, str] | None:
    """(alt text, caption) when alt text ending in 'ảnh N' is glued to a caption.

    The alt text repeats the article's title; without a title, four words or more will do.
    """
    for match in _ALT_TEXT_END.finditer(text):
        alt, rest = text[: match.end()], text[match.end() :]
        prefix = text[: match.start()]
        fits = fold(prefix) == fold(title) if title else len(prefix.split()) >= 4
        if rest[0].isupper() and fits:
            return alt, rest
    return None


# --- interviews ----------------------------------------------------------------------------

_DASH = re.compile(r"^[-–—] (?=\S)")
_ENDS_WITH_QUESTION = re.compile(r"\?[\"”’)]*$")
_ROMAN = re.compile(r"^[IVXLCDM]+\.?$")
# On folded text: "Trân trọng cảm ơn", "Xin chân thành cảm ơn", "Cảm ơn"...
_THANKS = re.compile(r"^(?:xin )?(?:tran trong |chan thanh )?cam on\b")
_INTERVIEWER_LABELS = {"pv", "p.v", "phong vien"}
_SUBHEADING_END = tuple('.?!:…”")/;,')


def _strip_dash(text: str) -> str | None:
    """The text after a leading "- " marker, or None when there is no marker."""
    match = _DASH.match(text)
    return text[match.end() :] if match else None


def _speaker_label(text: str) -> tuple[str, str] | None:
    """(label, answer text) when ``text`` starts with a speaker label such as
    'Thứ trưởng Lê Hoài Trung: ...'; the answer text is '' when the label stands alone."""
    label, colon, rest = text.partition(":")
    label = label.strip()
    words = label.split()
    if not colon or not 0 < len(words) <= 8:
        return None
    if not all(ch.isalpha() or ch in " .-" for ch in label):
        return None  # digits, commas, quotes: a sentence, not a name
    last = words[-1]
    if not (label[0].isupper() and last[0].isupper()) or _ROMAN.match(last):
        return None  # "Sau đây là nội dung phỏng vấn:", "Đại hội Đảng lần thứ XII: ..."
    return label, rest.strip()


def _is_thanks(text: str) -> bool:
    """A closing thank-you by the interviewer ('Trân trọng cảm ơn ông!'), not a question."""
    folded = fold(text)
    return (
        _THANKS.match(folded) is not None
        and not _ENDS_WITH_QUESTION.search(text)
        and len(text.split()) <= 20  # longer: an answer or a question that opens with thanks
    )


@dataclass
class _Item:
    """A kept line of the body, with what can be told about it on its own."""

    number: int
    text: str
    caption: tuple[str, str] | None = None  # (text, credit)
    dashed: str | None = None  # text after "- "
    label: tuple[str, str] | None = None  # (label, text after the label)

    @property
    def is_question_like(self) -> bool:
        return bool(_ENDS_WITH_QUESTION.search(self.text))

    @property
    def is_interviewer(self) -> bool:
        return self.label is not None and fold(self.label[0]) in _INTERVIEWER_LABELS


def _is_subheading(item: _Item, following: Iterable[_Item]) -> bool:
    text = item.text
    return (
        item.caption is None
        and item.dashed is None
        and item.label is None
        and len(text.split()) <= 10
        and any(ch.isalpha() for ch in text)
        and not text.endswith(_SUBHEADING_END)
        and any(other.caption is None for other in following)  # followed by more text
    )


def _next_text(items: list[_Item], start: int) -> int | None:
    """Index of the first non-caption item at or after ``start``."""
    for index in range(start, len(items)):
        if items[index].caption is None:
            return index
    return None


def _detect(items: list[_Item]) -> str:
    """Which interview convention the body follows (see the module's rules)."""
    labels = [i for i, item in enumerate(items) if item.label and not item.is_interviewer]
    if labels:
        # A label only makes an interview if something asks: a "- " line, a "PV:" label or
        # a bare question right before a labelled answer. A report may quote "Ông X: ...".
        for i, item in enumerate(items):
            if item.caption is not None:
                continue
            if (item.dashed is not None and not _is_thanks(item.dashed)) or item.is_interviewer:
                return Convention.LABELLED_ANSWERS
            after = _next_text(items, i + 1)
            if item.is_question_like and after in labels:
                return Convention.LABELLED_ANSWERS
    for i, item in enumerate(items):
        if item.caption is None and item.dashed is None and item.is_question_like:
            after = _next_text(items, i + 1)
            if after is not None and items[after].dashed is not None:
                if not _is_thanks(items[after].dashed or ""):
                    return Convention.DASH_ANSWERS
    return Convention.REPORT


def _segments(items: list[_Item], convention: str) -> list[Segment]:
    """Walk the body once, keeping track of the interview's state."""
    segments: list[Segment] = []
    started = closed = False  # the interview has started (a first question) / was closed
    speaker: str | None = None  # label of the answer being continued, if any
    labelled = convention == Convention.LABELLED_ANSWERS
    skip: set[int] = set()

    for i, item in enumerate(items):
        if i in skip:
            continue
        if item.caption is not None:
            segments.append(Segment(SegmentKind.CAPTION, item.caption[0], "", item.caption[1]))
            continue  # a photo does not interrupt an answer
        if _is_subheading(item, items[i + 1 :]):
            segments.append(Segment(SegmentKind.SUBHEADING, item.text))
            speaker = None
            continue
        if convention == Convention.REPORT or closed:
            segments.append(Segment(SegmentKind.PARAGRAPH, item.text))
            continue

        body = item.dashed if item.dashed is not None else item.text
        if _is_thanks(body) and (started or item.dashed is not None):
            segments.append(Segment(SegmentKind.PARAGRAPH, body))
            closed, speaker = True, None
            continue

        after = _next_text(items, i + 1)
        nxt = items[after] if after is not None else None
        if labelled:
            asks = (
                item.dashed is not None
                or item.is_interviewer
                or (
                    item.label is None
                    and item.is_question_like
                    and nxt is not None
                    and nxt.label is not None
                )
            )
            if asks:
                text = item.label[1] if item.is_interviewer and item.label else body
                segments.append(Segment(SegmentKind.QUESTION, text))
                started, speaker = True, None
            elif item.label is not None and started:
                label, text = item.label
                if not text:  # the label stands alone: the answer is on the next line
                    if after is None or nxt is None or nxt.label or nxt.dashed is not None:
                        raise SpeakerWithoutAnswer(line=item.number, label=label)
                    text = nxt.text
                    skip.add(after)
                segments.append(Segment(SegmentKind.ANSWER, text, label))
                speaker = label
            elif speaker is not None:
                segments.append(Segment(SegmentKind.ANSWER, item.text, speaker))
            else:
                segments.append(Segment(SegmentKind.PARAGRAPH, item.text))
        else:
            if item.dashed is not None:
                segments.append(Segment(SegmentKind.ANSWER, item.dashed))
                started, speaker = True, ""
            elif item.is_question_like and nxt is not None and nxt.dashed is not None:
                segments.append(Segment(SegmentKind.QUESTION, item.text))
                started, speaker = True, None
            elif speaker is not None:
                segments.append(Segment(SegmentKind.ANSWER, item.text, speaker))
            else:
                segments.append(Segment(SegmentKind.PARAGRAPH, item.text))
    return segments


def _apply_overrides(segments: list[Segment], overrides: Sequence[Override]) -> None:
    for override in overrides:
        prefix = normalise(override.starts_with)
        if not prefix:
            raise ParseError("override with an empty starts_with would match every segment")
        if override.kind is not None and override.kind not in SegmentKind.choices:
            raise ParseError(
                f"override {override.starts_with!r}: unknown kind {override.kind!r}; "
                f"use one of {', '.join(SegmentKind.choices)}"
            )
        for index, segment in enumerate(segments):
            if segment.text.startswith(prefix):
                changes: dict[str, str] = {}
                if override.kind is not None:
                    changes["kind"] = override.kind
                if override.speaker_label is not None:
                    changes["speaker_label"] = override.speaker_label
                segments[index] = replace(segment, **changes)
                break
        else:
            raise ParseError(
                f"override {override.starts_with!r} matches no segment; "
                "fix its starts_with or remove it"
            )


def _merge_lone_credits(items: list[_Item], furn: _Furniture) -> list[_Item]:
    """A credit alone on its line ('Ảnh: TTXVN') belongs to the caption just above it."""
    merged: list[_Item] = []
    for item in items:
        previous = merged[-1].caption if merged else None
        if item.caption and not item.caption[0] and previous and not previous[1]:
            merged[-1].caption = (previous[0], item.caption[1])
            furn.drop(
                _Line(item.number, item.text), gettext_noop("photo credit of the caption above")
            )
        else:
            merged.append(item)
    return merged


# --- entry point ---------------------------------------------------------------------------


def parse_article(
    raw: str,
    *,
    furniture: Sequence[str] = (),
    title_in_text: bool = True,
    overrides: Sequence[Override] = (),
) -> ParsedArticle:
    """Split ``raw`` into a title, ordered segments and the dropped furniture.

    ``furniture``: lines (compared after ``normalise``) the caller knows to be page
    furniture, e.g. a site banner; each must match at least one line.
    ``title_in_text``: whether the first kept line is the title.
    ``overrides``: corrections of kind or speaker label, applied last, in order.
    Raises ``ParseError`` when a furniture string or an override matches nothing.
    """
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_Line(n, normalise(text)) for n, text in enumerate(raw.split("\n"), start=1)]
    lines = [line for line in lines if line.text]

    furn = _Furniture()
    curated = {normalise(text): text for text in furniture}
    found: set[str] = set()
    kept: list[_Line] = []
    for line in lines:
        if line.text in curated:
            found.add(line.text)
            furn.drop(line, gettext_noop("curated furniture"))
        elif not furn.generic(line):
            kept.append(line)
    missing = [original for norm, original in curated.items() if norm not in found]
    if missing:
        raise ParseError(
            f"furniture string {missing[0]!r} matches no line of the text; "
            "remove it from the curated furniture or correct it"
        )
    # Credits without a slash are only safe to drop at the very end of the text.
    while kept and furn.tail_credit(kept[-1]):
        kept.pop()

    title = ""
    title_line = 0
    if title_in_text and kept:
        title_line, title = kept[0].number, kept[0].text
        kept = kept[1:]

    items: list[_Item] = []
    previous = title
    forced_captions: set[int] = set()
    for line in kept:
        if line.text == previous:
            # A line printed twice in a row is a photo caption (or the title repeated).
            reason = (
                gettext_noop("duplicate title")
                if not items and title
                else gettext_noop("duplicate caption")
            )
            furn.drop(line, reason)
            if items:
                forced_captions.add(len(items) - 1)
            continue
        previous = line.text
        items.append(_Item(line.number, line.text))

    for index, item in enumerate(items):
        text = item.text
        alt = _split_alt_text(text, title)
        if alt:
            furn.drop(_Line(item.number, alt[0]), gettext_noop("alt text"))
            text = alt[1]
        credited = _split_credit(text)
        if credited:
            item.caption = credited
        elif alt or index in forced_captions:
            item.caption = (text, "")
        else:
            item.dashed = _strip_dash(text)
            if item.dashed is None:
                item.label = _speaker_label(text)
    items = _merge_lone_credits(items, furn)

    convention = _detect(items)
    segments = _segments(items, convention)
    _apply_overrides(segments, overrides)

    first_kept = title_line or (items[0].number if items else 0)
    timestamp = next(
        (text for number, text in furn.timestamps if not first_kept or number < first_kept), ""
    )
    return ParsedArticle(
        title=title,
        segments=tuple(segments),
        dropped=tuple(sorted(furn.dropped, key=lambda d: d.line)),
        convention=convention,
        source_url=furn.urls[0] if furn.urls else "",
        credit_lines=tuple(text for _, text in sorted(furn.credit_lines)),
        byline=furn.bylines[0] if furn.bylines else "",
        timestamp=timestamp,
    )
