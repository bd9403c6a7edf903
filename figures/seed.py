"""The seed file's key figures: ``[[figure_topics]]`` and ``[[figures]]``.

``check_figures`` runs with the rest of the seed's checks (``articles.seed.load_seed``),
before anything is written: each figure's article and topic exist, its value is a number,
and its words occur in its article's text. ``write_figures`` runs inside the seed import
(``articles.services``), after the articles, and writes through the same machinery, so a
re-import keeps what staff changed and a second run changes nothing.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from articles.models import Segment
from articles.seed import ArticleSeed
from articles.services import KINDS, _Kind, _Skip, _State, _Writer

from .models import FigureTopic, KeyFigure
from .proposals import propose_figures

KINDS.update(
    {
        kind.section: kind
        for kind in (
            _Kind(
                "figure_topics",
                "figure topic",
                FigureTopic,
                "slug",
                ("slug", "name_vi", "name_en", "unit", "description"),
            ),
            _Kind(
                "figures",
                "figure",
                KeyFigure,
                "seed_key",
                (
                    "seed_key",
                    "article_id",
                    "segment_id",
                    "topic_id",
                    "value",
                    "qualifier",
                    "unit",
                    "as_written",
                ),
            ),
        )
    }
)


def _value(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() and value >= 0 else None


def check_figures(checker, sections: dict[str, list[dict[str, Any]]], articles: list[ArticleSeed]):
    """Raise ``SeedError`` (through ``checker.fail``) naming the entry and what to fix."""
    texts = {a.entry["key"]: [s.text for s in a.parsed.segments] for a in articles}
    topics = {e["key"] for e in sections.get("figure_topics", [])}
    for index, entry in enumerate(sections.get("figures", [])):
        where = f'[[figures]] #{index + 1} (key "{entry["key"]}")'
        if entry["article"] not in texts:
            raise checker.fail(
                where, f'article "{entry["article"]}" is not a known [[articles]] entry'
            )
        if entry["topic"] not in topics:
            raise checker.fail(
                where,
                f'topic "{entry["topic"]}" is not a known [[figure_topics]] entry; add it',
            )
        value = _value(entry["value"])
        if value is None:
            raise checker.fail(
                where,
                f"value must be a number of zero or more written with a dot for decimals, such "
                f'as "187" or "1.5", not {entry["value"]!r}',
            )
        words = entry["as_written"]
        if not any(words in text for text in texts[entry["article"]]):
            raise checker.fail(
                where,
                f'as_written "{words}" does not occur in the text of article '
                f'"{entry["article"]}"; copy the words exactly as the text prints them',
            )
        unit = entry.get("unit", "")
        if unit and unit not in words:
            raise checker.fail(where, f'unit "{unit}" does not occur in as_written "{words}"')
        # Where the words print the number in digits, they must say the value given.
        read = [p.value for p in propose_figures(words)]
        if read and value not in read:
            raise checker.fail(
                where,
                f'value "{entry["value"]}" differs from the number in "{words}" '
                f"({', '.join(str(v) for v in read)})",
            )


def _segment_id(article_id: int, words: str, article_key: str) -> int:
    found = (
        Segment.objects.filter(article_id=article_id, text__contains=words)
        .order_by("position")
        .values_list("pk", flat=True)
        .first()
    )
    if found is None:
        raise _Skip(f'its words "{words}" are no longer in the text of article {article_key}')
    return found


def write_figures(writer: _Writer) -> None:
    sections = writer.seed.sections
    for e in sections.get("figure_topics", []):
        writer.put(
            "figure_topics",
            e["key"],
            lambda e=e: {
                "name_vi": e["name_vi"],
                "name_en": e.get("name_en", ""),
                "unit": e.get("unit", ""),
                "description": e.get("description", ""),
            },
        )
    for e in sections.get("figures", []):
        entry = writer.locate("figures", e["key"])
        if (
            entry.state is _State.DELETED
            and not Segment.objects.filter(pk=entry.record.values.get("segment_id")).exists()
        ):
            # Its sentence went with a rewrite of the article's text (by this import or an
            # earlier one), not by anyone's hand: the figure is written again.
            entry.state = _State.NEW
        if not writer.proceed(entry):
            continue
        try:
            article_id = writer.id("articles", e["article"])
            values = {
                "article_id": article_id,
                "segment_id": _segment_id(article_id, e["as_written"], e["article"]),
                "topic_id": writer.id("figure_topics", e["topic"]),
                "value": Decimal(e["value"]),
                "qualifier": e.get("qualifier", KeyFigure.Qualifier.EXACT),
                "unit": e.get("unit", ""),
                "as_written": e["as_written"],
            }
        except _Skip as exc:
            writer.keep(entry, exc.reason)
            continue
        writer.upsert(entry, values)
