"""The index of the interview answers' words (articles.answer_words), which who said what
reads: it follows every publish, unpublish, edit and delete, agrees with the search entries'
own index, leaves out the answers of an article unpublished behind the search index, and is
rebuilt by the search index's rebuild."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.answer_words import HIDDEN, PG_TABLE, SQLITE_TABLE, hidden, matched_answer_ids
from articles.models import Article, SearchEntry, Segment
from articles.search import _matches_sql, parse_query
from tests.factories import ArticleFactory, PersonFactory, SegmentFactory

pytestmark = pytest.mark.django_db

PUBLISHED, DRAFT = Article.Status.PUBLISHED, Article.Status.DRAFT
URL = "/answers/"


def matched(text: str) -> set[int]:
    return set(matched_answer_ids(parse_query(text)))


def answer(article, text: str, position: int = 1) -> Segment:
    return SegmentFactory(
        article=article,
        kind=Segment.Kind.ANSWER,
        speaker=PersonFactory(),
        position=position,
        anchor=f"a{position}",
        text=text,
    )


def test_the_index_follows_publish_edit_unpublish_and_delete():
    article = ArticleFactory(status=DRAFT, kind=Article.Kind.INTERVIEW)
    said = answer(article, "Hợp tác về Matanzas và Cienfuegos.")
    SegmentFactory(article=article, position=2, text="Cienfuegos, đoạn không phải câu trả lời.")
    assert matched("cienfuegos") == set()  # a draft's answers stay out

    article.status = PUBLISHED
    article.save()
    assert matched("cienfuegos") == {said.pk}  # the answer, not the other segment

    said.text = "Hợp tác về Holguín."
    said.save()
    assert matched("cienfuegos") == set()
    assert matched("holguin") == {said.pk}

    article.status = DRAFT
    article.save()
    assert matched("holguin") == set()

    article.status = PUBLISHED
    article.save()
    assert matched("holguin") == {said.pk}
    said.delete()
    assert matched("holguin") == set()


@pytest.mark.parametrize(
    "text", ["hợp tác", "ngoai giao", '"hội nhập quốc tế"', "hội nghị -covid", "matanzas"]
)
def test_the_index_agrees_with_the_search_entries(seeded, text):
    query = parse_query(text)
    sql, params = _matches_sql(query)
    entries = SearchEntry.objects.filter(
        kind=SearchEntry.Kind.ANSWER, article__status=PUBLISHED
    ).extra(where=[f"articles_searchentry.id IN ({sql})"], params=params)
    expected = set(entries.values_list("object_id", flat=True))
    assert matched(text) == expected
    assert expected or text in {"matanzas", '"hội nhập quốc tế"'}
    assert matched("hợp tác")  # the seeds' answers hold it


def test_an_article_unpublished_behind_the_index_is_left_out(client):
    """A status written straight to the database leaves its entries in place until the
    article is indexed again: its answers are not matched, nor counted, nor listed."""
    shown = ArticleFactory(status=PUBLISHED, kind=Article.Kind.INTERVIEW)
    behind = ArticleFactory(status=PUBLISHED, kind=Article.Kind.INTERVIEW)
    kept = answer(shown, "Cienfuegos một.")
    gone = answer(behind, "Cienfuegos hai.")
    assert matched("cienfuegos") == {kept.pk, gone.pk}

    Article.objects.filter(pk=behind.pk).update(status=DRAFT)  # no signal, no reindex
    assert hidden() == {gone.pk}
    assert matched("cienfuegos") == {kept.pk}
    response = client.get(URL, {"q": "cienfuegos"})
    assert [a.pk for a in response.context["answers"]] == [kept.pk]
    assert response.context["paginator"].count == 1
    response = client.get(URL, {"q": "-cienfuegos"})
    assert gone.pk not in [a.pk for a in response.context["answers"]]
    assert kept.pk not in [a.pk for a in response.context["answers"]]


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


def test_who_said_what_reads_the_answers_index_not_every_entry(client, seeded):
    """The words are matched in the answers' own index; no entry of another kind is read
    (the search entries' index matched articles too, each joined to its entry)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"q": "hợp tác"})
    assert response.status_code == 200
    assert response.context["paginator"].count == len(matched("hợp tác")) > 0
    matching = [q["sql"] for q in queries if " MATCH " in q["sql"] or "@@" in q["sql"]]
    assert matching
    for sql in matching:
        assert f"FROM {SQLITE_TABLE} WHERE" in sql or f"FROM {PG_TABLE} WHERE" in sql, sql


def test_the_hidden_answers_are_found_from_the_unpublished_articles():
    """Read from the few unpublished articles, each looked up in the entries' index by
    article (on SQLite, by (article, kind)), not from every answer's entry."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {HIDDEN}")
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "articles_article" in plan or "a USING" in plan
            assert "searchentry_article_kind (article_id=? AND kind=?)" in plan
            assert not any(word in plan for word in ("SCAN e", "SCAN articles_searchentry"))
        else:
            # The planner plans from statistics: a published article with many answers
            # indexed and a draft, as at scale (most entries of answers, few unpublished).
            published = ArticleFactory(status=PUBLISHED)
            ArticleFactory(status=DRAFT)
            cursor.execute(
                "INSERT INTO articles_searchentry (kind, object_id, article_id, title, body, "
                "title_words, body_words) SELECT 'answer', n, %s, '', '', '', '' "
                "FROM generate_series(1, 5000) AS n",
                [published.pk],
            )
            cursor.execute("ANALYZE articles_searchentry")
            cursor.execute("ANALYZE articles_article")
            cursor.execute(f"EXPLAIN {HIDDEN}")
            plan = " ".join(row[0] for row in cursor.fetchall())
            # Each unpublished article looked up in the entries by its id (which index serves
            # is the planner's choice: at scale, (article, kind, object id), read alone).
            assert "(article_id = a.id)" in plan, plan
            assert "Seq Scan on articles_searchentry" not in plan, plan
