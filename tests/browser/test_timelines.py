"""The timelines measured in a browser, on a phone (360 px wide) and on a desktop (1280 px):
every text in them is drawn at 12 CSS px or more, an attested title's marks sit on the row
of its label, terms are bars, and nothing runs off the page."""

import datetime

import pytest

from tests.browser.conftest import axe_violations, describe_violations, preload_axe
from tests.factories import ConferenceFactory, SeriesFactory
from tests.test_timelines import person_with_every_kind

VIEWPORTS = [(360, 800), (1280, 900)]

# The drawn size of every text in ``root``: the computed font size times the scale at which
# it is drawn (an SVG's viewBox or a CSS transform shrinks text that CSS says is large).
TEXT_SIZES = """(root) => {
    const sizes = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const element = node.parentElement;
        if (!node.textContent.trim() || !element.getClientRects().length) continue;
        const size = parseFloat(getComputedStyle(element).fontSize);
        let scale = 1;
        if (element instanceof SVGGraphicsElement) {
            const m = element.getScreenCTM();
            scale = Math.sqrt(m.a * m.a + m.b * m.b);
        } else if (element.offsetHeight) {
            scale = element.getBoundingClientRect().height / element.offsetHeight;
        }
        sizes.push({text: node.textContent.trim().slice(0, 40), px: size * scale});
    }
    return sizes;
}"""

ROWS = """(root) => [...root.querySelectorAll('.timeline-row:not(.timeline-axis)')].map((row) => {
    const box = (el) => { const r = el.getBoundingClientRect();
        return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width}; };
    return {
        kind: row.classList[1],
        row: box(row),
        label: box(row.querySelector('.timeline-label')),
        marks: [...row.querySelectorAll('.mark')].map(box),
        bars: [...row.querySelectorAll('.bar')].map(box),
    };
})"""


@pytest.fixture
def open_at(browser):
    contexts = []

    def open_at(url, width, height):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        preload_axe(page)
        page.goto(url)
        return page

    yield open_at
    for context in contexts:
        context.close()


def no_horizontal_scroll(page):
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@pytest.mark.parametrize(("width", "height"), VIEWPORTS)
def test_position_timeline_is_readable_with_marks_beside_their_labels(
    seeded_live_server, open_at, width, height
):
    person = person_with_every_kind()
    page = open_at(f"{seeded_live_server.url}/en{person.get_absolute_url()}", width, height)
    timeline = page.locator(".position-timeline")

    sizes = timeline.evaluate(TEXT_SIZES)
    assert any(s["text"] == "2008" for s in sizes), sizes  # the axis is labelled
    assert any(s["text"].startswith("Deputy Minister") for s in sizes)
    small = [s for s in sizes if s["px"] < 12]
    assert not small, f"text drawn below 12 px at {width} px wide: {small}"

    rows = {row["kind"]: row for row in timeline.evaluate(ROWS)}
    assert set(rows) == {"term", "open-end", "as-of", "undated"}
    for kind in ("term", "open-end"):
        (bar,) = rows[kind]["bars"]
        assert bar["width"] >= 3, (kind, bar)
        assert not rows[kind]["marks"]
    attested = rows["as-of"]
    label = attested["label"]
    assert len(attested["marks"]) == 2 and not attested["bars"]
    for mark in attested["marks"]:
        # Inside the row of its label, and level with the label (beside it) or, on a
        # phone, right under it.
        inside = attested["row"]
        assert inside["top"] <= mark["top"] and mark["bottom"] <= inside["bottom"], mark
        if width >= 1000:
            assert mark["top"] < label["bottom"] and mark["bottom"] > label["top"], (mark, label)
        else:
            assert 0 <= mark["top"] - label["bottom"] <= 12, (mark, label)
    assert no_horizontal_scroll(page)
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


@pytest.mark.parametrize(("width", "height"), VIEWPORTS)
def test_seed_official_timeline_is_readable(seeded_live_server, open_at, width, height):
    page = open_at(f"{seeded_live_server.url}/people/bui-thanh-son/", width, height)
    sizes = page.locator(".position-timeline").evaluate(TEXT_SIZES)
    assert sizes and not [s for s in sizes if s["px"] < 12], sizes
    assert no_horizontal_scroll(page)


@pytest.mark.parametrize(("width", "height"), VIEWPORTS)
def test_series_timeline_wraps_instead_of_shrinking(seeded_live_server, open_at, width, height):
    series = SeriesFactory(name_vi="Hội nghị dài")
    for ordinal in [*range(1, 9), 12, 13, 17]:
        ConferenceFactory(
            series=series,
            ordinal=ordinal,
            start_date=datetime.date(1990 + ordinal, 5, 1),
            start_precision="day",
        )
    page = open_at(f"{seeded_live_server.url}{series.get_absolute_url()}", width, height)
    timeline = page.locator(".series-timeline figure")
    sizes = timeline.evaluate(TEXT_SIZES)
    assert {"1991", "17", "9–11"} <= {s["text"] for s in sizes}, sizes
    assert not [s for s in sizes if s["px"] < 12], sizes
    slots = page.locator(".series-slot")
    assert slots.count() == 13  # 11 members and 2 runs of missing numbers
    tops = {round(box["y"]) for box in (slots.nth(i).bounding_box() for i in range(13))}
    assert (len(tops) > 1) == (width < 1000)  # on a phone the line wraps
    assert no_horizontal_scroll(page)
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
