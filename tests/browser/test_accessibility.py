"""Every public page passes axe-core's WCAG 2.2 A and AA rules in a real browser, and the
keyboard and language-switch paths work. Needs Debian's chromium and `npm ci` (axe-core)."""

from urllib.parse import urlsplit

from django.urls import reverse

from articles.models import Article
from tests.browser.conftest import axe_violations, describe_violations, preload_axe
from tests.pages import expected_status, public_pages


def test_every_public_page_passes_axe_wcag22_aa(seeded_live_server, page):
    preload_axe(page)
    broken_assets = []  # stylesheets, images, ... that failed to load on the current page

    def note_broken_asset(response):
        if response.status >= 400 and response.request.resource_type != "document":
            broken_assets.append(f"{response.status} {response.url}")

    page.on("response", note_broken_asset)
    pages = public_pages()
    report = []
    for label, url in pages:
        broken_assets.clear()
        response = page.goto(seeded_live_server.url + url)
        problems = []
        if response.status != expected_status(label):
            problems.append(f"  status {response.status}, expected {expected_status(label)}")
        problems += [f"  asset failed to load: {asset}" for asset in broken_assets]
        violations = axe_violations(page)
        if violations:
            problems.append(describe_violations(violations))
        if problems:
            report.append(f"{label} {url}:\n" + "\n".join(problems))
    assert not report, f"{len(report)} of {len(pages)} pages fail axe (WCAG 2.2 AA):\n\n" + (
        "\n\n".join(report)
    )


def test_skip_link_is_first_and_moves_focus_to_main(seeded_live_server, page):
    for url in (reverse("home"), reverse("articles:list")):
        page.goto(seeded_live_server.url + url)
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => ({cls: document.activeElement.className,"
            " href: document.activeElement.getAttribute('href'),"
            " visible: document.activeElement.getBoundingClientRect().width > 1})"
        )
        assert focused["href"] == "#main" and "skip-link" in focused["cls"], (url, focused)
        assert focused["visible"], f"the focused skip link is not visible on {url}"
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.id") == "main", url


def test_language_switch_opens_the_same_page_in_english(seeded_live_server, page):
    article_url = Article.objects.published().order_by("pk")[0].get_absolute_url()
    for url in (reverse("home"), reverse("articles:list") + "?year=2016", article_url):
        page.goto(seeded_live_server.url + url)
        assert page.get_attribute("html", "lang") == "vi", url
        with page.expect_navigation():
            page.click('nav.language-switch a[hreflang="en"]')
        english = urlsplit(page.url)
        original = urlsplit(seeded_live_server.url + url)
        assert english.path == "/en" + original.path, (url, page.url)
        assert english.query == original.query, (url, page.url)
        assert page.get_attribute("html", "lang") == "en", url
        assert page.locator("h1").count() >= 1, url
