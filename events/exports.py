"""CSV and JSON downloads of the conference list with its participants.

``/events/export.csv`` / ``.json`` with the list's parameters (year, series, kind): every
conference or event the list shows, in its order (series by name, members by number, then
the events outside a series, newest first), one row per participant (who chaired or hosted
first, as on a conference's page), or one row with the participant columns empty for an
event with none recorded. Only public rows: no event, official or title only a draft names.
``series_wikidata`` and ``person_wikidata`` are Wikidata IDs, where recorded.
"""

from __future__ import annotations

from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from diplomacy_kb.exports import (
    CHUNK,
    absolute,
    bad_parameters,
    batches,
    export_response,
    require_format,
)
from diplomacy_kb.text import fold
from people.models import Person, Position

from .filters import ConferenceFilter
from .models import Conference, ConferenceSeries, Participation

FIELDS = (
    "conference",
    "conference_url",
    "series",
    "series_wikidata",
    "ordinal",
    "start",
    "start_precision",
    "end",
    "end_precision",
    "person",
    "person_url",
    "person_wikidata",
    "role",
    "title",
)


def in_list_order(conferences) -> list[int]:
    """The ids of ``conferences`` in the order the list shows them (``ConferenceListView``):
    each series by its name in the interface's language, its members by number; then the
    events outside a series, newest first. Two small queries: ids and numbers, series names."""
    rows = list(conferences.newest_first().values_list("pk", "series_id", "ordinal"))
    names = {
        s.pk: fold(s.display_name)
        for s in ConferenceSeries.objects.filter(pk__in={series for _, series, _ in rows if series})
    }
    in_series = sorted(
        (row for row in rows if row[1] is not None),
        key=lambda row: (names[row[1]], row[1], row[2] is None, row[2] or 0),
    )
    return [pk for pk, *_ in in_series] + [pk for pk, series, _ in rows if series is None]


def participant_rows(ids: list[int], base_url: str):
    """Rows for the conferences ``ids``, in that order, a chunk of conferences at a time:
    three queries per chunk (conferences, participants, which titles are public)."""
    for chunk in batches(ids, CHUNK):
        found = Conference.objects.select_related("series").in_bulk(chunk)
        participations: dict[int, list[Participation]] = {pk: [] for pk in chunk}
        for participation in (
            Participation.objects.filter(
                conference_id__in=chunk, person__in=Person.objects.public()
            )
            .select_related("person", "position__agency__parent")
            .by_role()
        ):
            participations[participation.conference_id].append(participation)
        titled = {p.position_id for ps in participations.values() for p in ps if p.position_id}
        public_titles = set(
            Position.objects.public().filter(pk__in=titled).values_list("pk", flat=True)
        )
        rows = []
        for pk in chunk:
            conference = found[pk]
            conference_row = _conference_row(conference, base_url)
            rows += [
                {**conference_row, **_participant(p, base_url, public_titles)}
                for p in participations[pk]
            ] or [
                {
                    **conference_row,
                    **dict.fromkeys(
                        ("person", "person_url", "person_wikidata", "role", "title"), ""
                    ),
                }
            ]
        yield rows


def _canonical(obj) -> str:
    with translation.override("vi"):
        return obj.get_absolute_url()


def _conference_row(conference: Conference, base_url: str) -> dict:
    return {
        "conference": conference.display_name,
        "conference_url": base_url + _canonical(conference),
        "series": conference.series.display_name if conference.series_id else "",
        "series_wikidata": conference.series.wikidata_id if conference.series_id else "",
        "ordinal": conference.ordinal,
        "start": conference.start_iso,
        "start_precision": conference.start_precision,
        "end": conference.end_iso,
        "end_precision": conference.end_precision,
    }


def _participant(participation: Participation, base_url: str, public_titles: set[int]) -> dict:
    position = participation.position
    title = ""
    if position is not None and position.pk in public_titles:
        title = f"{position.display_title}, {position.agency.qualified_name}"
    return {
        "person": participation.person.name,
        "person_url": base_url + _canonical(participation.person),
        "person_wikidata": participation.person.wikidata_id,
        "role": participation.role,
        "title": title,
    }


@csrf_exempt
@require_safe
def conference_export(request, fmt):
    require_format(fmt)
    filterset = ConferenceFilter(request.GET, queryset=Conference.objects.public())
    if filterset.ignored:
        return bad_parameters(message for _name, _label, message in filterset.ignored)
    ids = in_list_order(filterset.qs)
    rows = participant_rows(ids, absolute(request, ""))
    return export_response(fmt, FIELDS, rows, "diplomacy-kb-conferences")
