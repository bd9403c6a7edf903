"""Writes that span several models: the seed import."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction

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
    Segment,
)
from .search_index import reindex_articles
from .seed import ArticleSeed, Seed, SeedError, load_seed, mention_key, topological


@dataclass
class ImportReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def lines(self) -> list[str]:
        labels = sorted(
            set(self.created) | set(self.updated) | set(self.deleted) | set(self.unchanged)
        )
        return [
            f"{label}: {self.created[label]} created, {self.updated[label]} updated, "
            f"{self.deleted[label]} deleted, {self.unchanged[label]} unchanged"
            for label in labels
        ]


class _Writer:
    def __init__(self, seed: Seed, report: ImportReport):
        self.seed = seed
        self.report = report
        self.ids: dict[str, dict[str, int]] = {}

    def fail(self, entry: str, message: str) -> SeedError:
        return SeedError(self.seed.path, entry, message)

    def upsert(self, model: type[models.Model], entry: str, lookup: dict, values: dict):
        """Create or update one row; save only when a value differs, so a re-run changes nothing."""
        label = str(model._meta.verbose_name_plural)
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            self.report.created[label] += 1
        else:
            changed = [name for name, value in values.items() if getattr(obj, name) != value]
            if not changed:
                self.report.unchanged[label] += 1
                return obj
            for name in changed:
                setattr(obj, name, values[name])
            self.report.updated[label] += 1
        try:
            obj.full_clean()
        except ValidationError as exc:
            raise self.fail(entry, validation_message(exc)) from None
        obj.save()
        return obj

    def id(self, section: str, key: str | None) -> int | None:
        return None if key is None else self.ids[section][key]

    def remember(self, section: str, key: str, obj: models.Model) -> None:
        self.ids.setdefault(section, {})[key] = obj.pk

    def sync_rows(self, model, entry: str, owner: dict, rows: dict[Any, dict], key_field: str):
        """Make ``model``'s rows for ``owner`` exactly ``rows`` (key value -> other values)."""
        label = str(model._meta.verbose_name_plural)
        stale = model.objects.filter(**owner).exclude(**{f"{key_field}__in": list(rows)})
        count = stale.count()
        if count:
            stale.delete()
            self.report.deleted[label] += count
        for key_value, values in rows.items():
            self.upsert(model, entry, {**owner, key_field: key_value}, values)

    # --- sections, in dependency order ---------------------------------------------------------

    def run(self) -> None:
        s = self.seed.sections
        for e in s["countries"]:
            obj = self.upsert(
                Country,
                e["code"],
                {"code": e["code"]},
                {
                    "name_vi": e["name_vi"],
                    "name_en": e["name_en"],
                    "slug": e["code"].lower(),
                    "other_names": e.get("other_names", []),
                },
            )
            self.remember("countries", e["code"], obj)
        for e in topological(s["bodies"], lambda e: e.get("parent")):
            obj = self.upsert(
                Body,
                e["key"],
                {"slug": e["key"]},
                {
                    "name_vi": e["name_vi"],
                    "name_en": e.get("name_en", ""),
                    "abbreviation": e.get("abbreviation", ""),
                    "kind": e["kind"],
                    "parent_id": self.id("bodies", e.get("parent")),
                    "other_names": e.get("other_names", []),
                },
            )
            self.remember("bodies", e["key"], obj)
        for e in topological(s["agencies"], lambda e: e.get("parent")):
            obj = self.upsert(
                Agency,
                e["key"],
                {"slug": e["key"]},
                {
                    "name_vi": e["name_vi"],
                    "name_en": e.get("name_en", ""),
                    "abbreviation": e.get("abbreviation", ""),
                    "kind": e["kind"],
                    "parent_id": self.id("agencies", e.get("parent")),
                    "country_id": self.id("countries", e.get("country")),
                    "collective": e.get("collective", False),
                    "other_names": e.get("other_names", []),
                },
            )
            self.remember("agencies", e["key"], obj)
        for e in s["people"]:
            obj = self.upsert(
                Person,
                e["key"],
                {"slug": e["key"]},
                {
                    "name": e["name"],
                    "name_order": e.get("name_order", NameOrder.VIETNAMESE),
                    "nationality_id": self.id("countries", e.get("nationality")),
                    "other_names": e.get("other_names", []),
                },
            )
            self.remember("people", e["key"], obj)
        for e in s["positions"]:
            start = self.seed.date("positions", e["key"], "start")
            end = self.seed.date("positions", e["key"], "end")
            obj = self.upsert(
                Position,
                e["key"],
                {"slug": e["key"]},
                {
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
            self.remember("positions", e["key"], obj)
        for e in s["publications"]:
            obj = self.upsert(
                Publication,
                e["key"],
                {"slug": e["key"]},
                {"name": e["name"], "owner_id": self.id("agencies", e.get("owner"))},
            )
            self.remember("publications", e["key"], obj)
        for e in s["series"]:
            obj = self.upsert(
                ConferenceSeries,
                e["key"],
                {"slug": e["key"]},
                {
                    "name_vi": e["name_vi"],
                    "name_en": e.get("name_en", ""),
                    "numbering": e.get("numbering", ConferenceSeries.Numbering.ARABIC),
                    "organiser_id": self.id("agencies", e.get("organiser")),
                    "other_names": e.get("other_names", []),
                },
            )
            self.remember("series", e["key"], obj)
        self.conferences(s["conferences"])
        for e in s["documents"]:
            obj = self.upsert(
                Document,
                e["key"],
                {"slug": e["key"]},
                {
                    "kind": e["kind"],
                    "number": e.get("number", ""),
                    "name_vi": e["name_vi"],
                    "name_en": e.get("name_en", ""),
                    "issuer_id": self.id("agencies", e.get("issuer")),
                    "conference_id": self.id("conferences", e.get("conference")),
                    "other_names": e.get("other_names", []),
                },
            )
            self.remember("documents", e["key"], obj)
        for article in self.seed.articles:
            self.article(article)

    def conferences(self, entries: list[dict[str, Any]]) -> None:
        for e in topological(entries, lambda e: e.get("part_of")):
            start = self.seed.date("conferences", e["key"], "start")
            end = self.seed.date("conferences", e["key"], "end")
            obj = self.upsert(
                Conference,
                e["key"],
                {"slug": e["key"]},
                {
                    "series_id": self.id("series", e.get("series")),
                    "ordinal": e.get("ordinal"),
                    "name_vi": e["name_vi"],
                    "name_en": e.get("name_en", ""),
                    "kind": e["kind"],
                    "start_date": start.date,
                    "start_precision": start.precision,
                    "end_date": end.date,
                    "end_precision": end.precision,
                    "dates_inferred_reason": e.get("dates_inferred", ""),
                    "place": e.get("place", ""),
                    "theme": e.get("theme", ""),
                    "format": e.get("format", ""),
                    "attendance": e.get("attendance"),
                    "attendance_note": e.get("attendance_note", ""),
                    "organiser_id": self.id("agencies", e.get("organiser")),
                    "part_of_id": self.id("conferences", e.get("part_of")),
                    "other_names": e.get("other_names", []),
                },
            )
            self.remember("conferences", e["key"], obj)
        for e in entries:
            conference = Conference.objects.get(pk=self.id("conferences", e["key"]))
            wanted = {self.id("conferences", k) for k in e.get("held_with", [])}
            # held_with is symmetrical: an entry also gains the links others declare to it.
            wanted |= {
                self.id("conferences", other["key"])
                for other in entries
                if e["key"] in other.get("held_with", [])
            }
            current = set(conference.held_with.values_list("pk", flat=True))
            if wanted != current:
                conference.held_with.set(wanted)
                self.report.updated["conference links"] += 1
            self._participants(e, conference)

    def _participants(self, e: dict[str, Any], conference: Conference) -> None:
        wanted = {
            (self.id("people", p["person"]), p["role"]): {
                "position_id": self.id("positions", p.get("position")),
                "note": p.get("note", ""),
            }
            for p in e.get("participants", [])
        }
        label = str(Participation._meta.verbose_name_plural)
        for row in conference.participations.all():
            if (row.person_id, row.role) not in wanted:
                row.delete()
                self.report.deleted[label] += 1
        for (person_id, role), values in wanted.items():
            self.upsert(
                Participation,
                e["key"],
                {"conference_id": conference.pk, "person_id": person_id, "role": role},
                values,
            )

    def article(self, seed: ArticleSeed) -> None:
        e = seed.entry
        where = e["key"]
        article = self.upsert(
            Article,
            where,
            {"slug": e["key"]},
            {
                "title": e["title"],
                "title_inferred_reason": e.get("title_inferred", ""),
                "publication_id": self.id("publications", e["publication"]),
                "source_url": e.get("url", ""),
                "date": seed.date.date,
                "date_precision": seed.date.precision,
                "date_inferred_reason": e.get("date_inferred", ""),
                "byline": e.get("byline", ""),
                "photo_credits": e.get("photo_credits", []),
                "source_credit": e.get("source_credit", ""),
                "kind": e["kind"],
                "status": Article.Status.PUBLISHED,
                "seed_file": e["file"],
                "folded_text": article_folded_text(
                    e["title"], [segment.text for segment in seed.parsed.segments]
                ),
            },
        )
        self.segments(article, seed)
        # Segments are written in bulk, which sends no signals: index the text here.
        reindex_articles([article.pk])
        fingerprint_articles([article.pk])
        self.sync_rows(
            PersonMention,
            where,
            {"article_id": article.pk},
            {self.id("people", m["person"]): {"role": m["role"]} for m in e.get("people", [])},
            key_field="person_id",
        )
        for m in e.get("people", []):
            mention = PersonMention.objects.get(
                article=article, person_id=self.id("people", m["person"])
            )
            wanted = {self.id("positions", key) for key in m.get("positions", [])}
            if set(mention.positions.values_list("pk", flat=True)) != wanted:
                mention.positions.set(wanted)
                self.report.updated["titles attested"] += 1
        for section, model, key_field in (
            ("agencies", AgencyMention, "agency_id"),
            ("countries", CountryMention, "country_id"),
            ("bodies", BodyMention, "body_id"),
            ("conferences", ConferenceMention, "conference_id"),
            ("documents", DocumentMention, "document_id"),
        ):
            self.sync_rows(
                model,
                where,
                {"article_id": article.pk},
                {self.id(section, mention_key(item)): {} for item in e.get(section, [])},
                key_field=key_field,
            )

    def segments(self, article: Article, seed: ArticleSeed) -> None:
        parsed = seed.parsed.segments
        wanted = segment_rows(
            article=article,
            segments=parsed,
            speaker_ids=[
                self.id("people", seed.speakers[segment.speaker_label])
                if segment.kind == Segment.Kind.ANSWER
                else None
                for segment in parsed
            ],
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
        label = str(Segment._meta.verbose_name_plural)
        if current == [tuple(getattr(s, f) for f in fields) for s in wanted]:
            self.report.unchanged[label] += len(wanted)
            return
        # Anchors are unique per article, so rewrite the text whole rather than row by row.
        deleted, _ = article.segments.all().delete()
        self.report.deleted[label] += deleted
        for segment in wanted:
            try:
                segment.full_clean(exclude=["article"])
            except ValidationError as exc:
                raise self.fail(seed.entry["key"], validation_message(exc)) from None
        Segment.objects.bulk_create(wanted)
        self.report.created[label] += len(wanted)


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


def seed_import(*, path: Path, dry_run: bool = False) -> ImportReport:
    """Load the seed file at ``path`` into the database, all or nothing.

    Checks everything first (``load_seed``), then writes in one transaction; any error
    leaves the database as it was. With ``dry_run`` the writes are rolled back and the
    report says what would have changed.
    """
    seed = load_seed(path)
    report = ImportReport(dry_run=dry_run)
    try:
        with transaction.atomic():
            _Writer(seed, report).run()
            if dry_run:
                transaction.set_rollback(True)
    except DatabaseError as exc:
        raise SeedError(path, "", f"the database refused the import: {exc}") from None
    return report
