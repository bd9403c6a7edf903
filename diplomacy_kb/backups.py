"""Backing up the archive to one file, and restoring it into an empty database.

A backup is a zip archive, deflate-compressed, holding

- ``manifest.json``: the format and its version, when the backup was made, the project's
  version and git commit, Django's version, the database vendor, every migration applied,
  and for each model its file, its row count and the rows of its many-to-many tables;
- ``data/<app>.<model>.jsonl``: the model's rows as Django serialises them (JSON Lines, one
  row a line), in primary-key order.

Everything the archive holds is there except what is derived from it or what ``migrate``
creates: the search index and its full-text table, the text fingerprints, sessions, content
types and permissions (only those a migrated database lacks are kept: a model since removed,
a permission made by hand). Content types, permissions, groups and users are referred to by
natural key, so a database whose content types have other ids accepts the file; every other
row keeps its primary key, by which the history and the admin log name it.

Memory: a backup reads rows with ``QuerySet.iterator()`` (a server-side cursor on
PostgreSQL, ``fetchmany`` on SQLite), ``CHUNK`` at a time with their many-to-many values,
and writes each to the compressed stream as it comes. A restore reads one line at a time and
inserts ``BATCH`` rows at a time. Neither holds more than a chunk of rows, whatever the size
of the archive.

A restore checks the whole file (checksums, manifest, schema) before it writes, then in one
transaction loads every row as it was (raw, as ``loaddata`` saves: no signals, so the search
index is not written row by row), rebuilds the search index and the fingerprints, compares
the counts with the manifest and commits. On any error nothing is changed.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import os
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "diplomacy-kb-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 2000  # rows read from the database at a time
BATCH = 500  # rows inserted at a time

# Derived from other rows (rebuilt by a restore), or short-lived.
DERIVED = ("articles.SearchEntry", "articles.FingerprintBand")
NOT_BACKED_UP = (*DERIVED, "sessions.Session")
# `migrate` creates these; only the rows it would not create are backed up.
MIGRATE_CREATES = ("contenttypes.ContentType", "auth.Permission")
# Matched with the database's own rows by natural key on restore: a migrated database holds
# the content types, the permissions and the groups its migrations make (Editor).
NATURAL_PRIMARY_KEYS = (*MIGRATE_CREATES, "auth.Group")

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says what to do."""


@contextlib.contextmanager
def consistent_read() -> Iterator[None]:
    """One transaction that reads every table as of its start, while the site goes on
    writing: PostgreSQL's REPEATABLE READ, read only (a SQLite transaction already reads one
    state). Inside a transaction already begun, that one is used as it is."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


@dataclass
class BackupReport:
    path: Path
    manifest: dict
    size: int


@dataclass
class RestoreReport:
    path: Path
    manifest: dict
    replaced: dict[str, int] = field(default_factory=dict)
    search_entries: int = 0
    fingerprinted: int = 0
    warnings: list[str] = field(default_factory=list)


def counts(manifest: dict) -> dict[str, int]:
    """Rows by model label, as the manifest records them."""
    return {entry["model"]: entry["count"] for entry in manifest["models"]}


# --- what is backed up -----------------------------------------------------------------------


def backed_up_models() -> list[type[models.Model]]:
    """Every model whose rows are backed up, in an order that loads: after the models its
    natural keys refer to (the order of Django's ``dumpdata``)."""
    by_app: dict = {}
    for model in apps.get_models():
        opts = model._meta
        if opts.proxy or not opts.managed or opts.swapped or opts.label in NOT_BACKED_UP:
            continue
        by_app.setdefault(opts.app_config, []).append(model)
    return serializers.sort_dependencies(by_app.items(), allow_cycles=True)


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _selected(model: type[models.Model]) -> models.QuerySet:
    """The rows of ``model`` that are backed up."""
    rows = model._base_manager.order_by(model._meta.pk.name)
    label = model._meta.label
    if label == "contenttypes.ContentType":
        installed = {(m._meta.app_label, m._meta.model_name) for m in apps.get_models()}
        keys = rows.values_list("pk", "app_label", "model")
        rows = rows.filter(pk__in=[pk for pk, *key in keys if tuple(key) not in installed])
    elif label == "auth.Permission":
        builtin = _builtin_permissions()
        keys = rows.values_list("pk", "content_type__app_label", "content_type__model", "codename")
        rows = rows.filter(pk__in=[pk for pk, *key in keys if tuple(key) not in builtin])
    return rows


def _builtin_permissions() -> set[tuple[str, str, str]]:
    """(app label, model, codename) of every permission ``migrate`` creates."""
    found = set()
    for model in apps.get_models():
        opts = model._meta
        codenames = [get_permission_codename(action, opts) for action in opts.default_permissions]
        codenames += [codename for codename, _name in opts.permissions]
        found |= {(opts.app_label, opts.model_name, codename) for codename in codenames}
    return found


def _with_related(model: type[models.Model], rows: models.QuerySet) -> models.QuerySet:
    """``rows`` fetching what their serialisation reads: the rows natural keys name and the
    many-to-many values (a chunk at a time, not one query a row)."""
    natural = [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation and hasattr(f.related_model, "natural_key")
    ]
    if natural:
        rows = rows.select_related(*natural)
    prefetch = []
    for m2m in _auto_m2m(model):
        target = m2m.related_model._base_manager.all()
        if hasattr(m2m.related_model, "natural_key"):
            target = target.select_related()
        else:
            target = target.only("pk")
        prefetch.append(models.Prefetch(m2m.name, queryset=target))
    return rows.prefetch_related(*prefetch)


def _auto_m2m(model: type[models.Model]) -> list[models.ManyToManyField]:
    """The many-to-many fields whose table Django makes (not those with a through model)."""
    return [f for f in model._meta.local_many_to_many if f.remote_field.through._meta.auto_created]


def _m2m_count(m2m: models.ManyToManyField, sources: models.QuerySet) -> int:
    through = m2m.remote_field.through
    return through._base_manager.filter(
        **{f"{m2m.m2m_field_name()}__in": sources.values("pk")}
    ).count()


def _applied() -> set[str]:
    return {f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()}


# --- backup ----------------------------------------------------------------------------------


def backup_create(*, path: Path, progress: Progress | None = None) -> BackupReport:
    """Write the archive to ``path``, which must not exist yet; return what was written.

    The file appears only when complete: it is written beside ``path`` under a temporary
    name, checked and renamed. Everything is read in one transaction, so the backup is one
    state of the database even while editors work (on PostgreSQL a REPEATABLE READ
    transaction; on SQLite a read transaction sees one snapshot).
    """
    path = Path(path)
    if path.exists():
        raise BackupError(
            f"{path} already exists: backup never overwrites a file. Choose another name (one "
            "with today's date, say) or move the old file away first."
        )
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist: create it first.")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    except OSError as exc:
        raise BackupError(f"Cannot write in {path.parent} ({exc.strerror}).") from exc
    os.close(fd)
    temporary = Path(name)
    try:
        with consistent_read():
            manifest = _write_archive(temporary, progress=progress)
        with zipfile.ZipFile(temporary) as archive:
            if bad := archive.testzip():
                raise BackupError(f"The backup just written fails its checksum in {bad}.")
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        if path.exists():
            raise BackupError(f"{path} appeared while the backup was written; it is left alone.")
        os.replace(temporary, path)
    except DatabaseError as exc:
        raise BackupError(
            f"The database could not be read ({exc}). Is it migrated (`manage.py migrate`)? "
            "No backup was written."
        ) from exc
    except OSError as exc:
        raise BackupError(
            f"{path} could not be written ({exc.strerror}: disk full, or no permission?). "
            "No backup was written."
        ) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    return BackupReport(path=path, manifest=manifest, size=path.stat().st_size)


def _write_archive(temporary: Path, *, progress: Progress | None) -> dict:
    entries = []
    now = datetime.datetime.now(datetime.UTC)
    with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for model in backed_up_models():
            rows = _selected(model)
            counted = _Counted(_with_related(model, rows).iterator(chunk_size=CHUNK))
            member = zipfile.ZipInfo(f"data/{_label(model)}.jsonl", date_time=now.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            # force_zip64: a member's size is not known before it is written, and may pass 2 GB.
            with (
                archive.open(member, "w", force_zip64=True) as raw,
                io.TextIOWrapper(raw, encoding="utf-8", newline="\n") as text,
            ):
                serializers.serialize(
                    "jsonl",
                    counted,
                    stream=text,
                    use_natural_foreign_keys=True,
                    use_natural_primary_keys=model._meta.label in NATURAL_PRIMARY_KEYS,
                    cls=_ExactEncoder,
                )
            entry = {"model": _label(model), "file": member.filename, "count": counted.count}
            if m2m := {f.name: _m2m_count(f, rows) for f in _auto_m2m(model)}:
                entry["m2m"] = m2m
            entries.append(entry)
            if progress:
                progress(f"{entry['model']}: {counted.count} rows")
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created": now.isoformat(timespec="seconds"),
            "project": _project(),
            "django": django.get_version(),
            "database": connection.vendor,
            "migrations": sorted(_applied()),
            "models": entries,
            "derived": {
                _label(apps.get_model(label)): apps.get_model(label)._base_manager.count()
                for label in DERIVED
            },
        }
        archive.writestr(MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return manifest


class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder, but keeping times to the microsecond (it keeps milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class _Counted:
    """An iterator that counts what passes through it."""

    def __init__(self, rows: Iterable):
        self.rows = iter(rows)
        self.count = 0

    def __iter__(self):
        return self

    def __next__(self):
        row = next(self.rows)
        self.count += 1
        return row


def _project() -> dict:
    try:
        version = metadata.version("diplomacy-kb")
    except metadata.PackageNotFoundError:
        version = None
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return {"name": "diplomacy-kb", "version": version, "commit": commit or None}


# --- reading a backup ------------------------------------------------------------------------


def backup_read(*, path: Path) -> dict:
    """Check that ``path`` is a whole, undamaged backup of this project in a format this
    code reads; return its manifest. Reads the whole file, writes nothing."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file.")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise BackupError(_not_a_zip(path)) from None
    except OSError as exc:
        raise BackupError(f"{path} cannot be read: {exc.strerror}.") from None
    with archive:
        if MANIFEST not in archive.namelist():
            raise BackupError(
                f"{path} is a zip archive without {MANIFEST}, so not a Diplomacy KB backup "
                "(another project's?). Use a file made by `manage.py backup`."
            )
        try:
            manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
        except (zipfile.BadZipFile, zlib.error, UnicodeDecodeError, ValueError) as exc:
            raise BackupError(f"{path}: its {MANIFEST} is damaged ({exc}).") from None
        _check_manifest(path, manifest, set(archive.namelist()))
        try:
            bad = archive.testzip()
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise BackupError(f"{path} is damaged ({exc}). Use another copy.") from None
        if bad:
            raise BackupError(f"{path} is damaged: {bad} fails its checksum. Use another copy.")
    return manifest


def _not_a_zip(path: Path) -> str:
    with open(path, "rb") as file:
        start = file.read(16)
    if start.startswith(b"PK"):
        return (
            f"{path} is an incomplete zip archive: it was cut short (a copy or a backup that did "
            "not finish?). Use a complete copy of the backup."
        )
    if start.startswith(b"\x1f\x8b"):
        what = "a gzip file (`dumpdata` output?)"
    elif start.lstrip()[:1] in (b"[", b"{"):
        what = "a JSON file (`dumpdata` output?)"
    else:
        what = "not a zip archive"
    return f"{path} is {what}, not a backup made by `manage.py backup`: restore reads only those."


def _check_manifest(path: Path, manifest, names: set[str]) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            f"{path} is not a Diplomacy KB backup: its {MANIFEST} does not name the format "
            f"{FORMAT!r} (another project's?). Use a file made by `manage.py backup`."
        )
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(
            f"{path} is in backup format {version!r}, newer than this code reads "
            f"({FORMAT_VERSION}). Restore it with the code that made it ({_made_by(manifest)}) "
            "or a later one."
        )
    entries = manifest.get("models")
    if not isinstance(entries, list) or not isinstance(manifest.get("migrations"), list):
        raise BackupError(f"{path}: its {MANIFEST} lacks the list of models or of migrations.")
    for entry in entries:
        label = entry.get("model") if isinstance(entry, dict) else None
        if not isinstance(label, str) or not isinstance(entry.get("count"), int):
            raise BackupError(f"{path}: its {MANIFEST} has a malformed entry: {entry!r}.")
        try:
            apps.get_model(label)
        except (LookupError, ValueError):
            raise BackupError(
                f"{path} holds {label}, a model this code does not have: restore it with the "
                f"code that made it ({_made_by(manifest)})."
            ) from None
        if entry.get("file") not in names:
            raise BackupError(
                f"{path} lacks {entry.get('file')}, which its {MANIFEST} lists: the file is "
                "incomplete. Use another copy of the backup."
            )


def _made_by(manifest: dict) -> str:
    project = manifest.get("project") or {}
    parts = [f"version {project.get('version') or '?'}"]
    if project.get("commit"):
        parts.append(f"commit {project['commit'][:12]}")
    if manifest.get("created"):
        parts.append(f"backup of {manifest['created']}")
    return ", ".join(parts)


def _check_schema(path: Path, manifest: dict) -> None:
    """The database must be migrated as the one the backup was made from was."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _backwards in plan[:3])
        raise BackupError(
            f"The database is not migrated ({len(plan)} migrations to apply: {names}…). "
            "Run `manage.py migrate` first, then restore."
        )
    here, there = _applied(), set(manifest["migrations"])
    if newer := sorted(there - here):
        raise BackupError(
            f"{path} was made with a newer schema: this code lacks its migrations "
            f"{_some(newer)}. Update the code to the version that made it "
            f"({_made_by(manifest)}) or a later one, run `manage.py migrate`, then restore."
        )
    if older := sorted(here - there):
        raise BackupError(
            f"{path} was made with an older schema: it predates the migrations {_some(older)}. "
            f"Restore it with the code that made it ({_made_by(manifest)}) into a database "
            "migrated by that code, then update the code and run `manage.py migrate`, which "
            "carries the data forward."
        )


def _some(names: list[str]) -> str:
    return ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")


# --- restore ---------------------------------------------------------------------------------


def backup_restore(
    *, path: Path, force: bool = False, check_only: bool = False, progress: Progress | None = None
) -> RestoreReport:
    """Load the backup at ``path``, rebuild the derived data and check the counts, in one
    transaction. The database must be migrated as the backup's was and hold no content,
    unless ``force``: then what it holds is deleted in the same transaction. ``check_only``
    reads the whole file and checks it against this database, writing nothing."""
    path = Path(path)
    manifest = backup_read(path=path)
    _check_schema(path, manifest)
    ContentType.objects.clear_cache()  # natural keys must find the rows as they are now
    report = RestoreReport(path=path, manifest=manifest)
    report.replaced = held = _content_counts()
    if held and not force:
        listed = _some([f"{count} {label}" for label, count in held.items()])
        raise BackupError(
            f"The database is not empty: it holds {listed}. Restore into an empty database "
            "(create one and run `manage.py migrate`), or pass --force to replace what this "
            "one holds with the backup (it is deleted, in the same transaction as the "
            "restore: back it up first if you may need it)."
        )
    if check_only:
        for entry, lines in _members(path, manifest):
            _check_read(path, entry, _check_lines(path, entry, lines))
        return report
    try:
        with transaction.atomic():
            if held:
                _delete_content()
            _load(path, manifest, progress=progress)
            _rebuild_derived(report, progress=progress)
            _check_counts(manifest)
    except BackupError as exc:
        raise BackupError(f"{exc} Nothing was changed in the database.") from exc
    except (DeserializationError, ObjectDoesNotExist, DatabaseError, ValueError) as exc:
        raise BackupError(
            f"{path} could not be restored: {exc}. Nothing was changed in the database."
        ) from exc
    for label, now in (
        ("articles.searchentry", report.search_entries),
        ("articles.fingerprintband", apps.get_model("articles.FingerprintBand").objects.count()),
    ):
        then = (manifest.get("derived") or {}).get(label)
        if then is not None and then != now:
            report.warnings.append(
                f"{label}: {now} rows rebuilt where the backed-up database had {then} (its "
                "derived data was out of date, or made by other code); the rebuilt rows follow "
                "the restored ones."
            )
    return report


def _content_counts() -> dict[str, int]:
    """The backed-up models that hold rows, but for what a migrated database holds already
    (content types, permissions, the groups migrations make)."""
    held = {}
    for model in backed_up_models():
        if model._meta.label not in NATURAL_PRIMARY_KEYS:
            if count := model._base_manager.count():
                held[_label(model)] = count
    return held


def _delete_content() -> None:
    """Empty every backed-up table but content types and permissions, and the derived ones
    and the sessions (a session names a user id, which may be another user's after)."""
    emptied = [m for m in backed_up_models() if m._meta.label not in MIGRATE_CREATES]
    emptied += [apps.get_model(label) for label in NOT_BACKED_UP]
    tables = []
    for model in emptied:
        tables.append(model._meta.db_table)
        tables += [f.remote_field.through._meta.db_table for f in _auto_m2m(model)]
    statements = connection.ops.sql_flush(no_style(), tables, allow_cascade=False)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE refuses tables with key checks pending in the transaction: run them.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for statement in statements:
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _members(path: Path, manifest: dict) -> Iterator[tuple[dict, Iterable[str]]]:
    """Each model's entry and the lines of its file, streamed."""
    with zipfile.ZipFile(path) as archive:
        for entry in manifest["models"]:
            with (
                archive.open(entry["file"]) as raw,
                io.TextIOWrapper(raw, encoding="utf-8") as lines,
            ):
                yield entry, lines


def _check_lines(path: Path, entry: dict, lines: Iterable[str]) -> int:
    found = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:
            raise BackupError(f"{path}: line {number} of {entry['file']} is not JSON.") from None
        if not isinstance(row, dict) or row.get("model") != entry["model"]:
            raise BackupError(
                f"{path}: line {number} of {entry['file']} is not a row of {entry['model']}."
            )
        found += 1
    return found


def _check_read(path: Path, entry: dict, found: int) -> None:
    if found != entry["count"]:
        raise BackupError(
            f"{path}: {entry['file']} holds {found} rows where its manifest says "
            f"{entry['count']}: the file was altered. Use another copy of the backup."
        )


def _load(path: Path, manifest: dict, *, progress: Progress | None) -> None:
    for entry, lines in _members(path, manifest):
        model = apps.get_model(entry["model"])
        objects = serializers.deserialize("jsonl", lines, handle_forward_references=False)
        found = 0
        if model._meta.label in NATURAL_PRIMARY_KEYS or model._meta.parents:
            # Few rows (or inherited ones, kept in two tables): saved one by one, a row the
            # database already holds under the same natural key being updated.
            for obj in _of_model(objects, model, path, entry):
                obj.save()
                found += 1
        else:
            batch = []
            for obj in _of_model(objects, model, path, entry):
                batch.append(obj)
                if len(batch) == BATCH:
                    found += _insert(model, batch)
                    batch = []
            found += _insert(model, batch)
        _check_read(path, entry, found)
        if progress:
            progress(f"{entry['model']}: {found} rows")


def _of_model(objects, model: type[models.Model], path: Path, entry: dict):
    """The deserialised rows, each checked to be of ``model``; an error names the row."""
    number = 0
    while True:
        number += 1
        try:
            obj = next(objects)
        except StopIteration:
            return
        except (DeserializationError, ObjectDoesNotExist, ValueError) as exc:
            raise BackupError(
                f"{path}: row {number} of {entry['file']} cannot be read: {exc}."
            ) from exc
        if type(obj.object) is not model:
            raise BackupError(
                f"{path}: {entry['file']} holds a row of {_label(type(obj.object))}, not of "
                f"{entry['model']}: the file was altered. Use another copy of the backup."
            )
        yield obj


def _insert(model: type[models.Model], batch: list) -> int:
    """Insert the rows as they were, many to a statement (raw, as ``loaddata`` saves:
    ``auto_now`` fields keep their value, no signals), then their many-to-many rows."""
    if not batch:
        return 0
    fields = model._meta.concrete_fields
    objs = [obj.object for obj in batch]
    size = max(1, min(BATCH, connection.ops.bulk_batch_size(fields, objs)))
    for start in range(0, len(objs), size):
        model._base_manager._insert(objs[start : start + size], fields=fields, raw=True)
    for m2m in _auto_m2m(model):
        through = m2m.remote_field.through
        source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
        rows = [
            through(**{f"{source}_id": obj.object.pk, f"{target}_id": value})
            for obj in batch
            for value in (obj.m2m_data or {}).get(m2m.name, ())
        ]
        # A symmetrical relation lists each pair from both ends, and its table holds both.
        through._base_manager.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return len(batch)


def _rebuild_derived(report: RestoreReport, *, progress: Progress | None) -> None:
    from articles.ingest.duplicates import rebuild_fingerprints
    from articles.models import SearchEntry
    from articles.search_index import rebuild

    loaded = [m for m in backed_up_models() if m._meta.label not in MIGRATE_CREATES]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), loaded):
            cursor.execute(statement)
    # Every key must name a row before the index is built; this names the first that does
    # not, where a failed commit would not say which.
    connection.check_constraints()
    if progress:
        progress("rebuilding the search index")
    rebuild(from_scratch=True)
    report.search_entries = SearchEntry.objects.count()
    if progress:
        progress("rebuilding the text fingerprints")
    report.fingerprinted = rebuild_fingerprints()[0]


def _check_counts(manifest: dict) -> None:
    wrong = []
    for entry in manifest["models"]:
        model = apps.get_model(entry["model"])
        if model._meta.label in NATURAL_PRIMARY_KEYS:
            continue  # merged with the database's own rows; each row was read (_check_read)
        rows = model._base_manager.all()
        if (count := rows.count()) != entry["count"]:
            wrong.append(f"{entry['model']}: {count} rows where the manifest says {entry['count']}")
        for m2m in _auto_m2m(model):
            expected = (entry.get("m2m") or {}).get(m2m.name)
            if expected is not None and (count := _m2m_count(m2m, rows)) != expected:
                wrong.append(f"{entry['model']}.{m2m.name}: {count} links, not {expected}")
    if wrong:
        raise BackupError("The restored rows do not match the manifest: " + "; ".join(wrong) + ".")
