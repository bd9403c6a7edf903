"""The raw text as lines, and what can be told about one line on its own.

Shared by ``cleanup`` (page furniture) and ``segmentation`` (questions and answers): line
normalisation, the errors the parser raises, and small predicates on one line of text
(a time stamp, a run of personal names, a title-like line, an ASCII slug, a thank-you, a
question that addresses the interviewee).
Standard library only, plus ``diplomacy_kb.text``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from diplomacy_kb.text import fold as _fold
from diplomacy_kb.text import slugify

# ``diplomacy_kb.text.fold``, remembered: each line is folded by several rules.
fold = functools.lru_cache(maxsize=4096)(_fold)


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation and return it unchanged, like Django's: makemessages
    finds the call by its name. Django's own asks for the settings, which the module-level
    reasons would then need at import; the parser needs none."""
    return message


__all__ = [
    "CAPTION_WORDS",
    "IMAGE_NUMBER",
    "NAME_CHARS",
    "TITLES",
    "Line",
    "ParseError",
    "SpeakerWithoutAnswer",
    "addresses",
    "byline_names",
    "ends_like_sentence",
    "ends_with_question",
    "fold",
    "gettext_noop",
    "is_punctuated_slug",
    "is_slug_line",
    "is_thanks",
    "normalise",
    "relative_time",
    "short_name",
    "slug_prefix",
    "slug_words",
    "soft_question",
    "split_alt_text",
    "split_lines",
    "split_photo_credit",
    "strong_address",
    "timestamp",
    "title_like",
    "title_stamp",
]


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

# Invisible characters that scraping leaves inside words; they are not whitespace to `\s`. The
# Icelandic eth (Ð, ð), which some sites print for the Vietnamese Đ, đ, becomes Đ, đ.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff")) | {0xD0: "\u0110", 0xF0: "\u0111"}
_SPACES = re.compile(r"\s+")  # `\s` covers U+00A0 and the other Unicode spaces
_SPACE_BEFORE_PUNCT = re.compile(r" ([,;:.!?)])")
_SPACE_AFTER_PAREN = re.compile(r"\( ")


def normalise(text: str) -> str:
    """One line of text, tidied: NFC, every Unicode space a plain space, runs collapsed,
    stripped, no space before , ; : . ! ? ) nor after (, and "Ð", "ð" read as "Đ", "đ".

    Line breaks count as spaces too, so this is meant for one line at a time.
    """
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = _SPACES.sub(" ", text).strip()
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    return _SPACE_AFTER_PAREN.sub("(", text)


@dataclass
class Line:
    """A non-empty line of the raw text, normalised, with its 1-based number."""

    number: int
    text: str

    @property
    def folded(self) -> str:
        return fold(self.text)


def split_lines(raw: str) -> list[Line]:
    """The non-empty lines of ``raw`` (any line ending), normalised and numbered from 1."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    lines = (Line(n, normalise(text)) for n, text in enumerate(raw.split("\n"), start=1))
    return [line for line in lines if line.text]


# --- time stamps (on folded text) ----------------------------------------------------------

_WEEKDAY = (
    r"(?:thu ?(?:hai|ba|tu|nam|sau|bay|[2-7])|chu nhat|cn|t[2-7]"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
)
_DATE = r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})"
_LONG_DATE = r"(?:ngay )?\d{1,2} thang \d{1,2}(?:,? nam \d{4})?"
_TIME = r"(?:\d{1,2}(?::|h)\d{2}(?::\d{2})?(?: ?(?:am|pm|sa|ch))?)"
_GMT = r"(?:\(?(?:gmt|utc) ?[+-] ?\d{1,2}(?::?00)?\)?)"
_TS_TOKEN = rf"(?:{_WEEKDAY}|ngay|luc|{_LONG_DATE}|{_DATE}|{_TIME}|{_GMT})"
_TS_PREFIX = (
    r"(?:cap nhat(?: luc| ngay)?|ngay cap nhat|dang luc|dang ngay|ngay dang|"
    r"thoi gian dang|xuat ban|published|updated) ?:? ?"
)
_RELATIVE = r"\d{1,3} (?:giay|phut|gio|ngay|tuan|thang|nam) truoc"
_TIMESTAMP = re.compile(
    rf"^(?:{_TS_PREFIX})?{_TS_TOKEN}(?:[ ,|\-–—]*{_TS_TOKEN})*"
    r"(?: ?[|\-–—] ?(?:luot )?xem:? ?[\d.,]+)?$"
)
_RELATIVE_LINE = re.compile(rf"^(?:{_TS_PREFIX})?{_RELATIVE}$")
# A stamp at the end or the start of a related article's title: "(15:30)", "12/10/2023
# 08:00", "- 2 giờ trước", "15:30 12/10". Strict: enough on its own to tell a listing from a
# sentence; loose: only inside a related-articles block.
_DAY = r"\d{1,2}/\d{1,2}"
_FULL_STAMP = rf"(?:{_DATE},? {_TIME}|{_TIME},? (?:{_DATE}|{_DAY})|{_RELATIVE})"
_ANY_STAMP = rf"(?:{_FULL_STAMP}|{_DATE}|{_TIME}|{_DAY})"
_STRICT_END = re.compile(
    rf"(?:\((?:{_FULL_STAMP}|{_TIME})\)| [|\-–—] (?:{_FULL_STAMP}|{_DATE}|{_TIME})| {_FULL_STAMP})$"
)
_LOOSE_END = re.compile(rf"(?: \(?{_ANY_STAMP}\)?| [|\-–—] {_ANY_STAMP})$")
_STRICT_START = re.compile(rf"^(?:\((?:{_FULL_STAMP}|{_TIME})\)|{_FULL_STAMP}) (?:[|\-–—] )?(?=\S)")
_LOOSE_START = re.compile(rf"^\(?{_ANY_STAMP}\)? (?:[|\-–—] )?(?=\S)")


def timestamp(text: str) -> bool:
    """The whole line is a date and/or time: "12:14 11/12/2018", "Thứ Ba, 11/12/2018 - 12:14
    (GMT+7)", "THỨ SÁU, NGÀY 22 THÁNG 11 NĂM 2024 04:16", "Cập nhật: 10:30 12/03/2024",
    "2 giờ trước"."""
    if not any(ch.isdigit() for ch in text):
        return False
    folded = fold(text)
    return bool(_TIMESTAMP.match(folded) or _RELATIVE_LINE.match(folded))


def relative_time(text: str) -> bool:
    """ "2 giờ trước": a time stamp that tells nothing about the article's date."""
    return bool(_RELATIVE_LINE.match(fold(text)))


def title_stamp(text: str, *, loose: bool = False) -> str | None:
    """The title when ``text`` is a title followed or preceded by a time stamp
    ("Việt Nam - Hoa Kỳ nâng cấp quan hệ (15:30)", "12/10/2023 08:00 Hội nghị ..."), else
    None. ``loose`` also accepts a day or a time alone: "... (12/10)", "... 15:30"."""
    folded = fold(text)
    end = (_LOOSE_END if loose else _STRICT_END).search(folded)
    if end and end.start() > 0:
        return text[: end.start()].strip(" ,|-–—")
    start = (_LOOSE_START if loose else _STRICT_START).match(folded)
    if start and start.end() < len(text):
        return text[start.end() :].strip()
    return None


# --- lines that are not sentences ----------------------------------------------------------

_SENTENCE_END = tuple(".;:,")


def ends_like_sentence(text: str) -> bool:
    """Ends with a full stop (or ; : ,), possibly inside closing quotes or brackets; an
    ellipsis ("...", "…") is not a full stop."""
    stripped = text.rstrip("\"”’')]»")
    if stripped.endswith(("...", "…")):
        return False
    return stripped.endswith(_SENTENCE_END)


def title_like(text: str, *, min_words: int = 1, max_words: int = 30) -> bool:
    """A headline: few words, no full stop at the end, opens with a capital, a digit or a
    quote mark; not a list item ("- ...")."""
    words = text.split()
    if not min_words <= len(words) <= max_words or ends_like_sentence(text):
        return False
    first = text[0]
    return (first.isupper() or first.isdigit() or first in "\"“‘'«(") and not text.startswith(
        ("- ", "– ", "— ", "+ ", "* ", "• ")
    )


_SLUG_RUN = re.compile(r"^(?:[a-z0-9]+ )+")
_SLUG_LINE = re.compile(r"^[a-z0-9]+(?: [a-z0-9]+){4,}$")


def slug_words(text: str) -> str:
    """The title as an ASCII slug with spaces: how some outlets print an image's alt text
    ("ts le hong hiep den luc viet nam ...")."""
    return slugify(text, max_length=10_000).replace("-", " ")


def is_slug_line(text: str) -> bool:
    """Five or more lowercase ASCII words and nothing else: a slug, not Vietnamese text."""
    return bool(_SLUG_LINE.match(text))


_SLUG_PUNCTUATED = re.compile(r"^[a-z0-9][a-z0-9 ,:;.!?'\"()%/&+-]*$")


def is_punctuated_slug(text: str) -> bool:
    """Five or more lowercase ASCII words with the title's punctuation left in: "tan bo
    truong bo ngoai giao: dot pha ...". Vietnamese text has capitals and diacritics."""
    return bool(_SLUG_PUNCTUATED.match(text)) and len(slug_words(text).split()) >= 5


def slug_prefix(text: str) -> tuple[str, str] | None:
    """(slug, rest) when ``text`` opens with five or more lowercase ASCII words followed by
    a capitalised word or a quote: "ts le hong hiep den luc ... Nhiều nước châu Phi ..."."""
    match = _SLUG_RUN.match(text)
    if not match or len(match.group().split()) < 5:
        return None
    rest = text[match.end() :]
    if not rest or not (rest[0].isupper() or rest[0] in "\"“‘'«"):
        return None
    return match.group().strip(), rest


# --- names ---------------------------------------------------------------------------------

_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’]*\.?$|^(?:[^\W\d_]\.){1,3}[^\W\d_]?$")
_NAME_SEPARATORS = re.compile(r" [-–—] |, | và | & ")
_BYLINE_PREFIX = re.compile(
    r"^(?:bai va anh|bai, anh|bai & anh|bai/anh|bai|thuc hien|ghi chep|tac gia|"
    r"nhom thuc hien|phong vien) ?: ?"
)
_TEAM = re.compile(r"^(?:nhom )?(?:pv|p\.v|phong vien)(?: bao [^\W\d_][\w ]{0,40})?$")
_HONORIFICS = {"ong", "ba", "ngai", "ts", "gs", "pgs", "ths", "ls", "bs"}
_INITIALS = re.compile(r"^(?:[A-ZĐ]\.){1,3}[A-ZĐ]?\.?$")


def _person_name(text: str) -> bool:
    """Two to five capitalised words (or one to five in capitals): "Chu An", "MINH ANH",
    "Nguyễn Thị Thu Hà"; initials "Q.C" too."""
    words = text.split()
    if not 1 <= len(words) <= 5 or not all(_NAME_WORD.match(w) for w in words):
        return False
    if fold(words[0]).rstrip(".") in _HONORIFICS:
        return False  # "Ông Nguyễn Văn A", "TS. Lê Hồng Hiệp": someone the article is about
    if text.isupper():
        return len(text.replace(" ", "").replace(".", "")) >= 3
    return len(words) >= 2 and all(w[0].isupper() and w[1:] == w[1:].lower() for w in words)


def byline_names(text: str) -> str | None:
    """The names signed by a byline line, as printed, or None: "Chu An", "MINH ANH",
    "Bài và ảnh: Thu Hà" (-> "Thu Hà"), "Thu Hà - Văn Nam", "Nhóm PV", "P.V"."""
    folded = fold(text)
    if _TEAM.match(folded) or _INITIALS.match(text):
        return text
    prefix = _BYLINE_PREFIX.match(folded)
    rest = text[prefix.end() :] if prefix else text
    if not rest:
        return None
    if _TEAM.match(fold(rest)):
        return rest
    parts = _NAME_SEPARATORS.split(rest)
    if all(_person_name(part) for part in parts) and len(rest.split()) <= 12:
        return rest
    return None


# --- credits and photo captions -----------------------------------------------------------

# Characters an outlet or author name may use: "TTXVN/VIETNAM+", "Châu Như Quỳnh/Dân trí".
NAME_CHARS = re.compile(r"^[^\W_][\w .&+'’-]*$")


def short_name(text: str, max_words: int = 8) -> bool:
    """A short run of names: no sentence punctuation, few words."""
    words = text.split()
    return 0 < len(words) <= max_words and all(
        NAME_CHARS.match(part.strip()) for part in text.split("/") if part.strip()
    )


_PHOTO = r"(?:Ảnh|Nguồn ảnh|Ảnh minh họa|Ảnh minh hoạ|Ảnh tư liệu|Photo)"
# "Toàn cảnh Hội nghị. (Ảnh: Doãn Tấn/TTXVN)", "... sáng 13/12 (Ảnh: Quốc Chính)."
_CREDIT_IN_PARENS = re.compile(
    rf"^(?P<text>.*?) ?\({_PHOTO} ?: ?(?P<credit>[^()]+?)\)\.?$", re.IGNORECASE
)
# "Phó Thủ tướng Vũ Đức Đam phát biểu. Ảnh: Dương Giang/TTXVN" (after a sentence, or alone)
_CREDIT_TRAILING = re.compile(
    rf"^(?P<text>(?:.*[.!?…\"”)])?) ?(?:- )?{_PHOTO} ?: ?(?P<credit>[^():]+?)\.?$",
    re.IGNORECASE,
)
# "Bộ trưởng Đào Ngọc Dung - Ảnh: Văn Giáp"
_CREDIT_DASHED = re.compile(rf"^(?P<text>.*\S) [-–|] {_PHOTO} ?: ?(?P<credit>[^():]+?)\.?$", re.I)
# "... năm 2006. (Nguồn: NVCC)": a source in brackets closing a short line.
_SOURCE_IN_PARENS = re.compile(r"^(?P<text>.+?) ?\(Nguồn ?: ?(?P<credit>[^()]+?)\)\.?$")
_ILLUSTRATION = re.compile(
    r"^(?P<text>(?:.*[.!?…\"”)] )?)\((?P<credit>Ảnh minh h(?:ọa|oạ))\)\.?$"
    r"|^(?P<alone>Ảnh minh h(?:ọa|oạ))\.?$",
    re.IGNORECASE,
)
# Alt text glued to a caption: "<article title> ảnh 1Toàn cảnh Hội nghị. (Ảnh: ...)".
# The image number runs straight into the caption's first (capital) letter.
_ALT_TEXT_END = re.compile(r" ảnh \d+(?=[^\W\d_])")
# An image's alt text alone: "<a title> - Hình 1", "<a title> ảnh 2".
IMAGE_NUMBER = re.compile(r"^(?P<alt>.+?)(?: [-–] | )(?:hinh|anh) \d{1,2}$")
CAPTION_WORDS = 30  # a longer line is text, not a photo caption


def split_photo_credit(text: str) -> tuple[str, str] | None:
    """(caption text, credit) when ``text`` ends in a photo credit."""
    for pattern in (_CREDIT_IN_PARENS, _CREDIT_TRAILING, _CREDIT_DASHED):
        match = pattern.match(text)
        if not match:
            continue
        credit = match["credit"].strip()
        if 0 < len(credit.split()) <= 8 and not re.search(r"[;?!]", credit):
            if pattern is not _CREDIT_IN_PARENS and not credit[0].isupper():
                continue
            return match["text"].strip(), credit
    match = _ILLUSTRATION.match(text)
    if match:
        return (match["text"] or "").strip(), match["credit"] or match["alone"]
    match = _SOURCE_IN_PARENS.match(text)
    if match and len(match["text"].split()) <= CAPTION_WORDS and short_name(match["credit"]):
        return match["text"].strip(), match["credit"].strip()
    return None


def split_alt_text(text: str, title: str) -> tuple[str, str] | None:
    """(alt text, caption) when alt text ending in 'ảnh N' is glued to a caption.

    The alt text repeats the article's title (or its ASCII slug); without a title, four words
    or more will do.
    """
    for match in _ALT_TEXT_END.finditer(text):
        alt, rest = text[: match.end()], text[match.end() :]
        prefix = text[: match.start()]
        if title:
            fits = fold(prefix) == fold(title) or slug_words(prefix) == slug_words(title)
        else:
            fits = len(prefix.split()) >= 4
        if rest[0].isupper() and fits:
            return alt, rest
    return None


# --- questions that address the interviewee (on folded text) ------------------------------

TITLES = (
    r"(?:thu truong|bo truong|thu tuong|pho thu tuong|dai su|chu tich|pho chu tich|"
    r"tong bi thu|tong thu ky|vu truong|pho vu truong|cuc truong|giam doc|tong giam doc|"
    r"nguoi phat ngon|chuyen gia|giao su|pho giao su|tien si|ts|pgs|gs|pgs\.ts|gs\.ts|"
    r"thuong tuong|trung tuong|thieu tuong|dai tuong|dai ta|luat su|dai bieu|nha bao)"
)
# Whom a question addresses: a pronoun or a title, not followed by a name.
_ADDRESS = rf"(?:ong|ba|anh|chi|ngai|dong chi|{TITLES})"
_ASKING_VERB = (
    r"(?:cho biet|chia se|danh gia|noi ro|phan tich|nhan dinh|binh luan|ly giai|"
    r"gioi thieu|diem lai|neu|trao doi|tom tat|nhan xet|giai thich|lam ro)"
)
_SOFT_QUESTION = re.compile(
    rf"^(?:thua {_ADDRESS}\b"
    # "Xin Thứ trưởng cho biết", "Đề nghị Bộ trưởng Bộ Công Thương đánh giá": a name between
    rf"|(?:kinh thua |xin moi |xin |moi |de nghi ){_ADDRESS}(?: [^\s,.;:?!]+){{0,5}}? "
    rf"(?:vui long |co the |hay )?{_ASKING_VERB}\b"
    rf"|{_ADDRESS} (?:co the |vui long |hay ){_ASKING_VERB}\b"
    rf"|{_ADDRESS} (?:co the )?(?:danh gia|nhan dinh|nhin nhan|nhan xet|binh luan)\b"
    r".*\b(?:the nao|ra sao)\b)"
)
_PRONOUNS = {"ong", "ba", "anh", "chi", "ngai"}
_NOT_ADDRESS = {("ba", "con"), ("anh", "em"), ("ong", "ba"), ("anh", "chi"), ("chi", "em")}
_TITLE_PAIRS = re.compile(rf"^{TITLES}$")
# Opens by addressing the interviewee: "Xin ông ...", "Thưa Bộ trưởng, ...", "Đề nghị Thứ
# trưởng ..." (folded).
_STRONG_ADDRESS = re.compile(rf"^(?:kinh thua|thua|xin moi|xin|moi|de nghi) {_ADDRESS}\b")
# Closes by addressing the interviewee: "..., thưa Thứ trưởng." "... như thế nào, thưa ông?"
_TAG_ADDRESS = re.compile(rf", (?:kinh )?thua {_ADDRESS}\s*[.?!…]?[\"”’)]*$")
_WORD_PUNCT = ".,;:!?\"“”'‘’()…"
_LAST_SENTENCE = re.compile(r"^.*[.!?…:] (?=\S)")


def soft_question(text: str) -> bool:
    """Asks without a question mark: the line (or its last sentence) opens with "Thưa ông",
    "Xin Thứ trưởng cho biết", "Ông đánh giá thế nào"..., or the line closes by addressing
    the interviewee ("..., thưa Thứ trưởng.")."""
    folded = fold(text)
    if _SOFT_QUESTION.match(folded) or _TAG_ADDRESS.search(folded):
        return True
    last = _LAST_SENTENCE.match(folded)
    return bool(last and _SOFT_QUESTION.match(folded[last.end() :]))


def strong_address(text: str) -> bool:
    """The line (or its last sentence, not a quote after a colon) opens by addressing the
    interviewee with "Xin", "Thưa" or "Đề nghị" and a title or pronoun: "Thưa Bộ trưởng,
    ...", "Xin ông cho biết ...", "Đề nghị Thứ trưởng đánh giá ...", or closes with one
    ("..., thưa Thứ trưởng.")."""
    folded = fold(text)
    if _STRONG_ADDRESS.match(folded) or _TAG_ADDRESS.search(folded):
        return True
    last = _LAST_SENTENCE.match(folded)
    return bool(
        last and last.group().rstrip()[-1] != ":" and _STRONG_ADDRESS.match(folded[last.end() :])
    )


def addresses(text: str) -> bool:
    """The line speaks to the interviewee: "ông", "bà", "Thứ trưởng" ... not followed by a
    name ("Liệu ông Trump ..." speaks about someone)."""
    if soft_question(text):
        return True
    words = text.split()
    keys = [fold(w).strip(_WORD_PUNCT) for w in words]
    for i, key in enumerate(keys):
        for size in (1, 2, 3):
            phrase = " ".join(keys[i : i + size])
            if size == 1 and phrase in _PRONOUNS:
                if i and not words[i][0].islower():
                    continue  # "Anh" inside a sentence: the United Kingdom
            elif not (size > 1 and _TITLE_PAIRS.match(phrase)):
                continue
            after = words[i + size] if i + size < len(words) else ""
            if after[:1].isupper():
                continue  # a name follows: the line speaks about that person
            if i + 1 < len(keys) and (key, keys[i + 1]) in _NOT_ADDRESS:
                continue
            return True
    return False


# --- thanks --------------------------------------------------------------------------------

# On folded text: "Trân trọng cảm ơn", "Xin chân thành cảm ơn", "Cảm ơn", "Xin cám ơn"...
_THANKS = re.compile(
    r"^(?:(?:xin|rat|chung toi xin|toi xin|xin tran trong) )?"
    r"(?:tran trong |chan thanh |rat )?cam on\b"
)
_ENDS_WITH_QUESTION = re.compile(r"\?[\s\"”’')\]»]*$")


def ends_with_question(text: str) -> bool:
    """The line ends with a question mark, possibly followed by closing quotes or brackets."""
    return bool(_ENDS_WITH_QUESTION.search(text))


def is_thanks(text: str) -> bool:
    """A closing thank-you by the interviewer ('Trân trọng cảm ơn ông!'), not a question."""
    return (
        _THANKS.match(fold(text)) is not None
        and not ends_with_question(text)
        and len(text.split()) <= 25  # longer: an answer or a question that opens with thanks
    )
