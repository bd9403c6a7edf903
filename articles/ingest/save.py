"""Saving an article from its text with what staff accepted: one transaction, all or nothing.

New rows come first (proposed countries, bodies, agencies, conferences and documents; new
officials and their positions), then the draft article, its segments with their speakers
and anchors, and its mentions. Everything is recorded in the history (django-reversion).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection, Iterable
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import reversion
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from diplomacy_kb.dates import truncate
from diplomacy_kb.names import unique_slug
from diplomacy_kb.text import NameOrder, fold, slugify
from events.models import Conference, ConferenceSeries
from people.models import Agency, Body, Country, Person, Position

from ..models import (
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
from ..search_index import reindex_articles
from ..services import article_folded_text, segment_rows, validation_message
from .choices import Accepted, PositionChoice, ProposalChoice, SegmentChoice
from .duplicates import DuplicateArticleError, article_duplicates, fingerprint_articles
from .parse import ParsedArticle, SegmentKind, normalise
from .segments import parse_text
from .vocabulary import FAMILY_NAMES, canonical_title, title_english

# The kinds of entity an article mentions besides people: the model and its mention model.
MENTION_KINDS: dict[str, tuple[type[models.Model], type[models.Model], str]] = {
    "agency": (Agency, AgencyMention, "agency"),
    "country": (Country, CountryMention, "country"),
    "body": (Body, BodyMention, "body"),
    "conference": (Conference, ConferenceMention, "conference"),
    "document": (Document, DocumentMention, "document"),
}


@contextmanager
def _history(user, comment: str):
    """A django-reversion revision for what is saved inside."""
    with reversion.create_revision():
        if user is not None and getattr(user, "is_authenticated", False):
            reversion.set_user(user)
        reversion.set_comment(comment)
        yield


def _add_to_history(objs: Iterable[models.Model]) -> None:
    """Put ``objs`` in the current revision again, now that the rows they follow (an
    article's segments and mentions, a person's positions) exist."""
    if reversion.is_active():
        for obj in objs:
            if reversion.is_registered(type(obj)):
                reversion.add_to_revision(obj)


def _unique_slug(model: type[models.Model], text: str, fallback: str) -> str:
    return unique_slug(model, slugify(text) or fallback)


def _guess_agency_kind(name: str) -> str:
    folded = fold(name)
    if folded.startswith(("dai su quan", "tong lanh su quan")):
        return Agency.Kind.EMBASSY
    first = folded.split()[0] if folded.split() else ""
    return {
        "bo": Agency.Kind.MINISTRY,
        "vu": Agency.Kind.MINISTRY_DEPARTMENT,
        "so": Agency.Kind.PROVINCIAL_DEPARTMENT,
    }.get(first, Agency.Kind.OTHER)


def _clean(obj: models.Model, what: str, **kwargs) -> None:
    try:
        obj.full_clean(**kwargs)
    except ValidationError as exc:
        raise ValidationError(
            _("%(what)s: %(problem)s") % {"what": what, "problem": validation_message(exc)},
            code="invalid",
        ) from None


class _AgencyFinder:
    """Agencies named by staff: one accepted as a proposal, one the archive has by that name,
    else created once."""

    def __init__(self, proposed: dict[str, Agency]) -> None:
        self.proposed = proposed  # proposal key -> the agency created for it
        self.made: dict[str, Agency] = {fold(a.name_vi): a for a in proposed.values()}
        self.created: list[Agency] = []

    def get(self, name: str) -> Agency:
        name = normalise(name)
        folded = fold(name)
        if folded in self.made:
            return self.made[folded]
        candidates = [
            agency
            for agency in Agency.objects.matching(name).select_related("parent")
            if folded in agency.search_names.split("\n")
        ]
        if len(candidates) > 1:
            raise ValidationError(
                _(
                    "Several agencies are called “%(name)s” (%(which)s); choose the right one "
                    "from the list instead of typing its name."
                )
                % {"name": name, "which": "; ".join(str(a) for a in candidates)},
                code="ambiguous_agency",
            )
        if candidates:
            agency = candidates[0]
        else:
            agency = Agency(
                name_vi=name,
                slug=_unique_slug(Agency, name, "agency"),
                kind=_guess_agency_kind(name),
            )
            _clean(agency, _("New agency “%(name)s”") % {"name": name})
            agency.save()
            self.created.append(agency)
        self.made[folded] = agency
        return agency


def _check_ids(model: type[models.Model], ids: Iterable[int], what: str) -> dict[int, Any]:
    """The rows of ``model`` with these ids, by id; ValidationError if one is gone."""
    ids = set(ids)
    if not ids:
        return {}
    known = model.objects.in_bulk(ids)
    if missing := ids - set(known):
        raise ValidationError(
            _("Unknown %(what)s: %(ids)s. Reload the preview and try again.")
            % {"what": what, "ids": ", ".join(str(i) for i in sorted(missing))},
            code="unknown",
        )
    return known


def _excerpt(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _chosen_segments(parsed: ParsedArticle, accepted: Accepted):
    """The segments to save, as staff corrected them, with each one's speaker key."""
    choices = accepted.segments
    if choices is None:
        choices = tuple(SegmentChoice(kind=s.kind) for s in parsed.segments)
    if len(choices) != len(parsed.segments):
        raise ValidationError(
            _("The segments changed since the preview; review them again."), code="stale"
        )
    segments, speakers = [], []
    people = {p.key for p in accepted.people}
    for segment, choice in zip(parsed.segments, choices, strict=True):
        if choice.drop:
            continue
        if choice.kind not in SegmentKind.choices:
            raise ValidationError(
                _("Unknown segment kind “%(kind)s”.") % {"kind": choice.kind}, code="invalid"
            )
        segment = replace(segment, kind=choice.kind)
        speaker = ""
        if choice.kind == SegmentKind.ANSWER:
            speaker = choice.speaker or accepted.interviewee
            if not speaker:
                raise ValidationError(
                    _(
                        "The answer “%(text)s” has no speaker: choose the interviewee, or "
                        "the speaker of that answer."
                    )
                    % {"text": _excerpt(segment.text)},
                    code="no_speaker",
                )
            if speaker not in people:
                raise ValidationError(
                    _(
                        "The speaker of the answer “%(text)s” is not among the people to "
                        "link: tick them, or choose another speaker."
                    )
                    % {"text": _excerpt(segment.text)},
                    code="speaker_not_linked",
                )
        segments.append(segment)
        speakers.append(speaker)
    if not segments:
        raise ValidationError(_("Every segment is dropped: keep at least one."), code="empty")
    return segments, speakers


def _guess_name_order(name: str) -> str:
    words = fold(name).split()
    if words and words[0] in FAMILY_NAMES:
        return NameOrder.VIETNAMESE
    if any(not ch.isascii() for ch in name if ch.isalpha()):
        return NameOrder.VIETNAMESE
    return NameOrder.WESTERN


# --- proposals -------------------------------------------------------------------------------


def _proposed_row(choice: ProposalChoice, created: dict[str, models.Model]) -> models.Model:
    values = dict(choice.proposal.values)
    name = normalise(choice.name)
    if not name:
        raise ValidationError(
            _("A proposed entry has no name: give the name, or untick the row."), code="no_name"
        )
    if choice.kind == "country":
        existing = Country.objects.filter(code=values["code"]).first()
        if existing is not None:
            return existing
        row = Country(**{**values, "name_vi": name, "slug": values["code"].lower()})
    elif choice.kind == "body":
        parent = created.get(choice.proposal.parent_key) if choice.proposal.parent_key else None
        if parent is not None:  # an organ of a body proposed with it
            values["parent_id"] = parent.pk
        row = Body(**{**values, "name_vi": name, "slug": _unique_slug(Body, name, "body")})
    elif choice.kind == "agency":
        parent = created.get(choice.proposal.parent_key) if choice.proposal.parent_key else None
        if parent is not None:
            values["parent_id"] = parent.pk
        values.setdefault("kind", _guess_agency_kind(name))
        row = Agency(**{**values, "name_vi": name, "slug": _unique_slug(Agency, name, "agency")})
    elif choice.kind == "conference":
        series = ConferenceSeries.objects.filter(pk=values["series_id"]).first()
        if series is None:
            raise ValidationError(
                _("The series of “%(name)s” is gone. Reload the preview.") % {"name": name},
                code="unknown",
            )
        existing = Conference.objects.filter(series=series, ordinal=values["ordinal"]).first()
        if existing is not None:
            return existing
        sibling = series.conferences.exclude(kind="").order_by("-ordinal").first()
        kind = sibling.kind if sibling else Conference.Kind.CONFERENCE
        row = Conference(
            **{**values, "name_vi": name, "kind": kind},
            slug=_unique_slug(Conference, name, "conference"),
        )
    elif choice.kind == "document":
        row = Document(**{**values, "name_vi": name}, slug=_unique_slug(Document, name, "document"))
    else:
        raise ValidationError(
            _("Unknown kind of mention “%(kind)s”.") % {"kind": choice.kind}, code="invalid"
        )
    _clean(row, _("New entry “%(name)s”") % {"name": name})
    row.save()
    return row


def _save_proposals(accepted: Accepted) -> dict[str, models.Model]:
    """The rows created for accepted proposals, by proposal key; an agency after its
    proposed parent."""
    created: dict[str, models.Model] = {}
    pending = list(accepted.proposals)
    while pending:
        ready = [
            c for c in pending if not c.proposal.parent_key or c.proposal.parent_key in created
        ]
        if not ready:  # a parent left unticked: create the child without it
            ready = pending[:1]
        for choice in ready:
            created[choice.key] = _proposed_row(choice, created)
            pending.remove(choice)
    return created


# --- people ----------------------------------------------------------------------------------


def _save_people(accepted: Accepted, proposed: dict[str, models.Model]):
    """The people to link, by key (created when new), the positions each one's mention
    attests (created when new), and the agencies created for new positions."""
    known_ids = [p.person_id for p in accepted.people if p.person_id is not None]
    known = _check_ids(Person, known_ids, _("official"))
    position_ids = [
        c.position_id for p in accepted.people for c in p.positions if c.position_id is not None
    ]
    positions = Position.objects.in_bulk(position_ids)
    agency_ids = [c.agency_id for p in accepted.people for c in p.positions if c.agency_id]
    agencies = _check_ids(Agency, agency_ids, _("agency"))
    finder = _AgencyFinder({k: v for k, v in proposed.items() if isinstance(v, Agency)})

    people: dict[str, Person] = {}
    attested: dict[str, list[Position]] = {}
    for choice in accepted.people:
        if choice.key in people:
            raise ValidationError(_("An official is listed twice."), code="duplicate_person")
        if choice.role not in PersonMention.Role.values:
            raise ValidationError(
                _("Unknown role “%(role)s”.") % {"role": choice.role}, code="invalid"
            )
        if choice.person_id is not None:
            person = known[choice.person_id]
        else:
            name = normalise(choice.name)
            if not name:
                raise ValidationError(
                    _("A new official has no name: give the name, or untick the row."),
                    code="no_name",
                )
            person = Person(
                name=name,
                slug=_unique_slug(Person, name, "person"),
                name_order=_guess_name_order(name),
            )
            _clean(person, _("New official “%(name)s”") % {"name": name})
            person.save()
        people[choice.key] = person
        held: list[Position] = []
        for position_choice in choice.positions:
            position = _position_for(person, position_choice, positions, agencies, finder)
            if position.pk not in {p.pk for p in held}:
                held.append(position)
        attested[choice.key] = held
    return people, attested, finder.created


def _position_for(
    person: Person,
    choice: PositionChoice,
    positions: dict[int, Position],
    agencies: dict[int, Agency],
    finder: _AgencyFinder,
) -> Position:
    if choice.position_id is not None:
        position = positions.get(choice.position_id)
        if position is None or position.person_id != person.pk:
            raise ValidationError(
                _("The position chosen for %(name)s is not one of theirs.") % {"name": person.name},
                code="invalid_position",
            )
        return position
    title = canonical_title(choice.title) if normalise(choice.title) else ""
    if not title:
        raise ValidationError(
            _("A title of %(name)s is empty: give the title, or untick it.")
            % {"name": person.name},
            code="no_title",
        )
    if choice.agency_id is not None:
        agency = agencies[choice.agency_id]
    elif choice.agency_key and choice.agency_key in finder.proposed:
        agency = finder.proposed[choice.agency_key]
    elif normalise(choice.agency_name):
        agency = finder.get(choice.agency_name)
    else:
        raise ValidationError(
            _(
                "The title “%(title)s” of %(name)s has no agency: choose the agency or type "
                "its name, or untick the title."
            )
            % {"title": title, "name": person.name},
            code="no_agency",
        )
    start, end = choice.start, choice.end
    if start and end and end[0] < start[0]:
        raise ValidationError(
            _("The title “%(title)s” of %(name)s ends before it starts.")
            % {"title": title, "name": person.name},
            code="end_before_start",
        )
    if person.pk is not None:
        same = Position.objects.filter(
            person=person,
            title_vi=title,
            agency=agency,
            start_date=start[0] if start else None,
        ).first()
        if same is not None:
            return same
    position = Position(
        person=person,
        title_vi=title,
        title_en=title_english(title),
        agency=agency,
        slug=_unique_slug(Position, f"{person.slug} {title} {agency.slug}", "position"),
        start_date=start[0] if start else None,
        start_precision=start[1] if start else "",
        end_date=end[0] if end else None,
        end_precision=end[1] if end else "",
    )
    _clean(position, _("Title “%(title)s” of %(name)s") % {"title": title, "name": person.name})
    position.save()
    return position


# --- the article -------------------------------------------------------------------------------


def article_create_from_text(
    *,
    user=None,
    publication: Publication,
    title: str = "",
    title_in_text: bool = True,
    title_inferred_reason: str = "",
    title_inferred_reason_en: str = "",
    date: datetime.date,
    date_precision: str,
    date_inferred_reason: str = "",
    date_inferred_reason_en: str = "",
    source_url: str = "",
    kind: str,
    text: str,
    accepted: Accepted,
    keep: Collection[int] = (),
    allow_duplicate: bool = False,
) -> Article:
    """Create a draft article from its raw text with everything staff accepted, all or
    nothing: segments with speakers and anchors, the people it names (new officials and
    positions created), the entities proposed and accepted, and its other mentions.

    Raises ``DuplicateArticleError`` when the archive already holds the article (same URL,
    folded title or text) unless ``allow_duplicate``, and ValidationError for anything
    invalid; the database is then unchanged.
    """
    parsed = parse_text(text=text, title_in_text=title_in_text, kind=kind, keep=keep)
    title = normalise(title) or parsed.title
    if not title:
        raise ValidationError(
            _("The article has no title: give one, or keep the title as the first line."),
            code="no_title",
        )
    source_url = source_url.strip() or parsed.source_url
    segments, speaker_keys = _chosen_segments(parsed, accepted)
    if not allow_duplicate and (
        existing := article_duplicates(
            source_url=source_url, title=title, texts=[s.text for s in segments]
        )
    ):
        raise DuplicateArticleError(existing)
    for mention_kind, ids in accepted.mentions.items():
        if mention_kind not in MENTION_KINDS:
            raise ValidationError(
                _("Unknown kind of mention “%(kind)s”.") % {"kind": mention_kind}, code="invalid"
            )
        model = MENTION_KINDS[mention_kind][0]
        _check_ids(model, ids, model._meta.verbose_name)

    photo_credits = list(dict.fromkeys(s.photo_credit for s in segments if s.photo_credit))
    with transaction.atomic(), _history(user, _("Added from its text.")):
        proposed = _save_proposals(accepted)
        people, attested, new_agencies = _save_people(accepted, proposed)
        article = Article(
            title=title,
            title_inferred_reason=title_inferred_reason.strip(),
            title_inferred_reason_en=title_inferred_reason_en.strip(),
            slug=_unique_slug(Article, title, "article"),
            publication=publication,
            source_url=source_url,
            date=truncate(date, date_precision),
            date_precision=date_precision,
            date_inferred_reason=date_inferred_reason.strip(),
            date_inferred_reason_en=date_inferred_reason_en.strip(),
            byline=parsed.byline,
            photo_credits=photo_credits,
            source_credit=parsed.credit_lines[-1] if parsed.credit_lines else "",
            kind=kind,
            status=Article.Status.DRAFT,
            folded_text=article_folded_text(title, [s.text for s in segments]),
        )
        _clean(article, _("Article"))
        article.save()

        rows = segment_rows(
            article=article,
            segments=segments,
            speaker_ids=[people[key].pk if key else None for key in speaker_keys],
        )
        for row in rows:
            _clean(row, _("Segment %(anchor)s") % {"anchor": row.anchor}, exclude=["article"])
        Segment.objects.bulk_create(rows)

        mentions = PersonMention.objects.bulk_create(
            [
                PersonMention(article=article, person=people[choice.key], role=choice.role)
                for choice in accepted.people
            ]
        )
        through = PersonMention.positions.through
        through.objects.bulk_create(
            [
                through(personmention_id=mention.pk, position_id=position.pk)
                for mention, choice in zip(mentions, accepted.people, strict=True)
                for position in attested[choice.key]
            ]
        )
        mentions_by_kind = {kind: list(ids) for kind, ids in accepted.mentions.items()}
        for choice in accepted.proposals:
            mentions_by_kind.setdefault(choice.kind, []).append(proposed[choice.key].pk)
        for agency in new_agencies:
            # A new agency the text itself names is mentioned ("Bộ Công Thương"); one only
            # implied by a title ("Đại sứ Nhật Bản": the embassy) is not.
            if re.search(rf"(?<!\w){re.escape(fold(agency.name_vi))}(?!\w)", article.folded_text):
                mentions_by_kind.setdefault("agency", []).append(agency.pk)
        for mention_kind, ids in mentions_by_kind.items():
            _model, mention_model, field_name = MENTION_KINDS[mention_kind]
            mention_model.objects.bulk_create(
                [
                    mention_model(article=article, **{f"{field_name}_id": pk})
                    for pk in dict.fromkeys(ids)
                ]
            )
        # Segments and mentions are written in bulk, which sends no signals.
        reindex_articles([article.pk])
        fingerprint_articles([article.pk])
        _add_to_history([article, *people.values(), *new_agencies, *proposed.values()])
    return article
