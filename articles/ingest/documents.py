"""Policy documents named by their number: "Nghị quyết 22-NQ/TW", "Chỉ thị số 15-CT/TW",
"Kết luận 12-KL/TW"; a reference cut off mid-number ("Nghị quyết 22-") still finds the
document the archive holds under that number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from diplomacy_kb.text import fold

from ..models import Document

# Folded kind words, with the kind they name.
KIND_WORDS = {
    "nghi quyet": Document.Kind.RESOLUTION,
    "chi thi": Document.Kind.DIRECTIVE,
    "ket luan": Document.Kind.CONCLUSION,
    "quyet dinh": Document.Kind.DECISION,
    "nghi dinh": Document.Kind.DECREE,
    "thong tu": Document.Kind.CIRCULAR,
    "luat": Document.Kind.LAW,
}
KIND_NAMES = {
    Document.Kind.RESOLUTION: "Nghị quyết",
    Document.Kind.DIRECTIVE: "Chỉ thị",
    Document.Kind.CONCLUSION: "Kết luận",
    Document.Kind.DECISION: "Quyết định",
    Document.Kind.DECREE: "Nghị định",
    Document.Kind.CIRCULAR: "Thông tư",
    Document.Kind.LAW: "Luật",
}
# On folded text (which keeps offsets): the kind, "số", the number and its code.
_NUMBERED = re.compile(
    r"\b(?P<kind>" + "|".join(KIND_WORDS) + r")(?: so)? (?P<lead>\d{1,4})"
    r"(?P<code>(?:[-/](?:[a-z]{1,6}\d{0,3}|\d{1,4}))*)(?P<cut>-)?(?![\w/])",
)


@dataclass
class DocumentAt:
    start: int  # character offsets in the stretch
    end: int
    kind: str
    lead: str  # the number's digits
    number: str  # as printed, code included ("22-NQ/TW"); "" when only digits
    written: str


def find_documents(text: str) -> list[DocumentAt]:
    """Every numbered document reference in ``text`` (NFC)."""
    out = []
    folded = fold(text)
    for match in _NUMBERED.finditer(folded):
        lead, code = match["lead"], match["code"]
        if not code and len(lead) == 4 and not match.group().split()[1:2] == ["so"]:
            continue  # "Luật 2013": a year, not a number
        if match["kind"] == "luat" and not code and " so " not in match.group():
            continue  # "luật 10 năm": "Luật" needs "số" or a code to be a title
        number = text[match.start("lead") : match.end("code")] if code else lead
        out.append(
            DocumentAt(
                match.start(),
                match.end("code"),
                KIND_WORDS[match["kind"]],
                lead,
                number.upper() if code else number,
                text[match.start() : match.end()],
            )
        )
    return out


def new_document_name(kind: str, number: str) -> str:
    return f"{KIND_NAMES[kind]} {number}"
