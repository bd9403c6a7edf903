"""Bar charts of counts per year, drawn on the server as SVG, with a table of the same numbers.

``YearChart.build([(year, count), ...])`` lays out one bar per year, from the first year with
a count to the last, the years between with none as bars of zero, in a fixed viewBox that
the page stretches to its width. The SVG holds only the bars: the years, the counts and the
scale are HTML (``templates/includes/year_chart.html``), so their text keeps its size on a
narrow screen as on a wide one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

SLOT = 10  # viewBox units per year; a bar fills 8 of them
BAR = 8
HEIGHT = 100  # viewBox height: the largest count
MIN_BAR = 1.5  # a count of one among thousands still shows
MAJOR_LABELS = 6  # years labelled on any screen
MINOR_LABELS = 12  # on a wide one
STEPS = (1, 2, 5, 10, 20, 25, 50, 100)
VALUES_ALWAYS = 8  # the counts are written above the bars up to this many years
VALUES_WIDE = 16  # and on a wide screen up to this many


def _num(value: float) -> str:
    return f"{round(value, 2):g}"


def label_step(first: int, last: int, most: int) -> int:
    """The smallest round step at which at most ``most`` years of the span are labelled."""
    for step in STEPS:
        if last // step - (first - 1) // step <= most:
            return step
    return STEPS[-1]


@dataclass(frozen=True)
class YearBar:
    year: int
    count: int
    # viewBox coordinates, as text: a number in the page's locale would be written "1,5"
    x: str
    y: str
    width: str
    height: str
    label: str  # "major": the axis names the year on any screen; "minor": on a wide one
    href: str = ""  # the article list for the year, when it has any


@dataclass(frozen=True)
class YearChart:
    measure: str  # "articles" (articles per year) or "mentions" (articles naming an entity)
    bars: tuple[YearBar, ...]

    @classmethod
    def build(
        cls, counts: Iterable[tuple[int, int]], *, measure: str = "articles", link: str = ""
    ) -> YearChart | None:
        """The chart of ``counts``; None when they span less than two years (one bar says no
        more than the count the page gives already). ``link``: an article list address to
        which ``year=`` is added for each year's own list."""
        by_year: dict[int, int] = {}
        for year, n in counts:
            if year is not None and n:
                by_year[int(year)] = by_year.get(int(year), 0) + int(n)
        if len(by_year) < 2:
            return None
        first, last, peak = min(by_year), max(by_year), max(by_year.values())
        major = label_step(first, last, MAJOR_LABELS)
        minor = label_step(first, last, MINOR_LABELS)
        join = "&" if "?" in link else "?"
        bars = []
        for i, year in enumerate(range(first, last + 1)):
            n = by_year.get(year, 0)
            height = round(max(n / peak * HEIGHT, MIN_BAR), 2) if n else 0
            label = "major" if year % major == 0 else "minor" if year % minor == 0 else ""
            href = f"{link}{join}year={year}" if link and n else ""
            x, y = i * SLOT + (SLOT - BAR) / 2, HEIGHT - height
            bars.append(YearBar(year, n, _num(x), _num(y), _num(BAR), _num(height), label, href))
        return cls(measure, tuple(bars))

    @property
    def width(self) -> int:
        return len(self.bars) * SLOT

    @property
    def height(self) -> int:
        return HEIGHT

    @property
    def first_year(self) -> int:
        return self.bars[0].year

    @property
    def last_year(self) -> int:
        return self.bars[-1].year

    @property
    def total(self) -> int:
        return sum(bar.count for bar in self.bars)

    @property
    def peak(self) -> int:
        return max(bar.count for bar in self.bars)

    @property
    def peak_years(self) -> str:
        return ", ".join(str(bar.year) for bar in self.bars if bar.count == self.peak)

    @property
    def values(self) -> str:
        """Where the counts are written above the bars: "all" screens, "wide" ones, or ""."""
        if len(self.bars) <= VALUES_ALWAYS:
            return "all"
        return "wide" if len(self.bars) <= VALUES_WIDE else ""
