"""Figures a text states, proposed for an editor's review: "187 nước", "gần 300 văn bản",
"khoảng 2.000 lượt cán bộ", "hơn 1,5 triệu USD", "12,5%".

Vietnamese prints thousands with a dot ("2.000") and decimals with a comma ("1,5"); "nghìn",
"triệu" and "tỷ" multiply. A number counts only with a unit after it (a word, or a percent
sign): years ("năm 2023"), dates ("21/8"), ordinals ("lần thứ 29"), numbers of documents
("Nghị quyết 22-NQ/TW") and durations ("3 năm") are left out. The words before the number
give the qualifier ("gần": nearly). Proposals are only proposals: an editor keeps or drops
each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .models import KeyFigure

Q = KeyFigure.Qualifier

QUALIFIERS = {
    "gần": Q.NEARLY,
    "xấp xỉ": Q.ABOUT,
    "khoảng": Q.ABOUT,
    "chừng": Q.ABOUT,
    "ước tính": Q.ABOUT,
    "hơn": Q.MORE_THAN,
    "trên": Q.MORE_THAN,
    "ngoài": Q.MORE_THAN,
    "dưới": Q.LESS_THAN,
    "chưa đến": Q.LESS_THAN,
    "chưa tới": Q.LESS_THAN,
}
MULTIPLIERS = {"nghìn": 10**3, "ngàn": 10**3, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}

# Units of more than one word, kept whole ("văn bản", not "văn").
COMPOUND_UNITS = (
    "cơ quan đại diện",
    "đối tác chiến lược toàn diện",
    "đối tác chiến lược",
    "đối tác toàn diện",
    "đối tác",
    "quốc gia và vùng lãnh thổ",
    "quốc gia",
    "vùng lãnh thổ",
    "văn bản hợp tác",
    "văn bản",
    "văn kiện",
    "thỏa thuận",
    "thoả thuận",
    "hiệp định",
    "điều ước",
    "đại biểu",
    "tham luận",
    "ý kiến",
    "cán bộ",
    "doanh nghiệp",
    "dự án",
    "sự kiện",
    "hoạt động",
    "nhiệm vụ",
    "mục tiêu",
    "trụ cột",
    "đoàn",
    "tỉnh, thành phố",
    "tỉnh, thành",
    "thành phố",
    "người",
    "đồng chí",
    "lượt",
)
# A number followed by one of these is a date, a duration or a reference, not a count.
NOT_UNITS = {
    "năm", "tháng", "ngày", "tuần", "quý", "giờ", "phút", "giây", "thế", "lần", "khóa",
    "khoá", "kỳ", "và", "của", "các", "những", "với", "đến", "tới", "trong", "tại", "là",
    "có", "đã", "về", "cho", "từ", "thì", "mà", "này", "đó", "hoặc", "hay",
}  # fmt: skip
# A number after one of these is an ordinal, a date or a document's number.
NOT_AFTER = {
    "thứ", "năm", "tháng", "ngày", "số", "quyết", "thị", "định", "luật", "điều", "khoản",
    "khóa", "khoá", "lần", "phiên", "kỳ", "đợt", "hiệu", "ương", "hội", "covid",
}  # fmt: skip

NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_qualifier = "|".join(sorted(map(re.escape, QUALIFIERS), key=len, reverse=True))
_multiplier = "|".join(map(re.escape, MULTIPLIERS))
_compound = "|".join(sorted(map(re.escape, COMPOUND_UNITS), key=len, reverse=True))
PATTERN = re.compile(
    rf"(?:(?P<qualifier>(?i:{_qualifier}))\s+)?"
    rf"(?<![\w/.,:\-–])(?P<number>{NUMBER})(?![\w/:\-–]|[.,]\d)"
    rf"(?:\s*(?P<percent>%|(?i:phần trăm))"
    rf"|(?:\s+(?P<multiplier>(?i:{_multiplier}))(?![^\W\d_]))?"
    rf"\s*(?:(?P<compound>(?i:(?:lượt\s+)?(?:{_compound})))|(?P<word>[^\W\d_]+))(?![^\W\d_]))"
)
WORD_BEFORE = re.compile(r"([^\W\d_]+)\W*$")


@dataclass(frozen=True)
class Proposal:
    value: Decimal
    qualifier: str  # a KeyFigure.Qualifier value
    unit: str  # as printed: "nước", "văn bản", "%"
    as_written: str  # the words of the text: "gần 300 văn bản"
    start: int  # where they are in the text
    end: int

    @property
    def qualifier_label(self) -> str:
        return Q(self.qualifier).label


def parse_number(text: str) -> Decimal:
    """ "2.000" -> 2000, "1,5" -> 1.5: the Vietnamese way of writing numbers."""
    return Decimal(text.replace(".", "").replace(",", "."))


def propose_figures(text: str) -> list[Proposal]:
    """The figures ``text`` appears to state, in order."""
    found: list[Proposal] = []
    position = 0
    while match := PATTERN.search(text, position):
        # A number refused below gives way to what follows it, not to what follows its unit.
        position = match.end("number")
        proposal = _proposal(text, match)
        if proposal is not None:
            found.append(proposal)
            position = proposal.end
    return found


def _proposal(text: str, match: re.Match) -> Proposal | None:
    number = match["number"]
    if re.fullmatch(r"(19|20)\d\d", number) and not match["percent"]:
        return None  # a year
    if match["qualifier"] is None:
        before = WORD_BEFORE.search(text, 0, match.start("number"))
        if before and before[1].lower() in NOT_AFTER:
            return None  # an ordinal, a date, a document's number
    if match["percent"]:
        unit, end = "%", match.end("percent")
    elif match["compound"]:
        unit, end = match["compound"], match.end("compound")
    else:
        unit, end = match["word"], match.end("word")
        if unit.lower() in NOT_UNITS:
            return None
    value = parse_number(number)
    if match["multiplier"]:
        value *= MULTIPLIERS[match["multiplier"].lower()]
    start = match.start("qualifier") if match["qualifier"] else match.start("number")
    return Proposal(
        value=Decimal(int(value)) if value == value.to_integral() else value,
        qualifier=QUALIFIERS[match["qualifier"].lower()] if match["qualifier"] else Q.EXACT,
        unit=unit,
        as_written=text[start:end],
        start=start,
        end=end,
    )
