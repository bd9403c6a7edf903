"""CSV and JSON downloads of a list, streamed: what every app's exports share.

A download holds every row of a list view, across all its pages, so it may be 100,000 rows
long: rows are read from the database in chunks (``QuerySet.iterator()``) and written out a
chunk at a time, never all held in memory. CSV starts with a byte order mark, so that
spreadsheet programs read it as UTF-8 and show Vietnamese correctly; JSON is an array of
objects with the same fields. A parameter the list would ignore with a message makes the
download answer 400 with the message in plain text: a file shows no page to explain it.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice

from django.db import connections, transaction
from django.http import Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.utils.translation import gettext as _

from diplomacy_kb.linked_data import base_url

CHUNK = 1000  # rows read from the database, and written out, at a time
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
}
BOM = "\ufeff"

Row = dict[str, object]


def batches(rows: Iterable, size: int) -> Iterator[list]:
    """``rows`` in lists of ``size``: a queryset's ``iterator(chunk_size=size)`` read chunk by
    chunk, so that each chunk's related rows can be loaded in one query."""
    rows = iter(rows)
    while batch := list(islice(rows, size)):
        yield batch


def queryset_chunks(queryset, size: int) -> Iterator[list]:
    """The rows of ``queryset`` in lists of ``size``, read through one server-side cursor.

    On PostgreSQL the cursor's query is planned for reading every row: by default a cursor's
    plan is the one fastest to its first tenth (``cursor_tuple_fraction``), which for an
    official's 2,600 articles, newest first, walks the whole archive by date (0.9 s where
    reading them all takes 25 ms)."""
    with _planned_for_every_row(queryset.db):
        rows = queryset.iterator(chunk_size=size)
        try:
            yield from batches(rows, size)
        finally:
            rows.close()  # the cursor is closed before its transaction ends


@contextmanager
def _planned_for_every_row(using: str):
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    # SET LOCAL lasts until the end of the transaction, which the download's reads share.
    with transaction.atomic(using=using, savepoint=False):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL cursor_tuple_fraction = 1")
        yield


class _Line:
    """A file-like object that hands back what is written: the csv writer formats one row
    into it, and the row is streamed on rather than kept."""

    def write(self, text: str) -> str:
        return text


# A spreadsheet program reads a cell starting with one of these as a formula: text from the
# press (or typed by an editor) must stay text, so such a cell is written after an apostrophe,
# which spreadsheets show as nothing (OWASP's advice against CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        if not (value[0] == "-" and value[1:2].isdigit()):  # -5: a number, not a formula
            return "'" + value
    return value


def csv_chunks(fields: Sequence[str], chunks: Iterable[list[Row]]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield BOM + writer.writerow(fields)
    for chunk in chunks:
        yield "".join(writer.writerow([_cell(row[name]) for name in fields]) for row in chunk)


def json_chunks(fields: Sequence[str], chunks: Iterable[list[Row]]) -> Iterator[str]:
    yield "["
    separator = "\n"
    for chunk in chunks:
        if not chunk:
            continue
        rows = (
            json.dumps({name: row[name] for name in fields}, ensure_ascii=False) for row in chunk
        )
        yield separator + ",\n".join(rows)
        separator = ",\n"
    yield "\n]\n"


def require_format(fmt: str) -> None:
    """404 for a format the archive does not write (``export.xlsx``)."""
    if fmt not in FORMATS:
        raise Http404


def export_response(
    fmt: str, fields: Sequence[str], chunks: Iterable[list[Row]], name: str
) -> StreamingHttpResponse:
    """``chunks`` (lists of rows, each a dict with ``fields``) as a download in ``fmt``."""
    require_format(fmt)
    write = csv_chunks if fmt == "csv" else json_chunks
    response = StreamingHttpResponse(write(fields, chunks), content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def bad_parameters(problems: Iterable[str]) -> HttpResponseBadRequest:
    """400 in plain text: what in the address to change."""
    lines = [_("No download can be made from these parameters:"), *problems]
    lines.append(_("Change or remove them and try again."))
    return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def absolute(request, path: str) -> str:
    return base_url(request) + path
