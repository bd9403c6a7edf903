"""The main page types at a 390px phone and a 1280px screen: each opens with its heading on the
first screen, scrolls no page sideways, and is saved as screenshots (the whole page, and its
first screen) with the suite's artifacts (``artifacts_dir``: $TEST_ARTIFACTS_DIR, else
var/test-artifacts/). The README shows three of these screenshots (docs/screenshots/).
"""

import pytest
from django.urls import reverse
from django.utils import translation

from articles.models import Article
from events.models import Conference
from figures.models import FigureTopic
from people.models import Person

VIEWPORTS = {"390": {"width": 390, "height": 844}, "1280": {"width": 1280, "height": 900}}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def main_pages() -> dict[str, str]:
    """The page types a reader meets first, by name; addresses from the database."""
    with translation.override("vi"):
        interview = Article.objects.published().filter(kind="interview").order_by("pk").first()
        return {
            "home": reverse("home"),
            "article-list": reverse("articles:list"),
            "article": interview.get_absolute_url(),
            "official": Person.objects.get(slug="bui-thanh-son").get_absolute_url(),
            "conference": Conference.objects.get(slug="hoi-nghi-ngoai-giao-29").get_absolute_url(),
            "figures": FigureTopic.objects.order_by("pk").first().get_absolute_url(),
        }


@pytest.mark.parametrize("width", VIEWPORTS)
def test_main_pages_fit_the_screen_and_are_saved_as_screenshots(
    seeded_live_server, page, width, artifacts_dir
):
    page.set_viewport_size(VIEWPORTS[width])
    saved = []
    for name, path in main_pages().items():
        response = page.goto(seeded_live_server.url + path)
        assert response.status == 200, path
        heading = page.locator("main h1").first.bounding_box()
        assert heading is not None and heading["y"] < VIEWPORTS[width]["height"], (name, heading)
        scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
        assert scroll_width <= VIEWPORTS[width]["width"], f"{name} scrolls sideways"
        target = artifacts_dir / f"{name}-{width}.png"
        page.screenshot(path=str(target), full_page=True)
        first_screen = artifacts_dir / f"{name}-{width}-first-screen.png"
        page.screenshot(path=str(first_screen))
        saved += [target, first_screen]
    for target in saved:
        assert target.read_bytes()[:8] == PNG_SIGNATURE, target
