"""An article's public change log: staff write a correction note when they save a published
article; the note and its date are listed at the foot of the article page and in the feeds.
Edits saved without a note, and notes on drafts, are not listed."""

import datetime
import re
import xml.etree.ElementTree as ET
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from articles.admin import ArticleAdmin
from articles.models import Article, Correction, Document
from tests.admin_forms import form_data, shown
from tests.factories import ArticleFactory, SegmentFactory
from tests.test_html_validity import _describe, vnu  # noqa: F401 (vnu is a fixture)

pytestmark = pytest.mark.django_db

ARTICLE_2021 = "ba-tru-cot-xay-dung-nen-ngoai-giao-viet-nam-toan-dien-hien-dai"
ATOM = "{http://www.w3.org/2005/Atom}"
NOTE = "Sửa chức danh của Bộ trưởng Bùi Thanh Sơn trong đoạn thứ hai."
DRAFT_REFUSED = (
    "A draft's changes are not public, so there is nothing to list: leave the note empty, "
    "or save and publish."
)


def change_url(article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def open_form(client, article) -> dict:
    response = client.get(change_url(article))
    assert response.status_code == 200
    return form_data(response.content.decode(), "article_form")


def en(url: str) -> str:
    """The English version of a page: Vietnamese is served without a prefix."""
    return "/en" + url.removeprefix("/en")


def change_log(html: str) -> list[tuple[str, str, str]]:
    """(datetime attribute, date shown, note) of each entry at the foot of an article page."""
    section = re.search(
        r'<section class="article-corrections" id="corrections".*?</section>', html, re.S
    )
    if section is None:
        return []
    return [
        (when, unescape(shown_date), unescape(note))
        for when, shown_date, note in re.findall(
            r'<li><time datetime="([^"]+)">([^<]+)</time>: <span lang="vi">([^<]*)</span></li>',
            section.group(0),
        )
    ]


def day(made_at: datetime.datetime) -> datetime.date:
    return timezone.localtime(made_at).date()


# --- the admin records a correction ------------------------------------------------------------


def test_saving_a_published_article_with_a_note_lists_it_with_its_date(
    editor_client, editor, client, seeded
):
    article = Article.objects.get(slug=ARTICLE_2021)
    data = open_form(editor_client, article)
    data |= {"byline": "Phóng viên", "correction_note": f"  {NOTE}  "}
    before = timezone.now()
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 302
    correction = Correction.objects.get(article=article)
    assert correction.note == NOTE  # stripped
    assert correction.editor == editor
    assert before <= correction.made_at <= timezone.now()
    article.refresh_from_db()
    assert article.byline == "Phóng viên"

    client.logout()
    local = day(correction.made_at)
    page = client.get(article.get_absolute_url()).content.decode()
    assert change_log(page) == [
        (local.isoformat(), f"{local.day}/{local.month}/{local.year}", NOTE)
    ]
    with translation.override("vi"):
        assert f'<h2 id="corrections-heading">{gettext("Corrections")}</h2>' in page
    # At the foot of the article: after its text, inside it.
    last_text = article.segments.order_by("position").last().text
    assert page.index(unescape(last_text)[:40]) < page.index('id="corrections"')
    assert page.index('id="corrections"') < page.index("</article>")

    page = client.get(en(article.get_absolute_url())).content.decode()
    english_date = f"{local.day} {local:%B} {local.year}"
    assert change_log(page) == [(local.isoformat(), english_date, NOTE)]
    with translation.override("en"):
        assert f'<h2 id="corrections-heading">{gettext("Corrections")}</h2>' in page
    assert editor.username not in page  # the editor is not shown publicly


def test_a_save_without_a_note_lists_nothing(editor_client, client, seeded):
    article = Article.objects.get(slug=ARTICLE_2021)
    for note in ("", "   "):
        data = open_form(editor_client, article)
        response = editor_client.post(
            change_url(article), data | {"byline": f"Sửa{note}", "correction_note": note}
        )
        assert response.status_code == 302
    article.refresh_from_db()
    assert article.byline == "Sửa"
    assert not Correction.objects.exists()
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'id="corrections"' not in page


def test_several_corrections_are_listed_oldest_first(editor_client, client, seeded):
    article = Article.objects.get(slug=ARTICLE_2021)
    for note in ("Sửa lần thứ nhất.", "Sửa lần thứ hai."):
        data = open_form(editor_client, article)
        assert (
            editor_client.post(change_url(article), data | {"correction_note": note}).status_code
            == 302
        )
    page = client.get(article.get_absolute_url()).content.decode()
    assert [note for _, _, note in change_log(page)] == ["Sửa lần thứ nhất.", "Sửa lần thứ hai."]


def test_a_note_on_a_draft_is_refused_and_nothing_is_saved(editor_client, seeded):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    SegmentFactory(article=draft)
    data = open_form(editor_client, draft)
    response = editor_client.post(
        change_url(draft), data | {"byline": "Không lưu", "correction_note": NOTE}
    )
    assert response.status_code == 200
    assert shown(DRAFT_REFUSED) in response.content.decode()
    draft.refresh_from_db()
    assert draft.byline == ""
    assert not Correction.objects.exists()


def test_unpublishing_with_a_note_is_refused_and_publishing_with_one_lists_it(
    editor_client, seeded
):
    article = Article.objects.get(slug=ARTICLE_2021)
    data = open_form(editor_client, article)
    response = editor_client.post(
        change_url(article), data | {"correction_note": NOTE, "_unpublish": "x"}
    )
    assert shown(DRAFT_REFUSED) in response.content.decode()
    article.refresh_from_db()
    assert article.is_published
    assert not Correction.objects.exists()

    # Back to draft to correct it, then published again with the note: that is listed.
    data = open_form(editor_client, article)
    assert editor_client.post(change_url(article), data | {"_unpublish": "x"}).status_code == 302
    data = open_form(editor_client, article)
    response = editor_client.post(
        change_url(article), data | {"correction_note": NOTE, "_publish": "x"}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_published
    assert list(article.corrections.values_list("note", flat=True)) == [NOTE]


@pytest.mark.parametrize(
    "note", ["x" * 301, "Sửa\x00lỗi"], ids=["longer than 300 characters", "NUL character"]
)
def test_an_invalid_note_is_a_form_error_and_saves_nothing(editor_client, seeded, note):
    article = Article.objects.get(slug=ARTICLE_2021)
    data = open_form(editor_client, article)
    response = editor_client.post(
        change_url(article), data | {"byline": "Không lưu", "correction_note": note}
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["correction_note"]
    assert errors
    page = response.content.decode()
    for message in errors:
        assert escape(message) in page
    article.refresh_from_db()
    assert article.byline != "Không lưu"
    assert not Correction.objects.exists()


def test_a_save_that_fails_records_no_correction(editor_client, seeded, monkeypatch):
    article = Article.objects.get(slug=ARTICLE_2021)
    data = open_form(editor_client, article)

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    # After the save and its correction, in the same transaction.
    monkeypatch.setattr(ArticleAdmin, "log_change", fail)
    with pytest.raises(RuntimeError):
        editor_client.post(change_url(article), data | {"byline": "Mất", "correction_note": NOTE})
    assert not Correction.objects.exists()
    article.refresh_from_db()
    assert article.byline != "Mất"


def test_a_stale_form_with_a_note_is_refused_and_records_nothing(
    editor_client, admin_client, seeded
):
    article = Article.objects.get(slug=ARTICLE_2021)
    earlier = Correction.objects.create(article=article, note="Đính chính trước.")
    stale = open_form(editor_client, article)
    fresh = open_form(admin_client, article)
    assert admin_client.post(change_url(article), fresh | {"byline": "Trước"}).status_code == 302
    response = editor_client.post(change_url(article), stale | {"correction_note": NOTE})
    assert response.status_code == 200  # refused, the form merged
    assert list(article.corrections.all()) == [earlier]
    merged = form_data(response.content.decode(), "article_form")
    assert merged["correction_note"] == NOTE  # kept for the save that goes through
    assert editor_client.post(change_url(article), merged).status_code == 302
    assert list(article.corrections.values_list("note", flat=True)) == [earlier.note, NOTE]
    article.refresh_from_db()
    assert article.byline == "Trước"


def test_the_form_shows_past_corrections_read_only_and_an_editor_can_delete_one(
    editor_client, client, seeded
):
    article = Article.objects.get(slug=ARTICLE_2021)
    kept = Correction.objects.create(article=article, note="Đính chính đúng.")
    mistaken = Correction.objects.create(article=article, note="Ghi chú nhầm.")
    page = editor_client.get(change_url(article)).content.decode()
    assert "Đính chính đúng." in page and "Ghi chú nhầm." in page
    assert 'name="corrections-0-note"' not in page  # read-only
    assert 'name="correction_note"' in page
    with translation.override("en"):
        english = editor_client.get(change_url(article)).content.decode()
    assert "The note is listed publicly at the foot of the article" in english
    assert "Edits saved without a note are not listed." in english
    data = form_data(page, "article_form")
    index = next(
        i
        for i in range(int(data["corrections-TOTAL_FORMS"]))
        if data[f"corrections-{i}-id"] == str(mistaken.pk)
    )
    data[f"corrections-{index}-DELETE"] = "on"
    assert editor_client.post(change_url(article), data).status_code == 302
    assert list(article.corrections.all()) == [kept]
    public = client.get(article.get_absolute_url()).content.decode()
    assert [note for _, _, note in change_log(public)] == ["Đính chính đúng."]


def test_a_new_article_has_no_correction_note(admin_client, seeded):
    page = admin_client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'name="title"' in page
    assert 'name="correction_note"' not in page


def test_the_document_form_has_the_wikidata_id(admin_client, seeded):
    document = Document.objects.first()
    url = reverse("admin:articles_document_change", args=[document.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="wikidata_id"' in page
    data = form_data(page, "document_form") | {"wikidata_id": "Q881"}
    assert admin_client.post(url, data).status_code == 302
    document.refresh_from_db()
    assert document.wikidata_id == "Q881"


# --- the feeds ---------------------------------------------------------------------------------


def _corrected_article():
    article = Article.objects.get(slug=ARTICLE_2021)
    first = Correction.objects.create(
        article=article,
        note="Sửa tên người trả lời.",
        made_at=datetime.datetime(2024, 3, 5, 9, 0, tzinfo=datetime.UTC),
    )
    latest = Correction.objects.create(
        article=article,
        note="Thêm nguồn ảnh <TTXVN> & chú thích.",
        made_at=datetime.datetime(2024, 6, 1, 20, 30, tzinfo=datetime.UTC),  # 2/6 in Viet Nam
    )
    return article, first, latest


def _entries(root: ET.Element, item: str, link: str) -> dict[str, ET.Element]:
    found = {}
    for entry in root.iter(item):
        href = entry.find(link)
        href = href.get("href") if href is not None and href.get("href") else href.text
        found[urlsplit(href).path] = entry
    return found


def test_the_atom_feed_lists_an_articles_corrections_and_is_updated_by_the_latest(client, seeded):
    article, _first, latest = _corrected_article()
    response = client.get(reverse("feed-atom"))
    assert response.status_code == 200
    entries = _entries(ET.fromstring(response.content), f"{ATOM}entry", f"{ATOM}link")
    entry = entries[article.get_absolute_url()]
    summary = entry.find(f"{ATOM}summary").text
    with translation.override("vi"):
        heading = gettext("Corrections:")
    assert summary.endswith(
        f"\n\n{heading}\n— 5/3/2024: Sửa tên người trả lời.\n"
        "— 2/6/2024: Thêm nguồn ảnh <TTXVN> & chú thích."
    )
    assert datetime.datetime.fromisoformat(entry.find(f"{ATOM}updated").text) == latest.made_at
    others = [e for path, e in entries.items() if path != article.get_absolute_url()]
    assert others
    for other in others:
        assert heading not in (other.find(f"{ATOM}summary").text or "")


def test_the_rss_feed_lists_an_articles_corrections(client, seeded):
    article, _, _ = _corrected_article()
    response = client.get(en(reverse("feed-rss")))
    assert response.status_code == 200
    items = _entries(ET.fromstring(response.content), "item", "link")
    text = items[en(article.get_absolute_url())].find("description").text
    with translation.override("en"):
        heading = gettext("Corrections:")
    assert f"{heading}\n— 5 March 2024: Sửa tên người trả lời.\n" in text
    assert text.endswith("— 2 June 2024: Thêm nguồn ảnh <TTXVN> & chú thích.")


def test_an_unpublished_articles_corrections_are_not_public(client, seeded):
    article, _, _ = _corrected_article()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    assert client.get(article.get_absolute_url()).status_code == 404
    feed = client.get(reverse("feed-atom")).content.decode()
    assert "Sửa tên người trả lời." not in feed


# --- bounded queries, valid HTML ----------------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_article_page_and_feed_run_as_many_queries_with_many_corrections_as_with_none(
    client, seeded, django_assert_max_num_queries
):
    article = Article.objects.get(slug=ARTICLE_2021)
    counts = {
        url: _queries(client, url) for url in (article.get_absolute_url(), reverse("feed-atom"))
    }
    Correction.objects.bulk_create(
        Correction(article=a, note=f"Sửa lần {n}.")
        for a in Article.objects.published()
        for n in range(1, 12)
    )
    for url, count in counts.items():
        with django_assert_max_num_queries(count, info=url):
            page = client.get(url).content.decode()
        assert "Sửa lần 11." in page
    with django_assert_max_num_queries(17):  # the article page's budget (test_article_pages)
        assert client.get(article.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(6):  # the feed's budget (test_feeds_sitemap)
        assert client.get(reverse("feed-atom")).status_code == 200


def test_an_article_page_with_corrections_is_valid_html(client, seeded, vnu):  # noqa: F811
    article, _, _ = _corrected_article()
    documents = {
        "article with corrections (vi)": client.get(article.get_absolute_url()),
        "article with corrections (en)": client.get(en(article.get_absolute_url())),
    }
    pages = {}
    for label, response in documents.items():
        assert response.status_code == 200, label
        pages[label] = response.content.decode()
        assert len(change_log(pages[label])) == 2, label
    failures = vnu(pages)
    report = [
        f"{label}:\n" + "\n".join(_describe(message) for message in messages)
        for label, messages in failures.items()
        if messages
    ]
    assert not report, "\n\n".join(report)
