"""Researchers' journeys through the archive in a real browser (Debian Chromium driven by
Playwright): following cross-links, filtering and reloading, switching the language, and
reading on a phone."""

import re

from django.urls import reverse

from articles.models import Article
from events.models import Conference, ConferenceSeries
from people.models import Person

ARTICLE_2016 = "Đẩy mạnh, nâng cao hiệu quả hội nhập, phục vụ phát triển bền vững"
ARTICLE_2021 = "Ba trụ cột xây dựng nền ngoại giao Việt Nam toàn diện, hiện đại"


def heading(page) -> str:
    return page.locator("main h1").inner_text().strip()


def follow(page, name, *, within="main"):
    """Click the link a reader would, by its text, and wait for the next page."""
    link = page.locator(within).get_by_role("link", name=name, exact=True).first
    with page.expect_navigation():
        link.click()


def test_from_home_through_a_series_and_a_conference_to_an_official_and_back(
    seeded_live_server, page
):
    series = ConferenceSeries.objects.get(slug="hoi-nghi-ngoai-giao")
    conference = Conference.objects.get(series=series, ordinal=29)
    son = Person.objects.get(slug="bui-thanh-son")

    page.goto(seeded_live_server.url + reverse("home"))
    follow(page, series.name_vi, within="#series-heading + ul")
    assert heading(page) == series.name_vi
    # The series timeline shows the 29th; the reader opens it.
    follow(page, re.compile(r"lần thứ 29"))
    assert heading(page) == conference.name_vi
    follow(page, ARTICLE_2016)
    assert heading(page) == ARTICLE_2016
    # The interview's speaker, linked from the answer, with the title held that day.
    speaker = page.locator(".qa.answer .speaker").first
    assert "Bùi Thanh Sơn, Thứ trưởng, Bộ Ngoại giao" in speaker.inner_text()
    with page.expect_navigation():
        speaker.get_by_role("link", name="Bùi Thanh Sơn").click()
    assert heading(page) == son.name
    assert page.url.endswith(son.get_absolute_url())
    # From the official's page, another article about them: the 2021 speech as minister.
    follow(page, ARTICLE_2021)
    assert heading(page) == ARTICLE_2021
    assert "Bùi Thanh Sơn" in page.locator(".article-links").inner_text()


def facet_counts(page, param) -> dict[str, int]:
    items = page.locator(f"#facet-{param} + ul li").all_inner_texts()
    counts = {}
    for text in items:
        match = re.match(r"(.+?)\s+(\d+)(?:\s+\S+)?$", text.strip())
        counts[match.group(1)] = int(match.group(2))
    return counts


def article_titles(page) -> list[str]:
    return page.locator(".results .article-title").all_inner_texts()


def test_filter_by_official_and_year_then_reload_the_same_view(seeded_live_server, page):
    page.goto(seeded_live_server.url + reverse("articles:list"))
    assert len(article_titles(page)) == 5
    assert facet_counts(page, "year") == {"2023": 1, "2021": 1, "2018": 1, "2016": 2}

    follow(page, "Bùi Thanh Sơn", within="#facet-person + ul")
    assert len(article_titles(page)) == 2
    # The counts beside the list now count only the official's articles.
    assert facet_counts(page, "year") == {"2021": 1, "2016": 1}

    page.fill("#id_year", "2016")
    with page.expect_navigation():
        page.get_by_role("button", name="Áp dụng").click()
    assert article_titles(page) == [ARTICLE_2016]
    assert facet_counts(page, "year") == {"2016": 1}
    filtered_url = page.url
    assert "person=bui-thanh-son" in filtered_url and "year=2016" in filtered_url

    page.reload()
    assert page.url == filtered_url
    assert article_titles(page) == [ARTICLE_2016]
    assert facet_counts(page, "year") == {"2016": 1}
    assert page.locator("#id_year").input_value() == "2016"

    # Removing the official keeps the year.
    active = page.locator(".active-filters")
    with page.expect_navigation():
        active.get_by_role("link", name=re.compile("Bùi Thanh Sơn")).click()
    assert sorted(article_titles(page)) == sorted(
        Article.objects.filter(date__year=2016).values_list("title", flat=True)
    )


def test_switching_language_keeps_the_page_and_names_things_in_english(seeded_live_server, page):
    agency_url = reverse("people:agency-detail", args=["bo-ngoai-giao"])
    page.goto(seeded_live_server.url + agency_url)
    assert heading(page) == "Bộ Ngoại giao"
    with page.expect_navigation():
        page.click('nav.language-switch a[hreflang="en"]')
    assert page.get_attribute("html", "lang") == "en"
    assert heading(page) == "Ministry of Foreign Affairs"
    assert page.get_by_role("link", name="Officials", exact=True).count() == 1
    with page.expect_navigation():
        page.click('nav.language-switch a[hreflang="vi"]')
    assert page.get_attribute("html", "lang") == "vi"
    assert heading(page) == "Bộ Ngoại giao"
    assert page.url == seeded_live_server.url + agency_url


def test_every_page_fits_a_phone_screen_without_sideways_scrolling(seeded_live_server, page):
    from tests.pages import public_pages

    page.set_viewport_size({"width": 360, "height": 740})
    too_wide = []
    for label, url in public_pages():
        page.goto(seeded_live_server.url + url)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 360:
            too_wide.append(f"{label} {url}: {width}px")
    assert not too_wide, "pages wider than a 360px phone screen:\n" + "\n".join(too_wide)


def test_print_leaves_out_the_navigation_and_search(seeded_live_server, page):
    article = Article.objects.published().order_by("pk")[0]
    page.goto(seeded_live_server.url + article.get_absolute_url())
    page.emulate_media(media="print")
    for selector in (".site-nav", ".header-search", ".language-switch", ".anchor"):
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("main h1").is_visible()
