"""Two editors in two browsers (Debian Chromium driven by Playwright) open the same
article; the first saves a new title, the second a byline from the form as it was. The
second is told what changed since, finds the form merged (the new title, their byline),
and saves it. The admin is used in English (under /en/admin/)."""

import pytest
from django.urls import reverse
from django.utils import translation

from articles.models import Article
from tests.factories import ArticleFactory, SegmentFactory

PASSWORD = "an-editor's-long-password"


def admin_url(name, *args):
    with translation.override("en"):
        return reverse(f"admin:{name}", args=args)


@pytest.fixture
def article(transactional_db):
    article = ArticleFactory(title="Ngoại giao kinh tế", byline="", status=Article.Status.DRAFT)
    SegmentFactory(article=article, position=1, anchor="p1", text="Đoạn văn đầu.")
    return article


@pytest.fixture
def editor_page(browser, live_server, django_user_model):
    """A function that signs a new editor in, in a browser context of their own."""
    contexts = []

    def sign_in(username):
        django_user_model.objects.create_superuser(username, password=PASSWORD)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.goto(live_server.url + admin_url("login"))
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.click("input[type=submit]")
        assert page.url.endswith(admin_url("index"))
        # Let the page's own follow-up requests (the favicon) end: on SQLite the live server
        # shares the test's connection, and the next editor is created from the test thread.
        page.wait_for_load_state("networkidle")
        return page

    yield sign_in
    for context in contexts:
        context.close()


def save(page):
    with page.expect_navigation():
        page.click("input[name=_save]")


def test_the_second_editor_is_told_what_changed_and_saves_the_merged_form(
    live_server, article, editor_page
):
    a, b = editor_page("lan"), editor_page("minh")
    change = live_server.url + admin_url("articles_article_change", article.pk)
    for page in (a, b):
        page.goto(change)

    a.fill("#id_title", "Ngoại giao kinh tế đồng hành cùng địa phương")
    save(a)
    assert "was changed successfully" in a.locator(".messagelist").inner_text()

    b.fill("#id_byline", "Lan Anh")
    save(b)
    assert b.url == change  # the form again, not saved
    message = b.locator(".errorlist.nonfield").inner_text()
    assert "someone saved this article after you opened it" in message
    assert "version 1; it is now version 2" in message
    assert (
        "Title: now “Ngoại giao kinh tế đồng hành cùng địa phương”; you had “Ngoại giao kinh tế”"
        in message
    )
    assert "Byline" not in message  # only B changed it: nothing to tell B
    assert b.input_value("#id_title") == "Ngoại giao kinh tế đồng hành cùng địa phương"
    assert b.input_value("#id_byline") == "Lan Anh"
    article.refresh_from_db()
    assert (article.title, article.byline) == ("Ngoại giao kinh tế đồng hành cùng địa phương", "")

    save(b)
    assert "was changed successfully" in b.locator(".messagelist").inner_text()
    article.refresh_from_db()
    assert (article.title, article.byline, article.version) == (
        "Ngoại giao kinh tế đồng hành cùng địa phương",
        "Lan Anh",
        3,
    )
