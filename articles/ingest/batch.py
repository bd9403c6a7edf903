"""Importing a back catalogue: many text files with their metadata, on the command line or
in a manifest, each saved as "Add from text" saves it with every suggestion accepted.

Each article is checked and saved on its own, in one transaction: a bad file or bad metadata
stops that article with a message naming the file, and nothing of it is saved.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from diplomacy_kb.dates import parse_date_input
from diplomacy_kb.names import unique_slug
from diplomacy_kb.text import fold, slugify

from ..models import Article, Publication
from ..services import validation_message
from .duplicates import article_duplicates
from .report import article_kind, ingestion_report
from .save import article_create_from_text
from .suggest import suggest_links

MAX_FILE_BYTES = 1_200_000  # a long interview is some 30,000 characters
KINDS = (Article.Kind.INTERVIEW, Article.Kind.REPORT)
_MANIFEST_KEYS = {
    "file",
    "publication",
    "date",
    "url",
    "kind",
    "title",
    "title_in_text",
    "title_inferred",
    "title_inferred_en",
    "date_inferred",
    "date_inferred_en",
}


class BatchError(Exception):
    """An article that cannot be imported; the message names the file and what to fix."""

    def __init__(self, file: Path | str, message: str):
        super().__init__(f"{file}: {message}")
        self.file = str(file)
        self.message = message


@dataclass(frozen=True)
class ArticleSource:
    """One text file and what is known of it."""

    path: Path
    publication: str
    date: str
    url: str = ""
    kind: str = ""  # "" to tell from the text
    title: str = ""
    title_in_text: bool = True
    title_inferred: str = ""  # for readers, in Vietnamese; the same in English below
    title_inferred_en: str = ""
    date_inferred: str = ""
    date_inferred_en: str = ""


def read_manifest(path: Path) -> list[ArticleSource]:
    """The articles a TOML manifest lists (``[defaults]`` and ``[[articles]]``); files are
    relative to the manifest. Raises BatchError naming the entry to fix."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise BatchError(path, f"cannot read the manifest ({exc})") from None
    defaults = data.get("defaults", {})
    entries = data.get("articles")
    if not isinstance(defaults, dict) or not isinstance(entries, list) or not entries:
        raise BatchError(path, "a manifest needs [[articles]] entries (and may have [defaults])")
    sources = []
    for number, entry in enumerate(entries, start=1):
        where = f"{path}, article {number}"
        if not isinstance(entry, dict):
            raise BatchError(where, "each [[articles]] entry is a table")
        values = {**defaults, **entry}
        if unknown := set(values) - _MANIFEST_KEYS:
            raise BatchError(where, f"unknown keys {sorted(unknown)}; use {sorted(_MANIFEST_KEYS)}")
        for key in ("file", "publication", "date"):
            if not isinstance(values.get(key), str) or not values[key].strip():
                raise BatchError(where, f"“{key}” is required and must be text")
        if not isinstance(values.get("title_in_text", True), bool):
            raise BatchError(where, "“title_in_text” is true or false")
        for key in _MANIFEST_KEYS - {"title_in_text"}:
            if key in values and not isinstance(values[key], str):
                raise BatchError(where, f"“{key}” must be text")
        sources.append(
            ArticleSource(
                path=(path.parent / values.pop("file")),
                **{k: v for k, v in values.items()},
            )
        )
    return sources


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BatchError(path, f"cannot read the file ({exc.strerror or exc})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise BatchError(path, f"the file is over {MAX_FILE_BYTES:,} bytes: is it one article?")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BatchError(
            path, f"not UTF-8 text (byte {exc.start}); save the file as UTF-8"
        ) from None
    if "\x00" in text:
        raise BatchError(path, "the file holds NUL characters: is it a text file?")
    if not text.strip():
        raise BatchError(path, "the file is empty")
    return text


def _check(source: ArticleSource) -> dict[str, Any]:
    """The metadata, checked: date and precision, kind, URL."""
    try:
        date, precision = parse_date_input(source.date)
    except ValidationError as exc:
        raise BatchError(source.path, " ".join(exc.messages)) from None
    if source.kind and source.kind not in KINDS:
        raise BatchError(source.path, f"kind “{source.kind}”: use interview or report")
    if source.url:
        try:
            URLValidator(schemes=["http", "https"])(source.url)
        except ValidationError:
            raise BatchError(source.path, f"“{source.url}” is not an http(s) address") from None
    if not source.publication.strip() or "\x00" in source.publication:
        raise BatchError(source.path, "the publication is empty")
    if source.date_inferred and not source.date_inferred.strip():
        raise BatchError(source.path, "say why the date is inferred, or leave it out")
    return {"date": date, "date_precision": precision}


def _publication(name: str, *, create: bool) -> Publication | None:
    """The outlet called ``name`` (case and diacritics ignored), created if new."""
    folded = fold(name.strip())
    for publication in Publication.objects.all():
        if folded in (fold(publication.name), publication.slug):
            return publication
    if not create:
        return None
    slug = unique_slug(Publication, slugify(name) or "outlet")
    publication = Publication(name=name.strip(), slug=slug)
    publication.full_clean()
    publication.save()
    return publication


def import_article(
    source: ArticleSource, *, dry_run: bool = False, allow_duplicate: bool = False, user=None
) -> dict[str, Any]:
    """Import one article (see the module's notes); returns its report with ``file``,
    ``saved`` (the draft's id, or None) and ``new_publication``. Raises BatchError."""
    text = _read_text(source.path)
    dates = _check(source)
    try:
        suggestions = suggest_links(
            text=text,
            date=dates["date"],
            title=source.title,
            title_in_text=source.title_in_text,
            kind=source.kind or None,
        )
    except ValidationError as exc:
        raise BatchError(source.path, " ".join(exc.messages)) from None
    texts = [s.text for s in suggestions.segments]
    duplicates = article_duplicates(source_url=source.url, title=suggestions.title, texts=texts)
    report = ingestion_report(suggestions, kind=source.kind or None, duplicates=duplicates)
    report = {"file": str(source.path), **report, "saved": None, "new_publication": False}
    report["new_publication"] = _publication(source.publication, create=False) is None
    if dry_run:
        return report
    if duplicates and not allow_duplicate:
        names = "; ".join(f"“{d.article.title}” ({d.reason})" for d in duplicates)
        raise BatchError(source.path, f"the archive already has it: {names}; nothing saved")
    try:
        with transaction.atomic():
            publication = _publication(source.publication, create=True)
            article = article_create_from_text(
                publication=publication,
                title=suggestions.title,
                title_in_text=source.title_in_text,
                title_inferred_reason=source.title_inferred,
                title_inferred_reason_en=source.title_inferred_en,
                date=dates["date"],
                date_precision=dates["date_precision"],
                date_inferred_reason=source.date_inferred,
                date_inferred_reason_en=source.date_inferred_en,
                source_url=source.url,
                kind=article_kind(suggestions, source.kind or None),
                text=text,
                accepted=suggestions.accept_all(),
                allow_duplicate=True,
                user=user,
            )
    except ValidationError as exc:
        raise BatchError(source.path, f"{validation_message(exc)}; nothing saved") from None
    report["saved"] = article.pk
    return report
