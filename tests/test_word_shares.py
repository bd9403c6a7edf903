"""The kept shares of the common words (articles.word_shares), from which SQLite judges which
side of a words query is smaller without counting its matches: read right from the index,
read again as the archive grows, and never the cause of a wrong list, only of a slower one.
PostgreSQL keeps none: its planner estimates."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import word_shares
from articles.models import Article
from articles.search import article_entry_ids, parse_query
from articles.word_index import matched_or_unmatched
from tests.factories import ArticleFactory, SegmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_archive(monkeypatch):
    """Shares are kept from ten indexed articles on (instead of a thousand): ten articles,
    "hợp tác" in eight, "song phương" in six of those, "matanzas" in one."""
    monkeypatch.setattr(word_shares, "TAKEN_FROM", 10)
    texts = [
        *["Hợp tác song phương về kinh tế."] * 6,
        *["Hợp tác đa phương."] * 2,
        "Đối thoại tại Matanzas.",
        "Đối thoại chiến lược.",
    ]
    for text in texts:
        SegmentFactory(article=ArticleFactory(title="Tin"), text=text)
    word_shares.take()
    return Article.objects.published().count()


def held() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT term, articles FROM {word_shares.TABLE}")
        return dict(cursor.fetchall())


def articles_holding(word: str) -> int:
    return len(set(article_entry_ids(parse_query(word))))


def postgresql_keeps_none(published: int) -> None:
    """PostgreSQL keeps no shares: its planner estimates."""
    assert word_shares.take() == 0
    assert word_shares.estimated_matches(parse_query("hợp tác"), published) is None


def test_the_shares_are_the_index_own_counts(small_archive):
    if connection.vendor != "sqlite":
        return postgresql_keeps_none(small_archive)
    shares = held()
    assert shares.pop(word_shares.TOTAL) == small_archive == 10
    for word in ("hop", "tac", "song", "phuong", "tin", "matanzas", "doi", "thoai"):
        assert shares[word] == articles_holding(word), word
    assert shares["hop"] == 8 and shares["song"] == 6 and shares["matanzas"] == 1
    assert word_shares.EVERY not in shares  # the index's own term, in every article


def test_a_word_under_the_kept_share_is_left_out(small_archive, monkeypatch):
    if connection.vendor != "sqlite":
        return postgresql_keeps_none(small_archive)
    monkeypatch.setattr(word_shares, "KEPT_FROM", 0.2)  # two articles in ten
    word_shares.take()
    shares = held()
    assert "matanzas" not in shares and shares["da"] == 2


def test_the_estimate_from_the_shares(small_archive):
    if connection.vendor != "sqlite":
        return postgresql_keeps_none(small_archive)

    def estimate(text: str) -> int | None:
        return word_shares.estimated_matches(parse_query(text), small_archive)

    assert estimate("hợp tác") == round(8 / 10 * 8 / 10 * 10)  # words taken as independent
    assert estimate('"hợp tác"') == 8  # a phrase: at most as often as its rarest word
    assert estimate('"song phương"') == 6
    assert estimate("hợp tác -matanzas") == round(0.8 * 0.8 * 0.9 * 10)
    assert estimate("cienfuegos") == round(word_shares.KEPT_FROM * 10)  # not kept: rare
    # Shares read over an index of another size than the archive's: counted instead.
    assert word_shares.estimated_matches(parse_query("hợp tác"), 100) is None
    assert word_shares.estimated_matches(parse_query("hợp tác"), 4) is None


def test_the_side_is_chosen_without_counting_and_is_exact(small_archive):
    query = parse_query("hợp tác")
    published = set(Article.objects.published().values_list("pk", flat=True))
    expected = set(article_entry_ids(query)) & published
    with CaptureQueriesContext(connection) as captured:
        ids, fewer, _counts = matched_or_unmatched(query, small_archive)
    assert set(ids) == (expected if fewer else published - expected) and len(expected) == 8
    assert fewer == (connection.vendor != "sqlite")  # the shares: 6.4 in 10; PostgreSQL's
    # planner, with no statistics of so small a table, estimates fewer
    assert not [q["sql"] for q in captured if "COUNT(*) FROM (SELECT rowid" in q["sql"]]
    assert any(word_shares.TABLE in q["sql"] for q in captured) == (connection.vendor == "sqlite")


def test_a_wrong_estimate_costs_time_not_rows(small_archive):
    """Shares that tell a rare word common (the archive changed since they were read) send
    the query the long way round: every article it does not match. The list is the same."""
    if connection.vendor != "sqlite":
        return postgresql_keeps_none(small_archive)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {word_shares.TABLE} SET articles = 10 WHERE term = %s", ["matanzas"]
        )
    query = parse_query("matanzas")
    ids, fewer, _counts = matched_or_unmatched(query, small_archive)
    published = set(Article.objects.published().values_list("pk", flat=True))
    assert not fewer and set(ids) == published - set(article_entry_ids(query))
    assert len(ids) == 9


def test_the_shares_are_read_again_as_the_archive_grows(small_archive):
    if connection.vendor != "sqlite":
        assert word_shares.keep() is False
        return
    ArticleFactory(title="Hợp tác tại Matanzas")
    assert held()[word_shares.TOTAL] == 10  # one more in ten: within the drift
    assert held()["matanzas"] == 1
    ArticleFactory.create_batch(2, title="Hợp tác tại Matanzas")
    assert held()[word_shares.TOTAL] == 13  # past a quarter more: read again
    assert held()["matanzas"] == 4 == articles_holding("matanzas")
    assert word_shares.keep() is False  # and not again until it drifts


def test_rebuild_search_index_reads_them_again(small_archive):
    if connection.vendor != "sqlite":
        return postgresql_keeps_none(small_archive)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {word_shares.TABLE}")
    assert word_shares.estimated_matches(parse_query("hợp tác"), small_archive) is None
    call_command("rebuild_search_index")
    assert held()["hop"] == 8
    assert word_shares.estimated_matches(parse_query("hợp tác"), small_archive) == 6


def test_a_small_archive_keeps_none(db):
    """Below TAKEN_FROM articles counting is cheap: only the size is noted."""
    for _ in range(3):
        SegmentFactory(article=ArticleFactory(title="Hợp tác"), text="Hợp tác.")
    assert word_shares.take() == 0
    assert word_shares.estimated_matches(parse_query("hợp tác"), 3) is None
    if connection.vendor == "sqlite":
        assert held() == {word_shares.TOTAL: 3}
