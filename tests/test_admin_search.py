"""The admin's article search goes to the full-text index, drafts included (each draft has an
entry of its own kind, which nothing public reads), instead of scanning every article's text."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, SearchEntry
from articles.search import parse_query, search
from tests.factories import ArticleFactory, SegmentFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")
WORD = "Ơ-rê-gôn"  # folds to "o re gon": in no seed text


def article(title, text, status):
    one = ArticleFactory(title=title, status=status)
    SegmentFactory(article=one, position=1, anchor="p1", text=text)
    return one


def listed(admin_client, q):
    response = admin_client.get(CHANGELIST, {"q": q})
    assert response.status_code == 200
    return {obj.title for obj in response.context["cl"].result_list}


def test_words_of_a_draft_and_of_a_published_article_are_found_without_diacritics(
    admin_client, seeded
):
    article("Bản nháp về bang", f"Đoàn công tác thăm bang {WORD} tháng trước.", "draft")
    article("Tin đã đăng về bang", f"Hợp tác với bang {WORD} được mở rộng.", "published")
    article("Tin khác", "Một đoạn văn không liên quan.", "published")
    assert listed(admin_client, "o re gon") == {"Bản nháp về bang", "Tin đã đăng về bang"}
    assert listed(admin_client, '"bang o re gon" -doan') == {"Tin đã đăng về bang"}
    assert listed(admin_client, "ba tru cot") == {
        Article.objects.get(
            slug="ba-tru-cot-xay-dung-nen-ngoai-giao-viet-nam-toan-dien-hien-dai"
        ).title
    }


def test_the_search_reads_the_index_not_every_articles_text(admin_client, seeded):
    with CaptureQueriesContext(connection) as queries:
        listed(admin_client, "hoi nhap quoc te")
    sql = "\n".join(q["sql"] for q in queries.captured_queries)
    assert not re.search(r"folded_text[^,]{0,12} LIKE", sql), "the text is scanned"
    assert "articles_searchentry" in sql


def test_a_slug_or_an_original_address_is_still_found(admin_client, seeded):
    one = article("Tin có địa chỉ", "Văn bản.", "draft")
    Article.objects.filter(pk=one.pk).update(source_url="https://bao.example/tin-12345.html")
    assert listed(admin_client, "tin-12345") == {"Tin có địa chỉ"}
    assert listed(admin_client, one.slug) == {"Tin có địa chỉ"}


def test_a_draft_entry_is_the_staffs_alone_and_follows_publishing(client, db):
    draft = article("Bản nháp", f"Thăm bang {WORD}.", "draft")
    kinds = set(SearchEntry.objects.filter(article=draft).values_list("kind", flat=True))
    assert kinds == {"draft"}
    assert search(parse_query("o re gon")).total == 0
    assert "Bản nháp" not in client.get(reverse("search"), {"q": "o re gon"}).content.decode()

    draft.status = Article.Status.PUBLISHED
    draft.save()
    kinds = set(SearchEntry.objects.filter(article=draft).values_list("kind", flat=True))
    assert kinds == {"article"}
    assert search(parse_query("o re gon")).total == 1

    draft.status = Article.Status.DRAFT
    draft.save()
    assert set(SearchEntry.objects.filter(article=draft).values_list("kind", flat=True)) == {
        "draft"
    }
    assert search(parse_query("o re gon")).total == 0


@pytest.mark.parametrize("q", ["", "   ", "-", '"', "a" * 600, "%", "tin_%", "\u200b"])
def test_odd_searches_list_without_error(admin_client, seeded, q):
    response = admin_client.get(CHANGELIST, {"q": q})
    assert response.status_code == 200


def test_a_nul_in_the_search_is_refused_with_a_message(admin_client, seeded):
    response = admin_client.get(CHANGELIST + "?q=a%00b")
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
