"""A key-figure topic page in a real browser: its chart and table readable on a phone and on
a wide screen, nothing wider than the window, and no axe violation. Screenshots are kept in
the test's tmp_path."""

import datetime

import pytest
from django.urls import reverse

from articles.models import Article
from figures.models import FigureTopic, KeyFigure
from tests.browser.conftest import axe_violations, describe_violations, preload_axe
from tests.factories import ArticleFactory, SegmentFactory

OVERFLOW = """() => ({
  page: document.documentElement.scrollWidth, window: window.innerWidth,
  wide: [...document.querySelectorAll("main *")]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
    .map((e) => e.tagName + "." + e.className).slice(0, 5),
})"""


@pytest.fixture
def topic_with_two_figures(seeded_live_server):
    topic = FigureTopic.objects.get(slug="nuoc-co-quan-he-ngoai-giao")
    article = ArticleFactory(
        title="Việt Nam có quan hệ ngoại giao với 189 nước", date=datetime.date(2021, 12, 20)
    )
    segment = SegmentFactory(article=article, text="Việt Nam có quan hệ ngoại giao với 189 nước.")
    KeyFigure.objects.create(
        article=article, segment=segment, topic=topic, value=189, as_written="189 nước"
    )
    assert Article.objects.published().count() == 6
    return seeded_live_server, topic


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("language", ["", "/en"])
def test_a_topic_page_is_readable_at_any_width(
    topic_with_two_figures, page, tmp_path, width, language
):
    server, topic = topic_with_two_figures
    preload_axe(page)  # the site's CSP refuses a script injected after the page loads
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(server.url + language + reverse("figures:topic", args=[topic.slug]))
    page.screenshot(
        path=tmp_path / f"figures-{width}{language.replace('/', '-')}.png", full_page=True
    )
    rows = page.locator("table.figures tbody tr")
    assert rows.count() == 2
    assert "187" in rows.nth(0).inner_text() and "189" in rows.nth(1).inner_text()
    chart = page.locator("figure.figure-chart svg")
    box = chart.bounding_box()
    assert box and 0 < box["width"] <= width and box["height"] > 50
    assert page.locator("figure.figure-chart circle").count() == 2
    # The links to the sentences are visible and at least 24px tall targets or inline text.
    link = rows.nth(0).locator("a").first
    assert link.is_visible() and link.get_attribute("href").endswith(
        "#" + KeyFigure.objects.get(value=187).segment.anchor
    )
    sizes = page.evaluate(OVERFLOW)
    assert sizes["page"] <= sizes["window"], sizes
    assert not sizes["wide"], sizes
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


def test_the_sentence_link_lands_on_the_sentence(topic_with_two_figures, page):
    server, topic = topic_with_two_figures
    page.goto(server.url + reverse("figures:topic", args=[topic.slug]))
    page.locator("table.figures tbody tr").nth(0).locator("a").first.click()
    anchor = KeyFigure.objects.get(value=187).segment.anchor
    page.wait_for_url(f"**#{anchor}")
    assert "187 nước" in page.locator(f"#{anchor}").inner_text()
    assert page.locator(f"#{anchor}").is_visible()
