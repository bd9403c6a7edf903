"""Writing the public data package: ``datapackage.json``, one CSV file a table, every table
in one JSON file, and all of it in one zip.

Only what the public site shows is written (``diplomacy_kb.views.public_rows``: published
articles, and the officials, agencies... that no draft alone names); a row whose required
foreign key names a row left out is left out too (the segments and mentions of a draft), and
an optional one naming such a row is written empty. Rows are read in primary-key order with
``QuerySet.iterator()``, a chunk at a time, in one transaction (one state of the database).

The package is fully determined by the rows: ``created`` is the latest date and time in them
(an article's last change), the version is that date and the format's version, the zip's
member dates are ``created`` too. Two exports of the same rows are byte-identical.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, models
from django.db.models import Case, F, Max, Value, When

from diplomacy_kb.backups import consistent_read
from diplomacy_kb.views import public_rows

from .schema import (
    NOT_EXPORTED,
    Table,
    table_description,
    table_schema,
    table_title,
    tables,
    to_cell,
    to_json,
    to_utc,
)

PACKAGE_NAME = "diplomacy-kb"
FORMAT_VERSION = 1  # raise it when a change would stop older packages from loading
DESCRIPTOR = "datapackage.json"
JSON_FILE = "diplomacy-kb.json"
JSON_RESOURCE = "diplomacy-kb-json"
ZIP_FILE = "diplomacy-kb-data.zip"
CHUNK = 2000
EPOCH = datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC)  # the earliest date a zip holds

Progress = Callable[[str], None]


class ExportError(Exception):
    """An export that could not be written; the message says why."""


@dataclass
class ExportReport:
    path: Path
    descriptor: dict
    zip_bytes: int


# --- which rows ------------------------------------------------------------------------------


class _Selection:
    """The exported rows of each model, as querysets built once and reused as subqueries."""

    def __init__(self, exported: list[Table]):
        self.models = {table.model for table in exported}
        self._rows: dict[type[models.Model], models.QuerySet] = {}

    def rows(self, model: type[models.Model]) -> models.QuerySet:
        if model not in self._rows:
            if model._meta.auto_created:
                rows = model._base_manager.all()
            else:
                rows = public_rows(model)
            for field in model._meta.concrete_fields:
                target = field.related_model if field.is_relation else None
                if target is None or field.null or target is model:
                    continue
                rows = rows.filter(**{f"{field.attname}__in": self.rows(target).values("pk")})
            self._rows[model] = rows
        return self._rows[model]

    def values(self, table: Table) -> models.QuerySet:
        """The table's rows as tuples of its columns, optional keys to left-out rows empty."""
        rows = self.rows(table.model)
        names = []
        for field in table.fields:
            if field.is_relation and field.null and field.related_model in self.models:
                alias = f"exported_{field.attname}"
                target = self.rows(field.related_model).values("pk")
                rows = rows.annotate(
                    **{
                        alias: Case(
                            When(**{f"{field.attname}__in": target}, then=F(field.attname)),
                            default=Value(None),
                            output_field=models.BigIntegerField(),
                        )
                    }
                )
                names.append(alias)
            else:
                names.append(field.attname)
        return rows.order_by(table.pk.attname).values_list(*names)

    def latest(self, exported: list[Table]) -> datetime.datetime:
        """The latest date and time in the exported rows."""
        found = [EPOCH]
        for table in exported:
            for field in table.fields:
                if isinstance(field, models.DateTimeField):
                    value = self.rows(table.model).aggregate(latest=Max(field.attname))["latest"]
                    if value is not None:
                        found.append(value.astimezone(datetime.UTC))
        return max(found)


# --- the descriptor ----------------------------------------------------------------------------


def description(*, created: datetime.datetime) -> str:
    left_out = "; ".join(f"{label}: {why}" for label, why in NOT_EXPORTED.items())
    return (
        "The public content of Diplomacy KB, an archive of Vietnamese press articles on Viet "
        "Nam's foreign affairs: the articles with their text as ordered segments (paragraphs, "
        "questions and answers), the outlets, the officials and their positions, agencies, "
        "countries, multilateral bodies, conference series, conferences and their "
        "participants, policy documents, and which article mentions what. "
        "Only what the public site shows is here: published articles and what they name. "
        "Drafts, and the officials, positions, agencies and other rows that only drafts name, "
        "are left out; an optional reference to a row left out is empty. A column naming "
        "something outside the archive's content (the editor who saved a correction) is left "
        "out. "
        "Each table is a CSV file (UTF-8 without a byte-order mark, comma-separated, a header "
        "row, rows in primary-key order); diplomacy-kb.json holds the same rows, every table "
        "in one JSON file. An empty cell is null, or the empty text in a text column that "
        "cannot be null. Dates are ISO 8601; date-times are in UTC. JSON columns hold compact "
        "JSON. A column whose value the site computes from others (search_names, sort_key, "
        "folded_text, folded_title) is included so the package reloads exactly. "
        f"Not included: {left_out}; and the published-article counts, which the database "
        "keeps. `manage.py import_data` loads the package into an empty database and rebuilds "
        "them. "
        "The version is the date of the latest change in the data, then the package format's "
        f"version ({FORMAT_VERSION}); created is that date and time "
        f"({to_utc(created)}). " + settings.DATA_PACKAGE_RIGHTS
    )


def _resource(table: Table, path: Path, rows: int) -> dict:
    return {
        "name": table.name,
        "path": table.path,
        "title": table_title(table),
        **({"description": text} if (text := table_description(table)) else {}),
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": path.stat().st_size,
        "hash": f"sha256:{sha256(path)}",
        "rows": rows,
        "schema": table_schema(table),
    }


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# --- writing -----------------------------------------------------------------------------------


def package_export(*, output: Path, progress: Progress | None = None) -> ExportReport:
    """Write the package into the folder ``output`` (made if missing), replacing the package
    it holds: each file is written aside and moved into place, ``datapackage.json`` last."""
    output = Path(output)
    try:
        output.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".export-", dir=output))
    except OSError as exc:
        raise ExportError(f"Cannot write in {output} ({exc.strerror}).") from exc
    try:
        with consistent_read():
            descriptor = _write(staging, progress=progress)
        _zip(staging, descriptor)
        _move_into(staging, output, descriptor)
    except DatabaseError as exc:
        raise ExportError(
            f"The database could not be read ({exc}). Is it migrated (`manage.py migrate`)? "
            "Nothing was written."
        ) from exc
    except OSError as exc:
        raise ExportError(
            f"{output} could not be written ({exc.strerror}: disk full, or no permission?)."
        ) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return ExportReport(
        path=output, descriptor=descriptor, zip_bytes=(output / ZIP_FILE).stat().st_size
    )


def _write(folder: Path, *, progress: Progress | None) -> dict:
    exported = tables()
    selection = _Selection(exported)
    created = selection.latest(exported)
    version = f"{created:%Y.%m.%d}.{FORMAT_VERSION}"
    (folder / "data").mkdir()
    resources = []
    with open(folder / JSON_FILE, "w", encoding="utf-8", newline="\n") as whole:
        head = {"name": PACKAGE_NAME, "version": version, "created": to_utc(created)}
        whole.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "tables": {')
        for number, table in enumerate(exported):
            path = folder / table.path
            whole.write(f"{',' if number else ''}\n{json.dumps(table.name)}: [")
            count = 0
            with open(path, "w", encoding="utf-8", newline="") as file:
                writer = csv.writer(file)
                writer.writerow(table.columns)
                for row in selection.values(table).iterator(chunk_size=CHUNK):
                    writer.writerow([to_cell(f, v) for f, v in zip(table.fields, row, strict=True)])
                    record = {
                        f.column: to_json(f, v) for f, v in zip(table.fields, row, strict=True)
                    }
                    whole.write(("," if count else "") + "\n")
                    whole.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
                    count += 1
            whole.write("\n]")
            resources.append(_resource(table, path, count))
            if progress:
                progress(f"{table.name}: {count} rows")
        whole.write("\n}}\n")
    resources.append(
        {
            "name": JSON_RESOURCE,
            "path": JSON_FILE,
            "title": "Every table in one JSON file",
            "description": (
                'The rows of every CSV table, as {"tables": {"<resource name>": [{"<column>": '
                "value, ...}, ...]}}; JSON columns as JSON, dates and date-times as in the CSV."
            ),
            "profile": "data-resource",
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
            "bytes": (folder / JSON_FILE).stat().st_size,
            "hash": f"sha256:{sha256(folder / JSON_FILE)}",
        }
    )
    descriptor = {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "Diplomacy KB: Vietnamese press articles on Viet Nam's foreign affairs",
        "description": description(created=created),
        "version": version,
        "created": to_utc(created),
        "licenses": settings.DATA_PACKAGE_LICENSES,
        "keywords": ["Viet Nam", "foreign affairs", "diplomacy", "press", "Vietnamese"],
        "resources": resources,
    }
    (folder / DESCRIPTOR).write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return descriptor


def _zip(folder: Path, descriptor: dict) -> None:
    """The package in one zip, byte for byte the same for the same package."""
    created = datetime.datetime.fromisoformat(descriptor["created"])
    stamp = max(created, EPOCH).timetuple()[:6]
    names = [DESCRIPTOR, *(resource["path"] for resource in descriptor["resources"])]
    with zipfile.ZipFile(folder / ZIP_FILE, "w") as archive:
        for name in names:
            member = zipfile.ZipInfo(name, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            with open(folder / name, "rb") as source, archive.open(member, "w") as target:
                shutil.copyfileobj(source, target, 1 << 20)


def _move_into(staging: Path, output: Path, descriptor: dict) -> None:
    kept = {resource["path"] for resource in descriptor["resources"]}
    (output / "data").mkdir(exist_ok=True)
    for name in [*sorted(kept), ZIP_FILE, DESCRIPTOR]:
        os.replace(staging / name, output / name)
    for old in (output / "data").glob("*.csv"):
        if f"data/{old.name}" not in kept:
            with contextlib.suppress(FileNotFoundError):
                old.unlink()


def read_descriptor(folder: Path) -> dict | None:
    """The descriptor of the package in ``folder``; None if there is none (or it is
    unreadable, being replaced)."""
    try:
        descriptor = json.loads((Path(folder) / DESCRIPTOR).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return descriptor if isinstance(descriptor, dict) else None
