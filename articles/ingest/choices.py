"""What the ingestion suggests for a text, and what staff accept of it.

``Suggestions`` is what the preview shows: the segments, every entity the text names
(``Found``: a row of the archive, or a proposal to create one), the people with the titles
the text gives them, the speakers of the answers. ``Accepted`` is what staff tick and
correct; ``Suggestions.accept_all()`` is what the preview ticks by default, and what the
batch import saves.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from ..models import PersonMention
from .parse import ParsedArticle, SegmentKind

# The kinds of entity an article mentions besides people, in the order the preview shows them.
ENTITY_KINDS = ("agency", "country", "body", "conference", "document")


@dataclass
class Proposal:
    """A row to create when staff accept it: the model's field values, and for an agency
    whose parent is itself proposed, the parent's key."""

    values: dict[str, Any]
    parent_key: str = ""


@dataclass
class Found:
    """An entity the text names: a row of the archive (``pk``), or a proposal (``new``)."""

    kind: str  # one of ENTITY_KINDS
    pk: int | None
    label: str  # as the review shows it
    name: str  # the name the entity goes by (a proposal's: the name to create it with)
    words: list[str] = field(default_factory=list)  # the spellings as written in the text
    count: int = 0
    preselected: bool = True
    new: Proposal | None = None
    index: int = 0  # proposals: numbered within their kind

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.pk}" if self.new is None else f"{self.kind}-n{self.index}"

    @property
    def is_new(self) -> bool:
        return self.new is not None


@dataclass
class TitleSuggestion:
    """A title the text gives a person: an existing position to attest, or a new one (held
    as of the article's date), in a known agency, a proposed one (``agency_key``) or one
    only named (``agency_name``)."""

    title: str
    agency_id: int | None = None
    agency_key: str = ""
    agency_name: str = ""
    agency_label: str = ""
    position_id: int | None = None  # the existing position this title matches
    as_written: list[str] = field(default_factory=list)
    in_text: bool = True  # False: an existing position of the person, offered unticked
    former: bool = False  # "nguyên Thứ trưởng": no longer held on the article's date

    @property
    def is_new(self) -> bool:
        return self.position_id is None

    @property
    def has_agency(self) -> bool:
        return self.agency_id is not None or bool(self.agency_key or self.agency_name)

    @property
    def preselected(self) -> bool:
        """Ticked in the preview: a title the text gives as held, with its agency known (a
        title whose agency staff must first choose is offered unticked)."""
        return self.in_text and not self.former and (not self.is_new or self.has_agency)


@dataclass
class PersonSuggestion:
    """A known official the text names ("p<pk>"), or a name proposed as a new person
    ("n<index>")."""

    key: str
    name: str
    person_id: int | None = None
    role: str = PersonMention.Role.MENTIONED
    titles: list[TitleSuggestion] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    count: int = 0
    preselected: bool = True
    namesakes: int = 0  # other known officials of the same name
    before: str = ""  # a rank, degree or honorific the text gives ("Thượng tướng")

    @property
    def is_new(self) -> bool:
        return self.person_id is None


@dataclass
class Suggestions:
    parsed: ParsedArticle
    title: str
    date: datetime.date
    people: list[PersonSuggestion]
    found: dict[str, list[Found]]  # by kind, in ENTITY_KINDS order
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

    def person(self, key: str) -> PersonSuggestion | None:
        return next((p for p in self.people if p.key == key), None)

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
                        agency_key=t.agency_key,
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
                kind: tuple(f.pk for f in rows if f.preselected and not f.is_new)
                for kind, rows in self.found.items()
            },
            proposals=tuple(
                ProposalChoice(key=f.key, kind=f.kind, name=f.name, proposal=f.new)
                for rows in self.found.values()
                for f in rows
                if f.preselected and f.new is not None
            ),
            segments=tuple(
                SegmentChoice(kind=s.kind, speaker=self.speaker_key(i))
                for i, s in enumerate(self.segments)
            ),
            interviewee=self.interviewee,
        )


# --- what staff accept -----------------------------------------------------------------------


@dataclass(frozen=True)
class PositionChoice:
    """A title to record for a person: ``position_id`` attests an existing position;
    otherwise a position ``title`` in ``agency_id``, in the proposed agency ``agency_key``
    or in the agency named ``agency_name`` (found by name or created), held as of the
    article's date, or from ``start`` to ``end`` ((date, precision) pairs) where known."""

    title: str = ""
    agency_id: int | None = None
    agency_key: str = ""
    agency_name: str = ""
    position_id: int | None = None
    start: tuple[datetime.date, str] | None = None
    end: tuple[datetime.date, str] | None = None


@dataclass(frozen=True)
class PersonChoice:
    key: str  # as in PersonSuggestion; segments name their speaker by it
    role: str
    person_id: int | None = None  # None: a new person called ``name``
    name: str = ""
    positions: tuple[PositionChoice, ...] = ()


@dataclass(frozen=True)
class ProposalChoice:
    """A proposed entity staff accept, under the ``name`` they give it."""

    key: str
    kind: str
    name: str
    proposal: Proposal


@dataclass(frozen=True)
class SegmentChoice:
    kind: str
    speaker: str = ""  # a person key; "" for an answer: the interviewee
    drop: bool = False


@dataclass(frozen=True)
class Accepted:
    people: tuple[PersonChoice, ...] = ()
    mentions: dict[str, tuple[int, ...]] = field(default_factory=dict)  # kind -> pks
    proposals: tuple[ProposalChoice, ...] = ()
    segments: tuple[SegmentChoice, ...] | None = None  # one per parsed segment; None: as parsed
    interviewee: str = ""  # person key of the speaker of answers printed without a label
