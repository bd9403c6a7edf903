"""The small pages a reader stumbles on, at a 390px phone and a 1280px screen: the favicon is
there, a country code in capitals reaches the country's page, and an unknown address shows the
site's own page (its header, search and a way home) that fits the screen."""

import pytest

VIEWPORTS = {"390": {"width": 390, "height": 844}, "1280": {"width": 1280, "height": 900}}


@pytest.mark.parametrize("width", VIEWPORTS)
def test_favicon_capital_country_code_and_the_sites_404(seeded_live_server, page, width):
    page.set_viewport_size(VIEWPORTS[width])
    server = seeded_live_server.url

    favicon = page.request.get(server + "/favicon.ico")
    assert favicon.status == 200 and favicon.headers["content-type"].startswith("image/")

    response = page.goto(server + "/countries/VN/")
    assert response.status == 200
    assert page.url.endswith("/countries/vn/")
    assert page.locator("main h1").first.is_visible()

    response = page.goto(server + "/khong-co-trang-nay/")
    assert response.status == 404
    assert page.locator("header.site-header").is_visible()
    assert page.locator("main h1").first.is_visible()
    assert page.locator("main a[href='/']").first.is_visible()  # a way home
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= VIEWPORTS[width]["width"]
