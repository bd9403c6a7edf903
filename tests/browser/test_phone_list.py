"""The articles list on a 390px phone and a 1280px screen, in a real browser (Debian Chromium
driven by Playwright): the first result on the first screen, every filter and facet under
one "Filters" control, targets big enough to tap (WCAG 2.2, 2.5.8), a facet column no taller
than a short page of results, and the inferred-date explanation dismissed by Escape
(WCAG 1.4.13)."""

import math
import re

import pytest
from django.urls import reverse

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
MIN_TARGET = 24  # CSS px
LIST = reverse("articles:list")

# Every filter of the list: the form's fields, and the facets (the entity filters).
FIELDS = ["id_q", "id_year", "id_kind", "id_date_from", "id_date_to", "id_sort"]
FACETS = [
    "publication",
    "kind",
    "year",
    "person",
    "agency",
    "country",
    "body",
    "conference",
    "document",
]


def url(server, path, language="vi"):
    return server.url + ("/en" if language == "en" else "") + path


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def targets(page):
    """Every link, button, field, summary and focusable element shown in main: its box and
    a label for messages."""
    return page.evaluate(
        """() => {
            const shown = (e) => e.checkVisibility({contentVisibilityAuto: true,
                visibilityProperty: true, opacityProperty: true})
                && e.getClientRects().length > 0;
            const query = 'a[href], button, input:not([type=hidden]), select, textarea, '
                + 'summary, [tabindex]:not([tabindex="-1"])';
            return [...document.querySelectorAll('main ' + query.split(', ').join(', main '))]
                .filter(shown).map((e) => {
                    const r = e.getBoundingClientRect();
                    return {x: r.x + scrollX, y: r.y + scrollY, width: r.width,
                            height: r.height,
                            label: e.tagName + ' ' + (e.textContent || e.id || '').trim()
                                .replace(/\\s+/g, ' ').slice(0, 60)};
                });
        }"""
    )


def distance_to_box(x, y, b):
    dx = max(b["x"] - x, 0, x - (b["x"] + b["width"]))
    dy = max(b["y"] - y, 0, y - (b["y"] + b["height"]))
    return math.hypot(dx, dy)


def too_small(boxes):
    """The targets under 24x24 that do not meet the spacing exception of WCAG 2.5.8: a 24px
    circle centred on each undersized target intersects no other target nor the circle of
    another undersized one."""
    small = [b for b in boxes if b["width"] < MIN_TARGET - 0.01 or b["height"] < MIN_TARGET - 0.01]
    failures = []
    for b in small:
        cx, cy = b["x"] + b["width"] / 2, b["y"] + b["height"] / 2
        for other in boxes:
            if other is b:
                continue
            if other in small:
                ox, oy = other["x"] + other["width"] / 2, other["y"] + other["height"] / 2
                clash = math.hypot(cx - ox, cy - oy) < MIN_TARGET
            else:
                clash = distance_to_box(cx, cy, other) < MIN_TARGET / 2
            if clash:
                failures.append(
                    f"{b['label']!r} {b['width']:.1f}x{b['height']:.1f} near {other['label']!r}"
                )
                break
    return failures


def open_everything(page):
    """Open the filters and every folded facet."""
    page.evaluate("() => document.querySelectorAll('main details').forEach((d) => d.open = true)")


def test_the_first_result_shows_on_the_first_phone_screen(seeded_live_server, page):
    page.set_viewport_size(PHONE)
    for language, query, active in [
        ("vi", "", 0),
        ("en", "", 0),
        ("en", "?person=bui-thanh-son&year=2016", 2),
        ("vi", "?kind=interview&q=hoi&agency=bo-ngoai-giao", 3),
    ]:
        page.goto(url(seeded_live_server, LIST, language) + query)
        first = box(page, ".results .article-row")
        assert first is not None, query
        assert 0 <= first["y"] < PHONE["height"] - 40, f"{query}: first result at {first['y']}px"
        # The fold is closed; the filters in force are shown outside it.
        assert page.locator("details.filters").get_attribute("open") is None
        chips = page.locator(".active-filters li")
        assert chips.count() == active
        assert all(chip.is_visible() for chip in chips.all())
        summary = page.locator("details.filters > summary").inner_text().strip()
        assert (f"({active} " in summary) is bool(active), summary


def test_one_filters_control_holds_every_field_and_every_facet(seeded_live_server, page):
    page.set_viewport_size(PHONE)
    page.goto(url(seeded_live_server, LIST, "en"))
    folds = page.locator("main details.filters")
    assert folds.count() == 1
    fold = folds.first
    # Every field of the form, every facet and every facet value are inside it, none outside.
    for field in FIELDS:
        assert fold.locator(f"#{field}").count() == 1, field
        assert not page.locator(f"#{field}").is_visible(), f"{field} shows while folded"
    assert page.locator("main form").count() == fold.locator("form").count() == 1
    for param in FACETS:
        assert fold.locator(f"#facet-{param}").count() == 1, param
    assert page.locator("main .facet").count() == fold.locator(".facet").count()
    assert page.locator("main .facet li").count() == fold.locator(".facet li").count() > 20

    fold.locator(":scope > summary").click()
    for field in FIELDS:
        assert page.locator(f"#{field}").is_visible(), field
    assert page.locator("#facet-person + ul").get_by_role("link").first.is_visible()
    # A long facet shows its first few values and folds the rest.
    agencies = page.locator("#facet-agency").locator("..")
    assert agencies.locator(":scope > ul > li").count() == 3
    more = agencies.locator("details.facet-rest")
    assert more.locator("li").count() >= 2 and not more.locator("li").first.is_visible()
    more.locator("summary").click()
    assert more.locator("li").first.is_visible()


def test_a_facet_tapped_on_a_phone_filters_and_the_result_still_shows_first(
    seeded_live_server, page
):
    page.set_viewport_size(PHONE)
    page.goto(url(seeded_live_server, LIST, "en"))
    page.locator("details.filters > summary").click()
    link = page.locator("#facet-person + ul").get_by_role("link", name="Bùi Thanh Sơn")
    with page.expect_navigation():
        link.click()
    assert "person=bui-thanh-son" in page.url
    titles = page.locator(".results .article-title").all_inner_texts()
    assert len(titles) == 2
    assert box(page, ".results .article-row")["y"] < PHONE["height"] - 40
    chip = page.locator(".active-filters li", has_text="Bùi Thanh Sơn")
    assert chip.is_visible()
    assert page.locator("details.filters > summary").inner_text().strip() == "Filters (1 active)"
    # The chip's remove link undoes it.
    with page.expect_navigation():
        chip.get_by_role("link").click()
    assert len(page.locator(".results .article-title").all_inner_texts()) == 5


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_target_on_the_list_is_at_least_24px(seeded_live_server, page, viewport):
    page.set_viewport_size(viewport)
    for query in ("", "?per_page=2", "?person=bui-thanh-son&year=2016", "?q=hoi&per_page=1&page=2"):
        page.goto(url(seeded_live_server, LIST, "en") + query)
        open_everything(page)
        boxes = targets(page)
        labels = " ".join(b["label"] for b in boxes)
        # The list's own controls are among those measured.
        for expected in ("SUMMARY Filters", "INPUT id_q", "SELECT", "BUTTON Apply", "more"):
            assert expected in labels, (query, expected)
        if "page" in query:
            assert "Next page" in labels or "Previous page" in labels
        if "person" in query:
            assert "A remove" in labels
        failures = too_small(boxes)
        assert not failures, f"{query}: targets under 24x24 px:\n" + "\n".join(failures)


def test_on_a_desktop_the_facets_sit_beside_the_results_no_taller_than_them(
    seeded_live_server, page
):
    page.set_viewport_size(DESKTOP)
    page.goto(url(seeded_live_server, LIST, "en"))
    assert page.locator(".results .article-row").count() == 5
    fold = page.locator("details.filters")
    assert fold.get_attribute("open") is not None  # opened on a wide screen
    assert page.locator("#facet-person + ul").get_by_role("link").first.is_visible()
    filters, results = box(page, "details.filters"), box(page, ".results")
    assert filters["x"] + filters["width"] <= results["x"], "the facets are not beside"
    assert abs(filters["y"] - results["y"]) < 2
    # The results' own height: from the section's top to the bottom of its last child.
    content = page.evaluate(
        """() => {
            const s = document.querySelector('.results');
            const last = [...s.children].filter((e) => e.getClientRects().length).pop();
            return last.getBoundingClientRect().bottom - s.getBoundingClientRect().top;
        }"""
    )
    assert filters["height"] <= content + 48, (filters["height"], content)
    # Facets the column has no room for are reached by scrolling it, not the page.
    last = page.locator(".facet").last.get_by_role("link").first
    last.scroll_into_view_if_needed()
    assert last.is_visible()
    document = page.evaluate("() => document.documentElement.scrollHeight")
    footer = box(page, ".site-footer")
    assert document <= footer["y"] + footer["height"] + page.evaluate("scrollY") + 1


def tip_shown(page, mark) -> bool:
    """Whether the mark's explanation is shown (not the 1px visually hidden box)."""
    tip = mark.locator(".inferred-why").bounding_box()
    return tip is not None and tip["width"] > 40 and tip["height"] > 10


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_escape_hides_an_inferred_date_explanation_without_moving_focus_or_pointer(
    seeded_live_server, page, viewport
):
    page.set_viewport_size(viewport)
    page.goto(url(seeded_live_server, LIST, "en"))
    assert page.locator(".results .inferred-mark").count() >= 1
    mark = page.locator(".results .inferred-mark").first
    assert not tip_shown(page, mark)

    # Hover: shown, and it stays while the pointer moves onto the explanation itself.
    mark.hover()
    assert tip_shown(page, mark)
    tip = mark.locator(".inferred-why").bounding_box()
    page.mouse.move(tip["x"] + tip["width"] / 2, tip["y"] + tip["height"] / 2)
    page.wait_for_timeout(1500)
    assert tip_shown(page, mark), "the explanation closed while the pointer was on it"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
    page.keyboard.press("Escape")
    assert not tip_shown(page, mark)
    # It comes back once the pointer has left and returned.
    page.mouse.move(5, 5)
    mark.hover()
    assert tip_shown(page, mark)
    page.mouse.move(5, 5)

    # Focus: shown; Escape hides it, and the focus stays on the mark.
    mark.focus()
    assert tip_shown(page, mark)
    page.keyboard.press("Escape")
    assert not tip_shown(page, mark)
    assert mark.evaluate("(e) => document.activeElement === e")
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    assert mark.evaluate("(e) => document.activeElement === e")
    assert tip_shown(page, mark)


def test_the_filters_fold_opens_on_a_desktop_and_stays_folded_on_a_phone(seeded_live_server, page):
    for viewport, is_open in ((PHONE, False), (DESKTOP, True)):
        page.set_viewport_size(viewport)
        page.goto(url(seeded_live_server, LIST, "vi") + "?year=2016")
        assert (page.locator("details.filters").get_attribute("open") is not None) is is_open
        summary = page.locator("details.filters > summary").inner_text().strip()
        assert re.match(r"^\S.* \(1 .+\)$", summary), summary
