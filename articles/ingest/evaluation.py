"""Scoring the ingestion against hand-written expectations (``fixtures/eval/``).

For each text the pipeline runs as the batch import would (``suggest_links``, everything
ticked accepted) and its report is compared with what a careful editor wrote down:

- Q/A pairs: a question and every paragraph of its answer found with the right kinds;
- speakers: answers given to the right person;
- furniture: the lines to remove that were removed, and lines removed that are text;
- links: the entities named (known ones and proposals), recall and precision;
- new officials: the people the archive lacks, proposed.

Segments are matched by the start of their text (folded, spaces collapsed), names by their
folded form (or the spelling the text uses).
"""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from diplomacy_kb.text import fold

from .parse import normalise
from .report import ingestion_report
from .suggest import suggest_links


def _key(text: str) -> str:
    return " ".join(fold(normalise(text)).split())


@dataclass
class Score:
    """Counts for one text, or summed over many."""

    name: str
    pairs: int = 0
    pairs_right: int = 0
    answers: int = 0
    speakers_right: int = 0
    furniture: int = 0
    furniture_removed: int = 0
    removed_wrongly: int = 0
    links: int = 0
    links_found: int = 0
    produced: int = 0
    produced_right: int = 0
    new_people: int = 0
    new_people_found: int = 0
    false_qa: int = 0
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in self.__dataclass_fields__:
            value = getattr(other, name)
            if isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)

    @staticmethod
    def ratio(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    def figures(self) -> dict[str, float | None]:
        return {
            "qa_pairs": self.ratio(self.pairs_right, self.pairs),
            "speakers": self.ratio(self.speakers_right, self.answers),
            "furniture_removed": self.ratio(self.furniture_removed, self.furniture),
            "link_recall": self.ratio(self.links_found, self.links),
            "link_precision": self.ratio(self.produced_right, self.produced),
            "new_officials": self.ratio(self.new_people_found, self.new_people),
        }


def _align(expected: list[dict], produced: list[dict]) -> list[int | None]:
    """For each expected segment, the index of the produced segment it is, in order."""
    keys = [_key(s["text"]) for s in produced]
    out: list[int | None] = []
    at = 0
    for segment in expected:
        want = _key(segment["text"])[:40]
        found = next((i for i in range(at, len(keys)) if keys[i].startswith(want)), None)
        if found is None:
            found = next((i for i in range(len(keys)) if want and want in keys[i]), None)
        out.append(found)
        if found is not None:
            at = found
    return out


def _same_name(expected: dict, produced: dict) -> bool:
    names = {_key(expected["name"]), _key(expected.get("written", "") or expected["name"])}
    return expected["kind"] == produced["kind"] and bool(
        names & {_key(produced["name"]), _key(produced["written"])}
    )


def score_text(name: str, expected: dict[str, Any], report: dict[str, Any], raw: str = "") -> Score:
    score = Score(name)
    want = expected.get("segments", [])
    got = report["segments"]
    where = _align(want, got)

    # Q/A pairs: each question with the answer paragraphs that follow it.
    for index, segment in enumerate(want):
        if segment["kind"] == "answer":
            score.answers += 1
            at = where[index]
            if (
                at is not None
                and got[at]["kind"] == "answer"
                and _key(got[at]["speaker"] or "") == _key(segment.get("speaker", ""))
            ):
                score.speakers_right += 1
        if segment["kind"] != "question":
            if segment["kind"] not in ("question", "answer"):
                at = where[index]
                if at is not None and got[at]["kind"] in ("question", "answer"):
                    score.false_qa += 1
            continue
        answers = []
        for following in range(index + 1, len(want)):
            if want[following]["kind"] != "answer":
                break
            answers.append(following)
        if not answers:
            continue
        score.pairs += 1
        parts = [(index, "question"), *((a, "answer") for a in answers)]
        if all(where[i] is not None and got[where[i]]["kind"] == kind for i, kind in parts):
            score.pairs_right += 1
        else:
            score.missed.append(f"Q/A: {segment['text'][:50]}")

    removed = {_key(r["text"]) for r in report["removed"]}
    furniture = {_key(r["text"]) for r in expected.get("removed", [])}
    score.furniture = len(furniture)
    score.furniture_removed = len(furniture & removed)
    score.missed += [f"furniture: {line[:50]}" for line in sorted(furniture - removed)]
    title = _key(report["title"])
    # Text lost: whole lines removed that are not furniture (an outlet's tag cut from the
    # front of the lead, "TTO - ", is not a line of text).
    lines = {_key(line) for line in raw.splitlines()} if raw else removed
    wrongly = {line for line in removed - furniture if line != title and line in lines}
    score.removed_wrongly = len(wrongly)
    score.extra += [f"removed text: {line[:50]}" for line in sorted(wrongly)]

    links = expected.get("links", [])
    produced = report["links"]
    score.links = len(links)
    score.produced = len(produced)
    for link in links:
        hit = any(_same_name(link, p) for p in produced)
        score.links_found += hit
        if link.get("new") and link["kind"] == "person":
            score.new_people += 1
            score.new_people_found += any(_same_name(link, p) and p["new"] for p in produced)
        if not hit:
            score.missed.append(f"{link['kind']}: {link['name']}")
    for p in produced:
        right = any(_same_name(link, p) for link in links)
        score.produced_right += right
        if not right:
            score.extra.append(f"{p['kind']}: {p['name']}" + (" (new)" if p["new"] else ""))
    return score


def _date(value: str) -> datetime.date:
    parts = [int(p) for p in value.split("-")] if value else []
    while len(parts) < 3:
        parts.append(1)
    return datetime.date(*parts) if value else datetime.date.today()


def evaluate(folder: Path) -> tuple[list[Score], Score]:
    """Score every text in ``folder`` (its ``NN_….txt`` with their ``.toml``)."""
    scores = []
    total = Score("all")
    for path in sorted(folder.glob("*.toml")):
        text_path = path.with_suffix(".txt")
        if not text_path.exists():
            continue
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        source = data["source"]
        # As an editor imports it: with the kind and the title the page gives.
        raw = text_path.read_text(encoding="utf-8")
        suggestions = suggest_links(
            text=raw,
            date=_date(source.get("date", "")),
            title_in_text=source.get("title_in_text", bool(source.get("title"))),
            title=source.get("title", ""),
            kind=source.get("kind") or None,
        )
        report = ingestion_report(suggestions, kind=source.get("kind") or None)
        score = score_text(path.stem, data.get("expected", {}), report, raw)
        scores.append(score)
        total.add(score)
    return scores, total
