"""Key figures in the admin's "Add from text" review: the figures each segment appears to
state (``propose_figures``), each with a box to keep it and a topic to file it under; on
save, the kept ones become the new draft's figures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from diplomacy_kb.names import unique_slug
from diplomacy_kb.text import fold, slugify

from .models import FigureTopic, KeyFigure
from .proposals import Proposal, propose_figures

KEEP = "figure"  # the checkbox of each figure: its value is the row's key
TOPIC = "figure-topic-"  # + the row's key: a topic's id, or "" for a new one named by the unit
NEW_TOPIC = ""


@dataclass
class FigureRow:
    key: str  # "3-1": the first figure of segment 3
    segment_number: int
    proposal: Proposal
    kept: bool
    topic: str  # the chosen topic's id as text, or NEW_TOPIC


def figure_rows(
    segments: Sequence, data: Mapping | None, topics: Sequence[FigureTopic] = ()
) -> list[FigureRow]:
    """Every figure the segments appear to state. On the first preview (no ``data``) each is
    kept, filed under the topic of ``topics`` with its unit if there is one; then as the
    editor left it."""
    rows: list[FigureRow] = []
    kept = set(_getlist(data, KEEP)) if data is not None else None
    by_unit: dict[str, str] = {}
    for topic in topics:
        if topic.unit:
            by_unit.setdefault(fold(topic.unit).strip(), str(topic.pk))
    for number, segment in enumerate(segments, start=1):
        for index, proposal in enumerate(propose_figures(segment.text), start=1):
            key = f"{number}-{index}"
            if data is None:
                topic = by_unit.get(fold(proposal.unit).strip(), NEW_TOPIC)
            else:
                topic = str(data.get(TOPIC + key, NEW_TOPIC))
            rows.append(
                FigureRow(
                    key=key,
                    segment_number=number,
                    proposal=proposal,
                    kept=kept is None or key in kept,
                    topic=topic,
                )
            )
    return rows


def review_figures(segments: Sequence, data: Mapping | None) -> dict:
    """What the review page shows: the figures found, and the topics to choose from (read
    only when there is a figure: one query)."""
    if not any(propose_figures(segment.text) for segment in segments):
        return {"rows": [], "topics": [], "keep": KEEP, "topic": TOPIC}
    topics = list(FigureTopic.objects.only("pk", "name_vi", "unit"))
    return {
        "rows": figure_rows(segments, data, topics),
        "topics": [(str(t.pk), t.name_vi) for t in topics],
        "keep": KEEP,
        "topic": TOPIC,
    }


def _getlist(data: Mapping, name: str) -> list[str]:
    if hasattr(data, "getlist"):
        return data.getlist(name)
    value = data.get(name, [])
    return value if isinstance(value, list) else [value]


def figures_create_from_review(*, article, rows: Sequence[FigureRow]) -> list[KeyFigure]:
    """The kept figures of ``rows`` as ``article``'s key figures; call it inside the
    transaction that creates the article, so that a refusal here undoes both. A figure whose
    words are no longer in the saved text (its segment dropped) is left out."""
    segments = list(article.segments.order_by("position").values_list("pk", "text"))
    topics = {str(t.pk): t for t in FigureTopic.objects.all()}
    new_topics: dict[str, FigureTopic] = {}
    created: list[KeyFigure] = []
    seen: set[tuple[int, int, str]] = set()
    for row in rows:
        if not row.kept:
            continue
        proposal = row.proposal
        segment_id = next((pk for pk, text in segments if proposal.as_written in text), None)
        if segment_id is None:
            continue
        if row.topic == NEW_TOPIC:
            unit = proposal.unit
            topic = new_topics.get(unit)
            if topic is None:
                topic = FigureTopic(
                    name_vi=unit,
                    unit=unit,
                    slug=unique_slug(FigureTopic, slugify(unit) or "figures"),
                )
                topic.full_clean()
                topic.save()
                new_topics[unit] = topic
        elif row.topic in topics:
            topic = topics[row.topic]
        else:
            raise ValidationError(
                _("The topic chosen for “%(figure)s” no longer exists: choose another.")
                % {"figure": proposal.as_written}
            )
        if (segment_id, topic.pk, proposal.as_written) in seen:
            continue  # the same words twice in one segment: one figure
        seen.add((segment_id, topic.pk, proposal.as_written))
        figure = KeyFigure(
            article=article,
            segment_id=segment_id,
            topic=topic,
            value=proposal.value,
            qualifier=proposal.qualifier,
            unit=proposal.unit,
            as_written=proposal.as_written,
        )
        figure.full_clean()
        figure.save()
        created.append(figure)
    return created
