"""The kept absences of the words most articles hold (articles.word_absences): for each word
listed, the published articles it is not in, with what the list's facets count of each. The
list with such words reads them instead of the words index; so they must be, after every
write, exactly what the index says, on both databases."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import article_names, word_absences, word_index
from articles.models import Article
from articles.search import article_entry_ids, id_set_sql, parse_query, words
from tests.factories import ArticleFactory, PersonMentionFactory, SegmentFactory

pytestmark = pytest.mark.django_db

PUBLISHED, DRAFT = Article.Status.PUBLISHED, Article.Status.DRAFT


@pytest.fixture
def small_archive(monkeypatch):
    """Words are chosen from four indexed articles on (instead of a thousand): eight
    articles titled "Tin"; "hợp tác" in seven, "song phương" in six of those, "matanzas" in
    one; then the words are chosen."""
    monkeypatch.setattr(word_absences, "CHOSEN_FROM", 4)
    texts = [
        *["Hợp tác song phương về kinh tế."] * 6,
        "Hợp tác đa phương.",
        "Đối thoại tại Matanzas.",
    ]
    articles = [
        SegmentFactory(article=ArticleFactory(title="Tin"), text=text).article for text in texts
    ]
    word_absences.choose()
    return articles


def listed() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT word, articles FROM {word_absences.COMMON}")
        return dict(cursor.fetchall())


def kept() -> dict[tuple[str, int], tuple]:
    """The rows kept: (word, article) -> (year, outlet, kind, status, names)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT word, article_id, {word_absences.FACETS} FROM {word_absences.ABSENCES}"
        )
        return {(row[0], row[1]): tuple(row[2:]) for row in cursor.fetchall()}


def expected() -> dict[tuple[str, int], tuple]:
    """What they should be, from the search entries' own index (not the words index the
    triggers follow) and the articles' rows: for each word listed, every published article
    it does not match, with its year, outlet, kind, status and names."""
    published = set(Article.objects.published().values_list("pk", flat=True))
    rows = {}
    for word in set(listed()) - {word_absences.TOTAL}:
        without = published - set(article_entry_ids(parse_query(word)))
        ids_sql, params = id_set_sql(sorted(without))
        with connection.cursor() as cursor:
            cursor.execute(article_names.facets_by_id(ids_sql), params)
            for article_id, year, outlet, kind, names in cursor.fetchall():
                rows[word, article_id] = (year, outlet, kind, PUBLISHED, names or "")
    return rows


def test_the_words_chosen_are_those_three_in_four_articles_hold(small_archive):
    vocabulary = {word for article in small_archive for word in words(article.title)} | {
        word for article in small_archive for s in article.segments.all() for word in words(s.text)
    }
    holding = {word: len(set(article_entry_ids(parse_query(word)))) for word in vocabulary}
    chosen = listed()
    assert chosen.pop(word_absences.TOTAL) == 8
    assert chosen == {word: n for word, n in holding.items() if n >= 6}
    assert {"tin", "hop", "tac", "phuong", "song"} <= set(chosen)
    assert "matanzas" not in chosen and "da" not in chosen


def test_the_rows_are_the_articles_without_each_word(small_archive):
    rows = kept()
    assert rows == expected()
    matanzas = small_archive[-1]
    assert {word for word, article_id in rows if article_id == matanzas.pk} >= {"hop", "tac"}
    assert not any(word == "tin" for word, _article_id in rows)  # in every article


def test_the_rows_follow_every_write(small_archive):
    article = small_archive[0]
    segment = article.segments.get()
    steps = []

    def check(step: str) -> None:
        steps.append(step)
        assert kept() == expected(), steps

    segment.text = "Đối thoại về kinh tế."  # words gone from an article
    segment.save()
    check("edit")
    assert ("hop", article.pk) in kept()
    article.date = datetime.date(2011, 5, 1)  # its year, outlet and kind
    article.kind = Article.Kind.INTERVIEW
    article.save()
    check("year and kind")
    PersonMentionFactory(article=article)  # what it names
    check("names")
    fresh = ArticleFactory(title="Tin", status=DRAFT)
    SegmentFactory(article=fresh, text="Hội nghị ngoại giao.")
    check("draft")
    fresh.status = PUBLISHED
    fresh.save()
    check("publish")
    assert {("hop", fresh.pk), ("song", fresh.pk)} <= set(kept())
    article.status = DRAFT
    article.save()
    check("unpublish")
    assert not any(article_id == article.pk for _word, article_id in kept())
    small_archive[-1].delete()
    check("delete")
    # What the triggers kept is what choosing again writes.
    before, words_before = kept(), listed()
    word_absences.choose()
    if listed() == words_before:
        assert kept() == before


def test_an_article_unpublished_by_a_direct_write_is_left_out(small_archive):
    """A status written straight to the database (no signal, the index unchanged) reaches the
    rows' copy: the list leaves the article out on both sides, as it does without them."""
    matanzas = small_archive[-1]
    Article.objects.filter(pk=matanzas.pk).update(status=DRAFT)
    assert kept()[("hop", matanzas.pk)][3] == DRAFT
    ids, fewer, _counts = word_index.matched_or_unmatched(parse_query("hợp tác"), 0)
    assert (ids, fewer) == ([], False)


def test_an_article_published_by_a_direct_write_is_not_taken_for_a_match(small_archive):
    """Published straight to the database, a draft is in no row here nor in the index: the
    index's size differs from the published count, and the list finds the others the slow
    way, which leaves it out of the matches."""
    hidden = ArticleFactory(title="Tin", status=DRAFT)
    SegmentFactory(article=hidden, text="Đối thoại khu vực.")
    Article.objects.filter(pk=hidden.pk).update(status=PUBLISHED)
    ids, fewer, _counts = word_index.matched_or_unmatched(parse_query("hợp tác"), 0)
    assert not fewer and set(ids) == {hidden.pk, small_archive[-1].pk}


def others(text: str) -> tuple[list[int], dict]:
    """The articles ``text`` leaves out, as the list reads them, with their counts."""
    ids, fewer, counts = word_index.matched_or_unmatched(parse_query(text), 0)
    assert not fewer  # told an archive of none: the side left out
    return sorted(ids), counts


@pytest.mark.parametrize("text", ["hợp tác", "song phương kinh tế", "tin"])
def test_the_list_reads_them_and_counts_as_the_index_does(small_archive, text):
    PersonMentionFactory(article=small_archive[-1])
    with CaptureQueriesContext(connection) as queries:
        answer = others(text)
    sqls = " ".join(q["sql"] for q in queries.captured_queries)
    assert word_absences.ABSENCES in sqls
    assert "!!" not in sqls and " NOT (" not in sqls  # the index was not asked
    query = parse_query(text)
    published = set(Article.objects.published().values_list("pk", flat=True))
    assert answer[0] == sorted(published - set(article_entry_ids(query)))
    word_absences.clear()  # the same list, from the index
    assert others(text) == answer


@pytest.mark.parametrize("text", ['"hợp tác"', "hợp tác -matanzas", "hợp tác đa"])
def test_a_query_they_do_not_answer_is_read_from_the_index(small_archive, text):
    """A phrase, an exclusion, or a word not listed ("đa"): the index answers, exactly."""
    query = parse_query(text)
    published = set(Article.objects.published().values_list("pk", flat=True))
    matches = set(article_entry_ids(query)) & published
    assert matches  # the side left out is asked for below only when some match
    with CaptureQueriesContext(connection) as queries:
        ids, fewer, _counts = word_index.matched_or_unmatched(query, 0)
    assert not fewer and set(ids) == published - matches
    assert len(ids) == len(set(ids))
    sqls = [q["sql"] for q in queries.captured_queries]
    assert (word_absences.ABSENCES in " ".join(sqls)) == word_absences.answerable(query)


def test_they_are_chosen_again_as_the_archive_grows(small_archive):
    assert not word_absences.keep()  # one article more: within the drift
    for _ in range(3):  # eleven: past 1.25 times the eight they were chosen from
        SegmentFactory(article=ArticleFactory(title="Tin"), text="Đối thoại chiến lược.")
    assert listed()[word_absences.TOTAL] == 11  # chosen again by the last publish
    assert "hop" not in listed()  # now in seven of eleven
    assert kept() == expected()


def test_rebuild_search_index_and_a_refill_choose_them(small_archive):
    word_absences.clear()
    assert kept() == {} and listed() == {}
    call_command("rebuild_search_index")
    assert listed()[word_absences.TOTAL] == 8 and kept() == expected() != {}
    word_index.refill()
    assert listed()[word_absences.TOTAL] == 8 and kept() == expected() != {}


def test_a_small_archive_lists_none(db):
    for _ in range(3):
        SegmentFactory(article=ArticleFactory(title="Tin"), text="Hợp tác.")
    assert word_absences.choose() == []
    assert listed() == {word_absences.TOTAL: 3} and kept() == {}
    assert not word_absences.keep()
