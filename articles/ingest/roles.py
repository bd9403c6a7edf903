"""Who each person is to the article: the titles the text gives them (an existing position
attested, or a new one), the order the preview lists them in, and their role (interviewed,
quoted or mentioned)."""

from __future__ import annotations

import re

from diplomacy_kb.text import fold

from ..models import PersonMention
from .choices import PersonSuggestion, TitleSuggestion
from .gazetteer import load_positions
from .parse import ParsedArticle, SegmentKind
from .vocabulary import INTERVIEW_CUES, SAYING

_SAYING = re.compile(SAYING)
_INTERVIEW_CUES = re.compile(INTERVIEW_CUES)
_PRIME_MINISTER = {fold("Thủ tướng"), fold("Phó Thủ tướng")}
_AMBASSADOR = {fold("Đại sứ"), fold("Tổng Lãnh sự")}


def _title_agency(title, collect) -> tuple[int | None, str, str]:
    """(agency id, proposed agency's key, or the name of an agency to find or create) of a
    title as the text gives it."""
    found = title.agency_found
    if found is not None:
        return (found.pk, "", "") if not found.is_new else (None, found.key, "")
    gaz = collect.gaz
    countries = [
        pk for kind, pk in (title.agency.known if title.agency else []) if kind == "country"
    ]
    if countries:
        if fold(title.title.head) not in _AMBASSADOR:
            return None, "", ""  # "Thủ tướng Nhật Bản …": a foreign government, staff choose
        country = countries[0]
        if isinstance(country, int) and country in gaz.embassies:
            return gaz.embassies[country], "", ""
        return None, "", f"Đại sứ quán {gaz.canonical['country', country]}"
    if fold(title.title.head) in _PRIME_MINISTER and gaz.government is not None:
        return gaz.government, "", ""
    return None, "", ""


def resolve_titles(collect) -> None:
    """Turn the titles found into TitleSuggestions, one per (title, agency) a person is
    given: an existing position where one fits, else a new one as of the article's date."""
    for person, title in collect.titles:
        agency_id, agency_key, agency_name = _title_agency(title, collect)
        has_agency = agency_id is not None or bool(agency_key or agency_name)
        wording = title.title.wording
        for suggestion in person.titles:
            if fold(suggestion.title) != fold(wording):
                continue
            same = (suggestion.agency_id, suggestion.agency_key, suggestion.agency_name) == (
                agency_id,
                agency_key,
                agency_name,
            )
            if same or not has_agency or not suggestion.has_agency:
                if not suggestion.has_agency and has_agency:
                    # The title was met first without its agency; this completes it.
                    suggestion.agency_id = agency_id
                    suggestion.agency_key, suggestion.agency_name = agency_key, agency_name
                if title.written not in suggestion.as_written:
                    suggestion.as_written.append(title.written)
                suggestion.former = suggestion.former and title.title.former
                break
        else:
            person.titles.append(
                TitleSuggestion(
                    title=wording,
                    agency_id=agency_id,
                    agency_key=agency_key,
                    agency_name=agency_name,
                    as_written=[title.written],
                    former=title.title.former,
                )
            )

    # Known officials: a title that fits one of their positions attests it.
    load_positions(collect.gaz, set(collect.known))
    for pk, person in collect.known.items():
        positions = collect.gaz.positions.get(pk, [])
        for suggestion in person.titles:
            for position in positions:
                if fold(position.title_vi) != fold(suggestion.title):
                    continue
                if suggestion.agency_id == position.agency_id or not suggestion.has_agency:
                    suggestion.position_id = position.pk
                    suggestion.agency_id = position.agency_id
                    suggestion.agency_key = suggestion.agency_name = ""
                    break
        attested = {s.position_id for s in person.titles}
        for position in positions:
            if position.pk not in attested:
                person.titles.append(
                    TitleSuggestion(
                        title=position.title_vi,
                        agency_id=position.agency_id,
                        position_id=position.pk,
                        in_text=False,
                    )
                )


def order_people(collect) -> list[PersonSuggestion]:
    """Known officials and proposals in the order the text names them. Of several known
    officials who share a name, the one the text's titles fit is ticked, the others not."""
    by_name: dict[str, list[PersonSuggestion]] = {}
    for person in collect.known.values():
        by_name.setdefault(fold(person.name), []).append(person)
    for namesakes in by_name.values():
        if len(namesakes) > 1:
            best = max(
                namesakes,
                key=lambda p: (sum(1 for t in p.titles if t.in_text and t.position_id), -p.count),
            )
            for person in namesakes:
                person.namesakes = len(namesakes) - 1
                person.preselected = person is best
    first: dict[str, tuple[int, int]] = {}
    for chunk, start, key, _end in sorted(collect.seen):
        first.setdefault(key, (chunk, start))
    everyone = [*collect.known.values(), *collect.proposals.values()]
    return sorted(everyone, key=lambda p: first.get(p.key, (len(collect.chunks), 0)))


def _introduced(lead, chunks) -> str:
    """The person the lead introduces as interviewed: in the last stretch before the first
    question that says so ("Thứ trưởng X trả lời phỏng vấn …", "… phỏng vấn ông Y"), the
    one named right before those words, else the first one named after them."""
    for chunk in sorted({seen[0] for seen in lead}, reverse=True):
        cue = _INTERVIEW_CUES.search(fold(chunks[chunk].text))
        if cue is None:
            continue
        named = [seen for seen in lead if seen[0] == chunk]
        before = [seen for seen in named if seen[3] <= cue.start()]
        after = [seen for seen in named if seen[1] >= cue.end()]
        if before:
            return before[-1][2]
        if after:
            return after[0][2]
    return ""


def set_roles(people, parsed: ParsedArticle, speakers: dict[str, str], collect) -> str:
    """Set each person's suggested role and return the key of the interviewee suggested for
    answers printed without a label.

    Speakers of answers are interviewed. For unlabelled answers, the interviewee is the
    person the lead introduces ("... phỏng vấn Vụ trưởng X"), else the first one named
    before the first question. A person named before a verb of
    saying in a paragraph is quoted; anyone else is mentioned.
    """
    chunks = collect.chunks
    segments = parsed.segments
    labelled = [speakers.get(s.speaker_label, "") for s in segments if s.speaker_label]
    interviewee = max(set(labelled) - {""}, key=labelled.count, default="")
    if any(s.kind == SegmentKind.ANSWER and not s.speaker_label for s in segments):
        first_question = next(
            (i for i, s in enumerate(segments) if s.kind == SegmentKind.QUESTION), len(segments)
        )
        lead = [seen for seen in sorted(collect.seen) if seen[0] <= first_question]
        if introduced := _introduced(lead, chunks):
            interviewee = introduced
        elif lead:
            interviewee = lead[0][2]
        elif people:
            interviewee = people[0].key

    quoted = set()
    for chunk, _start, key, end in collect.seen:
        if 1 <= chunk <= len(segments) and segments[chunk - 1].kind != SegmentKind.CAPTION:
            if _SAYING.search(fold(chunks[chunk].text), end):
                quoted.add(key)
    speaking = set(speakers.values()) | {interviewee}
    for person in people:
        if person.key in speaking:
            person.role = PersonMention.Role.INTERVIEWEE
        elif person.key in quoted:
            person.role = PersonMention.Role.QUOTED
    return interviewee
