"""The timeline of an official's positions: one row per position, in the table's order.

A position with dates in office is drawn as a bar over those dates; one known only from
the articles that give the title is drawn as marks at those articles' dates, on its own row
beside its label. Positions are placed in percent of the axis, so the page lays the rows out
in HTML and the text never scales with the drawing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from .models import Position

# Year labels, at most this many on a wide and on a narrow screen (the CSS hides the others).
WIDE_LABELS = 12
NARROW_LABELS = 6
MIN_BAR = 1.5  # percent: a term of a few days stays visible


class Kind:
    TERM = "term"  # a start and an end
    OPEN_END = "open-end"  # a start, no end: the bar runs on to the edge of the axis
    OPEN_START = "open-start"  # an end, no start: the bar runs from the edge of the axis
    AS_OF = "as-of"  # no dates in office: marks at the dates of the attesting articles
    UNDATED = "undated"  # neither dates nor an attesting article


@dataclass
class Row:
    position: Position
    kind: str
    x: str = ""  # the bar's left edge, in percent of the axis
    width: str = ""
    marks: list[str] = field(default_factory=list)  # the marks' centres, in percent

    @property
    def is_bar(self) -> bool:
        return self.kind in (Kind.TERM, Kind.OPEN_END, Kind.OPEN_START)


@dataclass
class Year:
    year: int
    x: str  # the middle of the year, in percent of the axis
    wide: bool  # labelled on a wide screen
    narrow: bool  # labelled on a narrow screen


@dataclass
class Timeline:
    first_year: int
    last_year: int  # the last year with evidence; the axis runs to its end
    rows: list[Row]
    years: list[Year]
    boundaries: list[str]  # 1 January of each year after the first, in percent

    def _has(self, *kinds: str) -> bool:
        return any(row.kind in kinds for row in self.rows)

    @property
    def has_terms(self) -> bool:
        return self._has(Kind.TERM)

    @property
    def has_open(self) -> bool:
        return self._has(Kind.OPEN_END, Kind.OPEN_START)

    @property
    def has_marks(self) -> bool:
        return self._has(Kind.AS_OF)

    @property
    def has_undated(self) -> bool:
        return self._has(Kind.UNDATED)

    @property
    def marks_first_and_last(self) -> bool:
        """Some position is given by more articles than the two marked."""
        return any(
            row.kind == Kind.AS_OF and (getattr(row.position, "attested_count", 0) or 0) > 2
            for row in self.rows
        )


def period(date: datetime.date, precision: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day a partial date may stand for."""
    if precision == "year":
        return date.replace(month=1, day=1), date.replace(month=12, day=31)
    if precision == "month":
        following = (date.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return date.replace(day=1), following - datetime.timedelta(days=1)
    return date, date


def _middle(date: datetime.date, precision: str) -> datetime.date:
    first, last = period(date, precision)
    return first + (last - first) / 2


def _attesting(position: Position) -> list:
    """The first and last attesting articles (``attach_attesting_articles``), once each."""
    found = [getattr(position, name, None) for name in ("first_attesting", "last_attesting")]
    return list({a.pk: a for a in found if a}.values())


def position_timeline(positions: list[Position]) -> Timeline | None:
    """Rows for the timeline of ``positions``, in their order; None when nothing is dated.

    Positions with dates in office show only those dates, as the table beside does; the
    others show their first and last attesting articles.
    """
    days = []
    for p in positions:
        if p.start_date:
            days += period(p.start_date, p.start_precision)
        if p.end_date:
            days += period(p.end_date, p.end_precision)
        if not (p.start_date or p.end_date):
            days += [day for a in _attesting(p) for day in period(a.date, a.date_precision)]
    if not days:
        return None
    first_year, last_year = min(days).year, max(days).year
    start, stop = datetime.date(first_year, 1, 1), datetime.date(last_year + 1, 1, 1)
    length = (stop - start).days

    def percent(day: datetime.date) -> float:
        return 100 * (day - start).days / length

    rows = []
    for p in positions:
        if p.start_date or p.end_date:
            begin = period(p.start_date, p.start_precision)[0] if p.start_date else start
            end = stop  # the axis ends with the last day of the last year
            if p.end_date:
                end = period(p.end_date, p.end_precision)[1] + datetime.timedelta(days=1)
            if p.start_date and p.end_date:
                kind = Kind.TERM
            else:
                kind = Kind.OPEN_END if p.start_date else Kind.OPEN_START
            left = min(percent(begin), 100 - MIN_BAR)
            width = max(percent(end) - left, MIN_BAR)
            rows.append(Row(p, kind, x=f"{left:.2f}%", width=f"{width:.2f}%"))
        elif attesting := _attesting(p):
            marks = [f"{percent(_middle(a.date, a.date_precision)):.2f}%" for a in attesting]
            rows.append(Row(p, Kind.AS_OF, marks=list(dict.fromkeys(marks))))
        else:
            rows.append(Row(p, Kind.UNDATED))

    count = last_year - first_year + 1
    wide, narrow = -(-count // WIDE_LABELS), -(-count // NARROW_LABELS)
    years = []
    for year in range(first_year, last_year + 1):
        middle = percent(datetime.date(year, 7, 2))
        offset = year - first_year
        years.append(Year(year, f"{middle:.2f}%", offset % wide == 0, offset % narrow == 0))
    boundaries = [
        f"{percent(datetime.date(year, 1, 1)):.2f}%"
        for year in range(first_year + 1, last_year + 1)
    ]
    return Timeline(first_year, last_year, rows, years, boundaries)
