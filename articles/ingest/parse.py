"""Turn the raw text of a scraped press article into ordered, typed segments.

Standard library only (plus ``diplomacy_kb.text``), so it can run anywhere: in a management
command, a migration, a test without a database, even without Django settings.

The raw text is read line by line (``lines``). Page furniture (share and follow buttons,
related-article blocks, time stamps, credit lines, repeated titles and captions, alt text...)
is set aside by family (``cleanup``) and every drop is reported with its line number, family
and reason, so an editor can check that nothing real was lost, and put a line back
(``keep``). What remains is the title, then paragraphs, captions, subheadings and, in
interviews, questions and answers (``segmentation``), each with the reason for its kind.

Empty text (or text made only of furniture) is not an error here: it gives a
``ParsedArticle`` with no segments. Callers that need content must check ``segments``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from .cleanup import Dropped, Family, clean
from .lines import (
    ParseError,
    SpeakerWithoutAnswer,
    fold,
    gettext_noop,
    normalise,
    relative_time,
    split_lines,
)
from .segmentation import Convention, Segment, SegmentKind
from .segmentation import segment as segment_body

__all__ = [
    "Convention",
    "Dropped",
    "Family",
    "Override",
    "ParseError",
    "ParsedArticle",
    "Segment",
    "SegmentKind",
    "SpeakerWithoutAnswer",
    "normalise",
    "parse_article",
]

OVERRIDDEN = gettext_noop("corrected by the curated overrides")
KINDS = ("interview", "report")


@dataclass(frozen=True)
class Override:
    starts_with: str  # the first segment whose normalised text starts with this
    kind: str | None = None
    speaker_label: str | None = None


@dataclass(frozen=True)
class ParsedArticle:
    title: str
    segments: tuple[Segment, ...]
    dropped: tuple[Dropped, ...]  # sorted by line
    convention: str
    source_url: str
    credit_lines: tuple[str, ...]
    byline: str  # joined with ", " when several are printed
    timestamp: str
    photo_credits: tuple[str, ...] = ()  # in order, each once


def _once(names: Sequence[str]) -> list[str]:
    """``names`` in order, each once (case and diacritics ignored), as first printed."""
    first: dict[str, str] = {}
    for name in names:
        first.setdefault(fold(name), name)
    return list(first.values())


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
                changes: dict[str, str] = {"reason": OVERRIDDEN}
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


def parse_article(
    raw: str,
    *,
    furniture: Sequence[str] = (),
    title_in_text: bool = True,
    overrides: Sequence[Override] = (),
    kind: str | None = None,
    keep: Collection[int] = (),
) -> ParsedArticle:
    """Split ``raw`` into a title, ordered segments and the dropped furniture.

    ``furniture``: lines (compared after ``normalise``) the caller knows to be page
    furniture, e.g. a site banner; each must match at least one line.
    ``title_in_text``: whether the first kept line is the title.
    ``overrides``: corrections of kind or speaker label, applied last, in order.
    ``kind``: "interview", "report" or None (decide from the text): "report" reads no
    questions and answers at all; "interview" reads a single question answered as enough.
    ``keep``: line numbers (1-based) of lines the editor wants kept as text: they are never
    dropped as furniture (nor taken for the title) and are read as ordinary body lines.
    Raises ``ParseError`` when a furniture string or an override matches nothing, and its
    subclass ``SpeakerWithoutAnswer`` when a speaker label has no answer after it.
    """
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS} or None, not {kind!r}")
    cleaned = clean(split_lines(raw), furniture=furniture, keep=keep, title_in_text=title_in_text)
    segments, convention = segment_body(cleaned.body, kind)
    _apply_overrides(segments, overrides)

    # The time stamp printed above the article (before the title, or between it and the text).
    first_text = cleaned.body[0].number if cleaned.body else 0
    timestamp = next(
        (
            text
            for number, text in cleaned.timestamps
            if (not first_text or number < first_text) and not relative_time(text)
        ),
        "",
    )
    return ParsedArticle(
        title=cleaned.title,
        segments=tuple(segments),
        dropped=tuple(sorted(cleaned.dropped, key=lambda d: d.line)),
        convention=convention,
        source_url=cleaned.urls[0] if cleaned.urls else "",
        credit_lines=tuple(text for _, text in sorted(cleaned.credit_lines)),
        byline=", ".join(_once([names for _, names in sorted(cleaned.bylines)])),
        timestamp=timestamp,
        photo_credits=tuple(_once(cleaned.photo_credits)),
    )
