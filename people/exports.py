"""CSV and JSON downloads of the officials index with their positions.

``/people/export.csv`` / ``.json`` with the index's parameters (name, letter, agency, title,
nationality): every official the index would show, across all its pages and in its order,
one row per title held (each official's titles in time order), or one row with the title
columns empty for an official with none. A title's dates are given where known, with their
precision; otherwise the dates of the first and last published articles that give it
(``as_of_first``, ``as_of_last``), as the pages say "as of". Only public rows: no official or
title that only a draft names. ``person_wikidata`` is the official's Wikidata ID, where one
is recorded.
"""

from __future__ import annotations

from django.db.models import Prefetch
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

from .filters import PersonFilter
from .models import Person, Position, attach_attesting_articles
from .views import chronological

FIELDS = (
    "person",
    "person_url",
    "person_wikidata",
    "title_vi",
    "title_en",
    "agency",
    "start",
    "start_precision",
    "end",
    "end_precision",
    "as_of_first",
    "as_of_last",
)


def position_rows(people, base_url: str):
    """One row per position of each of ``people``, a chunk of people at a time: two queries
    per chunk (the positions, their first and last attesting articles)."""
    people = people.prefetch_related(
        Prefetch(
            "positions",
            queryset=Position.objects.public().select_related("agency__parent").with_attestations(),
        )
    )
    for chunk in batches(people.iterator(chunk_size=CHUNK), CHUNK):
        attach_attesting_articles(p for person in chunk for p in person.positions.all())
        rows = []
        for person in chunk:
            url = base_url + _canonical(person)
            positions = chronological(list(person.positions.all())) or [None]
            rows += [_row(person, url, position) for position in positions]
        yield rows


def _canonical(obj) -> str:
    with translation.override("vi"):
        return obj.get_absolute_url()


def _iso(article) -> str:
    return article.date_iso if article is not None else ""


def _row(person: Person, url: str, position: Position | None) -> dict:
    row = dict.fromkeys(FIELDS, "")
    row.update(person=person.name, person_url=url, person_wikidata=person.wikidata_id)
    if position is None:
        return row
    row.update(
        title_vi=position.title_vi,
        title_en=position.title_en,
        agency=position.agency.qualified_name,
        start=position.start_iso,
        start_precision=position.start_precision,
        end=position.end_iso,
        end_precision=position.end_precision,
    )
    if not position.is_dated:
        row.update(
            as_of_first=_iso(position.first_attesting), as_of_last=_iso(position.last_attesting)
        )
    return row


@csrf_exempt
@require_safe
def person_export(request, fmt):
    require_format(fmt)
    filterset = PersonFilter(request.GET, queryset=Person.objects.public())
    if filterset.ignored:
        return bad_parameters(f"{item.label}: {item.message}" for item in filterset.ignored)
    people = filterset.qs.by_given_name()
    rows = position_rows(people, absolute(request, ""))
    return export_response(fmt, FIELDS, rows, "diplomacy-kb-officials")
