"""The count of ``/answers/`` kept by the database (``articles.answer_counts``): exact after
every write to an answer, its article's status, date, outlet or kind, on both databases;
put right by ``rebuild_counts``; read by the page, unfiltered or by year, instead of counted;
and the page's filters' choices and far pages, read without going through every answer."""

import datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import answers as answers_module
from articles.answer_counts import TABLE, published_answers
from articles.answers import agency_choices, conference_choices
from articles.models import Article, ConferenceMention, PersonMention, Segment
from articles.summary import rebuild_counts
from diplomacy_kb import http_cache
from tests.factories import (
    AgencyFactory,
    ArticleFactory,
    ConferenceFactory,
    PersonFactory,
    PositionFactory,
    PublicationFactory,
    SegmentFactory,
)

pytestmark = pytest.mark.django_db

URL = "/answers/"


def counted(year=None) -> int:
    """The answers of published articles, counted here from the segments."""
    answers = Segment.objects.filter(
        kind=Segment.Kind.ANSWER, article__status=Article.Status.PUBLISHED
    )
    return answers.filter(article__date__year=year).count() if year else answers.count()


def held() -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT year, publication_id, kind, answers FROM {TABLE} WHERE answers <> 0"
        )
        return {tuple(row[:-1]): row[-1] for row in cursor.fetchall()}


def expected() -> dict:
    out = {}
    answers = Segment.objects.filter(
        kind=Segment.Kind.ANSWER, article__status=Article.Status.PUBLISHED
    ).values_list("article__date", "article__publication_id", "article__kind")
    for date, outlet, kind in answers:
        out[(date.year, outlet, kind)] = out.get((date.year, outlet, kind), 0) + 1
    return out


def answer(article, speaker, position: int, text="Chúng tôi sẽ hợp tác.") -> Segment:
    return SegmentFactory(
        article=article,
        kind=Segment.Kind.ANSWER,
        speaker=speaker,
        position=position,
        anchor=f"a{position}",
        text=text,
    )


@pytest.fixture
def interviews():
    speaker, outlet = PersonFactory(), PublicationFactory()
    made = []
    for n, year in enumerate([2015, 2016, 2016]):
        article = ArticleFactory(
            kind=Article.Kind.INTERVIEW, date=datetime.date(year, 3, 1 + n), publication=outlet
        )
        for position in range(1, 3 + n):
            answer(article, speaker, position)
        SegmentFactory(article=article, position=10, anchor="p10")  # not an answer
        made.append(article)
    draft = ArticleFactory(kind=Article.Kind.INTERVIEW, status=Article.Status.DRAFT)
    answer(draft, speaker, 1)
    return made, draft, speaker


def test_the_kept_count_follows_every_write(interviews):
    made, draft, speaker = interviews
    assert published_answers() == counted() == 2 + 3 + 4
    assert held() == expected()
    steps = [
        lambda: answer(made[0], speaker, 7),
        lambda: Segment.objects.filter(article=made[1], position=1).delete(),
        lambda: Segment.objects.filter(article=made[2], position=10).update(
            kind="answer", speaker=speaker
        ),
        lambda: Segment.objects.filter(article=made[2], position=2).update(kind="paragraph"),
        lambda: Article.objects.filter(pk=draft.pk).update(status=Article.Status.PUBLISHED),
        lambda: Article.objects.filter(pk=made[0].pk).update(status=Article.Status.DRAFT),
        lambda: Article.objects.filter(pk=made[1].pk).update(date=datetime.date(2019, 1, 1)),
        lambda: Article.objects.filter(pk=made[2].pk).update(publication=PublicationFactory()),
        lambda: Segment.objects.filter(article=made[2], position=4).update(article=made[1]),
        lambda: made[1].delete(),
    ]
    for step in steps:
        step()
        assert held() == expected()
        assert published_answers() == counted()
        assert published_answers(2016) == counted(2016)


def test_rebuild_counts_puts_right_counts_written_around_the_triggers(interviews):
    made = interviews[0]
    assert rebuild_counts() == 0
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET answers = answers + 3")
        cursor.execute(
            "UPDATE articles_article_names SET answers = 40 WHERE article_id = %s", [made[0].pk]
        )
    assert published_answers() != counted()
    assert rebuild_counts() > 0
    assert held() == expected()
    assert published_answers() == counted()
    assert rebuild_counts() == 0


def test_the_page_reads_its_count_kept_and_a_far_page_by_its_ids(client, interviews):
    for params, year in [({}, None), ({"year": "2016"}, 2016)]:
        caches[http_cache.PAGE_CACHE].clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {**params, "per_page": 2, "page": 2})
        assert response.context["paginator"].count == counted(year)
        sql = [q["sql"] for q in queries]
        assert not [s for s in sql if "COUNT(" in s.upper()], sql
        assert any(TABLE in s for s in sql)
        in_year = {"article__date__year": year} if year else {}
        ordered = Segment.objects.filter(
            kind="answer", article__status="published", **in_year
        ).order_by("-article__date", "-article_id", "position")
        assert [a.pk for a in response.context["answers"]] == [s.pk for s in ordered][2:4]
        paged = [s for s in sql if " OFFSET " in s]
        assert len(paged) == 1 and paged[0].startswith('SELECT "articles_segment"."id" AS "pk"')


def test_the_filters_choices_are_the_agencies_and_conferences_of_published_answers(db):
    ministry, embassy, other = AgencyFactory(), AgencyFactory(), AgencyFactory()
    speaker, listener = PersonFactory(), PersonFactory()
    minister = PositionFactory(person=speaker, agency=ministry)
    ambassador = PositionFactory(person=speaker, agency=embassy)
    elsewhere = PositionFactory(person=listener, agency=other)
    summit, meeting = ConferenceFactory(), ConferenceFactory()
    spoken = ArticleFactory(kind=Article.Kind.INTERVIEW)
    answer(spoken, speaker, 1)
    PersonMention.objects.create(article=spoken, person=speaker).positions.add(minister)
    # Named with a title, but not the speaker of an answer there.
    PersonMention.objects.create(article=spoken, person=listener).positions.add(elsewhere)
    ConferenceMention.objects.create(article=spoken, conference=summit)
    draft = ArticleFactory(kind=Article.Kind.INTERVIEW, status=Article.Status.DRAFT)
    answer(draft, speaker, 1)
    PersonMention.objects.create(article=draft, person=speaker).positions.add(ambassador)
    ConferenceMention.objects.create(article=draft, conference=meeting)
    silent = ArticleFactory()  # no answer
    ConferenceMention.objects.create(article=silent, conference=meeting)
    assert [a.pk for a in agency_choices()] == [ministry.pk]
    assert [c.pk for c in conference_choices()] == [summit.pk]
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert sorted(a.pk for a in agency_choices()) == sorted([ministry.pk, embassy.pk])
    assert sorted(c.pk for c in conference_choices()) == sorted([summit.pk, meeting.pk])


def test_words_matching_a_few_answers_list_them_in_order_read_by_id(client, db):
    """A few matches: looked up by id and sorted (newest article first, in reading order),
    with no query walking every answer in the list's order to test each."""
    speaker = PersonFactory()
    old = ArticleFactory(kind=Article.Kind.INTERVIEW, date=datetime.date(2010, 1, 1))
    new = ArticleFactory(kind=Article.Kind.INTERVIEW, date=datetime.date(2020, 1, 1))
    shown = [
        answer(new, speaker, 1, "Matanzas một."),
        answer(new, speaker, 3, "Matanzas ba."),
        answer(old, speaker, 1, "Matanzas cũ."),
    ]
    answer(new, speaker, 2, "Không có.")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"q": "matanzas", "per_page": 2, "page": 2})
    assert [a.pk for a in response.context["answers"]] == [shown[2].pk]
    assert response.context["paginator"].count == 3
    walked = 'SELECT "articles_segment"."id" AS "pk"'
    assert not [q["sql"] for q in queries if q["sql"].startswith(walked) and "LIMIT" in q["sql"]]


@pytest.mark.parametrize("looked_up", [1000, 1], ids=["looked-up-in-order", "read-and-walked"])
def test_words_matching_many_answers_are_counted_and_paged_in_order(
    client, db, monkeypatch, looked_up
):
    """Past ``FEW_IDS`` (2 here), words alone: counted in the answers' index, and each page
    read along the list's order, each answer looked up in the index, or, for a page past
    ``LOOKED_UP`` answers (1 here: every page but the first), the matches read and the
    list's ids kept if among them; with another filter, the first ids are read in order and
    the rest counted. Every page, either way, the same answers in the same order."""
    monkeypatch.setattr(answers_module, "FEW_IDS", 2)
    monkeypatch.setattr(answers_module, "LOOKED_UP", looked_up)
    speaker, other = PersonFactory(), PersonFactory()
    articles = [
        ArticleFactory(kind=Article.Kind.INTERVIEW, date=datetime.date(2010 + n, 1, 1))
        for n in range(3)
    ]
    matching = []
    for article in reversed(articles):  # newest article first, each in reading order
        matching.append(answer(article, speaker, 1, "Hợp tác một."))
        answer(article, other, 2, "Không có.")
        matching.append(answer(article, other, 3, "Hợp tác ba."))
    for params, expected in [
        ({"q": "hop tac"}, matching),
        ({"q": "hop tac", "person": other.slug}, [a for a in matching if a.speaker == other]),
    ]:
        shown, page = [], 1
        while True:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(URL, {**params, "per_page": 2, "page": page})
            assert response.context["paginator"].count == len(expected)
            shown += [a.pk for a in response.context["answers"]]
            counted = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*) FROM (")]
            assert bool(counted) == ("person" not in params), counted
            if not response.context["page_obj"].has_next():
                break
            page += 1
        assert shown == [a.pk for a in expected]
