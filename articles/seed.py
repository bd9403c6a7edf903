"""Reading and checking the curated seed file before anything is written.

The seed file (TOML) records what a careful reader establishes about each seed article;
the raw texts it names sit beside it. ``load_seed`` reads both and checks everything it
can without the database: the file's shape, every reference between entries, dates,
duplicates, that each curated name occurs in its article's text, and that the parser
can segment each text with the curated furniture and overrides. Every problem raises
``SeedError`` naming the file, the entry and what to fix.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from diplomacy_kb.dates import parse_partial_date
from diplomacy_kb.text import NameOrder, nfc, tone_last
from diplomacy_kb.wikidata import is_wikidata_id

from .ingest.parse import Override, ParsedArticle, ParseError, normalise, parse_article


class SeedError(Exception):
    """A problem in the seed file or a text it names; the message says what to fix."""

    def __init__(self, file: Path | str, entry: str, message: str):
        self.file, self.entry, self.message = str(file), entry, message
        super().__init__(f"{file}: {entry}: {message}" if entry else f"{file}: {message}")


# --- the file's shape -----------------------------------------------------------------------

REQUIRED, OPTIONAL = True, False

# For each section: field -> (required, type or tuple of allowed values).
STR, INT, BOOL, STR_LIST, TABLE_LIST, MENTIONS, DICT, QID, READER = (
    "string",
    "integer",
    "boolean",
    "list of strings",
    "list of tables",
    "list of keys or {key, as_written} tables",
    "table of strings",
    "Wikidata ID",
    # Shown on the public pages: a reader's text in both languages, naming no file.
    'table { vi = "…", en = "…" }',
)

AGENCY_KINDS = (
    "government",
    "ministry",
    "ministry_department",
    "provincial_department",
    "party_body",
    "legislature",
    "steering_committee",
    "intergovernmental_committee",
    "embassy",
    "news_agency",
    "news_outlet",
    "other",
)
BODY_KINDS = ("organisation", "organ", "forum", "agreement", "subregion")
CONFERENCE_KINDS = ("conference", "meeting", "congress", "ceremony", "reception", "session")
FORMATS = ("in_person", "online", "hybrid")
ROLES = ("chair", "speaker", "attendee", "host", "guest")
MENTION_ROLES = ("interviewee", "quoted", "mentioned")
DOCUMENT_KINDS = ("resolution", "directive", "strategy", "programme")
SEGMENT_KINDS = ("paragraph", "question", "answer", "caption", "subheading")

SCHEMA: dict[str, dict[str, tuple[bool, Any]]] = {
    "countries": {
        "code": (REQUIRED, STR),
        "name_vi": (REQUIRED, STR),
        "name_en": (REQUIRED, STR),
        "other_names": (OPTIONAL, STR_LIST),
        "wikidata": (OPTIONAL, QID),
    },
    "bodies": {
        "key": (REQUIRED, STR),
        "name_vi": (REQUIRED, STR),
        "name_en": (OPTIONAL, STR),
        "abbreviation": (OPTIONAL, STR),
        "kind": (REQUIRED, BODY_KINDS),
        "parent": (OPTIONAL, STR),
        "other_names": (OPTIONAL, STR_LIST),
        "wikidata": (OPTIONAL, QID),
    },
    "agencies": {
        "key": (REQUIRED, STR),
        "name_vi": (REQUIRED, STR),
        "name_en": (OPTIONAL, STR),
        "abbreviation": (OPTIONAL, STR),
        "kind": (REQUIRED, AGENCY_KINDS),
        "parent": (OPTIONAL, STR),
        "country": (OPTIONAL, STR),
        "collective": (OPTIONAL, BOOL),
        "other_names": (OPTIONAL, STR_LIST),
        "wikidata": (OPTIONAL, QID),
    },
    "people": {
        "key": (REQUIRED, STR),
        "name": (REQUIRED, STR),
        "nationality": (OPTIONAL, STR),
        "name_order": (OPTIONAL, NameOrder.choices),
        "other_names": (OPTIONAL, STR_LIST),
        "wikidata": (OPTIONAL, QID),
    },
    "positions": {
        "key": (REQUIRED, STR),
        "person": (REQUIRED, STR),
        "title_vi": (REQUIRED, STR),
        "title_en": (OPTIONAL, STR),
        "agency": (REQUIRED, STR),
        "start": (OPTIONAL, STR),
        "end": (OPTIONAL, STR),
    },
    "publications": {
        "key": (REQUIRED, STR),
        "name": (REQUIRED, STR),
        "owner": (OPTIONAL, STR),
    },
    "series": {
        "key": (REQUIRED, STR),
        "name_vi": (REQUIRED, STR),
        "name_en": (OPTIONAL, STR),
        "numbering": (OPTIONAL, ("arabic", "roman")),
        "organiser": (OPTIONAL, STR),
        "other_names": (OPTIONAL, STR_LIST),
        "wikidata": (OPTIONAL, QID),
    },
    "conferences": {
        "key": (REQUIRED, STR),
        "series": (OPTIONAL, STR),
        "ordinal": (OPTIONAL, INT),
        "name_vi": (REQUIRED, STR),
        "name_en": (OPTIONAL, STR),
        "kind": (REQUIRED, CONFERENCE_KINDS),
        "start": (OPTIONAL, STR),
        "end": (OPTIONAL, STR),
        "dates_inferred": (OPTIONAL, READER),
        "place": (OPTIONAL, STR),
        "theme": (OPTIONAL, STR),
        "format": (OPTIONAL, FORMATS),
        "attendance": (OPTIONAL, INT),
        "attendance_note": (OPTIONAL, STR),
        "organiser": (OPTIONAL, STR),
        "part_of": (OPTIONAL, STR),
        "held_with": (OPTIONAL, STR_LIST),
        "other_names": (OPTIONAL, STR_LIST),
        "participants": (OPTIONAL, TABLE_LIST),
    },
    "conferences.participants": {
        "person": (REQUIRED, STR),
        "role": (REQUIRED, ROLES),
        "position": (OPTIONAL, STR),
        "note": (OPTIONAL, READER),
    },
    "documents": {
        "key": (REQUIRED, STR),
        "kind": (REQUIRED, DOCUMENT_KINDS),
        "number": (OPTIONAL, STR),
        "name_vi": (REQUIRED, STR),
        "name_en": (OPTIONAL, STR),
        "issuer": (OPTIONAL, STR),
        "conference": (OPTIONAL, STR),
        "other_names": (OPTIONAL, STR_LIST),
        "wikidata": (OPTIONAL, QID),
    },
    "articles": {
        "key": (REQUIRED, STR),
        "file": (REQUIRED, STR),
        "title": (REQUIRED, STR),
        "title_in_text": (OPTIONAL, BOOL),
        "title_inferred": (OPTIONAL, READER),
        "title_en": (OPTIONAL, STR),
        "summary_en": (OPTIONAL, STR),
        "publication": (REQUIRED, STR),
        "url": (OPTIONAL, STR),
        "date": (REQUIRED, STR),
        "date_inferred": (OPTIONAL, READER),
        "byline": (OPTIONAL, STR),
        "photo_credits": (OPTIONAL, STR_LIST),
        "source_credit": (OPTIONAL, STR),
        "kind": (REQUIRED, ("interview", "report")),
        "interviewee": (OPTIONAL, STR),
        "furniture": (OPTIONAL, STR_LIST),
        "corrections": (OPTIONAL, TABLE_LIST),
        "speakers": (OPTIONAL, DICT),
        "overrides": (OPTIONAL, TABLE_LIST),
        "agencies": (OPTIONAL, MENTIONS),
        "countries": (OPTIONAL, MENTIONS),
        "bodies": (OPTIONAL, MENTIONS),
        "conferences": (OPTIONAL, MENTIONS),
        "documents": (OPTIONAL, MENTIONS),
        "people": (OPTIONAL, TABLE_LIST),
    },
    "articles.people": {
        "person": (REQUIRED, STR),
        "role": (REQUIRED, MENTION_ROLES),
        "positions": (OPTIONAL, STR_LIST),
        "as_written": (OPTIONAL, STR),
    },
    "articles.corrections": {
        "find": (REQUIRED, STR),
        "replace": (REQUIRED, STR),
        "reason": (REQUIRED, STR),
    },
    "articles.overrides": {
        "starts_with": (REQUIRED, STR),
        "kind": (OPTIONAL, SEGMENT_KINDS),
        "speaker_label": (OPTIONAL, STR),
    },
    # Key figures (the figures app checks and writes them: figures/seed.py).
    "figure_topics": {
        "key": (REQUIRED, STR),
        "name_vi": (REQUIRED, STR),
        "name_en": (OPTIONAL, STR),
        "unit": (OPTIONAL, STR),
        "description": (OPTIONAL, STR),
    },
    "figures": {
        "key": (REQUIRED, STR),
        "article": (REQUIRED, STR),
        "topic": (REQUIRED, STR),
        "as_written": (REQUIRED, STR),
        "value": (REQUIRED, STR),  # a decimal number as a string: "187", "1.5"
        "qualifier": (OPTIONAL, ("exact", "nearly", "about", "more_than", "less_than")),
        "unit": (OPTIONAL, STR),
    },
}
TOP_LEVEL = ("schema", *(name for name in SCHEMA if "." not in name))
SCHEMA_VERSION = 1


# --- what a checked seed holds ------------------------------------------------------------


@dataclass(frozen=True)
class PartialDate:
    date: datetime.date | None = None
    precision: str = ""


@dataclass
class ArticleSeed:
    entry: dict[str, Any]
    text: str
    parsed: ParsedArticle
    date: PartialDate
    # speaker label -> person key; "" for answers printed without a label.
    speakers: dict[str, str] = field(default_factory=dict)


@dataclass
class Seed:
    path: Path
    sections: dict[str, list[dict[str, Any]]]
    articles: list[ArticleSeed]
    dates: dict[tuple[str, str, str], PartialDate]  # (section, key, field) -> date

    def date(self, section: str, key: str, name: str) -> PartialDate:
        return self.dates.get((section, key, name), PartialDate())


# --- checks -------------------------------------------------------------------------------


def _describe(section: str, index: int, entry: Any) -> str:
    label = f"[[{section}]] #{index + 1}"
    if isinstance(entry, dict):
        for name in ("key", "code", "person", "find", "starts_with"):
            if isinstance(entry.get(name), str):
                return f'{label} ({name} "{entry[name]}")'
    return label


def _has_control_characters(text: str) -> str | None:
    for char in text:
        if char == "\x00":
            return "a NUL character (U+0000)"
        if ord(char) < 32 and char not in "\n\r\t":
            return f"a control character (U+{ord(char):04X})"
    return None


class _Checker:
    def __init__(self, path: Path):
        self.path = path

    def fail(self, entry: str, message: str) -> SeedError:
        return SeedError(self.path, entry, message)

    def check_value(self, where: str, name: str, value: Any, expected: Any) -> None:
        def bad(what: str) -> SeedError:
            return self.fail(where, f"{name} must be {what}, not {value!r}")

        if isinstance(expected, tuple):
            if value not in expected:
                raise bad("one of " + ", ".join(f'"{v}"' for v in expected))
            return
        if expected == STR:
            if not isinstance(value, str):
                raise bad("a string")
            problem = _has_control_characters(value)
            if problem:
                raise self.fail(where, f"{name} contains {problem}; remove it")
            if not value.strip():
                raise self.fail(where, f"{name} is empty; give a value or leave the field out")
        elif expected == READER:
            if not isinstance(value, dict) or set(value) != {"vi", "en"}:
                raise bad('a table { vi = "…", en = "…" }: the text for readers in both languages')
            for language in ("vi", "en"):
                self.check_value(where, f"{name}.{language}", value[language], STR)
        elif expected == QID:
            if not isinstance(value, str) or not is_wikidata_id(value):
                raise self.fail(
                    where,
                    f'{name} must be a Wikidata ID, a capital Q and digits such as "Q881", '
                    f"not {value!r}; leave it out where the item is not certain",
                )
        elif expected == INT:
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise bad("a whole number of at least 1")
        elif expected == BOOL:
            if not isinstance(value, bool):
                raise bad("true or false")
        elif expected == STR_LIST:
            if not isinstance(value, list):
                raise bad("a list of strings")
            for item in value:
                self.check_value(where, f"an item of {name}", item, STR)
        elif expected == TABLE_LIST:
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                raise bad("a list of tables")
        elif expected == DICT:
            if not isinstance(value, dict):
                raise bad("a table")
            for label, target in value.items():
                self.check_value(where, f"{name} label", label, STR)
                self.check_value(where, f'{name} "{label}"', target, STR)
        elif expected == MENTIONS:
            if not isinstance(value, list):
                raise bad("a list")
            for item in value:
                if isinstance(item, dict):
                    unknown = set(item) - {"key", "as_written"}
                    if unknown or "key" not in item:
                        raise self.fail(
                            where,
                            f"each item of {name} is a key or a table "
                            f'{{ key = "…", as_written = "…" }}; got {item!r}',
                        )
                    for sub in item:
                        self.check_value(where, f"{name} {sub}", item[sub], STR)
                else:
                    self.check_value(where, f"an item of {name}", item, STR)

    def check_entry(self, section: str, index: int, entry: Any, parent: str = "") -> str:
        where = (parent + " → " if parent else "") + _describe(section, index, entry)
        if not isinstance(entry, dict):
            raise self.fail(where, f"each [[{section}]] entry must be a table")
        fields = SCHEMA[section]
        for name in entry:
            if name not in fields:
                known = ", ".join(fields)
                raise self.fail(where, f'unknown field "{name}"; the fields are: {known}')
        for name, (required, expected) in fields.items():
            if name not in entry:
                if required:
                    raise self.fail(where, f'missing field "{name}"')
                continue
            self.check_value(where, name, entry[name], expected)
        for name, (_, expected) in fields.items():
            if expected == TABLE_LIST and name in entry:
                for sub_index, sub in enumerate(entry[name]):
                    self.check_entry(f"{section}.{name}", sub_index, sub, where)
        return where


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SeedError(path, "", "file not found; pass the path of the seed file") from None
    except OSError as exc:
        raise SeedError(path, "", f"cannot be read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SeedError(path, "", f"is not UTF-8 (byte {exc.start}); save it as UTF-8") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SeedError(path, "", f"is not valid TOML: {exc}") from None


def _read_text(checker: _Checker, where: str, path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise checker.fail(
            where, f"the text file {path.name} does not exist next to the seed file"
        ) from None
    except OSError as exc:
        raise checker.fail(
            where, f"the text file {path.name} cannot be read ({exc.strerror})"
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise checker.fail(
            where, f"the text file {path.name} is not UTF-8 (byte {exc.start}); save it as UTF-8"
        ) from None
    for number, line in enumerate(text.splitlines(), start=1):
        problem = _has_control_characters(line)
        if problem:
            raise checker.fail(
                where, f"the text file {path.name} has {problem} on line {number}; remove it"
            )
    text = nfc(text.removeprefix("\ufeff"))
    if not text.strip():
        raise checker.fail(where, f"the text file {path.name} is empty")
    return text


def _parse_date(checker: _Checker, where: str, name: str, value: str | None) -> PartialDate:
    if value is None:
        return PartialDate()
    try:
        return PartialDate(*parse_partial_date(value))
    except ValueError as exc:
        raise checker.fail(where, f"{name}: {exc}") from None


_MARK_OR_WORD = r"[\w\u0300-\u036f]"


def _spelling(text: str) -> str:
    """Lower case, with each word's tone mark moved to the word's end (``tone_last``).

    So "Hoà" and "hòa" spell the same (the tone may sit on either vowel), while "Đảng" and
    "đang", or "Liên hợp quốc" and "Liên hợp quoc", do not: a curated name must occur with
    its diacritics as written.
    """
    return "".join(tone_last(piece) for piece in re.split(r"(\W+)", normalise(text).lower()))


def _occurs_in(spelt_text: str, name: str) -> bool:
    """Whether ``name`` occurs as whole words in a text spelt by ``_spelling``: "UN" is
    not found in "trung", nor "22" in "22-26/8"... unless it stands alone."""
    needle = _spelling(name)
    pattern = rf"(?<!{_MARK_OR_WORD}){re.escape(needle)}(?!{_MARK_OR_WORD})"
    return re.search(pattern, spelt_text) is not None


def mention_key(item: str | dict[str, str]) -> str:
    return item["key"] if isinstance(item, dict) else item


def load_seed(path: Path) -> Seed:
    """Read and check the seed file at ``path`` and the texts it names."""
    path = Path(path)
    checker = _Checker(path)
    data = _read_toml(path)

    for name in data:
        if name not in TOP_LEVEL:
            raise checker.fail(
                "", f'unknown section "{name}"; the sections are: {", ".join(TOP_LEVEL)}'
            )
    if data.get("schema") != SCHEMA_VERSION:
        raise checker.fail("", f"schema = {SCHEMA_VERSION} must stand at the top of the file")

    sections: dict[str, list[dict[str, Any]]] = {}
    where: dict[tuple[str, str], str] = {}  # (section, key) -> entry description
    for section in TOP_LEVEL[1:]:
        entries = data.get(section, [])
        if not isinstance(entries, list):
            raise checker.fail("", f"{section} must be written as [[{section}]] tables")
        sections[section] = entries
        key_field = "code" if section == "countries" else "key"
        for index, entry in enumerate(entries):
            described = checker.check_entry(section, index, entry)
            key = entry[key_field]
            if (section, key) in where:
                raise checker.fail(
                    described, f'duplicate {key_field} "{key}": {where[section, key]} has it too'
                )
            where[section, key] = described

    def ref(entry_where: str, section: str, key: str | None, name: str) -> None:
        if key is not None and (section, key) not in where:
            raise checker.fail(
                entry_where,
                f'{name} "{key}" is not a known [[{section}]] entry; add it or fix the key',
            )

    def entry_where(section: str, entry: dict[str, Any]) -> str:
        return where[section, entry["code" if section == "countries" else "key"]]

    _check_reader_texts(checker, sections, entry_where)

    by_key = {
        s: {e["code" if s == "countries" else "key"]: e for e in sections[s]} for s in sections
    }

    for entry in sections["countries"]:
        if not (len(entry["code"]) == 2 and entry["code"].isascii() and entry["code"].isupper()):
            raise checker.fail(
                entry_where("countries", entry), "code must be two capital letters (ISO 3166-1)"
            )
    for section in ("bodies", "agencies"):
        for entry in sections[section]:
            w = entry_where(section, entry)
            ref(w, section, entry.get("parent"), "parent")
            if section == "agencies":
                ref(w, "countries", entry.get("country"), "country")
        _check_acyclic(checker, section, by_key[section], "parent", where)
    for entry in sections["people"]:
        ref(entry_where("people", entry), "countries", entry.get("nationality"), "nationality")

    dates: dict[tuple[str, str, str], PartialDate] = {}
    for section in ("positions", "conferences"):
        for entry in sections[section]:
            w = entry_where(section, entry)
            start = _parse_date(checker, w, "start", entry.get("start"))
            end = _parse_date(checker, w, "end", entry.get("end"))
            if end.date and not start.date and section == "conferences":
                raise checker.fail(w, "end is given without start; give the start date too")
            if start.date and end.date and end.date < start.date:
                raise checker.fail(
                    w, f'end "{entry["end"]}" is before start "{entry["start"]}"; fix one of them'
                )
            dates[section, entry["key"], "start"] = start
            dates[section, entry["key"], "end"] = end
    for entry in sections["positions"]:
        w = entry_where("positions", entry)
        ref(w, "people", entry["person"], "person")
        ref(w, "agencies", entry["agency"], "agency")
    for entry in sections["publications"]:
        ref(entry_where("publications", entry), "agencies", entry.get("owner"), "owner")
    for entry in sections["series"]:
        ref(entry_where("series", entry), "agencies", entry.get("organiser"), "organiser")

    ordinals: dict[tuple[str, int], str] = {}
    for entry in sections["conferences"]:
        w = entry_where("conferences", entry)
        ref(w, "series", entry.get("series"), "series")
        ref(w, "agencies", entry.get("organiser"), "organiser")
        ref(w, "conferences", entry.get("part_of"), "part_of")
        for other in entry.get("held_with", []):
            ref(w, "conferences", other, "held_with")
            if other == entry["key"]:
                raise checker.fail(w, "held_with names the conference itself")
        if "ordinal" in entry:
            if "series" not in entry:
                raise checker.fail(w, "ordinal is given without series; name the series")
            slot = (entry["series"], entry["ordinal"])
            if slot in ordinals:
                raise checker.fail(
                    w,
                    f'ordinal {entry["ordinal"]} of series "{entry["series"]}" is taken '
                    f"by {ordinals[slot]}; each ordinal is used once in a series",
                )
            ordinals[slot] = w
        if "dates_inferred" in entry and "start" not in entry:
            raise checker.fail(w, "dates_inferred is given but there is no start date")
        seen_participants: set[tuple[str, str]] = set()
        for index, participant in enumerate(entry.get("participants", [])):
            pw = f"{w} → {_describe('conferences.participants', index, participant)}"
            ref(pw, "people", participant["person"], "person")
            _check_position(checker, pw, participant, by_key["positions"], where)
            slot = (participant["person"], participant["role"])
            if slot in seen_participants:
                raise checker.fail(pw, "this person is listed twice with the same role")
            seen_participants.add(slot)
    _check_acyclic(checker, "conferences", by_key["conferences"], "part_of", where)

    for entry in sections["documents"]:
        w = entry_where("documents", entry)
        ref(w, "agencies", entry.get("issuer"), "issuer")
        ref(w, "conferences", entry.get("conference"), "conference")

    articles = [
        _check_article(checker, entry, entry_where("articles", entry), by_key, where)
        for entry in sections["articles"]
    ]
    files: dict[str, str] = {}
    for article in articles:
        name = article.entry["file"]
        if name in files:
            raise checker.fail(
                where["articles", article.entry["key"]],
                f'file "{name}" is already used by {files[name]}',
            )
        files[name] = where["articles", article.entry["key"]]
    # The figures app checks its own sections (imported here: articles does not depend on it).
    from figures.seed import check_figures

    check_figures(checker, sections, articles)
    return Seed(path=path, sections=sections, articles=articles, dates=dates)


def reader_texts(entry: dict[str, Any], name: str) -> tuple[str, str]:
    """A text for readers (``READER``) as (Vietnamese, English); empty when not given."""
    value = entry.get(name) or {}
    return value.get("vi", ""), value.get("en", "")


def _check_reader_texts(
    checker: _Checker,
    sections: dict[str, list[dict[str, Any]]],
    entry_where: Callable[[str, dict[str, Any]], str],
) -> None:
    """A text shown to readers names none of the files beside the seed ("001", "001_….txt"):
    a reader has no such file. The curators' notes that do belong in comments."""
    names = {e["file"] for e in sections["articles"] if isinstance(e.get("file"), str)}
    numbers = {name.split("_")[0] for name in names if "_" in name}
    pattern = re.compile(
        "|".join(
            # A number within a figure ("2,000") is not a file's.
            [rf"(?<![\w,.]){re.escape(n)}(?!\w|[,.]\d)" for n in numbers]
            + [re.escape(n) for n in names]
            + [r"\.txt\b"]
        )
    )
    texts = [
        (entry_where(section, entry), name, entry.get(name))
        for section, names_there in (
            ("conferences", ("dates_inferred",)),
            ("articles", ("title_inferred", "date_inferred", "title_en", "summary_en")),
        )
        for entry in sections[section]
        for name in names_there
    ]
    texts += [
        (entry_where("conferences", entry), "note", participant.get("note"))
        for entry in sections["conferences"]
        for participant in entry.get("participants", [])
    ]
    for where_text, name, value in texts:
        values = value.values() if isinstance(value, dict) else [value] if value else []
        for text in values:
            found = pattern.search(text)
            if found:
                raise checker.fail(
                    where_text,
                    f'{name} names the file "{found[0]}", which readers do not have: say '
                    '"the article", or name the article or the conference; keep the '
                    "curators' note in a comment",
                )


def _check_acyclic(
    checker: _Checker,
    section: str,
    entries: dict[str, dict[str, Any]],
    link: str,
    where: dict[tuple[str, str], str],
) -> None:
    for key in entries:
        seen = [key]
        current = entries[key].get(link)
        while current is not None:
            if current in seen:
                chain = " → ".join([*seen, current])
                raise checker.fail(where[section, key], f"{link} forms a loop: {chain}")
            seen.append(current)
            current = entries.get(current, {}).get(link)


def _check_position(
    checker: _Checker,
    where_text: str,
    entry: dict[str, Any],
    positions: dict[str, dict[str, Any]],
    where: dict[tuple[str, str], str],
) -> None:
    keys = entry.get("positions", [entry["position"]] if "position" in entry else [])
    for key in keys:
        if key not in positions:
            raise checker.fail(
                where_text,
                f'position "{key}" is not a known [[positions]] entry; add it or fix the key',
            )
        if positions[key]["person"] != entry["person"]:
            raise checker.fail(
                where_text,
                f'position "{key}" belongs to "{positions[key]["person"]}", '
                f'not to "{entry["person"]}"',
            )
    if len(set(keys)) != len(keys):
        raise checker.fail(where_text, "a position is listed twice")


def _names(section: str, entry: dict[str, Any]) -> list[str]:
    fields = ("name", "name_vi", "abbreviation", "number", "code")
    names = [entry[f] for f in fields if isinstance(entry.get(f), str) and f != "code"]
    return names + list(entry.get("other_names", []))


def _check_article(
    checker: _Checker,
    entry: dict[str, Any],
    where_text: str,
    by_key: dict[str, dict[str, dict[str, Any]]],
    where: dict[tuple[str, str], str],
) -> ArticleSeed:
    def ref(section: str, key: str | None, name: str) -> None:
        if key is not None and key not in by_key[section]:
            raise checker.fail(
                where_text,
                f'{name} "{key}" is not a known [[{section}]] entry; add it or fix the key',
            )

    text = _read_text(checker, where_text, checker.path.parent / entry["file"])
    for correction in entry.get("corrections", []):
        count = text.count(correction["find"])
        if count != 1:
            found = "does not occur" if count == 0 else f"occurs {count} times"
            raise checker.fail(
                where_text,
                f'correction find "{correction["find"]}" {found} in {entry["file"]}; '
                "it must occur exactly once",
            )
        text = text.replace(correction["find"], correction["replace"])

    date = _parse_date(checker, where_text, "date", entry["date"])
    ref("publications", entry["publication"], "publication")
    url = entry.get("url")
    if url is not None and not url.startswith(("http://", "https://")):
        raise checker.fail(where_text, f'url "{url}" must start with http:// or https://')
    title_in_text = entry.get("title_in_text", True)
    if not title_in_text and "title_inferred" not in entry:
        raise checker.fail(
            where_text, "title_in_text = false needs title_inferred: say where the title is from"
        )

    overrides = [Override(**o) for o in entry.get("overrides", [])]
    try:
        parsed = parse_article(
            text,
            furniture=entry.get("furniture", ()),
            title_in_text=title_in_text,
            overrides=overrides,
        )
    except ParseError as exc:
        raise checker.fail(where_text, f"{entry['file']}: {exc}") from None
    if not parsed.segments:
        raise checker.fail(where_text, f"{entry['file']} has no text once furniture is removed")
    if title_in_text and normalise(entry["title"]) != parsed.title:
        raise checker.fail(
            where_text,
            f'title "{entry["title"]}" differs from the title line of {entry["file"]}: '
            f'"{parsed.title}"; copy it exactly, or set title_in_text = false',
        )

    spelt = " ".join(_spelling(line) for line in text.splitlines())

    def occurs(names: Iterable[str]) -> bool:
        return any(_occurs_in(spelt, n) for n in names if n.strip())

    # What the page prints about itself must be printed: never a guessed URL or credit.
    printed = [("url", [url] if url else []), ("byline", [entry.get("byline", "")])]
    printed += [("source_credit", [entry.get("source_credit", "")])]
    printed += [("photo_credits", [c]) for c in entry.get("photo_credits", [])]
    for name, values in printed:
        for value in values:
            if value and not occurs([value]):
                raise checker.fail(
                    where_text,
                    f'{name} "{value}" does not occur in {entry["file"]}; record only what '
                    "the source prints",
                )

    for section in ("agencies", "countries", "bodies", "conferences", "documents"):
        seen: set[str] = set()
        for item in entry.get(section, []):
            key = mention_key(item)
            ref(section, key, section)
            if key in seen:
                raise checker.fail(where_text, f'{section} lists "{key}" twice')
            seen.add(key)
            names = (
                [item["as_written"]]
                if isinstance(item, dict)
                else _names(section, by_key[section][key])
            )
            if not occurs(names):
                raise checker.fail(
                    where_text,
                    f'{section} "{key}": none of its names ({", ".join(names)}) occurs in '
                    f"{entry['file']}; give as_written with the words the text uses",
                )

    people_seen: dict[str, dict[str, Any]] = {}
    for index, mention in enumerate(entry.get("people", [])):
        mw = f"{where_text} → {_describe('articles.people', index, mention)}"
        ref("people", mention["person"], "person")
        if mention["person"] in people_seen:
            raise checker.fail(mw, "this person is listed twice; list each person once")
        people_seen[mention["person"]] = mention
        _check_position(checker, mw, mention, by_key["positions"], where)
        person = by_key["people"][mention["person"]]
        names = [mention["as_written"]] if "as_written" in mention else _names("people", person)
        if not occurs(names):
            raise checker.fail(
                mw,
                f"none of the names ({', '.join(names)}) occurs in {entry['file']}; "
                "give as_written with the words the text uses",
            )

    interviewee = entry.get("interviewee")
    if entry["kind"] == "interview":
        if interviewee is None:
            raise checker.fail(where_text, "an interview needs interviewee = <person key>")
        ref("people", interviewee, "interviewee")
        if people_seen.get(interviewee, {}).get("role") != "interviewee":
            raise checker.fail(
                where_text,
                f'the interviewee "{interviewee}" must be listed in [[articles.people]] '
                'with role = "interviewee"',
            )
    elif interviewee is not None:
        raise checker.fail(where_text, 'interviewee is only for kind = "interview"')

    speakers = dict(entry.get("speakers", {}))
    for label, person in speakers.items():
        ref("people", person, f'speakers "{label}"')
    for segment in parsed.segments:
        if segment.kind != "answer":
            continue
        if segment.speaker_label and segment.speaker_label not in speakers:
            raise checker.fail(
                where_text,
                f'the answer label "{segment.speaker_label}" is not in speakers; add '
                f'"{segment.speaker_label}" = "<person key>"',
            )
        if not segment.speaker_label and interviewee is None:
            raise checker.fail(
                where_text,
                f'an answer has no speaker ("{segment.text[:40]}…"); give interviewee',
            )
    if interviewee is not None:
        speakers.setdefault("", interviewee)
    return ArticleSeed(entry=entry, text=text, parsed=parsed, date=date, speakers=speakers)


def topological(
    entries: list[dict[str, Any]], link: Callable[[dict], str | None], key: str = "key"
):
    """Entries ordered so that each comes after the one its ``link`` names."""
    by_key = {e[key]: e for e in entries}
    ordered: list[dict[str, Any]] = []
    placed: set[str] = set()

    def place(entry: dict[str, Any]) -> None:
        if entry[key] in placed:
            return
        parent = link(entry)
        if parent is not None and parent in by_key:
            place(by_key[parent])
        placed.add(entry[key])
        ordered.append(entry)

    for entry in entries:
        place(entry)
    return ordered
