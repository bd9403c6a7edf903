"""The charts of articles and mentions per year, measured in a real browser at a phone's
width and a desktop's: text no smaller than 12px, labels apart and under their bars, nothing
wider than the screen, the table a click away, and axe's WCAG rules met."""

import datetime
from itertools import pairwise

import pytest

from tests.browser.conftest import axe_violations, describe_violations, preload_axe
from tests.factories import ArticleFactory

WIDTHS = [390, 1280]
PAGES = [
    "/",
    "/articles/?country=vn",
    "/people/bui-thanh-son/",
    "/agencies/bo-ngoai-giao/",
    "/countries/vn/",
    "/en/",
    "/en/agencies/bo-ngoai-giao/",
]
MIN_TEXT = 12  # CSS px

MEASURE = """() => {
    const chart = document.querySelector('.year-chart');
    if (!chart) return null;
    const shown = (e) => e.getClientRects().length > 0 && getComputedStyle(e).display !== 'none';
    const box = (e) => {
        const r = e.getBoundingClientRect();
        return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width,
                height: r.height, text: e.textContent.trim()};
    };
    const texts = [...chart.querySelectorAll('h2, p, span, summary')].filter(shown).map((e) => (
        {...box(e), size: parseFloat(getComputedStyle(e).fontSize)}));
    const svg = chart.querySelector('svg');
    return {
        texts,
        years: [...chart.querySelectorAll('.year-chart-years li')].map((li) => {
            const label = [...li.querySelectorAll('span')].filter(shown).map(box)[0];
            return {...box(li), label: label || null};
        }),
        values: [...chart.querySelectorAll('.year-chart-values span')].filter(shown).map(box),
        bars: [...svg.querySelectorAll('rect')].map((r) => ({
            ...box(r), year: parseInt(r.querySelector('title').textContent)})),
        first: parseInt(chart.querySelector('tbody th').textContent),
        role: svg.getAttribute('role'),
        name: svg.querySelector('title').textContent.trim(),
        scrollWidth: document.documentElement.scrollWidth,
        viewport: window.innerWidth,
    };
}"""


def apart(boxes):
    """Whether no two boxes, left to right, overlap."""
    boxes = sorted(boxes, key=lambda b: b["left"])
    return all(a["right"] <= b["left"] + 0.5 for a, b in pairwise(boxes))


def check_chart(page, url, width):
    m = page.evaluate(MEASURE)
    assert m is not None, f"{url}: no chart"
    where = f"{url} at {width}px"
    assert m["role"] == "img" and len(m["name"]) > 20, where
    small = [t for t in m["texts"] if t["size"] < MIN_TEXT and t["text"]]
    assert not small, (where, small)
    assert m["scrollWidth"] <= m["viewport"], (where, m["scrollWidth"])
    labels = [li["label"] for li in m["years"] if li["label"]]
    assert len(labels) >= 2, where
    assert apart(labels), (where, labels)
    assert apart(m["values"]), (where, m["values"])
    for text in m["texts"]:
        assert 0 <= text["left"] and text["right"] <= m["viewport"], (where, text)
    # Each bar stands in its year's slot, the slot under which its year is written.
    slots = m["years"]
    for bar in m["bars"]:
        slot = slots[bar["year"] - m["first"]]
        middle = (bar["left"] + bar["right"]) / 2
        assert slot["left"] <= middle <= slot["right"], (where, bar, slot)
        assert bar["height"] >= 1, (where, bar)
    for li in slots:
        if li["label"]:
            middle = (li["label"]["left"] + li["label"]["right"]) / 2
            assert abs(middle - (li["left"] + li["right"]) / 2) < 1, (where, li)
    return m


@pytest.mark.parametrize("width", WIDTHS)
def test_charts_are_readable_and_fit_the_screen(page, seeded_live_server, width):
    preload_axe(page)
    page.set_viewport_size({"width": width, "height": 900})
    for path in PAGES:
        url = seeded_live_server.url + path
        page.goto(url)
        check_chart(page, path, width)
        # The table gives the same numbers, one row a year.
        page.click(".year-chart summary")
        rows = page.locator(".year-chart table tbody tr")
        assert rows.count() == page.locator(".year-chart-years li").count(), path
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        violations = axe_violations(page)
        assert not violations, f"{path} at {width}px:\n{describe_violations(violations)}"


@pytest.mark.parametrize("width", WIDTHS)
def test_a_long_span_labels_a_few_years_apart(page, seeded_live_server, width):
    for year in range(1991, 2025, 3):
        ArticleFactory(date=datetime.date(year, 3, 1))
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(seeded_live_server.url + "/")
    m = check_chart(page, "/", width)
    assert len(m["years"]) == 2024 - 1991 + 1
    shown = [li["label"]["text"] for li in m["years"] if li["label"]]
    assert 3 <= len(shown) <= (6 if width < 600 else 12), shown
