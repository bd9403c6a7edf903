"""What each article names, kept in one row per article (``articles.article_names``) for the
list's facets: exact after every insert, delete and change of a mention and every delete of
an article, on both databases; ``rebuild_counts`` puts right a row written around the
triggers; and the facets the list shows from these rows agree with the mention tables."""

import datetime
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.article_names import TABLE, WORDS
from articles.models import (
    AgencyMention,
    Article,
    BodyMention,
    ConferenceMention,
    CountryMention,
    Document,
    DocumentMention,
    PersonMention,
)
from articles.search import parse_query
from articles.summary import rebuild_counts
from articles.word_index import matched_or_unmatched
from tests.factories import (
    AgencyFactory,
    ArticleFactory,
    BodyFactory,
    ConferenceFactory,
    CountryFactory,
    PersonFactory,
    PersonMentionFactory,
    PublicationFactory,
    SegmentFactory,
)

pytestmark = pytest.mark.django_db


def held(article) -> list[str] | None:
    """The tokens the article's row holds, sorted (None: it has no row)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT names FROM {TABLE} WHERE article_id = %s", [article.pk])
        row = cursor.fetchone()
    return None if row is None else sorted(row[0].split())


def document(n: int) -> Document:
    return Document.objects.create(
        kind="resolution", number=str(n), name_vi=f"Nghị quyết {n}", slug=f"nq-{n}"
    )


def test_every_kind_of_mention_is_written_into_its_articles_row():
    article = ArticleFactory()
    # Named nothing yet: its row holds its year, outlet and kind (migrations 0027, 0030).
    assert held(article) == []
    person, agency, country = PersonFactory(), AgencyFactory(), CountryFactory()
    body, conference, doc = BodyFactory(), ConferenceFactory(), document(1)
    PersonMentionFactory(article=article, person=person)
    AgencyMention.objects.create(article=article, agency=agency)
    CountryMention.objects.create(article=article, country=country)
    BodyMention.objects.create(article=article, body=body)
    ConferenceMention.objects.create(article=article, conference=conference)
    DocumentMention.objects.create(article=article, document=doc)
    expected = [
        f"p{person.pk}",
        f"a{agency.pk}",
        f"c{country.pk}",
        f"b{body.pk}",
        f"k{conference.pk}",
        f"d{doc.pk}",
    ]
    assert held(article) == sorted(expected)
    assert rebuild_counts() == 0


def test_a_changed_moved_or_deleted_mention_and_a_deleted_article_are_followed():
    first, second = ArticleFactory(), ArticleFactory()
    son, vu = PersonFactory(), PersonFactory()
    mention = PersonMentionFactory(article=first, person=son)
    PersonMentionFactory(article=first, person=vu)
    assert held(first) == sorted([f"p{son.pk}", f"p{vu.pk}"])

    PersonMention.objects.filter(pk=mention.pk).update(article=second)  # moved
    assert (held(first), held(second)) == ([f"p{vu.pk}"], [f"p{son.pk}"])
    other = PersonFactory()
    PersonMention.objects.filter(pk=mention.pk).update(person=other)  # another official
    assert held(second) == [f"p{other.pk}"]
    PersonMention.objects.filter(article=first).delete()
    assert held(first) == []
    assert rebuild_counts() == 0

    second.delete()
    assert held(second) is None
    assert rebuild_counts() == 0


def test_mentions_written_together_in_one_statement_are_all_held():
    """PostgreSQL runs the row triggers of a statement once it is done: each rewrites the
    whole row, so every mention of the statement is in it."""
    article = ArticleFactory()
    countries = [CountryFactory() for _ in range(4)]
    CountryMention.objects.bulk_create(
        [CountryMention(article=article, country=country) for country in countries]
    )
    assert held(article) == sorted(f"c{country.pk}" for country in countries)
    CountryMention.objects.filter(article=article, country__in=countries[:3]).delete()
    assert held(article) == [f"c{countries[3].pk}"]


def test_rebuild_counts_puts_right_a_row_written_around_the_triggers():
    article, bare = ArticleFactory(), ArticleFactory()
    person = PersonFactory()
    PersonMentionFactory(article=article, person=person)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET names = 'p999999' WHERE article_id = %s", [article.pk])
        # Every article has its row (migrations 0027, 0030).
        cursor.execute(f"UPDATE {TABLE} SET names = 'c1' WHERE article_id = %s", [bare.pk])
        cursor.execute(f"INSERT INTO {TABLE} (article_id, names) VALUES (%s, 'c1')", [10**9])
    assert rebuild_counts() == 3  # wrong, naming what it does not, and of no article
    assert (held(article), held(bare)) == ([f"p{person.pk}"], [])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE} WHERE article_id = %s", [10**9])
        assert cursor.fetchone()[0] == 0
    assert rebuild_counts() == 0


def test_the_facets_of_an_officials_list_agree_with_the_mention_tables(client):
    son = PersonFactory()
    agencies = [AgencyFactory() for _ in range(3)]
    countries = [CountryFactory() for _ in range(2)]
    conference = ConferenceFactory()
    articles = []
    for i in range(7):
        article = ArticleFactory(date=f"201{i % 3}-05-0{i + 1}")
        articles.append(article)
        PersonMentionFactory(article=article, person=son)
        AgencyMention.objects.create(article=article, agency=agencies[i % 3])
        CountryMention.objects.create(article=article, country=countries[i % 2])
        if i % 2:
            ConferenceMention.objects.create(article=article, conference=conference)
    draft = ArticleFactory(status=Article.Status.DRAFT)
    PersonMentionFactory(article=draft, person=son)
    AgencyMention.objects.create(article=draft, agency=agencies[0])

    response = client.get(reverse("articles:list"), {"person": son.slug})
    shown = {
        facet.param: {item.value: item.count for item in facet.items}
        for facet in response.context["facets"]
    }
    published = [a for a in articles if a.status == Article.Status.PUBLISHED]
    for param, model, field in [
        ("agency", AgencyMention, "agency"),
        ("country", CountryMention, "country"),
        ("conference", ConferenceMention, "conference"),
    ]:
        expected = Counter(
            model.objects.filter(article__in=published).values_list(f"{field}__slug", flat=True)
        )
        assert shown[param] == dict(expected), param
    assert shown["year"] == dict(Counter(str(a.date)[:4] for a in published))


def test_the_facets_of_a_word_most_articles_hold_are_read_with_the_articles_without_it(client):
    """The list is every published article but the few without the word: what those name
    is read in the same query that finds them (on SQLite, where the side is chosen by an
    exact count), and the facets agree with the mention tables."""
    son, vu = PersonFactory(), PersonFactory()
    country = CountryFactory()
    holding = [ArticleFactory(title=f"Hợp tác song phương {i}") for i in range(5)]
    without = [ArticleFactory(title=f"Đối thoại chiến lược {i}") for i in range(2)]
    for i, article in enumerate([*holding, *without]):
        SegmentFactory(article=article, text=article.title)
        PersonMentionFactory(article=article, person=son if i % 2 else vu)
        CountryMention.objects.create(article=article, country=country)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("articles:list"), {"q": "hợp tác"})
    assert [a.pk for a in response.context["articles"]] == [a.pk for a in reversed(holding)]
    shown = {
        facet.param: {item.value: item.count for item in facet.items}
        for facet in response.context["facets"]
    }
    expected = Counter(
        PersonMention.objects.filter(article__in=holding).values_list("person__slug", flat=True)
    )
    assert shown["person"] == dict(expected)
    assert shown["country"] == {country.slug: 5}
    if connection.vendor == "sqlite":
        names = [q["sql"] for q in queries if TABLE in q["sql"]]
        assert len(names) == 1 and "MATCH" in names[0], names


def counted_by_hand(articles) -> tuple[Counter, dict]:
    """What the facets count of ``articles``: by (year, outlet id, kind), and by each thing
    named (as ``article_names.tally`` gives them)."""
    cells = Counter((a.date.year, a.publication_id, a.kind) for a in articles)
    named = {}
    for param, model in [("person", PersonMention), ("country", CountryMention)]:
        rows = model.objects.filter(article__in=articles).values_list(f"{param}_id", flat=True)
        if rows:
            named[param] = dict(Counter(rows))
    return cells, named


def test_the_counts_read_with_the_articles_without_a_word_follow_every_write():
    """The articles a common word leaves out are read with what the facets count of them
    (on PostgreSQL, from the words index's own copy, migration 0025). After a change of
    date, outlet, kind and mentions, by the ORM or by a direct write, and an unpublish and
    publish, the counts are those of the articles as they are; ``rebuild_counts`` puts right
    a copy written around the triggers."""
    son, vu = PersonFactory(), PersonFactory()
    country = CountryFactory()
    holding = [ArticleFactory(title=f"Hợp tác song phương {i}") for i in range(12)]
    without = [ArticleFactory(title=f"Đối thoại chiến lược {i}") for i in range(3)]
    for i, article in enumerate([*holding, *without]):
        SegmentFactory(article=article, text=article.title)
        PersonMentionFactory(article=article, person=son if i % 2 else vu)

    def others() -> tuple[list[int], tuple]:
        if connection.vendor == "postgresql":  # its planner's estimate chooses the side
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {WORDS}")
        published = Article.objects.published().count()
        ids, fewer, counts = matched_or_unmatched(parse_query("hợp"), published)
        assert not fewer and counts is not None
        return sorted(ids), (counts[0], {p: n for p, n in counts[1].items() if n})

    def expected() -> tuple[list[int], tuple]:
        articles = [Article.objects.get(pk=a.pk) for a in without]
        return sorted(a.pk for a in articles), counted_by_hand(articles)

    assert others() == expected()
    first, second, third = without
    first.date = datetime.date(2009, 3, 1)
    first.kind = Article.Kind.REPORT if first.kind != Article.Kind.REPORT else "interview"
    first.save()
    Article.objects.filter(pk=second.pk).update(
        publication=PublicationFactory(), date=datetime.date(2011, 1, 2)
    )
    CountryMention.objects.create(article=third, country=country)
    PersonMention.objects.filter(article=second).delete()
    assert others() == expected()
    for status in (Article.Status.DRAFT, Article.Status.PUBLISHED):
        third.status = status
        third.save()
    assert others() == expected()

    with connection.cursor() as cursor:  # a copy written around the triggers
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {WORDS} DISABLE TRIGGER USER")
            cursor.execute(
                f"UPDATE {WORDS} SET year = 1900, names = 'p1' WHERE article_id = %s", [first.pk]
            )
            cursor.execute(f"ALTER TABLE {WORDS} ENABLE TRIGGER USER")
        else:  # SQLite's own rows (migration 0027): one wrong, one lost
            cursor.execute(
                f"UPDATE {TABLE} SET year = 1900, kind = 'x' WHERE article_id = %s", [first.pk]
            )
            cursor.execute(f"DELETE FROM {TABLE} WHERE article_id = %s", [second.pk])
    assert others() != expected()
    rebuild_counts()
    assert others() == expected()
    assert rebuild_counts() == 0
