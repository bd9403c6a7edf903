"""Segmenting a pasted or uploaded text for the editor: the parser's result, or a message
saying what to fix."""

from __future__ import annotations

from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .parse import ParsedArticle, ParseError, SpeakerWithoutAnswer, parse_article


def parse_text(
    *, text: str, title_in_text: bool = True, kind: str | None = None, keep: Collection[int] = ()
) -> ParsedArticle:
    """Segment ``text``; ValidationError when nothing is left or it cannot be segmented.

    ``kind`` ("interview", "report" or None to tell from the text) and ``keep`` (the line
    numbers of removed lines the editor put back) go to the parser.
    """
    if not text.strip():
        raise ValidationError(_("The text is empty."), code="empty")
    try:
        parsed = parse_article(text, title_in_text=title_in_text, kind=kind, keep=keep)
    except SpeakerWithoutAnswer as exc:
        raise ValidationError(
            _(
                "Line %(line)s: the speaker label “%(label)s” is followed by no answer. "
                "Put the answer after the label, or delete the line."
            )
            % {"line": exc.line, "label": exc.label},
            code="parse",
        ) from None
    except ParseError as exc:
        raise ValidationError(str(exc), code="parse") from None
    if not parsed.segments:
        raise ValidationError(
            _("Nothing is left of the text once page furniture is removed."), code="empty"
        )
    return parsed
