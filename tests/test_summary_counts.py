"""The counts the database keeps (articles.summary: published articles by year, outlet and
kind, and by what they name) follow every write: publishing, unpublishing, editing an
article's links, deleting, importing, bulk inserts. Drafts never count. The pages that read
them show what a count over the rows would show."""

import datetime
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.facets import MENTION_FACETS, facets
from articles.models import (
    AgencyMention,
    Article,
    ArticleTally,
    PersonMention,
    PersonTally,
)
from articles.summary import counts_by, published_count, rebuild_counts
from people.models import Person
from tests.factories import (
    AgencyFactory,
    ArticleFactory,
    PersonFactory,
    PersonMentionFactory,
    PublicationFactory,
)
from tests.scale import build_corpus

pytestmark = pytest.mark.django_db(transaction=False)

PUBLISHED, DRAFT = Article.Status.PUBLISHED, Article.Status.DRAFT


def assert_exact():
    """The kept counts are what a recount gives: the recount finds nothing to correct."""
    assert rebuild_counts() == 0


def tally(person: Person) -> int:
    row = PersonTally.objects.filter(person=person).first()
    return row.articles if row else 0


def years() -> dict[int, int]:
    return {row["year"]: row["n"] for row in counts_by("year")}


def test_publishing_counts_the_article_and_what_it_names(client):
    person = PersonFactory(name="Bùi Thanh Sơn")
    article = ArticleFactory(status=DRAFT, date=datetime.date(2016, 8, 21))
    PersonMentionFactory(article=article, person=person)
    assert (published_count(), years(), tally(person)) == (0, {}, 0)

    article.status = PUBLISHED
    article.save()

    assert (published_count(), years(), tally(person)) == (1, {2016: 1}, 1)
    assert_exact()
    page = client.get(reverse("home")).content.decode()
    assert "Bùi Thanh Sơn" in page and "?year=2016" in page


def test_unpublishing_takes_the_article_and_its_names_out_again(client):
    person = PersonFactory(name="Bùi Thanh Sơn")
    article = ArticleFactory(date=datetime.date(2016, 8, 21))
    PersonMentionFactory(article=article, person=person)
    assert (published_count(), tally(person)) == (1, 1)

    Article.objects.filter(pk=article.pk).update(status=DRAFT)  # a bulk update: no signals

    assert (published_count(), years(), tally(person)) == (0, {}, 0)
    assert_exact()
    assert "Bùi Thanh Sơn" not in client.get(reverse("home")).content.decode()


def test_a_new_date_outlet_or_kind_moves_the_article_to_its_new_counts():
    article = ArticleFactory(date=datetime.date(2016, 8, 21))
    other = PublicationFactory()
    article.date = datetime.date(2018, 1, 2)
    article.publication = other
    article.kind = Article.Kind.INTERVIEW
    article.save()
    assert years() == {2018: 1}
    assert {row["publication"]: row["n"] for row in counts_by("publication")} == {other.pk: 1}
    assert {row["kind"]: row["n"] for row in counts_by("kind")} == {"interview": 1}
    assert_exact()


def test_editing_an_articles_links_changes_the_counts_of_what_it_names():
    first, second = PersonFactory(), PersonFactory()
    article = ArticleFactory()
    mention = PersonMentionFactory(article=article, person=first)
    assert (tally(first), tally(second)) == (1, 0)

    mention.person = second  # the admin's inline, changed in place
    mention.save()
    assert (tally(first), tally(second)) == (0, 1)

    mention.delete()
    assert (tally(first), tally(second)) == (0, 0)

    agency = AgencyFactory()
    AgencyMention.objects.create(article=article, agency=agency)
    assert agency.tally.articles == 1
    assert_exact()


def test_a_drafts_links_never_count(client):
    person = PersonFactory(name="Đinh Quang Hưng")
    draft = ArticleFactory(status=DRAFT, date=datetime.date(2019, 1, 1))
    PersonMentionFactory(article=draft, person=person)
    AgencyMention.objects.create(article=draft, agency=AgencyFactory())
    assert (published_count(), years(), tally(person)) == (0, {}, 0)
    assert_exact()
    assert "Đinh Quang Hưng" not in client.get(reverse("home")).content.decode()
    assert "Đinh Quang Hưng" not in client.get(reverse("articles:list")).content.decode()


@pytest.mark.parametrize("how", ["one by one", "in bulk"])
def test_deleting_an_article_uncounts_it(how):
    person = PersonFactory()
    articles = [ArticleFactory(), ArticleFactory()]
    for article in articles:
        PersonMentionFactory(article=article, person=person)
    assert tally(person) == 2
    if how == "one by one":
        articles[0].delete()
    else:
        Article.objects.filter(pk=articles[0].pk).delete()
    assert (published_count(), tally(person)) == (1, 1)
    assert_exact()


def test_the_seed_import_and_bulk_inserts_are_counted(seeded):
    build_corpus(40)  # bulk_create: no signals, no save()
    published = Article.objects.published()
    assert published_count() == published.count()
    assert tally(Person.objects.filter(mentions__article__status=PUBLISHED).first()) > 0
    assert_exact()


def test_rebuild_counts_puts_right_a_count_gone_wrong_and_a_rerun_writes_nothing(seeded, capsys):
    person = Person.objects.filter(mentions__article__status=PUBLISHED).first()
    right = tally(person)
    PersonTally.objects.filter(person=person).update(articles=right + 5)
    ArticleTally.objects.update(articles=0)

    call_command("rebuild_counts")
    assert "rows written" in capsys.readouterr().out
    assert tally(person) == right
    assert published_count() == Article.objects.published().count()
    assert rebuild_counts() == 0


def counted_by_hand(ids: list[int]) -> dict[str, dict[str, int]]:
    """Each facet's counts over the articles ``ids``, from the rows, in Python."""
    articles = Article.objects.filter(pk__in=ids).select_related("publication")
    out = {name: Counter() for name in ("publication", "kind", "year")}
    for article in articles:
        out["publication"][article.publication.slug] += 1
        out["kind"][article.kind] += 1
        out["year"][str(article.date.year)] += 1
    for param, _label, mention, entity, _names, _tie in MENTION_FACETS:
        rows = mention.objects.filter(article_id__in=ids).values_list(f"{entity}__slug", flat=True)
        out[param] = Counter(rows)
    return {name: dict(counts) for name, counts in out.items()}


@pytest.mark.parametrize("share", [None, 0.75, 0.25, 0.0])
def test_facets_are_exact_for_all_most_and_few_of_the_articles(seeded, share):
    """All: from the kept counts; most (a common word): the kept counts less the others;
    few: counted over them. Each the same as a count by hand."""
    build_corpus(60)
    assert PersonMention.objects.filter(article__status=DRAFT).exists()  # drafts name some
    published = list(Article.objects.published().order_by("pk").values_list("pk", flat=True))
    ids = None if share is None else published[: int(len(published) * share)]
    expected = counted_by_hand(published if ids is None else ids)
    for param in expected:
        found = {f.param: f for f in facets({}, ids=ids, more=param)}
        got = {item.value: item.count for item in found[param].items} if param in found else {}
        assert got == expected[param], param


def test_entity_counts_are_the_kept_counts_and_drafts_add_nothing():
    person, unnamed = PersonFactory(name="Lê Hoài Trung"), PersonFactory()
    for _ in range(3):
        PersonMentionFactory(article=ArticleFactory(), person=person)
    PersonMentionFactory(article=ArticleFactory(status=DRAFT), person=person)
    counts = dict(Person.objects.with_counts().values_list("pk", "article_count"))
    assert (counts[person.pk], counts[unnamed.pk]) == (3, 0)


def named(person: Person) -> int:
    row = PersonTally.objects.filter(person=person).first()
    return row.named if row else 0


def test_named_counts_every_articles_mentions_and_decides_who_is_public():
    """``named`` counts a row's mentions in drafts too; a row only drafts name is private,
    and stays so until a published article names it or the draft stops naming it."""
    person = PersonFactory(name="Phạm Quang Hiệu")
    draft = ArticleFactory(status=DRAFT)
    mention = PersonMentionFactory(article=draft, person=person)
    assert (tally(person), named(person)) == (0, 1)
    assert not Person.objects.public().filter(pk=person.pk).exists()

    draft.status = PUBLISHED
    draft.save()
    assert (tally(person), named(person)) == (1, 1)
    assert Person.objects.public().filter(pk=person.pk).exists()

    draft.status = DRAFT
    draft.save()
    assert not Person.objects.public().filter(pk=person.pk).exists()
    other = PersonFactory()
    PersonMention.objects.filter(pk=mention.pk).update(person=other)  # moved by a raw update
    assert (named(person), named(other)) == (0, 1)
    assert Person.objects.public().filter(pk=person.pk).exists()
    assert not Person.objects.public().filter(pk=other.pk).exists()
    mention.delete()
    assert named(other) == 0
    assert Person.objects.public().filter(pk=other.pk).exists()
    assert_exact()


def test_the_public_rule_reads_the_kept_counts_not_the_mentions():
    """The draft-privacy rule costs one join per row, whatever the size of the archive."""
    sql = str(Person.objects.public().query)
    assert "articles_persontally" in sql
    assert "articles_personmention" not in sql


def test_rebuild_counts_puts_right_a_wrong_named_count(seeded):
    person = Person.objects.filter(mentions__isnull=False).first()
    right = named(person)
    PersonTally.objects.filter(person=person).update(named=right + 3)
    assert rebuild_counts() == 1
    assert named(person) == right
    assert_exact()


def test_a_facet_of_all_but_the_others_reads_only_the_most_named():
    """Most of the articles (all but five): an official's facet reads only the
    ``limit + len(less)`` most named from the kept counts, in the one query that reads every
    facet's, and is still the exact top ten, ties in the list's order, even where the
    others' names pull the first ones down."""
    people = [PersonFactory(name=f"Nguyễn Văn {chr(65 + i)}") for i in range(25)]
    articles = [ArticleFactory() for _ in range(30)]
    for j, article in enumerate(articles):  # people[i] is named by 30 - i articles
        PersonMention.objects.bulk_create(
            PersonMention(article=article, person=person, role=PersonMention.Role.MENTIONED)
            for person in people[: 30 - j]
        )
    shown = articles[:25]  # the others (25..29) name people[0..4], five to one times
    by_hand = Counter(
        PersonMention.objects.filter(article__in=shown).values_list("person_id", flat=True)
    )
    order = sorted(people, key=lambda p: (-by_hand[p.pk], p.sort_key, p.pk))
    with CaptureQueriesContext(connection) as queries:
        found = {f.param: f for f in facets({}, ids=[a.pk for a in shown])}
    assert [(i.value, i.count) for i in found["person"].items] == [
        (p.slug, by_hand[p.pk]) for p in order[:10]
    ]
    assert found["person"].truncated
    # One query reads every facet's first rows from the kept counts, the officials' 16.
    read = [q["sql"] for q in queries if "people_person" in q["sql"] and "ORDER BY" in q["sql"]]
    assert len(read) == 1, read
    assert all(f"AS kept_{param}" in read[0] for param, *_rest in MENTION_FACETS), read
    assert re.search(r"LIMIT 16\) AS kept_person", read[0]), read


def test_an_officials_list_reads_the_names_of_only_those_that_can_rank(client):
    """The officials named beside an official: the facet's ten most named, ties by name,
    exact; only those named at least as often as the eleventh are read by name (those
    named less cannot rank among them)."""
    son = PersonFactory(name="Bùi Thanh Sơn")
    others = [PersonFactory(name=f"Nguyễn Văn {chr(65 + i)}") for i in range(14)]
    times = [6, 5, 5, 4, 3, 3, 3, 3, 3, 3, 3, 3, 1, 1]  # others[i] beside him in so many
    for j in range(6):
        article = ArticleFactory()
        PersonMentionFactory(article=article, person=son)
        for person, n in zip(others, times, strict=True):
            if j < n:
                PersonMentionFactory(article=article, person=person)
    ArticleFactory.create_batch(7)  # his are fewer than half the archive's
    by_hand = Counter({son.pk: 6, **{p.pk: n for p, n in zip(others, times, strict=True)}})
    people = sorted([son, *others], key=lambda p: (-by_hand[p.pk], p.sort_key, p.pk))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("articles:list"), {"person": son.slug})
    found = {f.param: f for f in response.context["facets"]}
    assert [(i.value, i.count) for i in found["person"].items] == [
        (p.slug, by_hand[p.pk]) for p in people[:10]
    ]
    # One query reads the names of every facet's, the officials' among them.
    named = [q["sql"] for q in queries if '"people_person" e WHERE' in q["sql"]]
    assert len(named) == 1, named
    part = next(p for p in named[0].split("UNION ALL") if '"people_person" e' in p)
    ids = re.findall(r"\d+", part.split(" IN ", 1)[1])
    assert sorted(set(map(int, ids)) & set(by_hand)) == sorted(
        pk for pk, n in by_hand.items() if n >= 3
    ), named


@pytest.mark.parametrize("share", [None, 0.75, 0.25])
def test_facets_name_each_thing_in_the_pages_language(share):
    """Read from the kept counts or by id, an agency's value is its English name on the
    English pages (its Vietnamese one where it has none), its Vietnamese name otherwise."""
    from django.utils import translation

    named = AgencyFactory(name_vi="Bộ Ngoại giao", name_en="Ministry of Foreign Affairs")
    unnamed = AgencyFactory(name_vi="Sở Ngoại vụ", name_en="")
    articles = ArticleFactory.create_batch(8)
    for article in articles:
        AgencyMention.objects.create(article=article, agency=named)
    AgencyMention.objects.create(article=articles[0], agency=unnamed)
    ids = None if share is None else [a.pk for a in articles[: int(len(articles) * share)]]
    for language, expected in [
        ("en", {"Ministry of Foreign Affairs", "Sở Ngoại vụ"}),
        ("vi", {"Bộ Ngoại giao", "Sở Ngoại vụ"}),
    ]:
        with translation.override(language):
            found = {f.param: f for f in facets({}, ids=ids)}
        assert {item.label for item in found["agency"].items} == expected, (language, share)
