"""Page furniture: find it by family, set it aside with a reason, keep what it tells.

A scraped page carries more than the article: share and follow buttons, related-article
blocks, template placeholders, the title, captions and paragraphs printed again, image alt
text, photo credits, bylines, time stamps, source credits and addresses, and the site around
the article: its audio player, navigation, banner, and the outlet's tag before the lead
(``furniture``). Each is recognised by its
family's shape, never by an outlet's exact wording, and a line that reads as a sentence of
the article matches no family. Every dropped line is reported (``Dropped``) with its line
number, its family and a reason, so an editor can check that nothing real was lost and put
a line back (``keep``).

What furniture tells is kept: the time stamp above the article, the byline, the credit
lines, the source address and the photo credits. Captions are found here too, since their
credits, repeats and alt text are furniture around them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from . import furniture as site
from .furniture import Family
from .lines import (
    CAPTION_WORDS,
    IMAGE_NUMBER,
    NAME_CHARS,
    Line,
    ParseError,
    byline_names,
    ends_like_sentence,
    ends_with_question,
    fold,
    gettext_noop,
    is_punctuated_slug,
    is_slug_line,
    is_thanks,
    normalise,
    short_name,
    slug_prefix,
    slug_words,
    split_alt_text,
    split_photo_credit,
    timestamp,
    title_like,
    title_stamp,
)

__all__ = ["Cleaned", "Dropped", "Family", "clean"]


# Reasons, in English, marked for translation: show them with gettext.
TIMESTAMP = gettext_noop("timestamp")
SHARE_BUTTON = gettext_noop("share button")
FOLLOW_LINK = gettext_noop("follow-us link")
RELATED_HEADING = gettext_noop("more-in-section heading")
RELATED_TITLE = gettext_noop("title of a related article")
RELATED_STAMPED = gettext_noop("title of another article, with its time stamp")
RELATED_LINK = gettext_noop("link to a related article")
CAPTION_PLACEHOLDER = gettext_noop("caption placeholder")
TEMPLATE_PLACEHOLDER = gettext_noop("template placeholder")
BYLINE = gettext_noop("byline")
SIGNATURE = gettext_noop("signature after the closing thanks")
SOURCE_URL = gettext_noop("source url")
SOURCE_LINE = gettext_noop("source line")
CREDIT_LINE = gettext_noop("credit line")
PHOTO_CREDIT_ABOVE = gettext_noop("photo credit of the caption above")
PHOTO_CREDIT = gettext_noop("photo credit")
CURATED = gettext_noop("curated furniture")
DUPLICATE_TITLE = gettext_noop("duplicate title")
DUPLICATE_CAPTION = gettext_noop("duplicate caption")
DUPLICATE_PARAGRAPH = gettext_noop("paragraph printed twice")
DUPLICATE_HEADING = gettext_noop("heading printed twice")
ALT_TEXT = gettext_noop("alt text")
SLUG_ALT_TEXT = gettext_noop("alt text: a title in ASCII")
# Why a line is a photo caption.
CAPTION_CREDITED = gettext_noop("carries a photo credit: a caption")
CAPTION_CREDIT_BELOW = gettext_noop("a photo credit follows it: a caption")
CAPTION_REPEATED = gettext_noop("printed twice: a photo caption")
CAPTION_ALT = gettext_noop("next to an image's alt text: a caption")
CAPTION_CELL = gettext_noop("short line in a table cell, as under an image: a caption")


@dataclass(frozen=True)
class Dropped:
    line: int  # 1-based line number in the raw text
    text: str
    reason: str  # in English, marked for translation: show it with gettext
    family: str  # one of Family.choices


@dataclass
class BodyLine:
    """A line of the article's body, once furniture is set aside."""

    number: int
    text: str
    caption: tuple[str, str] | None = None  # a photo caption: (text, credit)
    caption_reason: str = ""
    kept: bool = False  # put back by the editor: ordinary text, never furniture or caption
    cell: bool = False  # printed in a table cell of its own ("... |"), as a caption is


@dataclass
class Cleaned:
    title: str
    title_line: int
    body: list[BodyLine]
    dropped: list[Dropped] = field(default_factory=list)
    credit_lines: list[tuple[int, str]] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    bylines: list[tuple[int, str]] = field(default_factory=list)  # (line, names)
    timestamps: list[tuple[int, str]] = field(default_factory=list)  # (line, text)
    photo_credits: list[str] = field(default_factory=list)


# --- one line on its own (folded text unless said otherwise) -------------------------------

_BUTTON = (
    r"(?:chia se(?: bai viet| bai| len| qua| voi)?|share|facebook|zalo|twitter|tweet|x|"
    r"e-?mail|mail|messenger|linkedin|telegram|pinterest|in bai(?: viet)?|in|gui bai|gui|"
    r"luu bai(?: viet)?|luu|binh luan|copy link|sao chep(?: lien ket| link)?|"
    r"doc bai goc|xem bai goc|bai goc|like|thich|bao loi|nghe bai viet|nghe)"
)
_SHARE = re.compile(rf"^(?:\(?\d+\)? )?{_BUTTON}(?:[ |•·/:,-]*(?:{_BUTTON}|\(?\d+\)?))*:?$")
_PLATFORM = r"(?:google news|google|zalo|facebook|youtube|tiktok|instagram|twitter|x|telegram)"
_FOLLOW = re.compile(
    rf"^(?:theo doi|follow)(?: (?:[^ ]+ ){{0,8}}?(?:tren|tai|qua|on)(?: {_PLATFORM})*)?[:.]?$"
)
_RELATED_HEADING = re.compile(
    r"^(?:>>|»)? ?(?:tin cung chuyen muc|cung chuyen muc|(?:tin|bai|tin bai|bai viet|"
    r"tin tuc) lien quan|xem them|doc them|(?:cac )?tin khac|tin moi(?: nhat| cap nhat)?|"
    r"tin noi bat|co the ban quan tam|ban co the quan tam|(?:tin |bai )?(?:doc|xem) nhieu"
    r"(?: nhat)?|tin da dua|tin tieu diem|tieu diem|dung bo lo|video dang hot) ?(?::|>>|»)?$"
)
_RELATED_LINK = re.compile(
    r"^(?:(?:>>|») ?(?:(?:xem them|doc them|tin lien quan|xem chi tiet) ?:? ?)?|"
    r"(?:xem them|doc them|tin lien quan|bai lien quan) ?(?::|>>|») ?)(?=\S)"
)
_CAPTION_PLACEHOLDER = re.compile(r"^chu thich anh:?$")
_TEMPLATE_TOKEN = r"(?:\{\{?\s*[\w.-]+\s*\}?\}|\[/?[a-z_]+(?: [^\]]*)?\]|%[a-z_]+%)"
_TEMPLATE = re.compile(rf"^{_TEMPLATE_TOKEN}(?:[\s,;|:-]*{_TEMPLATE_TOKEN})*$")
_LABEL = re.compile(r"^[^:]{1,40}: ")  # "PV: ", "Hỏi: " before a closing thank-you
_DONE_BY = re.compile(r"^(?P<name>.+?) ?\(thuc hien\)\.?$")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"“”]+")
_BARE_URL = re.compile(r"^(?:https?://|www\.)\S+$")
# On the text as printed.
_SOURCE = re.compile(r"^Nguồn(?P<colon> ?:)? ?(?P<rest>.*)$")
_CREDIT_THEO = re.compile(r"^Theo (?P<rest>.+)$")
_CREDIT_PAREN = re.compile(r"^\((?P<rest>[^()]+)\)\.?$")
_LONE_SOURCE = re.compile(r"^\(Nguồn ?: ?(?P<credit>[^()]+?)\)\.?$")
# "TTXVN", "VNA", "Chinhphu.vn", "VOV.VN": an agency or a site, never a sentence.
_AGENCY = re.compile(
    r"^(?:(?![IVXLCDM]+$)[A-ZĐ]{2,}[A-ZĐ0-9+&-]*|(?i:[\w-]+\.(?:vn|com|net|org))/?)$"
)


def _is_slash_credit(text: str) -> bool:
    """'TTXVN/Báo Tin tức': short capitalised names separated by slashes."""
    parts = [part.strip() for part in text.split("/")]
    return (
        len(parts) >= 2
        and all(parts)
        and len(text.split()) <= 8
        and all(len(p.split()) <= 5 and p[0].isupper() and NAME_CHARS.match(p) for p in parts)
    )


def _credit_rest(text: str) -> str | None:
    """The names in a credit line ('Theo X/Y', '(X/Y)', 'X/Y'), or None."""
    for pattern in (_CREDIT_THEO, _CREDIT_PAREN):
        match = pattern.match(text)
        if match and short_name(match["rest"]):
            return match["rest"]
    return text if _is_slash_credit(text) else None


def _source_is_short(rest: str, has_colon: bool) -> bool:
    # "Nguồn: TTXVN", "Nguồn Báo Quốc tế"; not "Nguồn lực bố trí cho ... còn hạn chế."
    return bool(rest) and short_name(rest) and (has_colon or rest[0].isupper())


def _caption_like(line: BodyLine) -> bool:
    """Could be the caption of a photo whose credit follows on the next line."""
    text = line.text
    return (
        not line.kept
        and line.caption is None
        and len(text.split()) <= CAPTION_WORDS
        and not ends_with_question(text)
        and not text.startswith(("- ", "– ", "— ", "+ ", "* ", "• "))
        and not re.match(r"^[^:]{1,60}: ", text)  # a label ("PV: ...", "Ông X: ...")
    )


# --- the cleaner ---------------------------------------------------------------------------


class _Cleaner:
    def __init__(self, keep: Collection[int]) -> None:
        self.keep = set(keep)
        self.out = Cleaned(title="", title_line=0, body=[])
        self.in_related = False  # inside a related-articles block
        self.block_lines: list[int] = []  # the heading's and the items' line numbers
        self.head = True  # no line of the article's text has come yet, only headlines

    def drop(self, number: int, text: str, reason: str, family: str) -> None:
        self.out.dropped.append(Dropped(number, text, reason, family))

    def credit(self, line: Line, reason: str, family: str = Family.SOURCE_CREDIT) -> None:
        self.out.credit_lines.append((line.number, line.text))
        self.drop(line.number, line.text, reason, family)

    # A line on its own, in the order of the text.
    def furniture(self, line: Line) -> bool:
        """Drop ``line`` if its shape says it is furniture; True when dropped."""
        printed = line.text
        line = Line(line.number, site.cell(printed)[0] or printed)  # "| Hotline: ..."
        text, folded = line.text, line.folded
        verdict = site.classify(text, head=self.head)
        if verdict is not None and verdict.credit:
            self.credit(line, verdict.reason, verdict.family)
        elif verdict is not None:
            self.drop(line.number, printed, verdict.reason, verdict.family)
        elif timestamp(text):
            self.out.timestamps.append((line.number, text))
            self.drop(line.number, text, TIMESTAMP, Family.TIMESTAMP)
        elif _SHARE.match(folded):
            self.drop(line.number, text, SHARE_BUTTON, Family.SHARE)
        elif _FOLLOW.match(folded) and len(text.split()) <= 14:
            self.drop(line.number, text, FOLLOW_LINK, Family.FOLLOW)
        elif _RELATED_HEADING.match(folded):
            self.in_related, self.block_lines = True, [line.number]
            self.drop(line.number, text, RELATED_HEADING, Family.RELATED)
        elif _CAPTION_PLACEHOLDER.match(folded):
            self.drop(line.number, text, CAPTION_PLACEHOLDER, Family.PLACEHOLDER)
        elif _TEMPLATE.match(folded):
            self.drop(line.number, text, TEMPLATE_PLACEHOLDER, Family.PLACEHOLDER)
        elif (match := _DONE_BY.match(folded)) and short_name(text[: match.end("name")], 6):
            self.out.bylines.append((line.number, text[: match.end("name")]))
            self.drop(line.number, text, BYLINE, Family.BYLINE)
        elif _BARE_URL.match(text):
            self.out.urls.append(text)
            self.drop(line.number, text, SOURCE_URL, Family.URL)
        elif (match := _SOURCE.match(text)) and (
            (_URL.search(text) and len(text.split()) <= 12)
            or _source_is_short(match["rest"], bool(match["colon"]))
        ):
            self.out.urls.extend(url.rstrip(".,;)") for url in _URL.findall(text))
            self.credit(line, SOURCE_LINE)
        elif (rest := _credit_rest(text)) is not None and ("/" in rest or _AGENCY.match(rest)):
            self.credit(line, CREDIT_LINE)
        elif self.related(line):
            pass
        else:
            self.in_related = False
            return False
        if self.in_related and self.block_lines[-1] != line.number:
            self.block_lines.append(line.number)
        return True

    def related(self, line: Line) -> bool:
        """A related article's title: in a block under a heading, or carrying a stamp."""
        text, folded = line.text, line.folded
        link = _RELATED_LINK.match(folded)
        if link and title_like(text[link.end() :], min_words=2):
            self.drop(line.number, text, RELATED_LINK, Family.RELATED)
            return True
        if self.in_related and not self._block_ended(line) and self._block_item(text):
            self.drop(line.number, text, RELATED_TITLE, Family.RELATED)
            return True
        stamped = title_stamp(text)
        if stamped and title_like(stamped, min_words=3) and not ends_with_question(stamped):
            self.drop(line.number, text, RELATED_STAMPED, Family.RELATED)
            return True
        return False

    def _block_ended(self, line: Line) -> bool:
        """A block printed as a list (no blank line between its lines) ends at a blank line."""
        block = self.block_lines
        listed = len(block) >= 2 and block[-1] - block[0] == len(block) - 1
        return listed and line.number > block[-1] + 1

    @staticmethod
    def _block_item(text: str) -> bool:
        slugged = slug_prefix(text)
        if slugged:
            return title_like(slugged[1])
        stamped = title_stamp(text, loose=True)
        if stamped and title_like(stamped, min_words=2):
            return True
        if ends_with_question(text) or text.endswith("!") or split_photo_credit(text):
            return False  # a question, a thank-you, a photo caption: the article again
        if byline_names(text) is not None:
            return False  # names: the byline at the end
        # A headline has some words; a shorter line is likely a subheading of the article.
        return title_like(text, min_words=6)

    def tail_credit(self, line: Line) -> bool:
        """At the very end of the text a credit needs no slash: 'Theo VnExpress', '(TTXVN)'."""
        match = _SOURCE.match(line.text)
        if match and match["rest"] and short_name(match["rest"]):
            self.credit(line, SOURCE_LINE)
            return True
        if _CREDIT_THEO.match(line.text) or _CREDIT_PAREN.match(line.text):
            if _credit_rest(line.text) is not None:
                self.credit(line, CREDIT_LINE)
                return True
        match = _LONE_SOURCE.match(line.text)
        if match and short_name(match["credit"]):
            self.credit(line, SOURCE_LINE)
            return True
        return False

    def byline(self, line: Line, *, after_thanks: bool = False) -> bool:
        """A signature line: names, or after the closing thanks any short non-sentence."""
        text = line.text
        names = byline_names(text)
        if names is None and after_thanks:
            words = text.split()
            if (
                len(words) <= 6
                and not any(ch.isdigit() for ch in text)
                and not ends_like_sentence(text)
                and not text.endswith(("?", "!", "…", "..."))
                and text[0].isupper()
            ):
                names = text
        if names is None or ends_like_sentence(text):
            return False
        self.out.bylines.append((line.number, names))
        self.drop(line.number, text, SIGNATURE if after_thanks else BYLINE, Family.BYLINE)
        return True


def clean(
    lines: Sequence[Line],
    *,
    furniture: Sequence[str],
    keep: Collection[int],
    title_in_text: bool,
) -> Cleaned:
    """Set the furniture of ``lines`` aside; see the module's notes. ``furniture`` are the
    curated lines (compared after ``normalise``), each of which must match a line."""
    cleaner = _Cleaner(keep)
    out = cleaner.out
    curated = {normalise(text): text for text in furniture}
    found: set[str] = set()
    kept: list[BodyLine] = []
    for line in lines:
        if line.text in curated:
            found.add(line.text)
        if line.number in cleaner.keep:
            kept.append(BodyLine(line.number, line.text, kept=True))
        elif line.text in curated:
            cleaner.drop(line.number, line.text, CURATED, Family.CURATED)
        elif not cleaner.furniture(line):
            text, cell = site.cell(line.text)
            kept.append(BodyLine(line.number, text, cell=cell))
        # The head of the page: until a line of text (not a title, a banner, a section).
        cleaner.head = cleaner.head and (not kept or title_like(kept[-1].text))
    missing = [original for norm, original in curated.items() if norm not in found]
    if missing:
        raise ParseError(
            f"furniture string {missing[0]!r} matches no line of the text; "
            "remove it from the curated furniture or correct it"
        )

    _strip_tail(cleaner, kept, title_in_text)
    body = _take_title(cleaner, kept, title_in_text)
    _lead_tag(cleaner, body)
    out.body = _captions(cleaner, body)
    return out


def _strip_tail(cleaner: _Cleaner, kept: list[BodyLine], title_in_text: bool) -> None:
    """Credits without a slash are only safe to drop at the very end of the text; so are
    bylines ("Minh Anh") and the signature after the closing thanks."""
    while kept and not kept[-1].kept:
        line = Line(kept[-1].number, kept[-1].text)
        if cleaner.tail_credit(line):
            kept.pop()
            continue
        # Leave the title and at least one line of text.
        if len(kept) >= (3 if title_in_text else 2):
            after_thanks = is_thanks(_LABEL.sub("", kept[-2].text.lstrip("-–—+*• ")))
            if cleaner.byline(line, after_thanks=after_thanks):
                kept.pop()
                continue
        break


def _take_title(cleaner: _Cleaner, kept: list[BodyLine], title_in_text: bool) -> list[BodyLine]:
    """Take the title (the first line the editor did not put back) and the bylines printed
    just before or after it; the rest is the body."""
    out = cleaner.out
    free = [line for line in kept if not line.kept]
    removed: set[int] = set()
    _head(cleaner, free, removed)
    if title_in_text and free:
        # A name line, then the title, then text: the byline is printed above the title.
        if len(free) >= 3 and byline_names(free[1].text) is None:
            if cleaner.byline(Line(free[0].number, free[0].text)):
                removed.add(free.pop(0).number)
        title = free.pop(0)
        out.title, out.title_line = title.text, title.number
        removed.add(title.number)
        _head(cleaner, free, removed, menus_only=True)
    # A name line right after the title (or opening the text), followed by more text.
    if len(free) >= 2 and cleaner.byline(Line(free[0].number, free[0].text)):
        removed.add(free[0].number)
    return [line for line in kept if line.number not in removed]


def _head(
    cleaner: _Cleaner, free: list[BodyLine], removed: set[int], *, menus_only: bool = False
) -> None:
    """The site's furniture at the head of the page, before the title (a banner, a section's
    name, a numbered menu), or between the title and the text (a numbered menu)."""
    for reason in site.head([line.text for line in free]):
        if menus_only and reason != site.SITE_MENU:
            break
        line = free.pop(0)
        cleaner.drop(line.number, line.text, reason, Family.NAVIGATION)
        removed.add(line.number)


def _lead_tag(cleaner: _Cleaner, body: list[BodyLine]) -> None:
    """The outlet's tag or the dateline opening the lead ("TTO - Chiều 8-4, ...") is set
    aside, the rest of the lead kept. The lead is the first long line of the body; a short
    line before it (a sapo, a caption) may carry the tag instead."""
    for line in body[:3]:
        tag = None if line.kept else site.lead_tag(line.text)
        if tag is not None:
            cleaner.drop(line.number, tag.tag, tag.reason, tag.family)
            if tag.credit:
                cleaner.out.credit_lines.append((line.number, tag.tag))
            line.text = tag.rest
            return
        if len(line.text.split()) >= 12:
            return


def _captions(cleaner: _Cleaner, body: list[BodyLine]) -> list[BodyLine]:
    """Find the photo captions, and drop what repeats the title, a caption, a paragraph or a
    heading, alt text and lone photo credits (given to the caption above)."""
    out = cleaner.out
    title = out.title
    title_folded = fold(title) if title else None
    title_slug = slug_words(title) if title else None
    seen_captions: set[str] = set()
    seen_text: set[str] = set()  # the paragraphs and headings so far, folded
    items: list[BodyLine] = []
    previous = title  # the line above, as printed
    caption_next = False  # an image's alt text came just before
    after_credit = False  # a lone photo credit came just before

    def as_caption(item: BodyLine, text: str, credit: str, reason: str) -> None:
        item.caption, item.caption_reason = (text, credit), reason
        seen_captions.add(fold(text))
        if credit:
            out.photo_credits.append(credit)

    for line in body:
        if line.kept:
            items.append(line)
            previous, caption_next = line.text, False
            continue
        number, text = line.number, line.text
        folded = fold(text)
        if text == previous and len(text.split()) > CAPTION_WORDS:
            cleaner.drop(number, text, DUPLICATE_PARAGRAPH, Family.REPEAT)
            continue
        if text == previous:
            # A line printed twice in a row is a photo caption (or the title repeated).
            if not items and title:
                cleaner.drop(number, text, DUPLICATE_TITLE, Family.TITLE_REPEAT)
                continue
            cleaner.drop(number, text, DUPLICATE_CAPTION, Family.CAPTION_REPEAT)
            if items and items[-1].caption is None and not items[-1].kept:
                as_caption(items[-1], items[-1].text, "", CAPTION_REPEATED)
            continue
        if folded == title_folded:
            cleaner.drop(number, text, DUPLICATE_TITLE, Family.TITLE_REPEAT)
            continue
        if folded in seen_captions:
            cleaner.drop(number, text, DUPLICATE_CAPTION, Family.CAPTION_REPEAT)
            continue
        if _repeat_key(text) in seen_text and _repeatable(text):
            heading = title_like(text, max_words=15) and not ends_with_question(text)
            reason = DUPLICATE_HEADING if heading else DUPLICATE_PARAGRAPH
            cleaner.drop(number, text, reason, Family.REPEAT)
            continue
        alt = IMAGE_NUMBER.match(folded)
        if alt and (
            alt["alt"] == title_folded
            or (title_slug and slug_words(alt["alt"]) == title_slug)
            or (title_like(text[: alt.end("alt")], min_words=4) and not title)
        ):
            cleaner.drop(number, text, ALT_TEXT, Family.ALT_TEXT)
            continue
        if is_slug_line(text) or is_punctuated_slug(text):
            reason = ALT_TEXT if slug_words(text) == title_slug else SLUG_ALT_TEXT
            cleaner.drop(number, text, reason, Family.ALT_TEXT)
            caption_next = True
            continue
        forced = False
        slugged = slug_prefix(text)
        if slugged:
            cleaner.drop(number, slugged[0], SLUG_ALT_TEXT, Family.ALT_TEXT)
            text, forced = slugged[1], True
        glued = split_alt_text(text, title)
        if glued:
            cleaner.drop(number, glued[0], ALT_TEXT, Family.ALT_TEXT)
            text, forced = glued[1], True
        if site.illustration(text):  # and a credit below it is no caption's
            cleaner.drop(number, text, site.ILLUSTRATION, Family.PLACEHOLDER)
            previous, caption_next, after_credit = line.text, False, True
            continue
        item = BodyLine(number, text)
        credited = split_photo_credit(text)
        lone_source = _LONE_SOURCE.match(text)
        if lone_source or (credited and not credited[0]):
            credit = lone_source["credit"].strip() if lone_source else credited[1]
            above = items[-1] if items and not after_credit else None
            if _lone_credit(cleaner, above, line, credit, source=bool(lone_source)):
                if above is not None and above.caption is not None:
                    seen_captions.add(fold(above.caption[0]))
                previous, caption_next, after_credit = line.text, False, True
                continue
            credited = None
        if credited and fold(credited[0]) in seen_captions:
            cleaner.drop(number, text, DUPLICATE_CAPTION, Family.CAPTION_REPEAT)
            continue
        if credited:
            as_caption(item, *credited, CAPTION_CREDITED)
        elif forced or (caption_next and _caption_like(item) and len(text.split()) <= 25):
            as_caption(item, text, "", CAPTION_ALT)
        elif line.cell and _caption_like(item) and len(text.split()) <= 25:
            as_caption(item, text, "", CAPTION_CELL)
        else:
            seen_text.add(_repeat_key(text))
        items.append(item)
        previous, caption_next, after_credit = line.text, False, False
    return items


def _repeat_key(text: str) -> str:
    """What a paragraph printed again is compared by: folded, without the outlet's tag."""
    tag = site.lead_tag(text)
    return fold(tag.rest if tag else text)


def _repeatable(text: str) -> bool:
    """A line that, printed twice, is printed once too many: not a label ("PV:"), not a
    short line nor a thank-you, which an article may well print twice."""
    return len(text.split()) >= 4 and not text.endswith(":") and not is_thanks(text)


def _lone_credit(
    cleaner: _Cleaner, above: BodyLine | None, line: BodyLine, credit: str, *, source: bool
) -> bool:
    """A credit alone on its line ('Ảnh: TTXVN', '(Nguồn: Bộ Công an)') belongs to the
    caption just above it, or to a short line above that is then a caption. Another photo
    credit is dropped all the same; a '(Nguồn: X)' after text is the article's, and kept.
    True when the line was dropped."""
    out = cleaner.out
    if above is not None and above.caption is not None and not above.caption[1]:
        above.caption = (above.caption[0], credit)
    elif (
        above is not None
        and _caption_like(above)
        and fold(credit) != "anh minh hoa"
        and (not source or len(above.text.split()) <= 20)
    ):
        above.caption, above.caption_reason = (above.text, credit), CAPTION_CREDIT_BELOW
    elif source:
        return False
    else:
        out.photo_credits.append(credit)
        cleaner.drop(line.number, line.text, PHOTO_CREDIT, Family.PHOTO_CREDIT)
        return True
    out.photo_credits.append(credit)
    cleaner.drop(line.number, line.text, PHOTO_CREDIT_ABOVE, Family.PHOTO_CREDIT)
    return True
