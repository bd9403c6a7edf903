"""The site around the article: furniture a page prints whatever the article says.

Used by ``cleanup``, and like it recognises each family by its shape, never by an outlet's
exact wording; a line that reads as a sentence of the article matches nothing here.

- the audio player: "0:00 / 0:00", "Nghe bài viết", "Giọng đọc: Nam miền Bắc", "Tốc độ đọc";
- placeholders: a markdown image ("![ảnh](...)"), markup without text ("| |", "<br>"), and
  "Ảnh minh họa" alone; a caption printed in a table cell ("Toàn cảnh hội nghị |") loses its
  pipe (``cell``);
- navigation: breadcrumbs ("Trang chủ > Thời sự > Đối ngoại", "Thời sự / Chính trị"), the
  site's links ("Skip to main content", "Trở lại chủ đề", "Tải ứng dụng"), menu tabs ("Nóng
  24h"; "Đọc nhiều" at the head of the page), the hotline; and at the head of the page only
  (``head``): the outlet's banner in capitals ("BÁO ĐIỆN TỬ CHÍNH PHỦ"), a section's name
  and a numbered menu of sections ("1. Đời sống", "2. Sự kiện hàng ngày");
- the outlet's tag or the dateline before the lead ("TTO - Chiều 8-4, ...", "(Dân trí) -
  ...", "Hà Nội (TTXVN 20/9) - ...", "WASHINGTON - Ông ..."), or alone on its line: only a
  tag of at most three words, in capitals or in brackets, at the very start of the line
  (``lead_tag``, ``lone_tag``), so that "Việt Nam - Hoa Kỳ ..." is never touched.

Standard library only, plus ``lines``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .lines import NAME_CHARS, ends_like_sentence, fold, gettext_noop, title_like

__all__ = ["Family", "Tag", "Verdict", "cell", "classify", "head", "illustration", "lead_tag"]


class Family:
    """What kind of furniture a dropped line is."""

    SHARE = "share"
    FOLLOW = "follow"
    RELATED = "related"
    PLACEHOLDER = "placeholder"
    TITLE_REPEAT = "title-repeat"
    CAPTION_REPEAT = "caption-repeat"
    REPEAT = "repeat"  # a paragraph or a heading printed twice
    PHOTO_CREDIT = "photo-credit"
    BYLINE = "byline"
    TIMESTAMP = "timestamp"
    SOURCE_CREDIT = "source-credit"
    URL = "url"
    ALT_TEXT = "alt-text"
    PLAYER = "player"  # the audio player's controls
    NAVIGATION = "navigation"  # the site's menus, links, banner and breadcrumbs
    CURATED = "curated"

    choices = (
        SHARE,
        FOLLOW,
        RELATED,
        PLACEHOLDER,
        TITLE_REPEAT,
        CAPTION_REPEAT,
        REPEAT,
        PHOTO_CREDIT,
        BYLINE,
        TIMESTAMP,
        SOURCE_CREDIT,
        URL,
        ALT_TEXT,
        PLAYER,
        NAVIGATION,
        CURATED,
    )


# Reasons, in English, marked for translation: show them with gettext.
PLAYER = gettext_noop("audio player control")
IMAGE_PLACEHOLDER = gettext_noop("image placeholder")
MARKUP = gettext_noop("markup without any text")
ILLUSTRATION = gettext_noop("illustration label without a caption")
SITE_LINK = gettext_noop("link or button of the site")
BREADCRUMB = gettext_noop("breadcrumb of the site's sections")
SITE_MENU = gettext_noop("menu of the site")
SECTION_NAME = gettext_noop("name of the site's section above the title")
BANNER = gettext_noop("the outlet's banner above the title")
HOTLINE = gettext_noop("the outlet's hotline")
OUTLET_TAG = gettext_noop("outlet tag before the lead")
DATELINE = gettext_noop("dateline before the lead")


@dataclass(frozen=True)
class Verdict:
    """Why a whole line is furniture: its reason and family; ``credit`` when it names the
    source (a credit line to keep)."""

    reason: str
    family: str
    credit: bool = False


# --- the audio player (folded text) --------------------------------------------------------

_CLOCK = r"(?:\d{1,2}:)?\d{1,2}:\d{2}"
_PLAYER_TOKEN = (
    rf"(?:(?:00:)?0?0:00|{_CLOCK} ?/ ?{_CLOCK}|\d(?:[.,]\d{{1,2}})?x|"
    r"nghe(?: doc)?(?: (?:bai viet|bai bao|bai|tin|audio|ban tin))?(?: nay)?|"
    r"(?:chon )?giong (?:doc|nam|nu)(?: (?:nam|nu))?(?: mien (?:bac|trung|nam))?|"
    r"toc do(?: doc)?|play|pause|mute|tam dung|dung doc|tu dong doc)"
)
_PLAYER = re.compile(rf"^{_PLAYER_TOKEN}(?:[ |•·/:,-]*{_PLAYER_TOKEN})*:?$")
_VOICE = re.compile(r"^(?:chon )?giong doc ?: ?[^.!?:]{0,40}$")  # "Giọng đọc: Nam miền Bắc"

# --- placeholders ----------------------------------------------------------------------------

_IMAGE = r"!\[[^\]]*\]\([^)]*\)"
_IMAGE_LINE = re.compile(rf"^(?:\|? ?{_IMAGE} ?)+\|?$")
_HTML_LINE = re.compile(r"^(?:</?[a-z][^<>]*>\s*)+$", re.IGNORECASE)
_ILLUSTRATION = re.compile(r"^\(?anh minh hoa\)?\.?$")

# --- navigation (folded text) ----------------------------------------------------------------

_SITE_TOKEN = (
    r"(?:skip to (?:main )?content|skip (?:to )?navigation|skip ribbon commands|skip links?|"
    r"tro lai chu de|tro lai|tro ve(?: trang chu| dau trang)?|quay lai(?: trang truoc)?|"
    r"ve trang chu|trang chu|home|len dau trang|ve dau trang|back to top|dang nhap|dang ky|"
    r"dang xuat|menu|tim kiem|search|tai ung dung|tai app|english|tieng viet|"
    r"lien he(?: quang cao)?|gop y|rss|dat bao|quang cao|so do trang|sitemap)"
)
_SITE_LINK = re.compile(rf"^{_SITE_TOKEN}(?:[ |•·/,-]*{_SITE_TOKEN})*:?$")
_APP = re.compile(r"^tai (?:ung dung|app)\b[^.!?;:]{0,60}:?$")  # "Tải ứng dụng BÁO ĐIỆN TỬ ..."
_HOTLINE = re.compile(r"^hotline ?: ?\+?\d[\d .()/-]{6,}(?:[ ,|/-]+\S.{0,60})?$")
_TAB_ALWAYS = (
    r"(?:nong 24h|tin nong|24h qua|moi nhat|e-?magazine|infographics?|podcasts?|multimedia|"
    r"longform|megastory)"
)
# Under the title these head a list of other articles (``cleanup``'s related block).
_TAB_LIST = (
    r"(?:tin moi(?: nhat)?|(?:tin |bai )?(?:doc|xem) nhieu(?: nhat)?|tin noi bat|noi bat|"
    r"tieu diem)"
)
_TAB = rf"(?:{_TAB_ALWAYS}|{_TAB_LIST})"
_TAB_ROW = re.compile(rf"^{_TAB}(?:[ |•·/-]*{_TAB})*$")
_TAB_ONE_LIST = re.compile(rf"^{_TAB_LIST}$")
_HOME = {"trang chu", "home"}
# Sections of a news site, folded: in a breadcrumb, or alone above the title.
_SECTIONS = {
    *("thoi su", "chinh tri", "the gioi", "quoc te", "kinh te", "xa hoi", "doi ngoai"),
    *("ngoai giao", "tin tuc", "van hoa", "giao duc", "phap luat", "the thao", "suc khoe"),
    *("doi song", "khoa hoc", "cong nghe", "du lich", "quoc phong", "an ninh", "ban doc"),
    *("giai tri", "kinh doanh", "tai chinh", "bat dong san", "nguoi viet", "phong su"),
    *("binh luan", "goc nhin", "y kien", "dien dan", "chinh sach", "xay dung dang"),
    *("nong nghiep", "moi truong", "ho so", "su kien", "phan tich", "chuyen de", "quoc hoi"),
    *("chinh phu", "dia phuong", "trong nuoc", "hoi nhap", "thoi su quoc te", "tin trong nuoc"),
    *("quoc phong - an ninh", "khoa hoc - cong nghe", "van hoa - xa hoi", "kinh te - xa hoi"),
    *("multimedia", "video", "podcast", "emagazine", "infographics"),
}
_ARROWS = re.compile(r"\s*(?:>|»|›)\s*")
_CRUMB_PUNCT = re.compile(r"[?!:;,.\"“”()\d]")

# On the text as printed: an outlet named in capitals, not "BÁO CÁO" (a report) or "ĐÀI LOAN".
_OUTLET = re.compile(r"\b(?:BÁO|TẠP CHÍ|ĐÀI|CỔNG THÔNG TIN|TRANG TIN|THÔNG TẤN XÃ)\b")
_NOT_OUTLET = re.compile(
    r"\bBÁO (?:CHÍ|CÁO|ĐỘNG|ĐÁP|HIỆU|GIÁ|THỨC|OÁN|HẠI|DANH|CÔNG|MỘNG|ỨNG|HỶ)\b|\bĐÀI LOAN\b"
)
_NUMBERED = re.compile(r"^(?P<n>\d{1,2})[.)] (?P<name>[^\W\d_].*)$")


def cell(text: str) -> tuple[str, bool]:
    """``text`` without the pipes of a table cell around it ("| Hotline: ...", "Toàn cảnh
    hội nghị |"), and whether it is a one-cell line that ended in a pipe: how a caption is
    printed under an image laid out in a table."""
    core = re.sub(r"\s*\|$", "", re.sub(r"^\|\s*", "", text))
    return core, core != text and text.endswith("|") and " | " not in core


def _breadcrumb(text: str) -> bool:
    """ "Trang chủ > Thời sự > Đối ngoại", "Thời sự / Chính trị": short capitalised names of
    sections, after arrows; after slashes (a credit's shape too) only known sections."""
    if _ARROWS.search(text):
        parts, slashed = _ARROWS.split(text), False
    elif " / " in text:
        parts, slashed = text.split(" / "), True
    else:
        return False
    if parts and not parts[-1]:
        parts.pop()  # "Trang chủ > Thời sự >"
    if len(parts) < 2 or len(text.split()) > 16:
        return False
    for part in parts:
        if not part or not part[0].isupper() or len(part.split()) > 5 or _CRUMB_PUNCT.search(part):
            return False
    keys = [fold(part) for part in parts]
    if keys[0] in _HOME:
        return True
    if slashed:
        return all(key in _SECTIONS for key in keys)
    return len(parts) >= 3 or any(key in _SECTIONS for key in keys)


def classify(text: str, *, head: bool) -> Verdict | None:
    """Why the whole line ``text`` (without a table cell's pipes) is the site's furniture, or
    None. ``head``: no text of the article has come yet, so a tab like "Đọc nhiều" is the
    site's menu, not the heading of a list of articles."""
    if _IMAGE_LINE.match(text):
        return Verdict(IMAGE_PLACEHOLDER, Family.PLACEHOLDER)
    if not any(ch.isalnum() for ch in text) or _HTML_LINE.match(text):
        return Verdict(MARKUP, Family.PLACEHOLDER)
    folded = fold(text)
    if _PLAYER.match(folded) or _VOICE.match(folded):
        return Verdict(PLAYER, Family.PLAYER)
    if _SITE_LINK.match(folded) or (_APP.match(folded) and len(text.split()) <= 10):
        return Verdict(SITE_LINK, Family.NAVIGATION)
    if _HOTLINE.match(folded) and len(text.split()) <= 16:
        return Verdict(HOTLINE, Family.NAVIGATION)
    if _TAB_ROW.match(folded) and (head or not _TAB_ONE_LIST.match(folded)):
        return Verdict(SITE_MENU, Family.NAVIGATION)
    if _breadcrumb(text):
        return Verdict(BREADCRUMB, Family.NAVIGATION)
    return lone_tag(text)


def illustration(text: str) -> bool:
    """ "Ảnh minh họa" alone: where an illustration stood, with neither caption nor credit."""
    return bool(_ILLUSTRATION.match(fold(text)))


# --- the head of the page ----------------------------------------------------------------------


def _banner(text: str) -> bool:
    """A short line in capitals that names an outlet: "BÁO ĐIỆN TỬ CHÍNH PHỦ"."""
    return (
        any(ch.isalpha() for ch in text)
        and text == text.upper()
        and len(text.split()) <= 8
        and not ends_like_sentence(text)
        and not re.search(r"[?!]", text)
        and bool(_OUTLET.search(text))
        and not _NOT_OUTLET.search(text)
    )


def _menu(texts: Sequence[str]) -> int:
    """How many of ``texts`` make a numbered menu at their start: two lines or more, numbered
    in order, each a name of at most five words ("1. Đời sống", "2. Sự kiện hàng ngày")."""
    count, expected = 0, None
    for text in texts:
        match = _NUMBERED.match(text)
        if not match:
            break
        name, number = match["name"], int(match["n"])
        if expected is not None and number != expected:
            break
        if len(name.split()) > 5 or not name[0].isupper() or ends_like_sentence(name):
            break
        if re.search(r"[?!:;]", name):
            break
        count, expected = count + 1, number + 1
    return count if count >= 2 else 0


def head(texts: Sequence[str]) -> list[str]:
    """The reasons for the lines at the start of ``texts`` (the lines before the title, or
    between the title and the text) that are the site's furniture, one per line; the last
    line is never furniture here (a title or a lead follows furniture)."""
    reasons: list[str] = []
    while len(texts) - len(reasons) >= 2:
        rest = texts[len(reasons) :]
        menu = _menu(rest)
        if menu and menu < len(rest):
            reasons += [SITE_MENU] * menu
        elif _banner(rest[0]) and title_like(rest[1]):  # a headline follows, not the text
            reasons.append(BANNER)
        elif fold(rest[0]) in _SECTIONS and title_like(rest[1]):
            reasons.append(SECTION_NAME)
        else:
            break
    return reasons


# --- the outlet's tag, the dateline --------------------------------------------------------------

_DASH = r"[-–—]"
_BRACKETED = re.compile(rf"^\((?P<name>[^()]{{1,40}})\) ?{_DASH} ?(?P<rest>.*)$")
_CAPITALS = re.compile(
    rf"^(?P<name>[^\s()]+(?: [^\s()]+){{0,2}})(?: {_DASH} ?|{_DASH} )(?P<rest>.*)$"
)
_DATELINE = re.compile(
    r"^(?P<tag>(?P<place>[^\W\d_]+(?: [^\W\d_]+){0,3}),? \((?P<agency>[^()\s]+)"
    rf"(?: \d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?)?\))(?: ?{_DASH} ?(?P<rest>.*))?$"
)
_DOMAIN = re.compile(r"\.(?:vn|com|net|org)$", re.IGNORECASE)
_ROMAN = re.compile(r"^[IVXLCDM]+\.?$")
# Words that open a person's name or title, not a place: "Ông", "Đại sứ", "Thủ tướng" (folded).
_PEOPLE = {"ong", "ba", "anh", "chi", "ngai", "dai", "bo", "thu", "pho", "chu", "tong", "ts"}
_PEOPLE |= {"gs", "pgs", "ths", "nha", "doan", "le", "hoi", "cu", "em", "co"}
# Abbreviations that open a sentence as a name, not as an outlet: "ASEAN - Nhật Bản ...".
_NOT_TAGS = {
    *("asean", "apec", "asem", "eu", "un", "lhq", "wto", "nato", "imf", "wb", "adb", "g7"),
    *("g20", "brics", "who", "unesco", "unicef", "fta", "cptpp", "evfta", "rcep", "oda"),
    *("fdi", "gdp", "usd", "vnd", "covid", "aipa", "ipu", "mekong", "phan", "chuong"),
    *("opec", "iaea", "ilo", "fao", "undp", "wef", "sco", "au", "uae", "uk", "us", "usa"),
    *("oecd", "aiib", "ndb", "wipo", "icao", "imo", "itu", "unhcr", "iom", "gcc", "cis"),
    *("evn", "pvn", "vnpt", "ubnd", "hdnd", "mttq", "qh", "cp", "tw", "bct", "bng"),
}
# Words that open the lead after a place in capitals ("WASHINGTON - Ông ...", "BẮC KINH -
# Chiều 8-4, ..."), folded. A pair of names ("NHẬT BẢN - Trung Quốc") opens with none.
_OPENERS = {
    *("sang", "chieu", "toi", "trua", "dem", "rang", "ngay", "hom", "tai", "theo", "trong"),
    *("voi", "nhan", "tu", "sau", "truoc", "vua", "moi", "gan", "hien", "nam", "thang"),
    *("tuan", "dau", "cuoi", "ong", "ba", "cac", "nhieu", "mot", "hai", "thu", "bo", "chu"),
    *("pho", "dai", "tong", "lanh", "doan", "viec", "de", "khi", "neu", "du", "dung", "ket"),
    *("chinh", "quoc", "thanh", "uy", "so", "cuc", "vu", "hoi", "ngoai", "tinh", "ubnd"),
}


@dataclass(frozen=True)
class Tag:
    """A tag before the lead: the tag as printed ("TTO", "(Dân trí)", "Hà Nội (TTXVN
    20/9)"), the text after it, why, and whether it credits the source."""

    tag: str
    rest: str
    reason: str
    family: str
    credit: bool


def _capitals(name: str) -> bool:
    letters = [ch for ch in name if ch.isalpha()]
    return len(letters) >= 2 and name == name.upper() and not _ROMAN.match(name)


def _outlet_name(name: str) -> bool:
    """A short name that may be an outlet: "Tổ Quốc", "Dân trí", "PLO", "Chinhphu.vn"."""
    return (
        len(name.split()) <= 3
        and name[0].isupper()
        and bool(NAME_CHARS.match(name))
        and fold(name) not in _NOT_TAGS
    )


def _tag(text: str, *, alone: bool) -> Tag | None:
    dateline = _DATELINE.match(text)
    if dateline and (dateline["rest"] is None or dateline["rest"] or alone):
        agency, place = dateline["agency"], dateline["place"]
        if (
            all(word[0].isupper() for word in place.split())
            and fold(place.split()[0]) not in _PEOPLE  # "Ông Lê Văn An (TTXVN)": a caption
            and (_capitals(agency) or _DOMAIN.search(agency))
            and fold(agency).strip(".") not in _NOT_TAGS
        ):
            return Tag(
                dateline["tag"], dateline["rest"] or "", DATELINE, Family.SOURCE_CREDIT, True
            )
        return None
    bracketed = _BRACKETED.match(text)
    if bracketed and _outlet_name(bracketed["name"]):
        tag = text[: bracketed.start("name") + len(bracketed["name"]) + 1]
        return Tag(tag, bracketed["rest"], OUTLET_TAG, Family.SOURCE_CREDIT, True)
    capitals = _CAPITALS.match(text)
    if not capitals or not _capitals(capitals["name"]) or not _outlet_name(capitals["name"]):
        return None
    name, rest = capitals["name"], capitals["rest"]
    site = bool(_DOMAIN.search(name)) or "+" in name
    if rest and rest == rest.upper():
        return None  # "MINH ANH - THU HÀ", "VIỆT NAM - HOA KỲ": names in capitals
    # An abbreviation or a site is an outlet ("TTO", "VOV.VN"); longer words are a place.
    outlet = site or (" " not in name and len(name) <= 5)
    if not alone and not outlet:
        opener = fold(rest.split()[0]).strip('.,:;"“') if rest.split() else ""
        if not (opener in _OPENERS or rest[:1].isdigit()):
            return None
    if outlet:
        return Tag(name, rest, OUTLET_TAG, Family.SOURCE_CREDIT, True)
    return Tag(name, rest, DATELINE, Family.TIMESTAMP, False)


def lead_tag(text: str) -> Tag | None:
    """The outlet's tag or the dateline that opens the lead, followed by the lead's text:
    "TTO - Chiều 8-4, ...", "(Tổ Quốc) - ...", "(PLO)- ...", "VOV.VN - ...", "Hà Nội (TTXVN
    20/9) - ...", "WASHINGTON - Ông ..."; None for "Việt Nam - Hoa Kỳ ..." or "ASEAN - Nhật
    Bản ..."."""
    tag = _tag(text, alone=False)
    if tag is None or not tag.rest:
        return None
    first = tag.rest[0]
    return tag if first.isupper() or first.isdigit() or first in "\"“‘'«" else None


def lone_tag(text: str) -> Verdict | None:
    """A tag or a dateline alone on its line: "TTO -", "(Chinhphu.vn) -", "Hà Nội (TTXVN
    20/9)"."""
    tag = _tag(text, alone=True)
    if tag is None or tag.rest:
        return None
    if tag.reason == OUTLET_TAG and not re.search(rf"{_DASH}$", text):
        return None  # "(TTXVN)" alone: a credit line, told apart by ``cleanup``
    return Verdict(tag.reason, tag.family, tag.credit)
