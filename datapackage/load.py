"""Loading a data package written by ``export.py`` into an empty database.

The package (a folder or its zip) is checked before anything is written: its descriptor, that
it holds every table this code exports and no other, each file's size and SHA-256, each
table's columns in its schema and in its CSV header. Then, in one transaction, every row is
read, its values checked (type, required, length, choices, no NUL character) and inserted as
it was (raw, as ``loaddata`` saves: no signals); the sequences are moved past the loaded ids,
the foreign keys checked, and the search index, the text fingerprints and the counts rebuilt.
Any error names the file, the row and the column, and leaves the database as it was.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import decimal
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core.management.color import no_style
from django.db import DatabaseError, IntegrityError, connection, models, transaction

from .export import DESCRIPTOR, FORMAT_VERSION, PACKAGE_NAME
from .schema import CONTENT_APPS, TEXT_FIELDS, Table, field_type, tables

BATCH = 500
Progress = Callable[[str], None]

_INTEGER = re.compile(r"-?[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?Z")


class LoadError(Exception):
    """A package that cannot be loaded; the message says what to fix."""


@dataclass
class ImportReport:
    path: Path
    descriptor: dict
    rows: dict[str, int] = field(default_factory=dict)


# --- reading a folder or a zip -----------------------------------------------------------------


class _Package:
    """The files of a package, in a folder or a zip, by their path in the package."""

    def __init__(self, path: Path):
        self.path = path
        self.archive = None
        if path.is_file():
            try:
                self.archive = zipfile.ZipFile(path)
            except (zipfile.BadZipFile, OSError):
                raise LoadError(
                    f"{path} is not a zip file: give the folder of a data package or its zip, "
                    "as `manage.py export_data` writes them."
                ) from None
        elif not path.is_dir():
            raise LoadError(f"{path} does not exist.")

    def close(self) -> None:
        if self.archive is not None:
            self.archive.close()

    def exists(self, name: str) -> bool:
        if self.archive is not None:
            return name in self.archive.namelist()
        return (self.path / name).is_file()

    @contextlib.contextmanager
    def open(self, name: str):
        if self.archive is not None:
            with self.archive.open(name) as file:
                yield file
        else:
            with open(self.path / name, "rb") as file:
                yield file


def _safe_name(name) -> bool:
    if not isinstance(name, str) or not name or "\\" in name or "\x00" in name:
        return False
    parts = PurePosixPath(name).parts
    return not name.startswith("/") and ".." not in parts and ":" not in parts[0]


def _descriptor(package: _Package) -> dict:
    if not package.exists(DESCRIPTOR):
        raise LoadError(f"{package.path} holds no {DESCRIPTOR}: it is not a data package.")
    try:
        with package.open(DESCRIPTOR) as file:
            descriptor = json.loads(file.read().decode("utf-8"))
    except (ValueError, zipfile.BadZipFile, OSError) as exc:
        raise LoadError(f"{DESCRIPTOR} in {package.path} cannot be read: {exc}.") from None
    if not isinstance(descriptor, dict) or descriptor.get("name") != PACKAGE_NAME:
        raise LoadError(
            f"{DESCRIPTOR} in {package.path} does not describe a {PACKAGE_NAME} package."
        )
    version = str(descriptor.get("version", ""))
    try:
        format_version = int(version.rsplit(".", 1)[-1])
    except ValueError:
        raise LoadError(f"{DESCRIPTOR}: the version {version!r} is malformed.") from None
    if format_version > FORMAT_VERSION:
        raise LoadError(
            f"The package is in format {format_version}, newer than this code reads "
            f"({FORMAT_VERSION}): update the code first."
        )
    if not isinstance(descriptor.get("resources"), list):
        raise LoadError(f"{DESCRIPTOR} lists no resources.")
    return descriptor


def _check_files(package: _Package, descriptor: dict) -> list[tuple[Table, dict]]:
    """Each table with its resource, after checking sizes, hashes and columns."""
    resources = {}
    for resource in descriptor["resources"]:
        if not isinstance(resource, dict) or not _safe_name(resource.get("path")):
            raise LoadError(f"{DESCRIPTOR} has a resource with a malformed path: {resource!r}.")
        resources[resource.get("name")] = resource
    expected = tables()
    names = {table.name for table in expected}
    tabular = {n for n, r in resources.items() if r.get("profile") == "tabular-data-resource"}
    if unknown := sorted(tabular - names):
        raise LoadError(
            f"{DESCRIPTOR} lists tables this code does not have: {', '.join(unknown)}. Load it "
            "with the code that exported it."
        )
    if missing := sorted(names - tabular):
        raise LoadError(f"{DESCRIPTOR} lacks the tables {', '.join(missing)}.")
    for resource in resources.values():
        _check_file(package, resource)
    found = []
    for table in expected:
        resource = resources[table.name]
        columns = [f.get("name") for f in (resource.get("schema") or {}).get("fields", [])]
        if columns != table.columns:
            raise LoadError(
                f"{resource['path']}: its schema lists the columns {', '.join(map(str, columns))}"
                f"; this code expects {', '.join(table.columns)}."
            )
        found.append((table, resource))
    return found


def _check_file(package: _Package, resource: dict) -> None:
    name = resource["path"]
    if not package.exists(name):
        raise LoadError(f"{name} is missing from {package.path}, though {DESCRIPTOR} lists it.")
    digest, size = hashlib.sha256(), 0
    with package.open(name) as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    if resource.get("bytes") is not None and resource["bytes"] != size:
        raise LoadError(
            f"{name} is {size} bytes where {DESCRIPTOR} says {resource['bytes']}: the file was "
            "altered or cut short. Use an untouched copy of the package."
        )
    if resource.get("hash") != f"sha256:{digest.hexdigest()}":
        raise LoadError(
            f"{name} does not match the SHA-256 hash in {DESCRIPTOR}: the file was altered. "
            "Use an untouched copy of the package."
        )


# --- values --------------------------------------------------------------------------------------


class _BadValue(Exception):
    pass


def from_cell(field: models.Field, cell: str):
    """The value of ``field`` a CSV cell holds (the reverse of ``schema.to_cell``)."""
    if "\x00" in cell:
        raise _BadValue("it holds a NUL character")
    if cell == "":
        if field.null:
            return None
        if isinstance(field, TEXT_FIELDS):
            return ""
        raise _BadValue("it is empty, but the column requires a value")
    kind = field_type(field)
    if kind == "integer":
        if not _INTEGER.fullmatch(cell):
            raise _BadValue(f"{cell!r} is not an integer")
        return int(cell)
    if kind == "boolean":
        if cell not in ("true", "false"):
            raise _BadValue(f"{cell!r} is not true or false")
        return cell == "true"
    if kind == "date":
        try:
            if not _DATE.fullmatch(cell):
                raise ValueError
            return datetime.date.fromisoformat(cell)
        except ValueError:
            raise _BadValue(f"{cell!r} is not a date (YYYY-MM-DD)") from None
    if kind == "datetime":
        try:
            if not _DATETIME.fullmatch(cell):
                raise ValueError
            return datetime.datetime.fromisoformat(cell)
        except ValueError:
            raise _BadValue(f"{cell!r} is not a UTC date-time (YYYY-MM-DDThh:mm:ssZ)") from None
    if kind == "number":
        try:
            number = decimal.Decimal(cell)
        except decimal.InvalidOperation:
            raise _BadValue(f"{cell!r} is not a number") from None
        return number if isinstance(field, models.DecimalField) else float(number)
    if kind in ("array", "object"):
        try:
            value = json.loads(cell)
        except ValueError:
            raise _BadValue("it is not valid JSON") from None
        if not isinstance(value, list if kind == "array" else dict):
            raise _BadValue(f"it is not a JSON {kind}")
        return value
    if isinstance(field, models.CharField) and field.max_length and len(cell) > field.max_length:
        raise _BadValue(f"it is {len(cell)} characters long, more than {field.max_length}")
    if field.choices and cell not in {str(value) for value, _label in field.flatchoices}:
        raise _BadValue(f"{cell!r} is not one of the column's values")
    return cell


def _rows(package: _Package, table: Table, resource: dict) -> Iterator[models.Model]:
    name = resource["path"]
    with (
        package.open(name) as raw,
        io.TextIOWrapper(raw, encoding="utf-8", newline="") as text,
    ):
        reader = csv.reader(text)
        try:
            header = next(reader, None)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise LoadError(f"{name}: its header cannot be read ({exc}).") from None
        if header != table.columns:
            raise LoadError(
                f"{name}: its header row is {', '.join(header or [])}; the columns must be "
                f"{', '.join(table.columns)}."
            )
        number = 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as exc:
                raise LoadError(f"{name}, row {number + 1}: cannot be read ({exc}).") from None
            number += 1
            if len(cells) != len(table.columns):
                raise LoadError(
                    f"{name}, row {number}: {len(cells)} cells where the header has "
                    f"{len(table.columns)} columns."
                )
            values = {}
            for model_field, cell in zip(table.fields, cells, strict=True):
                try:
                    values[model_field.attname] = from_cell(model_field, cell)
                except _BadValue as exc:
                    raise LoadError(
                        f"{name}, row {number}, column {model_field.column}: {exc}."
                    ) from None
            yield table.model(**values)


# --- loading -------------------------------------------------------------------------------------


def content_counts() -> dict[str, int]:
    """The rows the database holds in the archive's own tables, by table."""
    held = {}
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.app_label in CONTENT_APPS and opts.managed and not opts.proxy:
            if count := model._base_manager.count():
                held[opts.db_table] = count
    return held


def package_import(*, path: Path, progress: Progress | None = None) -> ImportReport:
    """Load the package at ``path`` (a folder or a zip) into the empty database."""
    path = Path(path)
    if held := content_counts():
        listed = ", ".join(f"{count} rows in {name}" for name, count in list(held.items())[:5])
        raise LoadError(
            f"The database is not empty: it holds {listed}. import_data loads a package into an "
            "empty, migrated database only: create one and run `manage.py migrate` first."
        )
    package = _Package(path)
    try:
        descriptor = _descriptor(package)
        found = _check_files(package, descriptor)
        report = ImportReport(path=path, descriptor=descriptor)
        try:
            with transaction.atomic():
                for table, resource in found:
                    report.rows[table.name] = _insert(package, table, resource)
                    if progress:
                        progress(f"{table.name}: {report.rows[table.name]} rows")
                _finish(found, progress=progress)
        except (IntegrityError, DatabaseError) as exc:
            raise LoadError(
                f"The package could not be loaded: {exc}. Nothing was changed in the database."
            ) from exc
        except LoadError as exc:
            raise LoadError(f"{exc} Nothing was changed in the database.") from exc
    finally:
        package.close()
    return report


def _insert(package: _Package, table: Table, resource: dict) -> int:
    count, batch = 0, []
    manager = table.model._base_manager
    for obj in _rows(package, table, resource):
        batch.append(obj)
        if len(batch) == BATCH:
            manager._insert(batch, fields=table.fields, raw=True)
            count, batch = count + len(batch), []
    if batch:
        manager._insert(batch, fields=table.fields, raw=True)
        count += len(batch)
    expected = resource.get("rows")
    if expected is not None and expected != count:
        raise LoadError(
            f"{resource['path']} holds {count} rows where {DESCRIPTOR} says {expected}."
        )
    return count


def _finish(found: list[tuple[Table, dict]], *, progress: Progress | None) -> None:
    from articles.ingest.duplicates import rebuild_fingerprints
    from articles.search_index import rebuild
    from articles.summary import rebuild_counts

    with connection.cursor() as cursor:
        statements = connection.ops.sequence_reset_sql(
            no_style(), [table.model for table, _resource in found]
        )
        for statement in statements:
            cursor.execute(statement)
    try:
        connection.check_constraints()
    except IntegrityError as exc:
        raise LoadError(f"A row names a row the package lacks: {exc}.") from None
    if progress:
        progress("rebuilding the search index, the fingerprints and the counts")
    rebuild(from_scratch=True)
    rebuild_fingerprints()
    rebuild_counts()
