"""Citations of an article, or of one interview answer at its anchor, in the formats
researchers take to their reference managers.

One ``Citation`` gathers what a citation states, each value as the archive holds it:
author (the byline, else the outlet), title, outlet, date at its precision with "inferred"
and the reason where the date was not printed, the original address where the outlet
printed one, the archive's permanent address (always the canonical, Vietnamese one,
whatever the interface language), and the date accessed. From it:

- ``text()``: a readable citation (author, “title”, outlet, date, addresses, accessed);
- ``csl()``: CSL-JSON, the format of citeproc processors and Zotero's import;
- ``bibtex()``: a biblatex ``@online`` entry (UTF-8, so Vietnamese needs no escapes);
- ``ris()``: RIS, written with ``rispy``.

No value is made up: a field the source does not give is left out, never guessed.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import rispy
from django.utils.translation import gettext as _

from diplomacy_kb import linked_data
from diplomacy_kb.dates import DatePrecision

from .models import Article, Segment

FORMATS = {
    "bib": ("application/x-bibtex; charset=utf-8", "bib"),
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
    "json": ("application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
}


def canonical_path(article: Article, anchor: str = "") -> str:
    """The article's permanent address (the default language's), at ``anchor`` if given."""
    path = linked_data.canonical_path(article)
    return f"{path}#{anchor}" if anchor else path


@dataclass
class Citation:
    article: Article
    base_url: str  # scheme and host: "https://archive.example"
    accessed: datetime.date | None  # None: a citation printed on a page kept by caches
    answer: Segment | None = None
    speaker_titles: list[str] = field(default_factory=list)

    # --- what a citation states ------------------------------------------------------------

    @property
    def anchor(self) -> str:
        return self.answer.anchor if self.answer else ""

    @property
    def archive_url(self) -> str:
        return self.base_url + canonical_path(self.article, self.anchor)

    @property
    def key(self) -> str:
        """A BibTeX key from the slug and date: ascii, stable across exports."""
        base = re.sub(r"[^a-z0-9]+", "-", self.article.slug.lower()).strip("-")[:40]
        key = f"{base}-{self.article.date.year}"
        return f"{key}-{self.anchor}" if self.anchor else key

    @property
    def speaker(self) -> str:
        return self.answer.speaker.name if self.answer and self.answer.speaker_id else ""

    @property
    def title(self) -> str:
        return self.article.title

    @property
    def outlet(self) -> str:
        return self.article.publication.name

    @property
    def date_parts(self) -> list[int]:
        date, precision = self.article.date, self.article.date_precision
        if precision == DatePrecision.YEAR:
            return [date.year]
        if precision == DatePrecision.MONTH:
            return [date.year, date.month]
        return [date.year, date.month, date.day]

    @property
    def date_inferred_note(self) -> str:
        if not self.article.date_inferred:
            return ""
        return _("Date inferred, not printed: %(reason)s") % {
            "reason": self.article.date_inferred_reason_shown
        }

    @property
    def title_inferred_note(self) -> str:
        if not self.article.title_inferred:
            return ""
        return _("Title inferred, not printed: %(reason)s") % {
            "reason": self.article.title_inferred_reason_shown
        }

    def notes(self) -> list[str]:
        notes = [n for n in (self.date_inferred_note, self.title_inferred_note) if n]
        if self.answer:
            notes.insert(0, self.answer_note())
        return notes

    def answer_note(self) -> str:
        who = self.speaker or _("the interviewee")
        if self.speaker_titles:
            who = f"{who} ({'; '.join(self.speaker_titles)})"
        return _("Answer %(anchor)s, by %(speaker)s") % {"anchor": self.anchor, "speaker": who}

    # --- readable ------------------------------------------------------------------------

    def text(self) -> str:
        """Author. “Title.” Outlet, date (inferred). Original URL. Archive URL. Accessed."""
        article = self.article
        date = article.date_display
        if article.date_inferred:
            inferred = _("date inferred")
            date = f"{date} ({inferred})"
        parts = []
        if self.answer:
            parts.append(self.answer_note() + ",")
            parts.append(_("in"))
        if article.byline:
            parts.append(f"{article.byline}.")
        parts.append(f"“{self.title}.”")
        parts.append(f"{self.outlet}, {date}.")
        if article.source_url:
            parts.append(f"{article.source_url}.")
        parts.append(_("Archived in Diplomacy KB: %(url)s.") % {"url": self.archive_url})
        if self.accessed:
            parts.append(_("Accessed %(date)s.") % {"date": self.accessed.isoformat()})
        return " ".join(parts)

    # --- CSL-JSON --------------------------------------------------------------------------

    def csl(self) -> dict:
        article = self.article
        item = {
            "id": self.key,
            "type": "interview" if article.kind == Article.Kind.INTERVIEW else "article-newspaper",
            "title": self.title,
            "container-title": self.outlet,
            "issued": {"date-parts": [self.date_parts]},
            "accessed": {"date-parts": [list(self.accessed.timetuple()[:3])]},
            "language": "vi",
            "archive": "Diplomacy KB",
            "archive_location": self.archive_url,
            "URL": article.source_url or self.archive_url,
        }
        if article.byline:
            item["author"] = [{"literal": article.byline}]
        if self.answer and self.speaker:
            item["interviewer"] = item.pop("author", [])
            item["author"] = [{"literal": self.speaker}]
            if not item["interviewer"]:
                del item["interviewer"]
        if article.date_inferred:
            item["issued"]["circa"] = True
        if notes := self.notes():
            item["note"] = "\n".join(notes)
        return item

    # --- BibTeX (biblatex) -----------------------------------------------------------------

    def bibtex(self) -> str:
        article = self.article
        fields = [("title", self.title)]
        if self.answer and self.speaker:
            fields.append(("author", self.speaker))
        elif article.byline:
            fields.append(("author", article.byline))
        fields += [
            ("journaltitle", self.outlet),
            ("date", "-".join(f"{part:02d}" for part in self.date_parts)),
            ("year", str(self.date_parts[0])),
            ("url", article.source_url or self.archive_url),
            ("urldate", self.accessed.isoformat()),
            ("langid", "vietnamese"),
            ("howpublished", f"Diplomacy KB: {self.archive_url}"),
        ]
        if notes := self.notes():
            fields.append(("note", "; ".join(notes)))
        body = ",\n".join(
            f"  {name} = {{{_bibtex_url(value) if name == 'url' else _bibtex_escape(value)}}}"
            for name, value in fields
        )
        return f"@online{{{self.key},\n{body}\n}}\n"

    # --- RIS -------------------------------------------------------------------------------

    def ris_entry(self) -> dict:
        article = self.article
        date = "/".join(f"{part:02d}" for part in self.date_parts)
        entry = {
            "type_of_reference": "NEWS",
            "title": self.title,
            "secondary_title": self.outlet,
            "publication_year": str(self.date_parts[0]),
            "date": date + "/" * (4 - len(self.date_parts)),
            "urls": [u for u in (article.source_url, self.archive_url) if u],
            "access_date": self.accessed.strftime("%Y/%m/%d"),
            "language": "vi",
            "name_of_database": "Diplomacy KB",
            "id": self.key,
        }
        authors = [self.speaker] if self.answer and self.speaker else []
        if article.byline and not authors:
            authors = [article.byline]
        if authors:
            entry["authors"] = authors
        if notes := self.notes():
            entry["notes"] = notes
        return entry

    def ris(self) -> str:
        return rispy.dumps([self.ris_entry()], implementation=_PlainRisWriter)


class _PlainRisWriter(rispy.RisWriter):
    """RIS without rispy's numbered header line ("1.") before each record: records are
    written one at a time when streamed, and the numbers are not part of the format."""

    def set_header(self, count: int) -> str:
        return ""


def _bibtex_escape(value: str) -> str:
    """Braces balanced and TeX's special characters escaped; the rest stays UTF-8."""
    value = value.replace("\\", "\\textbackslash{}")
    value = re.sub(r"([{}%&$#_])", r"\\\1", value)
    return value.replace("~", "\\textasciitilde{}").replace("^", "\\textasciicircum{}")


def _bibtex_url(value: str) -> str:
    """A URL is verbatim in biblatex: only braces, which would unbalance the field, are
    percent-encoded."""
    return value.replace("{", "%7B").replace("}", "%7D")


def render(citations: Iterable[Citation], fmt: str) -> Iterable[str]:
    """The citations in one format, as chunks of text to stream (CSL-JSON is one array)."""
    if fmt == "json":
        yield "["
        for n, citation in enumerate(citations):
            yield ("," if n else "") + "\n" + json.dumps(citation.csl(), ensure_ascii=False)
        yield "\n]\n"
    elif fmt == "bib":
        for citation in citations:
            yield citation.bibtex() + "\n"
    else:
        for citation in citations:
            yield citation.ris()
