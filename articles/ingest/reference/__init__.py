"""A reference gazetteer: the countries and multilateral bodies an article may name.

The importer proposes the countries and bodies an article names even when the archive does
not hold them yet; these are the names it looks for. They ship as data beside this module
(``countries.toml``, ``bodies.toml``; each file's header documents its fields).

Standard library only (plus ``diplomacy_kb.text.fold``), so it runs without Django or a
database. The files are checked when read: a mistake raises ``ValueError`` naming the file,
the row and what is wrong. ``reference_countries()`` and ``reference_bodies()`` read the
shipped files once; ``load_countries(path)`` and ``load_bodies(path)`` read and check any file.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from diplomacy_kb.text import fold

__all__ = [
    "BODIES_FILE",
    "COUNTRIES_FILE",
    "BodyKind",
    "ReferenceBody",
    "ReferenceCountry",
    "load_bodies",
    "load_countries",
    "reference_bodies",
    "reference_countries",
]

COUNTRIES_FILE = Path(__file__).resolve().with_name("countries.toml")
BODIES_FILE = Path(__file__).resolve().with_name("bodies.toml")
SCHEMA = 1

_CODE = re.compile(r"[A-Z]{2}")
_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ABBREVIATION = re.compile(r"[A-Za-z][A-Za-z0-9+\-]*")
# Texts print "Á - Âu", "Á – Âu" and "Á-Âu" alike, so names are compared with dashes and
# spaces normalised as well as folded.
_DASH = re.compile(r"\s*[-\u2010-\u2015]\s*")
_SPACES = re.compile(r"\s+")


class BodyKind:
    ORGANISATION = "organisation"
    ORGAN = "organ"
    FORUM = "forum"
    AGREEMENT = "agreement"
    SUBREGION = "subregion"

    choices = (ORGANISATION, ORGAN, FORUM, AGREEMENT, SUBREGION)


@dataclass(frozen=True)
class ReferenceCountry:
    code: str  # ISO 3166-1 alpha-2
    name_vi: str
    name_en: str
    other_names: tuple[str, ...] = ()
    # A name without a space (Mỹ, Anh, Lào) is also an ordinary word or a given name.
    ambiguous: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        """The names a Vietnamese text may print, ``name_vi`` first."""
        return (self.name_vi, *self.other_names)


@dataclass(frozen=True)
class ReferenceBody:
    key: str
    name_vi: str
    name_en: str
    abbreviation: str  # "" when the press uses none
    kind: str  # one of BodyKind.choices
    parent: str = ""  # key of the body this one belongs to; always set for an organ
    other_names: tuple[str, ...] = ()
    # The abbreviation or a name without a space is also an ordinary word once folded.
    ambiguous: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        """The names a Vietnamese text may print, ``name_vi`` first, then the abbreviation."""
        abbreviation = (self.abbreviation,) if self.abbreviation else ()
        return (self.name_vi, *abbreviation, *self.other_names)


@functools.cache
def reference_countries() -> tuple[ReferenceCountry, ...]:
    """The shipped countries, read and checked once."""
    return load_countries(COUNTRIES_FILE)


@functools.cache
def reference_bodies() -> tuple[ReferenceBody, ...]:
    """The shipped multilateral bodies, read and checked once."""
    return load_bodies(BODIES_FILE)


def load_countries(path: Path | str = COUNTRIES_FILE) -> tuple[ReferenceCountry, ...]:
    """Read and check a countries file (``[[countries]]`` rows); ``ValueError`` if it is wrong."""
    source = _Source(Path(path), "countries", label="code")
    countries = []
    for row in source.rows():
        fields = row.fields(
            required={"code": str, "name_vi": str, "name_en": str},
            optional={"other_names": list, "ambiguous": bool},
        )
        country = ReferenceCountry(
            code=fields["code"],
            name_vi=fields["name_vi"],
            name_en=fields["name_en"],
            other_names=tuple(row.strings(fields, "other_names")),
            ambiguous=fields.get("ambiguous", False),
        )
        if not _CODE.fullmatch(country.code):
            row.fail(f"code {country.code!r} is not two capital letters (ISO 3166-1 alpha-2)")
        row.check_names(country.names, name_en=country.name_en, ambiguous=country.ambiguous)
        countries.append((row, country))
    source.check_unique((row, country.code) for row, country in countries)
    source.check_distinct_names(
        (row, (*country.names, country.name_en)) for row, country in countries
    )
    return tuple(country for _, country in countries)


def load_bodies(path: Path | str = BODIES_FILE) -> tuple[ReferenceBody, ...]:
    """Read and check a bodies file (``[[bodies]]`` rows); ``ValueError`` if it is wrong."""
    source = _Source(Path(path), "bodies", label="key")
    bodies = []
    for row in source.rows():
        fields = row.fields(
            required={"key": str, "name_vi": str, "name_en": str, "abbreviation": str, "kind": str},
            optional={"parent": str, "other_names": list, "ambiguous": bool},
        )
        body = ReferenceBody(
            key=fields["key"],
            name_vi=fields["name_vi"],
            name_en=fields["name_en"],
            abbreviation=fields["abbreviation"],
            kind=fields["kind"],
            parent=fields.get("parent", ""),
            other_names=tuple(row.strings(fields, "other_names")),
            ambiguous=fields.get("ambiguous", False),
        )
        if not _KEY.fullmatch(body.key):
            row.fail(f"key {body.key!r} is not an ASCII slug (a-z, 0-9 and single hyphens)")
        if body.kind not in BodyKind.choices:
            row.fail(f"kind {body.kind!r} is not one of {', '.join(BodyKind.choices)}")
        if body.abbreviation and not _ABBREVIATION.fullmatch(body.abbreviation):
            row.fail(
                f"abbreviation {body.abbreviation!r} must be Latin letters, digits, '+' or '-',"
                ' starting with a letter (or "" for none)'
            )
        if body.kind == BodyKind.ORGAN and not body.parent:
            row.fail("an organ needs a parent (the key of the body it belongs to)")
        row.check_names(body.names, name_en=body.name_en, ambiguous=body.ambiguous)
        bodies.append((row, body))
    source.check_unique((row, body.key) for row, body in bodies)
    _check_parents(bodies)
    source.check_distinct_names((row, (*body.names, body.name_en)) for row, body in bodies)
    return tuple(body for _, body in bodies)


def _check_parents(bodies: Sequence[tuple[_Row, ReferenceBody]]) -> None:
    parents = {body.key: body.parent for _, body in bodies}
    for row, body in bodies:
        if body.parent and body.parent not in parents:
            row.fail(f"parent {body.parent!r} is not the key of any row")
    for row, body in bodies:
        seen = [body.key]
        key = body.parent
        while key:
            if key in seen:
                row.fail(f"parents form a loop: {' -> '.join([*seen, key])}")
            seen.append(key)
            key = parents[key]


def _match_key(name: str) -> str:
    """How two names are compared: folded, with dashes and runs of spaces made uniform."""
    return _SPACES.sub(" ", _DASH.sub("-", fold(name))).strip()


class _Source:
    """One file being read: where it is and which array of tables it holds."""

    def __init__(self, path: Path, table: str, *, label: str) -> None:
        self.path = path
        self.table = table
        self.label = label  # the field that names a row in messages

    def fail(self, problem: str) -> NoReturn:
        raise ValueError(f"{self.path}: {problem}")

    def rows(self) -> list[_Row]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            self.fail(f"not UTF-8 ({exc})")
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            self.fail(f"not valid TOML: {exc}")
        unknown = sorted(set(data) - {"schema", self.table})
        if unknown:
            self.fail(f"unknown top-level key(s) {', '.join(unknown)}")
        if data.get("schema") != SCHEMA:
            self.fail(f"schema = {data.get('schema')!r}; this loader reads schema = {SCHEMA}")
        tables = data.get(self.table)
        if not isinstance(tables, list) or not tables:
            self.fail(f"no [[{self.table}]] rows")
        # tomllib gives no positions, so find each row's header line for the messages.
        header = re.compile(rf"^\s*\[\[\s*{re.escape(self.table)}\s*\]\]", re.MULTILINE)
        lines = [text.count("\n", 0, m.start()) + 1 for m in header.finditer(text)]
        return [
            _Row(self, number, lines[number - 1] if len(lines) == len(tables) else None, table)
            for number, table in enumerate(tables, start=1)
        ]

    def check_unique(self, keyed: Iterable[tuple[_Row, str]]) -> None:
        first: dict[str, _Row] = {}
        for row, key in keyed:
            if key in first:
                row.fail(f"{key!r} is already used by {first[key].where}")
            first[key] = row

    def check_distinct_names(self, named: Iterable[tuple[_Row, Sequence[str]]]) -> None:
        owner: dict[str, tuple[_Row, str]] = {}
        for row, names in named:
            own = {_match_key(name): name for name in reversed(names)}
            for key, name in own.items():
                if key in owner:
                    other_row, other_name = owner[key]
                    row.fail(
                        f"name {name!r} is also a name of {other_row.where}"
                        f" ({other_name!r}) once folded"
                    )
            owner.update((key, (row, name)) for key, name in own.items())


class _Row:
    """One ``[[table]]`` row of a source, for checks and error messages."""

    def __init__(self, source: _Source, number: int, line: int | None, data: Any) -> None:
        self.source = source
        self.number = number
        self.line = line
        self.data = data

    @property
    def where(self) -> str:
        where = f"[[{self.source.table}]] #{self.number}"
        if self.line is not None:
            where += f" (line {self.line})"
        label = self.data.get(self.source.label) if isinstance(self.data, dict) else None
        if isinstance(label, str):
            where += f" ({self.source.label} {label!r})"
        return where

    def fail(self, problem: str) -> NoReturn:
        self.source.fail(f"{self.where}: {problem}")

    def fields(self, *, required: dict[str, type], optional: dict[str, type]) -> dict[str, Any]:
        if not isinstance(self.data, dict):
            self.fail("is not a table")
        for field in required:
            if field not in self.data:
                self.fail(f"missing field {field!r}")
        for field, value in self.data.items():
            expected = required.get(field) or optional.get(field)
            if expected is None:
                known = ", ".join([*required, *optional])
                self.fail(f"unknown field {field!r} (known fields: {known})")
            if not isinstance(value, expected):
                self.fail(f"field {field!r} must be a {_TYPE_NAMES[expected]}, not {value!r}")
        return self.data

    def strings(self, fields: dict[str, Any], field: str) -> list[str]:
        values = fields.get(field, [])
        for value in values:
            if not isinstance(value, str):
                self.fail(f"field {field!r} must hold strings only, not {value!r}")
        return values

    def check_names(self, names: Sequence[str], *, name_en: str, ambiguous: bool) -> None:
        for name in (*names, name_en):
            if not name.strip():
                self.fail("has an empty name")
            if name != name.strip() or "  " in name or any(c in name for c in "\t\n\r"):
                self.fail(f"name {name!r} has stray whitespace")
            if name != unicodedata.normalize("NFC", name):
                self.fail(f"name {name!r} is not NFC-normalised")
        seen: dict[str, str] = {}
        for name in names:
            key = _match_key(name)
            if key in seen:
                self.fail(
                    f"name {name!r} repeats {seen[key]!r} once folded: leave it out, matching"
                    " ignores case and diacritics"
                )
            seen[key] = name
        if ambiguous and all(" " in name for name in names):
            self.fail("ambiguous = true, but every name has a space in it")


_TYPE_NAMES = {str: "string", list: "list", bool: "boolean"}
