"""The site header, measured in a real browser (Debian Chromium driven by Playwright): one row
on a 1280px screen, folded without overlap or sideways scrolling on a 390px phone, a search
field wide enough for its placeholder, the section a page belongs to marked in the
navigation, and underlines that clear the dots below Vietnamese vowels (ụ, ạ, ợ).

Screenshots of the header are saved with the suite's other screenshots (``artifacts_dir`` in
tests/browser/conftest.py).
"""

import pytest
from django.urls import reverse
from django.utils import translation

from articles.models import Article, Document
from events.models import Conference
from people.models import Agency, Person

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
LANGUAGES = ["vi", "en"]
MIN_TARGET = 24  # CSS px, WCAG 2.2 target size (minimum)


def url(server, path, language):
    return server.url + ("/en" if language == "en" else "") + path


def header_boxes(page):
    """Bounding boxes of the header's visible children and of every link, field and button
    in it (x, y, width, height, and a label for messages)."""
    return page.evaluate(
        """() => {
            const box = (e) => {
                const r = e.getBoundingClientRect();
                return {x: r.x, y: r.y, width: r.width, height: r.height,
                        label: (e.className || e.tagName) + ' '
                            + (e.textContent || e.placeholder || '').trim()};
            };
            const header = document.querySelector('.site-header');
            const visible = (e) => e.getClientRects().length > 0
                && !e.classList.contains('visually-hidden');
            return {
                header: box(header),
                children: [...header.children].filter(visible).map(box),
                controls: [...header.querySelectorAll('a, input, button, [aria-current]')]
                    .filter(visible).map(box),
                scrollWidth: document.documentElement.scrollWidth,
            };
        }"""
    )


def overlapping(boxes):
    pairs = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if (
                a["x"] < b["x"] + b["width"] - 0.5
                and b["x"] < a["x"] + a["width"] - 0.5
                and a["y"] < b["y"] + b["height"] - 0.5
                and b["y"] < a["y"] + a["height"] - 0.5
            ):
                pairs.append(f"{a['label']!r} overlaps {b['label']!r}")
    return pairs


def detail_pages():
    """Pages inside each section, with the section's navigation label in both languages."""
    article = Article.objects.published().order_by("pk").first()
    document = Document.objects.public().order_by("pk").first()
    return [
        (article.get_absolute_url(), "Articles"),
        (reverse("articles:citation", args=[article.slug]), "Articles"),
        (document.get_absolute_url(), "Articles"),
        (Person.objects.get(slug="bui-thanh-son").get_absolute_url(), "Officials"),
        (Conference.objects.order_by("pk").first().get_absolute_url(), "Conferences"),
        (reverse("events:series-detail", args=["hoi-nghi-ngoai-giao"]), "Conferences"),
        (Agency.objects.get(slug="bo-ngoai-giao").get_absolute_url(), "Agencies"),
        (reverse("people:country-detail", args=["us"]), "Countries and bodies"),
        (reverse("people:body-detail", args=["asean"]), "Countries and bodies"),
    ]


def translated(text, language):
    with translation.override(language):
        return translation.gettext(text)


def marked_items(page):
    """The navigation's marked items: their text, aria-current value, font weight and
    underline thickness."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.site-nav a')].map((a) => {
            const style = getComputedStyle(a);
            return {text: a.textContent.trim(), current: a.getAttribute('aria-current'),
                    weight: Number(style.fontWeight),
                    thickness: parseFloat(style.textDecorationThickness) || 0};
        })"""
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_header_is_one_row_on_a_1280px_screen(seeded_live_server, page, language, artifacts_dir):
    article = Article.objects.published().order_by("pk").first()
    page.set_viewport_size(DESKTOP)
    # The home page, and a page whose marked (bold) item is the widest in the navigation.
    for path in (
        reverse("home"),
        reverse("people:country-detail", args=["us"]),
        article.get_absolute_url(),
    ):
        page.goto(url(seeded_live_server, path, language))
        boxes = header_boxes(page)
        children = boxes["children"]
        assert len(children) == 4, [c["label"] for c in children]  # name, nav, search, language
        tops = [child["y"] for child in children]
        bottoms = [child["y"] + child["height"] for child in children]
        # Every child shares one row: each starts above the point where the first one ends.
        assert max(tops) < min(bottoms), [(c["label"][:30], c["y"]) for c in children]
        # Each item in the nav and the language switch on that row too: one line of links.
        links = [c for c in boxes["controls"] if c["height"] < 40]
        assert max(c["y"] for c in links) - min(c["y"] for c in links) < 12, [
            (c["label"][:30], c["y"]) for c in links
        ]
        # The header is one row tall: its padding and the tallest item (the search field).
        tallest = max(child["height"] for child in children)
        assert boxes["header"]["height"] <= tallest + 40, boxes["header"]
        assert boxes["scrollWidth"] <= DESKTOP["width"]
        print(f"1280 {language} {path}: header {boxes['header']['height']:.0f}px tall")
    page.goto(url(seeded_live_server, reverse("home"), language))
    page.locator(".site-header").screenshot(path=str(artifacts_dir / f"header-1280-{language}.png"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_header_folds_on_a_390px_phone(seeded_live_server, page, language, artifacts_dir):
    page.set_viewport_size(PHONE)
    page.goto(url(seeded_live_server, reverse("home"), language))
    boxes = header_boxes(page)
    assert boxes["scrollWidth"] <= PHONE["width"], "the page scrolls sideways"
    assert not overlapping(boxes["children"])
    assert not overlapping(boxes["controls"])
    for box in boxes["children"] + boxes["controls"]:
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    small = [
        box for box in boxes["controls"] if box["width"] < MIN_TARGET or box["height"] < MIN_TARGET
    ]
    assert not small, f"tap targets under {MIN_TARGET}x{MIN_TARGET}px: {small}"
    # Folded: the search field spans the row below the navigation.
    search = page.locator(".header-search").bounding_box()
    nav = page.locator(".site-nav").bounding_box()
    assert search["y"] >= nav["y"] + nav["height"]
    assert search["width"] >= PHONE["width"] - 40
    page.locator(".site-header").screenshot(path=str(artifacts_dir / f"header-390-{language}.png"))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_search_placeholder_fits_in_the_field(seeded_live_server, page, language, viewport):
    page.set_viewport_size(viewport)
    page.goto(url(seeded_live_server, reverse("home"), language))
    field = page.locator("#header-q")
    placeholder = translated("Search, e.g. bui thanh son", language)
    assert field.get_attribute("placeholder") == placeholder
    measured = field.evaluate(
        """(input) => {
            const style = getComputedStyle(input);
            const context = document.createElement('canvas').getContext('2d');
            context.font = style.font;
            const room = input.clientWidth - parseFloat(style.paddingLeft)
                - parseFloat(style.paddingRight);
            const text = context.measureText(input.placeholder).width;
            // The text as typed, in the field's own rendering (Chromium keeps room for the
            // search field's clear button): wider than the field, the field scrolls.
            input.value = input.placeholder;
            const overflow = input.scrollWidth - input.clientWidth;
            input.value = '';
            return {room, text, overflow};
        }"""
    )
    print(f"{viewport['width']} {language}: placeholder {measured}")
    assert measured["text"] <= measured["room"], measured
    assert measured["overflow"] <= 0, measured


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_section_of_a_page_is_marked_in_the_navigation(seeded_live_server, page, language):
    page.set_viewport_size(DESKTOP)
    for path, section in detail_pages():
        page.goto(url(seeded_live_server, path, language))
        marked = [item for item in marked_items(page) if item["current"]]
        assert [(m["text"], m["current"]) for m in marked] == [
            (translated(section, language), "true")
        ], path
    # The section's own list page is the current page.
    page.goto(url(seeded_live_server, reverse("people:agency-list"), language))
    items = marked_items(page)
    assert [(m["text"], m["current"]) for m in items if m["current"]] == [
        (translated("Agencies", language), "page")
    ]
    # Marked by more than colour: bolder, with a thicker underline than the other items.
    marked = next(item for item in items if item["current"])
    others = [item for item in items if not item["current"]]
    assert all(marked["weight"] >= other["weight"] + 300 for other in others), items
    assert all(marked["thickness"] >= other["thickness"] + 2 for other in others), items
    page.goto(
        url(seeded_live_server, reverse("people:person-detail", args=["bui-thanh-son"]), language)
    )
    marked = next(item for item in marked_items(page) if item["current"])
    assert marked["weight"] >= 700 and marked["thickness"] >= 3, marked
    # Pages outside every section mark nothing.
    for path in (reverse("home"), reverse("search") + "?q=asean"):
        page.goto(url(seeded_live_server, path, language))
        assert not [item for item in marked_items(page) if item["current"]], path


@pytest.mark.parametrize("language", LANGUAGES)
def test_underlines_clear_the_dots_below_vietnamese_vowels(seeded_live_server, page, language):
    page.goto(url(seeded_live_server, reverse("home"), language))
    for selector in (".site-nav a", "main a", ".site-footer a"):
        measured = page.locator(selector).first.evaluate(
            """(link) => {
                const style = getComputedStyle(link);
                const context = document.createElement('canvas').getContext('2d');
                context.font = style.font;
                return {
                    fontSize: parseFloat(style.fontSize),
                    offset: parseFloat(style.textUnderlineOffset),
                    skipInk: style.textDecorationSkipInk,
                    line: style.textDecorationLine,
                    // How far the dots below reach under the baseline, in this font.
                    dots: context.measureText('ụạợệ').actualBoundingBoxDescent,
                };
            }"""
        )
        print(f"{language} {selector}: {measured}")
        assert measured["line"] == "underline", (selector, measured)
        assert measured["offset"] >= 0.2 * measured["fontSize"], (selector, measured)
        assert measured["offset"] > measured["dots"], (selector, measured)
        assert measured["skipInk"] == "auto", (selector, measured)
