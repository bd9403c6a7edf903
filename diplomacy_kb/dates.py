"""Dates known to a precision: a day, a month or a year.

A partial date is stored as a ``DateField`` holding its first day (2016-08 is stored as
2016-08-01) beside a precision column, so it sorts and filters like any date.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Year(models.Func):
    """A date's year, computed by the database itself: Django's ``ExtractYear`` calls back
    into Python for each row on SQLite, which for tens of thousands of rows takes a second."""

    template = "EXTRACT(YEAR FROM %(expressions)s)"
    output_field = models.IntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        # %%%%: formatted once here, once more by the SQLite backend's placeholder conversion.
        template = "CAST(strftime('%%%%Y', %(expressions)s) AS INTEGER)"
        return self.as_sql(compiler, connection, template=template, **extra_context)


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_SLASH_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_SLASH_MONTH = re.compile(r"^(\d{1,2})/(\d{4})$")


def parse_partial_date(value: str) -> tuple[datetime.date, str]:
    """Parse "YYYY", "YYYY-MM" or "YYYY-MM-DD" into (first day, precision).

    Raises ValueError with a message saying which form is expected.
    """
    match = _PARTIAL.match(value.strip()) if isinstance(value, str) else None
    if not match:
        raise ValueError(f"{value!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    try:
        parsed = datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real date ({exc})") from None
    if day:
        return parsed, DatePrecision.DAY
    if month:
        return parsed, DatePrecision.MONTH
    return parsed, DatePrecision.YEAR


def parse_date_input(value: str) -> tuple[datetime.date, str]:
    """A date as staff type it, with the precision it is written to: 2016-08-26, 2016-08
    or 2016, or the Vietnamese order 26/8/2016 and 8/2016. Raises ValidationError."""
    value = value.strip()
    if match := _SLASH_DAY.match(value):
        day, month, year = match.groups()
        value = f"{year}-{int(month):02d}-{int(day):02d}"
    elif match := _SLASH_MONTH.match(value):
        month, year = match.groups()
        value = f"{year}-{int(month):02d}"
    elif not re.fullmatch(r"\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?", value):
        raise ValidationError(
            _(
                "“%(value)s” is not a date: write 2016-08-26, 2016-08 or 2016 "
                "(or 26/8/2016, 8/2016)."
            ),
            code="invalid",
            params={"value": value},
        )
    else:
        parts = value.split("-")
        value = "-".join([parts[0], *(f"{int(p):02d}" for p in parts[1:])])
    try:
        return parse_partial_date(value)
    except ValueError:
        raise ValidationError(
            _("“%(value)s” is not a real date."), code="invalid", params={"value": value}
        ) from None


def truncate(value: datetime.date, precision: str) -> datetime.date:
    """The first day of the period ``value`` falls in, at ``precision``."""
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value


def iso_partial(value: datetime.date | None, precision: str) -> str:
    """The ISO 8601 form at its precision, for ``<time datetime>``: 2016, 2016-08, 2016-08-26."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def format_partial(value: datetime.date | None, precision: str) -> str:
    """A date for people, in the active language, at its precision.

    Vietnamese: 26/8/2016, tháng 8/2016, 2016. English: 26 August 2016, August 2016, 2016.
    """
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    english = (get_language() or "").startswith("en")
    if precision == DatePrecision.MONTH:
        if english:
            return date_format(value, "F Y")
        return f"tháng {value.month}/{value.year}"
    if english:
        return date_format(value, "j F Y")
    return f"{value.day}/{value.month}/{value.year}"


def format_partial_range(
    start: datetime.date | None, start_precision: str, end: datetime.date | None, end_precision: str
) -> str:
    """22–26/8/2016 style ranges; a single date when both ends are the same day."""
    if start is None:
        return ""
    if end is None or (end == start and end_precision == start_precision):
        return format_partial(start, start_precision)
    english = (get_language() or "").startswith("en")
    same_month = (start.year, start.month) == (end.year, end.month)
    if start_precision == end_precision == DatePrecision.DAY and same_month:
        if english:
            return f"{start.day}–{format_partial(end, end_precision)}"
        return f"{start.day}–{end.day}/{end.month}/{end.year}"
    return f"{format_partial(start, start_precision)} – {format_partial(end, end_precision)}"


def partial_date_errors(
    value: datetime.date | None, precision: str, *, date_field: str, precision_field: str
) -> dict[str, str]:
    """Form errors for a date stored with its precision, keyed by field: the two go
    together, and a month or a year is stored as its first day."""
    if value is None:
        return {date_field: _("Give the date, or clear its precision.")} if precision else {}
    if not precision:
        return {precision_field: _("Say how precise the date is: a day, a month or a year.")}
    if precision == DatePrecision.MONTH and value.day != 1:
        return {date_field: _("A date known to the month is stored as its first day: 2016-08-01.")}
    if precision == DatePrecision.YEAR and (value.month, value.day) != (1, 1):
        return {date_field: _("A date known to the year is stored as 1 January: 2016-01-01.")}
    return {}


def date_range_errors(
    start: datetime.date | None,
    start_precision: str,
    end: datetime.date | None,
    end_precision: str,
    *,
    end_needs_start: bool = True,
) -> dict[str, str]:
    """``partial_date_errors`` for the ``start_date`` and ``end_date`` fields of a model,
    an end before the start and, unless ``end_needs_start`` is false, an end alone."""
    errors = {
        **partial_date_errors(
            start, start_precision, date_field="start_date", precision_field="start_precision"
        ),
        **partial_date_errors(
            end, end_precision, date_field="end_date", precision_field="end_precision"
        ),
    }
    if start is None and end is not None and end_needs_start:
        errors.setdefault("start_date", _("An end date needs a start date."))
    elif start is not None and end is not None and end < start:
        errors.setdefault("end_date", _("The end date is before the start date."))
    return errors
