"""What each article names, kept in one row per article (``articles.article_names``) for the
list's facets: exact after every insert, delete and change of a mention and every delete of
an article, on both databases; ``rebuild_counts`` puts right a row written around the
triggers; and the facets the list shows from these rows agree with the mention tables."""

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.article_names import TABLE
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
from articles.summary import rebuild_counts
from tests.factories import (
    AgencyFactory,
    ArticleFactory,
    BodyFactory,
    ConferenceFactory,
    CountryFactory,
    PersonFactory,
    PersonMentionFactory,
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
    assert held(article) is None  # named nothing yet
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
        cursor.execute(f"INSERT INTO {TABLE} (article_id, names) VALUES (%s, 'c1')", [bare.pk])
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
