"""A small line chart of a topic's figures over time, drawn on the server as SVG
coordinates: the page's table says the same in words."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from .models import number_display

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 72, 28, 16, 28


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    axis_y: int = HEIGHT - BOTTOM
    points: list[dict] = field(default_factory=list)
    path: str = ""
    x_ticks: list[tuple[str, str]] = field(default_factory=list)
    y_ticks: list[tuple[str, str]] = field(default_factory=list)


def _nice_top(value: Decimal) -> Decimal:
    """The smallest of 1, 2, 2.5, 5 times a power of ten at or above ``value``."""
    if value <= 0:
        return Decimal(1)
    power = Decimal(10) ** (len(str(int(value))) - 1) if value >= 1 else Decimal(1)
    for step in (1, 2, Decimal("2.5"), 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def figure_chart(rows: list[tuple[datetime.date, Decimal, str]]) -> Chart | None:
    """Coordinates for ``rows`` (date, value, label), oldest first; None for fewer than two."""
    if len(rows) < 2:
        return None
    chart = Chart()
    first, last = rows[0][0], rows[-1][0]
    first_year, last_year = first.year, last.year + 1
    start = datetime.date(first_year, 1, 1)
    span = (datetime.date(last_year, 1, 1) - start).days or 1
    top = _nice_top(max(value for _, value, _ in rows))
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = chart.axis_y - TOP

    # Coordinates as text: a number in a template would be localised ("212,5" in Vietnamese).
    def x(day: datetime.date) -> str:
        return f"{LEFT + plot_w * (day - start).days / span:.1f}"

    def y(value: Decimal) -> str:
        return f"{chart.axis_y - plot_h * float(value / top):.1f}"

    step = max(1, (last_year - first_year) // 6)
    chart.x_ticks = [
        (x(datetime.date(year, 1, 1)), str(year)) for year in range(first_year, last_year + 1, step)
    ]
    chart.y_ticks = [(y(top * i / 4), number_display(top * i / 4)) for i in range(5)]
    chart.points = [{"x": x(day), "y": y(value), "label": label} for day, value, label in rows]
    chart.path = "M" + " L".join(f"{p['x']} {p['y']}" for p in chart.points)
    return chart
