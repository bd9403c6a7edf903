"""Writes that span several models: the seed import.

The import records what it writes to each row (``SeedRecord``), so that a re-import can
tell a change in the seed file (the row still matches the record: take the seed's values)
from an editor's change (it does not: keep the row as it is, unless ``force``).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import timezone

from diplomacy_kb.text import NameOrder, fold
from events.models import Conference, ConferenceSeries, Participation
from people.models import Agency, Body, Country, Person, Position

from .ingest.duplicates import fingerprint_articles
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
    SeedRecord,
    Segment,
)
from .search_index import reindex_articles
from .seed import (
    ArticleSeed,
    Seed,
    SeedError,
    load_seed,
    mention_key,
    reader_texts,
    topological,
)

# --- what the import writes, and records ------------------------------------------------------


@dataclass(frozen=True)
class _Kind:
    """A section of the seed file and the rows its entries become."""

    section: str  # as the seed file names it: "people"
    noun: str  # one entry, in the report: "person"
    model: type[models.Model]
    natural_key: str  # the field that holds the entry's key
    fields: tuple[str, ...]  # every field the import writes, all recorded
    # Rows that are the row's content, recorded with it: an edited segment is an edited article.
    children: tuple[str, ...] = ()


KINDS = {
    kind.section: kind
    for kind in (
        _Kind(
            "countries",
            "country",
            Country,
            "code",
            ("code", "slug", "name_vi", "name_en", "other_names", "wikidata_id"),
        ),
        _Kind(
            "bodies",
            "body",
            Body,
            "slug",
            (
                "slug",
                "name_vi",
                "name_en",
                "abbreviation",
                "kind",
                "parent_id",
                "other_names",
                "wikidata_id",
            ),
        ),
        _Kind(
            "agencies",
            "agency",
            Agency,
            "slug",
            (
                "slug",
                "name_vi",
                "name_en",
                "abbreviation",
                "kind",
                "parent_id",
                "country_id",
                "collective",
                "other_names",
                "wikidata_id",
            ),
        ),
        _Kind(
            "people",
            "person",
            Person,
            "slug",
            ("slug", "name", "name_order", "nationality_id", "other_names", "wikidata_id"),
        ),
        _Kind(
            "positions",
            "position",
            Position,
            "slug",
            (
                "slug",
                "person_id",
                "title_vi",
                "title_en",
                "agency_id",
                "start_date",
                "start_precision",
                "end_date",
                "end_precision",
            ),
        ),
        _Kind("publications", "publication", Publication, "slug", ("slug", "name", "owner_id")),
        _Kind(
            "series",
            "series",
            ConferenceSeries,
            "slug",
            (
                "slug",
                "name_vi",
                "name_en",
                "numbering",
                "organiser_id",
                "other_names",
                "wikidata_id",
            ),
        ),
        _Kind(
            "conferences",
            "conference",
            Conference,
            "slug",
            (
                "slug",
                "series_id",
                "ordinal",
                "name_vi",
                "name_en",
                "kind",
                "start_date",
                "start_precision",
                "end_date",
                "end_precision",
                "dates_inferred_reason",
                "dates_inferred_reason_en",
                "place",
                "theme",
                "format",
                "attendance",
                "attendance_note",
                "organiser_id",
                "part_of_id",
                "other_names",
            ),
            children=("participants", "held_with"),
        ),
        _Kind(
            "documents",
            "document",
            Document,
            "slug",
            (
                "slug",
                "kind",
                "number",
                "name_vi",
                "name_en",
                "issuer_id",
                "conference_id",
                "other_names",
                "wikidata_id",
            ),
        ),
        _Kind(
            "articles",
            "article",
            Article,
            "slug",
            (
                "slug",
                "title",
                "title_inferred_reason",
                "title_inferred_reason_en",
                "title_en",
                "summary_en",
                "publication_id",
                "source_url",
                "date",
                "date_precision",
                "date_inferred_reason",
                "date_inferred_reason_en",
                "byline",
                "photo_credits",
                "source_credit",
                "kind",
                "status",
                "seed_file",
            ),
            children=(
                "segments",
                "people",
                "agencies",
                "countries",
                "bodies",
                "conferences",
                "documents",
            ),
        ),
    )
}

MENTIONS = (
    ("agencies", AgencyMention, "agency_id"),
    ("countries", CountryMention, "country_id"),
    ("bodies", BodyMention, "body_id"),
    ("conferences", ConferenceMention, "conference_id"),
    ("documents", DocumentMention, "document_id"),
)


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False).encode()).hexdigest()[:16]


def _segments(article: Article) -> list[list[str]]:
    # Each segment by its anchor and a digest of what it holds: a report can name the
    # segments someone changed without the record holding the article's text twice.
    rows = article.segments.order_by("position").values_list(
        "anchor", "position", "kind", "text", "speaker_id", "speaker_label", "photo_credit"
    )
    return [[anchor, _digest(rest)] for anchor, *rest in rows]


def _people(article: Article) -> list[list[Any]]:
    people: dict[int, tuple[str, list[int]]] = {}
    rows = PersonMention.objects.filter(article=article).order_by()
    for person_id, role, position_id in rows.values_list("person_id", "role", "positions"):
        _, positions = people.setdefault(person_id, (role, []))
        if position_id is not None:
            positions.append(position_id)
    return sorted([pk, role, sorted(positions)] for pk, (role, positions) in people.items())


def _mentions(model: type[models.Model], key_field: str) -> Callable[[Article], list[int]]:
    def read(article: Article) -> list[int]:
        rows = model.objects.filter(article=article).order_by()
        return sorted(rows.values_list(key_field, flat=True))

    return read


def _participants(conference: Conference) -> list[list[Any]]:
    rows = conference.participations.order_by().values_list(
        "person_id", "role", "position_id", "note", "note_en"
    )
    return sorted((list(row) for row in rows), key=lambda row: (row[0], row[1]))


def _held_with(conference: Conference) -> list[int]:
    return sorted(conference.held_with.order_by().values_list("pk", flat=True))


CHILDREN: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "segments": ("segments", _segments),
    "people": ("people mentioned", _people),
    **{
        section: (f"{section} {'cited' if section == 'documents' else 'mentioned'}", read)
        for section, read in (
            (section, _mentions(model, key_field)) for section, model, key_field in MENTIONS
        )
    },
    "participants": ("participants", _participants),
    "held_with": ("held with", _held_with),
}


def _json(value: Any) -> Any:
    """``value`` as a JSON field gives it back, so that a record and a row compare equal."""

    def default(item: Any) -> str:
        if isinstance(item, datetime.date):
            return item.isoformat()
        if isinstance(item, Decimal):  # a key figure's value
            return str(item)
        raise TypeError(f"{type(item).__name__} is not recorded")

    return json.loads(json.dumps(value, default=default, ensure_ascii=False))


def snapshot(kind: _Kind, obj: models.Model) -> dict[str, Any]:
    """What the import would record of ``obj``: the fields it writes and its content."""
    values: dict[str, Any] = {name: getattr(obj, name) for name in kind.fields}
    for name in kind.children:
        values[name] = CHILDREN[name][1](obj)
    return _json(values)


def _recorded(kind: _Kind, record: SeedRecord) -> dict[str, Any]:
    """A record's values. A field the import came to write after the record was made (the
    Wikidata ID) counts as its default: the value the row had when the import recorded it."""
    missing = [name for name in kind.fields if name not in record.values]
    defaults = {name: kind.model._meta.get_field(name).get_default() for name in missing}
    values = {**_json(defaults), **record.values}
    if "participants" in values:
        # Recorded before participants had an English note: it was empty.
        values["participants"] = [
            [*row, ""] if len(row) == 4 else row for row in values["participants"]
        ]
    return values


def _label(name: str) -> str:
    return CHILDREN[name][0] if name in CHILDREN else name.removesuffix("_id")


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 50 else text[:49] + "…"


def changes(old: dict[str, Any], new: dict[str, Any], *, values: bool = False) -> list[str]:
    """What differs between two snapshots, field by field: "title", "segments a2, q3".

    With ``values``, a plain field also shows its old and new value.
    """
    out = []
    for name in dict.fromkeys([*new, *old]):
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        label = _label(name)
        if name == "segments":
            digests_before, digests_after = dict(before or []), dict(after or [])
            anchors = [
                anchor
                for anchor in dict.fromkeys([*digests_before, *digests_after])
                if digests_before.get(anchor) != digests_after.get(anchor)
            ]
            if len(anchors) > 6:
                out.append(f"{len(anchors)} segments")
            else:
                out.append(("segment " if len(anchors) == 1 else "segments ") + ", ".join(anchors))
        elif values and name not in CHILDREN and not name.endswith("_id"):
            out.append(f"{label} ({_short(before)} → {_short(after)})")
        else:
            out.append(label)
    return out


# --- the report -------------------------------------------------------------------------------

# How an entry fared, in the order the report gives them.
STATUSES = ("created", "updated", "re-created", "overwritten", "recorded", "unchanged", "kept")
CHANGES = {"created", "updated", "re-created", "overwritten", "recorded"}


@dataclass
class ImportReport:
    dry_run: bool = False
    force: bool = False
    counts: dict[str, Counter] = field(default_factory=dict)  # section -> status -> entries
    # (status, line): every entry updated, overwritten, re-created or kept, in import order.
    notes: list[tuple[str, str]] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(counter[status] for counter in self.counts.values())

    @property
    def changed(self) -> bool:
        return any(self.count(status) for status in CHANGES)

    @property
    def changed_rows(self) -> bool:
        """Whether rows changed, beyond records of rows that already held the seed's values."""
        return any(self.count(status) for status in CHANGES - {"recorded"})

    @property
    def kept(self) -> int:
        return self.count("kept")

    def lines(self) -> list[str]:
        """One line a section: "articles: 1 updated, 3 unchanged, 1 kept"."""
        return [
            f"{section}: " + ", ".join(f"{counter[s]} {s}" for s in STATUSES if counter[s])
            for section, counter in self.counts.items()
        ]


# --- the import -------------------------------------------------------------------------------


class _State(Enum):
    NEW = "new"  # neither a row nor a record: create it
    CLEAN = "clean"  # as the last import left it: it may take the seed's values
    # Changed since the last import, or not written by one: written only if that changes
    # nothing (it already holds the seed's values), or with force.
    DIRTY = "dirty"
    HELD = "held"  # dirty, and the seed would change it: kept as it is
    DELETED = "deleted"  # recorded, but the row is gone: not re-created


@dataclass
class _Entry:
    kind: _Kind
    key: str
    label: str  # "person bui-thanh-son"
    record: SeedRecord | None
    obj: models.Model | None  # the row as found, before the import
    before: dict[str, Any] | None
    state: _State
    edited: list[str]  # what someone changed since the last import
    pk: int | None = None  # the row written
    status: str = ""
    note: str = ""


class _Skip(Exception):
    """The entry cannot be written: a row it refers to is missing."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


class _Writer:
    def __init__(
        self,
        seed: Seed,
        report: ImportReport,
        *,
        force: bool,
        held: dict[tuple[str, str], list[str]],
    ):
        self.seed = seed
        self.report = report
        self.force = force
        self.held = held  # dirty entries the seed would change: what differs
        self.conflicts: dict[tuple[str, str], list[str]] = {}  # found by this attempt
        self.records = {(r.model, r.key): r for r in SeedRecord.objects.all()}
        self.entries: list[_Entry] = []
        self.ids: dict[str, dict[str, int]] = {}
        self.missing: dict[tuple[str, str], str] = {}  # entries not written: why

    def fail(self, entry: str, message: str) -> SeedError:
        return SeedError(self.seed.path, entry, message)

    # --- finding rows and deciding ------------------------------------------------------------

    def locate(self, section: str, key: str, label: str = "") -> _Entry:
        """The row of a seed entry and what happened to it since the last import."""
        kind = KINDS[section]
        record = self.records.get((kind.model._meta.label_lower, key))
        # By its id first: a row whose slug was changed is the same row, edited. By its key
        # then: a row deleted and entered again under its key is compared like any other.
        obj = None
        if record is not None:
            obj = kind.model.objects.filter(pk=record.object_id).first()
        if obj is None:
            obj = kind.model.objects.filter(**{kind.natural_key: key}).first()
        before = snapshot(kind, obj) if obj is not None else None
        edited: list[str] = []
        if obj is None:
            state = _State.NEW if record is None else _State.DELETED
        elif record is None:
            state = _State.DIRTY
        elif before != _recorded(kind, record):
            state = _State.DIRTY
            edited = changes(_recorded(kind, record), before)
        else:
            state = _State.CLEAN
        if state is _State.DIRTY and (section, key) in self.held:
            state = _State.HELD
        if obj is not None:
            self.ids.setdefault(section, {})[key] = obj.pk
        entry = _Entry(
            kind=kind,
            key=key,
            label=label or f"{kind.noun} {key}",
            record=record,
            obj=obj,
            before=before,
            state=state,
            edited=edited,
        )
        self.entries.append(entry)
        return entry

    def proceed(self, entry: _Entry) -> bool:
        """Whether to write ``entry``; if not, the report says why."""
        if entry.state in (_State.HELD, _State.DELETED) and not self.force:
            self.keep(entry)
            return False
        return True

    def keep(self, entry: _Entry, reason: str = "") -> None:
        entry.status = "kept"
        if reason:
            verb = "created" if entry.obj is None else "updated"
            entry.note = f"{entry.label}: not {verb}: {reason}; --force re-creates both"
        elif entry.state is _State.DELETED:
            entry.note = (
                f"{entry.label}: deleted since the last import; not re-created; "
                "--force to re-create it"
            )
        else:
            what = ", ".join(self.held[entry.kind.section, entry.key])
            if entry.record is not None:
                why = f"edited since the last import ({what})"
            else:
                why = f"not written by an earlier import, and differs from the seed ({what})"
            entry.note = f"{entry.label}: {why}; kept as it is; --force to overwrite"
        if entry.obj is None:
            self.missing[entry.kind.section, entry.key] = (
                "deleted since the last import"
                if entry.state is _State.DELETED
                else "not created either (see above)"
            )

    def id(self, section: str, key: str | None) -> int | None:
        if key is None:
            return None
        try:
            return self.ids[section][key]
        except KeyError:
            why = self.missing.get((section, key), "which is missing")
            raise _Skip(f"it refers to {KINDS[section].noun} {key}, {why}") from None

    # --- writing -------------------------------------------------------------------------------

    def save_row(self, model: type[models.Model], where: str, obj, values: dict):
        """Create or update one row; save only when a value differs, so a re-run changes nothing."""
        if obj is None:
            obj = model(**values)
        else:
            changed = [name for name, value in values.items() if getattr(obj, name) != value]
            if not changed:
                return obj
            for name in changed:
                setattr(obj, name, values[name])
            if hasattr(obj, "version"):  # an editor's form opened before this is now stale
                obj.version += 1
        try:
            obj.full_clean()
        except ValidationError as exc:
            raise self.fail(where, validation_message(exc)) from None
        obj.save()
        return obj

    def upsert(self, entry: _Entry, values: dict, derived: dict | None = None) -> models.Model:
        """Write an entry's row: ``values`` are recorded, ``derived`` (from them) are not."""
        kind = entry.kind
        values = {kind.natural_key: entry.key, **values}
        if set(values) != set(kind.fields):  # a field written but not recorded, or the reverse
            raise RuntimeError(f"{kind.section}: writes {sorted(values)}, records {kind.fields}")
        obj = self.save_row(kind.model, entry.key, entry.obj, {**values, **(derived or {})})
        entry.pk = obj.pk
        self.ids.setdefault(kind.section, {})[entry.key] = obj.pk
        return obj

    def put(self, section: str, key: str, values: Callable[[], dict]) -> None:
        """Write one entry without children, if it may be written."""
        entry = self.locate(section, key)
        if not self.proceed(entry):
            return
        try:
            resolved = values()
        except _Skip as exc:
            self.keep(entry, exc.reason)
            return
        self.upsert(entry, resolved)

    def sync_rows(
        self,
        model: type[models.Model],
        where: str,
        owner: dict[str, Any],
        rows: dict[tuple, dict[str, Any]],
        key_fields: tuple[str, ...],
    ) -> None:
        """Make ``model``'s rows for ``owner`` exactly ``rows`` (key values -> other values)."""
        existing = {
            tuple(getattr(row, name) for name in key_fields): row
            for row in model.objects.filter(**owner)
        }
        for key, row in existing.items():
            if key not in rows:
                row.delete()
        for key, values in rows.items():
            self.save_row(
                model,
                where,
                existing.get(key),
                {**owner, **dict(zip(key_fields, key, strict=True)), **values},
            )

    # --- sections, in dependency order -----------------------------------------------------------

    def run(self) -> None:
        s = self.seed.sections
        for e in s["countries"]:
            self.put(
                "countries",
                e["code"],
                lambda e=e: {
                    "name_vi": e["name_vi"],
                    "name_en": e["name_en"],
                    "slug": e["code"].lower(),
                    "other_names": e.get("other_names", []),
                    "wikidata_id": e.get("wikidata", ""),
                },
            )
        for e in topological(s["bodies"], lambda e: e.get("parent")):
            self.put(
                "bodies",
                e["key"],
                lambda e=e: {
                    "name_vi": e["name_vi"],
                    "name_en": e.get("name_en", ""),
                    "abbreviation": e.get("abbreviation", ""),
                    "kind": e["kind"],
                    "parent_id": self.id("bodies", e.get("parent")),
                    "other_names": e.get("other_names", []),
                    "wikidata_id": e.get("wikidata", ""),
                },
            )
        for e in topological(s["agencies"], lambda e: e.get("parent")):
            self.put(
                "agencies",
                e["key"],
                lambda e=e: {
                    "name_vi": e["name_vi"],
                    "name_en": e.get("name_en", ""),
                    "abbreviation": e.get("abbreviation", ""),
                    "kind": e["kind"],
                    "parent_id": self.id("agencies", e.get("parent")),
                    "country_id": self.id("countries", e.get("country")),
                    "collective": e.get("collective", False),
                    "other_names": e.get("other_names", []),
                    "wikidata_id": e.get("wikidata", ""),
                },
            )
        for e in s["people"]:
            self.put(
                "people",
                e["key"],
                lambda e=e: {
                    "name": e["name"],
                    "name_order": e.get("name_order", NameOrder.VIETNAMESE),
                    "nationality_id": self.id("countries", e.get("nationality")),
                    "other_names": e.get("other_names", []),
                    "wikidata_id": e.get("wikidata", ""),
                },
            )
        for e in s["positions"]:
            start = self.seed.date("positions", e["key"], "start")
            end = self.seed.date("positions", e["key"], "end")
            self.put(
                "positions",
                e["key"],
                lambda e=e, start=start, end=end: {
                    "person_id": self.id("people", e["person"]),
                    "title_vi": e["title_vi"],
                    "title_en": e.get("title_en", ""),
                    "agency_id": self.id("agencies", e["agency"]),
                    "start_date": start.date,
                    "start_precision": start.precision,
                    "end_date": end.date,
                    "end_precision": end.precision,
                },
            )
        for e in s["publications"]:
            self.put(
                "publications",
                e["key"],
                lambda e=e: {"name": e["name"], "owner_id": self.id("agencies", e.get("owner"))},
            )
        for e in s["series"]:
            self.put(
                "series",
                e["key"],
                lambda e=e: {
                    "name_vi": e["name_vi"],
                    "name_en": e.get("name_en", ""),
                    "numbering": e.get("numbering", ConferenceSeries.Numbering.ARABIC),
                    "organiser_id": self.id("agencies", e.get("organiser")),
                    "other_names": e.get("other_names", []),
                    "wikidata_id": e.get("wikidata", ""),
                },
            )
        self.conferences(s["conferences"])
        for e in s["documents"]:
            self.put(
                "documents",
                e["key"],
                lambda e=e: {
                    "kind": e["kind"],
                    "number": e.get("number", ""),
                    "name_vi": e["name_vi"],
                    "name_en": e.get("name_en", ""),
                    "issuer_id": self.id("agencies", e.get("issuer")),
                    "conference_id": self.id("conferences", e.get("conference")),
                    "other_names": e.get("other_names", []),
                    "wikidata_id": e.get("wikidata", ""),
                },
            )
        for article in self.seed.articles:
            self.article(article)
        # Key figures are the figures app's rows (imported here: articles does not depend on it).
        from figures.seed import write_figures

        write_figures(self)
        self.finish()

    def conferences(self, entries: list[dict[str, Any]]) -> None:
        ordered = topological(entries, lambda e: e.get("part_of"))
        # Links between conferences are shared by both ends: find every conference as it is
        # before writing any.
        found = {e["key"]: self.locate("conferences", e["key"]) for e in ordered}
        # held_with is symmetrical: an entry also gains the links others declare to it.
        linked: dict[str, set[str]] = {e["key"]: set(e.get("held_with", [])) for e in entries}
        for e in entries:
            for other in e.get("held_with", []):
                linked[other].add(e["key"])
        written: list[_Entry] = []
        for e in ordered:
            entry = found[e["key"]]
            if not self.proceed(entry):
                continue
            start = self.seed.date("conferences", e["key"], "start")
            end = self.seed.date("conferences", e["key"], "end")
            try:
                values = {
                    "series_id": self.id("series", e.get("series")),
                    "ordinal": e.get("ordinal"),
                    "name_vi": e["name_vi"],
                    "name_en": e.get("name_en", ""),
                    "kind": e["kind"],
                    "start_date": start.date,
                    "start_precision": start.precision,
                    "end_date": end.date,
                    "end_precision": end.precision,
                    "dates_inferred_reason": reader_texts(e, "dates_inferred")[0],
                    "dates_inferred_reason_en": reader_texts(e, "dates_inferred")[1],
                    "place": e.get("place", ""),
                    "theme": e.get("theme", ""),
                    "format": e.get("format", ""),
                    "attendance": e.get("attendance"),
                    "attendance_note": e.get("attendance_note", ""),
                    "organiser_id": self.id("agencies", e.get("organiser")),
                    "part_of_id": self.id("conferences", e.get("part_of")),
                    "other_names": e.get("other_names", []),
                }
                participants = {
                    (self.id("people", p["person"]), p["role"]): {
                        "position_id": self.id("positions", p.get("position")),
                        "note": reader_texts(p, "note")[0],
                        "note_en": reader_texts(p, "note")[1],
                    }
                    for p in e.get("participants", [])
                }
                for other in sorted(linked[e["key"]]):
                    if found[other].state is _State.DELETED and not self.force:
                        raise _Skip(
                            f"it is held with conference {other}, deleted since the last import"
                        )
            except _Skip as exc:
                self.keep(entry, exc.reason)
                continue
            conference = self.upsert(entry, values)
            self.sync_rows(
                Participation,
                e["key"],
                {"conference_id": conference.pk},
                participants,
                key_fields=("person_id", "role"),
            )
            written.append(entry)
        ids = self.ids.get("conferences", {})
        writing = {entry.key for entry in written}
        # A link to a conference kept as it is stays as it is: it is that conference's too.
        kept = {ids[key] for key in found if key not in writing and key in ids}
        for entry in written:
            conference = Conference.objects.get(pk=entry.pk)
            current = set(conference.held_with.values_list("pk", flat=True))
            wanted = {ids[key] for key in linked[entry.key] if key in writing}
            wanted |= current & kept
            if wanted != current:
                conference.held_with.set(wanted)

    def article(self, seed: ArticleSeed) -> None:
        e = seed.entry
        where = e["key"]
        entry = self.locate("articles", where, label=f"article {where} ({e['file']})")
        if not self.proceed(entry):
            return
        try:
            values = {
                "title": e["title"],
                "title_inferred_reason": reader_texts(e, "title_inferred")[0],
                "title_inferred_reason_en": reader_texts(e, "title_inferred")[1],
                "title_en": e.get("title_en", ""),
                "summary_en": e.get("summary_en", ""),
                "publication_id": self.id("publications", e["publication"]),
                "source_url": e.get("url", ""),
                "date": seed.date.date,
                "date_precision": seed.date.precision,
                "date_inferred_reason": reader_texts(e, "date_inferred")[0],
                "date_inferred_reason_en": reader_texts(e, "date_inferred")[1],
                "byline": e.get("byline", ""),
                "photo_credits": e.get("photo_credits", []),
                "source_credit": e.get("source_credit", ""),
                "kind": e["kind"],
                "status": Article.Status.PUBLISHED,
                "seed_file": e["file"],
            }
            speaker_ids = [
                self.id("people", seed.speakers[segment.speaker_label])
                if segment.kind == Segment.Kind.ANSWER
                else None
                for segment in seed.parsed.segments
            ]
            people = {
                (self.id("people", m["person"]),): {"role": m["role"]} for m in e.get("people", [])
            }
            titles = {
                self.id("people", m["person"]): {
                    self.id("positions", key) for key in m.get("positions", [])
                }
                for m in e.get("people", [])
            }
            mentions = [
                (
                    model,
                    key_field,
                    {(self.id(section, mention_key(i)),): {} for i in e.get(section, [])},
                )
                for section, model, key_field in MENTIONS
            ]
        except _Skip as exc:
            self.keep(entry, exc.reason)
            return
        # The folded text is derived from the title and the segments: written, not recorded.
        folded = article_folded_text(e["title"], [s.text for s in seed.parsed.segments])
        article = self.upsert(entry, values, derived={"folded_text": folded})
        self.segments(article, seed, speaker_ids)
        # Segments are written in bulk, which sends no signals: index the text here.
        reindex_articles([article.pk])
        fingerprint_articles([article.pk])
        self.sync_rows(PersonMention, where, {"article_id": article.pk}, people, ("person_id",))
        for mention in PersonMention.objects.filter(article=article):
            wanted = titles[mention.person_id]
            if set(mention.positions.values_list("pk", flat=True)) != wanted:
                mention.positions.set(wanted)
        for model, key_field, rows in mentions:
            self.sync_rows(model, where, {"article_id": article.pk}, rows, (key_field,))

    def segments(self, article: Article, seed: ArticleSeed, speaker_ids: list[int | None]) -> None:
        wanted = segment_rows(
            article=article, segments=seed.parsed.segments, speaker_ids=speaker_ids
        )
        fields = (
            "position",
            "kind",
            "text",
            "speaker_id",
            "speaker_label",
            "photo_credit",
            "anchor",
        )
        current = list(article.segments.order_by("position").values_list(*fields))
        if current == [tuple(getattr(s, f) for f in fields) for s in wanted]:
            return
        # Anchors are unique per article, so rewrite the text whole rather than row by row.
        article.segments.all().delete()
        for segment in wanted:
            try:
                segment.full_clean(exclude=["article"])
            except ValidationError as exc:
                raise self.fail(seed.entry["key"], validation_message(exc)) from None
        Segment.objects.bulk_create(wanted)

    # --- what was done -------------------------------------------------------------------------

    def finish(self) -> None:
        """Compare each row written with what it was; record it; report."""
        now = timezone.now()
        for entry in self.entries:
            if entry.pk is None:
                continue
            kind = entry.kind
            after = snapshot(kind, kind.model.objects.get(pk=entry.pk))
            changed = changes(entry.before, after) if entry.before is not None else []
            if entry.state is _State.NEW:
                entry.status = "created"
            elif entry.state is _State.DELETED:
                entry.status = "re-created"
                entry.note = f"{entry.label}: deleted since the last import; re-creating it"
            elif not changed:
                entry.status = "unchanged" if entry.state is _State.CLEAN else "recorded"
            elif entry.state is _State.CLEAN:
                entry.status = "updated"
                entry.note = f"{entry.label}: updated from the seed ({', '.join(changed)})"
            elif self.force:
                entry.status = "overwritten"
                why = (
                    "edited since the last import"
                    if entry.record is not None
                    else "not written by an earlier import"
                )
                shown = ", ".join(changes(entry.before, after, values=True))
                entry.note = f"{entry.label}: {why}; overwriting {shown}"
            else:
                # Someone's change the seed would undo: kept, on the next attempt.
                self.conflicts[kind.section, entry.key] = entry.edited or changed
                continue
            record = entry.record
            if record is None:
                SeedRecord.objects.create(
                    model=kind.model._meta.label_lower,
                    key=entry.key,
                    object_id=entry.pk,
                    values=after,
                    imported_at=now,
                )
            elif record.values != after or record.object_id != entry.pk:
                record.values, record.object_id, record.imported_at = after, entry.pk, now
                record.save(update_fields=["values", "object_id", "imported_at"])
        for entry in self.entries:
            counter = self.report.counts.setdefault(entry.kind.section, Counter())
            counter[entry.status] += 1
            if entry.note:
                self.report.notes.append((entry.status, entry.note))


def article_folded_text(title: str, texts: list[str]) -> str:
    """What the simple text match searches: the title and every segment, folded."""
    return fold("\n".join([title, *texts]))


def segment_rows(
    *, article: Article, segments: Sequence[Any], speaker_ids: Sequence[int | None]
) -> list[Segment]:
    """Unsaved ``Segment`` rows for parsed segments, in order, with their anchors.

    ``speaker_ids`` gives each segment's speaker; only answers keep one.
    """
    return [
        Segment(
            article=article,
            position=position,
            kind=segment.kind,
            text=segment.text,
            speaker_id=speaker_id if segment.kind == Segment.Kind.ANSWER else None,
            speaker_label=segment.speaker_label,
            photo_credit=segment.photo_credit,
            anchor=anchor,
        )
        for position, (segment, anchor, speaker_id) in enumerate(
            zip(segments, anchors(segments), speaker_ids, strict=True), start=1
        )
    ]


def anchors(segments) -> list[str]:
    """Permanent in-page anchors: q1, a1, a1-2 (the answer's second paragraph), p1, c1, h1."""
    out: list[str] = []
    counts = Counter()
    question = 0
    answer_paragraph = 0
    for segment in segments:
        if segment.kind == "question":
            question += 1
            answer_paragraph = 0
            out.append(f"q{question}")
        elif segment.kind == "answer":
            answer_paragraph += 1
            out.append(f"a{question}" + (f"-{answer_paragraph}" if answer_paragraph > 1 else ""))
        else:
            prefix = {"paragraph": "p", "caption": "c", "subheading": "h"}[segment.kind]
            counts[prefix] += 1
            out.append(f"{prefix}{counts[prefix]}")
    return out


def validation_message(exc: ValidationError) -> str:
    """A model's validation errors as one line: "field: what is wrong; ..."."""
    if hasattr(exc, "message_dict"):
        return "; ".join(
            " ".join(msgs) if name == "__all__" else f"{name}: {' '.join(msgs)}"
            for name, msgs in exc.message_dict.items()
        )
    return " ".join(exc.messages)


def seed_import(*, path: Path, dry_run: bool = False, force: bool = False) -> ImportReport:
    """Load the seed file at ``path`` into the database, all or nothing.

    Checks everything first (``load_seed``), then writes in one transaction; any error
    leaves the database as it was. A row edited or deleted since the last import (its
    values differ from its ``SeedRecord``) is kept as it is, and the report says so;
    ``force`` overwrites it with the seed's values, or re-creates it. With ``dry_run`` the
    writes are rolled back and the report says what would have changed.
    """
    seed = load_seed(path)
    held: dict[tuple[str, str], list[str]] = {}
    while True:
        report = ImportReport(dry_run=dry_run, force=force)
        try:
            with transaction.atomic():
                writer = _Writer(seed, report, force=force, held=held)
                writer.run()
                # An edited row is kept only if the seed would change it, which shows once
                # it is written: undo this attempt and write everything else again.
                if writer.conflicts or dry_run:
                    transaction.set_rollback(True)
        except DatabaseError as exc:
            raise SeedError(path, "", f"the database refused the import: {exc}") from None
        if not writer.conflicts:
            return report
        held.update(writer.conflicts)
