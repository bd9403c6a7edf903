"""What a reader checks by eye, at a 390px phone and a 1280px screen, in a real browser: the
country page lists its agencies, a conference page names the participants of its sessions
(marked as such), a session without a date of its own shows its conference's, search marks a
phrase as one and links to the filterable list, and article rows say who speaks. Each page
also fits the screen without sideways scrolling.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from people.models import Agency, Country

VIEWPORTS = {"390": {"width": 390, "height": 844}, "1280": {"width": 1280, "height": 900}}
CONFERENCE_29 = "hoi-nghi-ngoai-giao-29"
SESSION_29 = "hoi-nghi-ngoai-giao-29-phien-hop-thu-hai"


def url_of(name: str, **kwargs) -> str:
    with translation.override("vi"):
        return reverse(name, kwargs=kwargs)


def open_page(page, server, path: str, width: str):
    page.set_viewport_size(VIEWPORTS[width])
    response = page.goto(server.url + path)
    assert response.status == 200, path
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= VIEWPORTS[width]["width"], f"{path} scrolls sideways"


def visible_texts(page, selector: str) -> list[str]:
    return [
        " ".join(text.split()) for text in page.locator(selector).all_inner_texts() if text.strip()
    ]


@pytest.mark.parametrize("width", VIEWPORTS)
def test_the_home_countrys_page_lists_its_agencies(seeded_live_server, page, width):
    open_page(page, seeded_live_server, url_of("people:country-detail", slug="vn"), width)
    section = page.locator("section[aria-labelledby='agencies-heading']")
    assert section.is_visible()
    names = visible_texts(page, "section[aria-labelledby='agencies-heading'] a")
    home = Country.objects.get(code="VN")
    agencies = set(Agency.objects.of_country(home).values_list("name_vi", flat=True))
    assert "Bộ Ngoại giao" in names
    assert set(names) & agencies, names


@pytest.mark.parametrize("width", VIEWPORTS)
def test_a_conference_names_the_participants_of_its_sessions(seeded_live_server, page, width):
    open_page(
        page, seeded_live_server, url_of("events:conference-detail", slug=CONFERENCE_29), width
    )
    rows = visible_texts(page, "table.participants tbody tr")
    marked = [row for row in rows if "phiên" in row.lower()]
    assert marked, rows  # a participant of a session, marked as such
    assert page.locator("table.participants .session-marker a").first.is_visible()


@pytest.mark.parametrize("width", VIEWPORTS)
def test_a_session_without_its_own_date_shows_its_conferences(seeded_live_server, page, width):
    open_page(page, seeded_live_server, url_of("events:conference-detail", slug=SESSION_29), width)
    dates = page.locator("dd time").first
    assert dates.is_visible()
    assert page.locator(".from-parent").first.is_visible()


@pytest.mark.parametrize("width", VIEWPORTS)
def test_search_marks_a_phrase_as_one_and_links_to_the_list(seeded_live_server, page, width):
    path = url_of("search") + "?q=hoi+nghi+ngoai+vu"
    open_page(page, seeded_live_server, path, width)
    marks = visible_texts(page, "main mark")
    assert marks and all(len(mark.split()) >= 3 for mark in marks[:1]), marks
    assert "hội nghị ngoại vụ" in marks[0].lower()
    to_list = page.locator(f"main a[href^='{url_of('articles:list')}?']").first
    assert to_list.is_visible()
    to_list.click()
    page.wait_for_url("**/articles/?*")
    assert page.locator(".article-row").count() >= 1


@pytest.mark.parametrize("width", VIEWPORTS)
def test_article_rows_say_who_speaks(seeded_live_server, page, width):
    open_page(page, seeded_live_server, url_of("articles:list"), width)
    speakers = visible_texts(page, ".article-row .row-speaker")
    assert any(line.startswith("Phỏng vấn") for line in speakers), speakers
    first_row = page.locator(".article-row").first.bounding_box()
    assert first_row["y"] < VIEWPORTS[width]["height"]  # on the first screen
