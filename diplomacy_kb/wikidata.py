"""Wikidata identifiers (QIDs) on people, agencies, countries, bodies, conference series and
documents: the field, its validation, and the address of its Wikidata page."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

WIKIDATA_PAGE = "https://www.wikidata.org/wiki/{}"

validate_wikidata_id = RegexValidator(
    r"^Q[1-9][0-9]*\Z",
    message=_('A Wikidata ID is a capital Q followed by digits, e.g. "Q881".'),
)


def wikidata_id_field() -> models.CharField:
    """An optional QID; empty when nobody has established it with confidence."""
    return models.CharField(
        _("Wikidata ID"),
        max_length=16,
        blank=True,
        default="",
        validators=[validate_wikidata_id],
        help_text=_(
            'The item\'s QID on Wikidata, e.g. "Q881" for Viet Nam. Leave empty unless you '
            "are sure it is the same entity."
        ),
    )


def wikidata_url(qid: str) -> str:
    """The Wikidata page of ``qid``, or "" for an empty one."""
    return WIKIDATA_PAGE.format(qid) if qid else ""


def is_wikidata_id(value: str) -> bool:
    """Whether ``value`` has the form of a QID ("Q881"); not whether the item exists."""
    return bool(validate_wikidata_id.regex.match(value))
