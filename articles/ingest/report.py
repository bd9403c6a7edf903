"""What the ingestion makes of a text, as plain data: the batch import prints it as JSON
(``import_article --format json``) and the evaluation scores it.

Everything is as "Add from text" would save it with every suggestion accepted.
"""

from __future__ import annotations

from typing import Any

from .choices import Suggestions
from .parse import SegmentKind

# The database's segment kinds, as the report names them.
_SEGMENT_KINDS = {SegmentKind.SUBHEADING: "heading"}


def article_kind(suggestions: Suggestions, kind: str | None = None) -> str:
    """The kind given, else the one the segmentation found."""
    if kind:
        return kind
    has_answers = any(s.kind == SegmentKind.ANSWER for s in suggestions.segments)
    return "interview" if has_answers else "report"


def ingestion_report(
    suggestions: Suggestions, *, kind: str | None = None, duplicates=()
) -> dict[str, Any]:
    """The report for one text: see ``import_article --help`` and the README."""
    accepted = suggestions.accept_all()
    names = {p.key: p.name for p in suggestions.people}
    chosen = {p.key for p in accepted.people}
    parsed = suggestions.parsed
    segments = []
    for index, segment in enumerate(parsed.segments):
        speaker = None
        if segment.kind == SegmentKind.ANSWER:
            key = suggestions.speaker_key(index) or accepted.interviewee
            speaker = names.get(key) if key in chosen else None
        segments.append(
            {
                "kind": _SEGMENT_KINDS.get(segment.kind, segment.kind),
                "speaker": speaker,
                "text": segment.text,
                "reason": segment.reason,
            }
        )
    links = [
        {
            "kind": "person",
            "name": person.name,
            "written": person.words[0] if person.words else person.name,
            "new": person.is_new,
        }
        for person in suggestions.people
        if person.preselected
    ]
    links += [
        {
            "kind": found.kind,
            "name": found.name,
            "written": next((w for w in found.words if w), found.name),
            "new": found.is_new,
        }
        for rows in suggestions.found.values()
        for found in rows
        if found.preselected
    ]
    positions = [
        {
            "person": person.name,
            "title": title.title,
            "agency": title.agency_label,
            "new": title.is_new,
        }
        for person in suggestions.people
        if person.preselected
        for title in person.titles
        if title.preselected
    ]
    return {
        "title": suggestions.title,
        "kind": article_kind(suggestions, kind),
        "segments": segments,
        "removed": [
            {"line": d.line, "text": d.text, "reason": d.reason, "family": d.family}
            for d in parsed.dropped
        ],
        "byline": parsed.byline,
        "photo_credits": list(parsed.photo_credits),
        "links": links,
        "positions": positions,
        "duplicates": [{"title": d.article.title, "reason": d.reason} for d in duplicates],
    }
