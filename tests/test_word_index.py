"""The index of the published articles' words (articles.word_index), which the list's words
filter reads: it follows every publish, unpublish, edit and delete, agrees with the search
entries' own index, and is rebuilt by the search index's rebuild."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from articles.models import Article, Segment
from articles.search import article_entry_ids, parse_query
from articles.word_index import (
    INDEX_SIZE,
    PG_TABLE,
    SQLITE_TABLE,
    SQLITE_WORDS,
    _match_sql,
    matched_article_ids,
    matched_or_unmatched,
    refill,
)
from tests.factories import ArticleFactory, SegmentFactory

pytestmark = pytest.mark.django_db

PUBLISHED, DRAFT = Article.Status.PUBLISHED, Article.Status.DRAFT


def matched(text: str) -> set[int]:
    return set(matched_article_ids(parse_query(text)))


def listed(client, text: str) -> list[str]:
    response = client.get(reverse("articles:list"), {"q": text})
    assert response.status_code == 200
    return [article.slug for article in response.context["articles"]]


def test_the_index_follows_publish_edit_unpublish_and_delete(client):
    article = ArticleFactory(status=DRAFT, title="Đối thoại chiến lược")
    segment = SegmentFactory(article=article, text="Hợp tác về Matanzas và Cienfuegos.")
    assert matched("cienfuegos") == set()  # a draft's words stay out

    article.status = PUBLISHED
    article.save()
    assert matched("cienfuegos") == {article.pk}
    assert listed(client, "Cienfuegos") == [article.slug]

    segment.text = "Hợp tác về Holguín."
    segment.save()
    assert matched("cienfuegos") == set()
    assert matched("holguin") == {article.pk}

    article.status = DRAFT
    article.save()
    assert matched("holguin") == set()
    assert listed(client, "holguin") == []

    article.status = PUBLISHED
    article.save()
    assert matched("holguin") == {article.pk}
    Segment.objects.filter(article=article).delete()
    article.delete()
    assert matched("holguin") == set()


@pytest.mark.parametrize(
    "text", ["hợp tác", "ngoai giao", '"hội nhập quốc tế"', "hội nghị -covid", "matanzas"]
)
def test_the_index_agrees_with_the_search_entries(seeded, text):
    query = parse_query(text)
    published = set(Article.objects.published().values_list("pk", flat=True))
    expected = set(article_entry_ids(query)) & published
    assert set(matched_article_ids(query)) == expected
    assert expected or text == "matanzas"  # the seeds hold all but the last


def test_rebuild_search_index_refills_a_lost_index(seeded):
    expected = matched("hợp tác")
    assert expected
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}) VALUES ('delete-all')")
        else:
            cursor.execute(f"DELETE FROM {PG_TABLE}")
    assert matched("hợp tác") == set()
    call_command("rebuild_search_index")
    assert matched("hợp tác") == expected


@pytest.mark.parametrize(
    "text", ["hợp tác", "ngoai giao", '"hội nhập quốc tế"', "hội nghị -covid", "matanzas"]
)
def test_the_smaller_side_is_exact_either_way(seeded, text):
    """The articles a query matches or, when they seem most of them, those it does not: the
    exact complement of the matches among the published articles. On PostgreSQL the side
    is chosen by the planner's estimate, so the archive's size is told as tiny and as huge
    to have each side chosen."""
    query = parse_query(text)
    published = set(Article.objects.published().values_list("pk", flat=True))
    expected = set(article_entry_ids(query)) & published
    for told in (len(published), 0, 10**9):
        ids, fewer, _counts = matched_or_unmatched(query, told)
        assert set(ids) == (expected if fewer else published - expected), told
        assert len(ids) == len(set(ids))
    if connection.vendor == "sqlite":  # an exact count chooses
        _ids, fewer, _counts = matched_or_unmatched(query, len(published))
        assert fewer == (len(expected) * 2 <= len(published))
    assert matched_or_unmatched(query, 10**9)[1] and not matched_or_unmatched(query, 0)[1]


def published_count() -> int:
    return Article.objects.published().count()


def test_a_word_most_articles_hold_is_answered_by_the_few_without_it():
    common = ArticleFactory.create_batch(5, title="Hợp tác song phương")
    rare = ArticleFactory.create_batch(2, title="Đối thoại chiến lược")
    ArticleFactory(title="Hợp tác đa phương", status=DRAFT)
    for article in [*common, *rare]:
        SegmentFactory(article=article, text=article.title)
    # The draft counts for nothing.
    ids, fewer, _counts = matched_or_unmatched(parse_query("hợp tác"), 0)
    assert not fewer and sorted(ids) == sorted(a.pk for a in rare)
    ids, fewer, _counts = matched_or_unmatched(parse_query("đối thoại"), 10**9)
    assert fewer and sorted(ids) == sorted(a.pk for a in rare)

    # Unpublished by a direct write (no signal: its words stay indexed): on neither side.
    Article.objects.filter(pk=rare[0].pk).update(status=DRAFT)
    ids, fewer, _counts = matched_or_unmatched(parse_query("hợp tác"), 0)
    assert not fewer and ids == [rare[1].pk]
    ids, fewer, _counts = matched_or_unmatched(parse_query("đối thoại"), 10**9)
    assert fewer and ids == [rare[1].pk]


def test_the_term_every_article_holds_is_not_a_word_to_find():
    article = ArticleFactory(title="Hợp tác song phương")
    SegmentFactory(article=article, text=article.title)
    for text in ("every", "every article", "article"):
        assert matched(text) == set()
        ids, fewer, _counts = matched_or_unmatched(parse_query(text), published_count())
        assert (ids, fewer) in (([], True), ([article.pk], False))  # no match, either way
    assert matched_or_unmatched(parse_query("song phương"), 0)[:2] == ([], False)  # all of them


def test_an_article_published_behind_the_index_is_not_taken_for_a_match():
    """Published by a direct write (no signal), an article's words are not indexed until the
    index is rebuilt: it is not a match, whichever side is asked for."""
    common = ArticleFactory.create_batch(3, title="Hợp tác song phương")
    hidden = ArticleFactory(title="Hợp tác khu vực", status=DRAFT)
    for article in [*common, hidden]:
        SegmentFactory(article=article, text=article.title)
    Article.objects.filter(pk=hidden.pk).update(status=PUBLISHED)
    for told in (0, published_count(), 10**9):
        ids, fewer, _counts = matched_or_unmatched(parse_query("hợp tác"), told)
        expected = {a.pk for a in common} if fewer else {hidden.pk}
        assert set(ids) == expected, told
    call_command("rebuild_search_index")
    ids, fewer, _counts = matched_or_unmatched(parse_query("hợp tác"), 0)
    assert (ids, fewer) == ([], False)  # now it matches too: none is left out


def test_the_size_the_index_is_checked_against_follows_every_write():
    """The number of articles the index holds, as the list reads it (on PostgreSQL, a row
    kept by triggers), is the index's count after publishing, unpublishing, a refill and an
    emptying of the search entries."""

    def size() -> tuple[int, int]:
        table = SQLITE_TABLE + "_docsize" if connection.vendor == "sqlite" else PG_TABLE
        with connection.cursor() as cursor:
            cursor.execute(INDEX_SIZE[connection.vendor])
            kept = cursor.fetchone()[0]
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            return kept, cursor.fetchone()[0]

    articles = ArticleFactory.create_batch(3, title="Hợp tác song phương")
    for article in articles:
        SegmentFactory(article=article, text=article.title)
    assert size() == (3, 3)
    articles[0].status = DRAFT
    articles[0].save()
    assert size() == (2, 2)
    refill()
    assert size() == (2, 2)
    call_command("rebuild_search_index")
    assert size() == (2, 2)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM articles_searchentry")
    assert size() == (0, 0)


def test_the_column_filter_is_kept_for_the_word_every_alone():
    """SQLite: the query's words are matched without a column filter (which reads every
    match's positions), except where a word is "every", the term the index's own column
    holds; either way only the articles' words match."""
    article = ArticleFactory(title="Hợp tác song phương")
    SegmentFactory(article=article, text="Every year, hợp tác.")
    for text, filtered in (("hợp tác", False), ("every year", True), ("tác -every", True)):
        _sql, params = _match_sql(parse_query(text))
        if connection.vendor == "sqlite":
            assert params[0].startswith(SQLITE_WORDS) == filtered, text
        assert matched(text) == ({article.pk} if text != "tác -every" else set())
    other = ArticleFactory(title="Đối thoại")  # holds the index's term, not the word
    assert matched("every") == {article.pk} and matched("-every đối thoại") == {other.pk}
