"""The article page in a real browser, on a 390px phone and a 1280px screen, in both languages:
its heading is on the first screen, the reasons for its inferred date and title are folded
(one short line each, opening on a click or on Enter from the keyboard), and the English page
gives the English title with the Vietnamese one beside it.
"""

import pytest
from django.utils import translation

from articles.models import Article
from tests.browser.conftest import axe_violations, describe_violations, preload_axe

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
ARTICLE_003 = "ba-tru-cot-xay-dung-nen-ngoai-giao-viet-nam-toan-dien-hien-dai"


def box(locator) -> dict:
    found = locator.bounding_box()
    assert found is not None, locator
    return found


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_heading_is_on_the_first_screen_and_the_reasons_are_folded(
    page, seeded_live_server, viewport, language
):
    article = Article.objects.get(slug=ARTICLE_003)
    with translation.override(language):
        path = article.get_absolute_url()
    preload_axe(page)
    page.set_viewport_size(viewport)
    page.goto(seeded_live_server.url + path)

    heading = page.locator("h1")
    expected = article.title_en if language == "en" else article.title
    assert heading.inner_text().strip() == expected
    assert heading.get_attribute("lang") == language
    top = box(heading)
    assert top["y"] + top["height"] <= viewport["height"], top  # on the first screen
    if language == "en":
        original = page.locator(".original-title span[lang=vi]")
        assert original.inner_text().strip() == article.title

    reasons = page.locator(".article-facts details.inferred-reason")
    assert reasons.count() == 2  # the date's and the title's
    shown = [article.date_inferred_reason, article.title_inferred_reason]
    if language == "en":
        shown = [article.date_inferred_reason_en, article.title_inferred_reason_en]
    for index in range(2):
        reason = reasons.nth(index)
        summary, text = reason.locator("summary"), reason.locator("p")
        assert reason.get_attribute("open") is None
        assert not text.is_visible()
        # Folded, a reason takes one short line (the summary), a tap target of 24px at least.
        line = box(summary)
        assert 24 <= line["height"] <= 40, line
        assert line["y"] + line["height"] <= viewport["height"] * 2, line
        if index == 0:
            summary.click()
        else:
            summary.focus()
            page.keyboard.press("Enter")
        assert text.is_visible()
        assert text.inner_text().strip() == shown[index]
        assert text.get_attribute("lang") == language

    # Opened, the reasons break no accessibility rule, nor the page's width.
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_folded_reasons_leave_the_articles_text_near_the_top_of_a_phone(page, seeded_live_server):
    """What the folding buys: the article's first paragraph starts on the phone's first
    screen of the Vietnamese page, where the open reasons would push it off."""
    article = Article.objects.get(slug=ARTICLE_003)
    with translation.override("vi"):
        path = article.get_absolute_url()
    page.set_viewport_size(PHONE)
    page.goto(seeded_live_server.url + path)
    first = page.locator(".article-body p").first
    folded = box(first)["y"]
    for summary in page.locator("details.inferred-reason summary").all():
        summary.click()
    opened = box(first)["y"]
    assert opened - folded > 150  # the reasons are long: folding them matters
    assert folded < PHONE["height"] * 1.5, folded
