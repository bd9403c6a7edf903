"""An official's page reads two of its counts from rows the database keeps (migration
articles 0020): the published articles interviewing the official (``PersonTally.interviews``)
and, for each two officials, the published articles naming both (``PersonPairTally``, the
page's "named alongside"). They follow every write at once, drafts never count, and a
recount finds nothing to correct. Its answers are counted one per question."""

import datetime
import re

import pytest
from django.utils import translation

from articles.models import Article, PersonMention, PersonPairTally, PersonTally, Segment
from articles.summary import rebuild_counts
from tests.factories import ArticleFactory, PersonFactory, SegmentFactory

pytestmark = pytest.mark.django_db

PUBLISHED, DRAFT = Article.Status.PUBLISHED, Article.Status.DRAFT
INTERVIEWEE, MENTIONED = PersonMention.Role.INTERVIEWEE, PersonMention.Role.MENTIONED


def interviews(person) -> int:
    row = PersonTally.objects.filter(person=person).first()
    return row.interviews if row else 0


def alongside(person) -> dict[str, int]:
    """The kept counts of the officials named with ``person``: {name: articles}, those > 0."""
    rows = PersonPairTally.objects.filter(person=person, articles__gt=0)
    return {row.other.name: row.articles for row in rows.select_related("other")}


def named_alongside_on_page(client, person) -> dict[str, int]:
    """The page's "named alongside" table, as the reader sees it: {name: articles}."""
    with translation.override("vi"):
        html = client.get(person.get_absolute_url()).content.decode()
    match = re.search(r'id="co-mentioned-heading".*?</table>', html, re.S)
    rows = (
        re.findall(r'">([^<]+)</a></th>\s*<td class="num">(\d+)</td>', match.group(0))
        if match
        else []
    )
    return {name: int(n) for name, n in rows}


def facts(client, person) -> str:
    """The page's "In the archive" line, in English."""
    with translation.override("en"):
        html = client.get(person.get_absolute_url()).content.decode()
    return re.search(r"<dt>In the archive</dt>\s*<dd>(.*?)</dd>", html, re.S).group(1)


def name(article, person, role=MENTIONED) -> PersonMention:
    return PersonMention.objects.create(article=article, person=person, role=role)


def test_interviews_follow_every_write_and_answers_count_one_per_question(client):
    son, other = PersonFactory(name="Bùi Thanh Sơn"), PersonFactory(name="Marc Knapper")
    first = ArticleFactory(date=datetime.date(2016, 8, 21), kind=Article.Kind.INTERVIEW)
    draft = ArticleFactory(status=DRAFT, kind=Article.Kind.INTERVIEW)
    report = ArticleFactory(date=datetime.date(2018, 1, 2))
    name(first, son, INTERVIEWEE)
    name(draft, son, INTERVIEWEE)
    name(report, son)
    # Two answers in the interview: one of two paragraphs, one after the next question;
    # another speaker's answer between two of his own makes the second one more.
    for kind, speaker in [
        ("question", None),
        ("answer", son),
        ("answer", son),
        ("question", None),
        ("answer", son),
        ("answer", other),
        ("answer", son),
    ]:
        SegmentFactory(article=first, kind=kind, speaker=speaker)
    SegmentFactory(article=draft, kind=Segment.Kind.ANSWER, speaker=son)  # a draft's: none
    assert interviews(son) == 1
    assert "interviewed in 1" in facts(client, son) and "3 answers" in facts(client, son)

    draft.status = PUBLISHED
    draft.save()
    assert interviews(son) == 2
    assert "interviewed in 2" in facts(client, son) and "4 answers" in facts(client, son)
    Article.objects.filter(pk=draft.pk).update(status=DRAFT)  # a bulk update: no signals
    assert interviews(son) == 1
    assert rebuild_counts() == 0

    PersonMention.objects.filter(article=report).update(role=INTERVIEWEE)
    assert interviews(son) == 2
    PersonMention.objects.filter(article=first).update(person=other)
    assert (interviews(son), interviews(other)) == (1, 1)
    assert rebuild_counts() == 0

    PersonMention.objects.filter(article=report).update(role=MENTIONED)
    first.delete()
    assert (interviews(son), interviews(other)) == (0, 0)
    assert "interviewed" not in facts(client, son)
    assert rebuild_counts() == 0


def test_named_alongside_follows_every_write_and_drafts_never_count(client):
    son, knapper, nghi, fourth = (
        PersonFactory(name=n)
        for n in ("Bùi Thanh Sơn", "Marc Knapper", "Nguyễn Thanh Nghị", "Đặng Hữu Đạt")
    )
    secret = PersonFactory(name="Người Mới")  # named in a draft only
    first, second = ArticleFactory(), ArticleFactory()
    draft = ArticleFactory(status=DRAFT)
    for article, people in [
        (first, (son, knapper)),
        (second, (son, knapper, nghi)),
        (draft, (son, nghi, secret)),
    ]:
        for person in people:
            name(article, person)
    assert alongside(son) == {"Marc Knapper": 2, "Nguyễn Thanh Nghị": 1}
    assert alongside(nghi) == {"Bùi Thanh Sơn": 1, "Marc Knapper": 1}
    assert alongside(secret) == {}
    assert named_alongside_on_page(client, son) == {"Marc Knapper": 2, "Nguyễn Thanh Nghị": 1}
    assert "Người Mới" not in client.get(son.get_absolute_url()).content.decode()

    draft.status = PUBLISHED
    draft.save()
    assert alongside(son) == {"Marc Knapper": 2, "Nguyễn Thanh Nghị": 2, "Người Mới": 1}
    Article.objects.filter(pk=draft.pk).update(status=DRAFT)
    assert alongside(son) == {"Marc Knapper": 2, "Nguyễn Thanh Nghị": 1}
    assert alongside(secret) == {}
    assert rebuild_counts() == 0

    PersonMention.objects.filter(article=second, person=knapper).update(person=fourth)
    assert alongside(son) == {"Marc Knapper": 1, "Nguyễn Thanh Nghị": 1, "Đặng Hữu Đạt": 1}
    assert alongside(nghi) == {"Bùi Thanh Sơn": 1, "Đặng Hữu Đạt": 1}
    PersonMention.objects.filter(article=second, person=nghi).delete()
    assert alongside(son) == {"Marc Knapper": 1, "Đặng Hữu Đạt": 1}
    PersonMention.objects.filter(article=first, person=knapper).update(article=second)
    assert alongside(son) == {"Marc Knapper": 1, "Đặng Hữu Đạt": 1}
    assert alongside(knapper) == {"Bùi Thanh Sơn": 1, "Đặng Hữu Đạt": 1}
    assert rebuild_counts() == 0

    first.delete()
    assert alongside(son) == {"Marc Knapper": 1, "Đặng Hữu Đạt": 1}
    Article.objects.filter(pk=second.pk).delete()
    assert alongside(son) == alongside(knapper) == alongside(fourth) == {}
    assert client.get(son.get_absolute_url()).status_code == 404  # only the draft names him
    assert rebuild_counts() == 0


def test_the_page_reads_the_kept_counts_and_a_recount_puts_them_right(client):
    son, knapper = PersonFactory(name="Bùi Thanh Sơn"), PersonFactory(name="Marc Knapper")
    article = ArticleFactory(kind=Article.Kind.INTERVIEW)
    name(article, son, INTERVIEWEE)
    name(article, knapper)
    assert "interviewed in 1" in facts(client, son)
    assert named_alongside_on_page(client, son) == {"Marc Knapper": 1}

    # Counts gone wrong (written with the triggers off, say): the page shows what is kept.
    PersonTally.objects.filter(person=son).update(interviews=5)
    PersonPairTally.objects.filter(person=son, other=knapper).update(articles=7)
    assert "interviewed in 5" in facts(client, son)
    assert named_alongside_on_page(client, son) == {"Marc Knapper": 7}

    assert rebuild_counts() == 2
    assert "interviewed in 1" in facts(client, son)
    assert named_alongside_on_page(client, son) == {"Marc Knapper": 1}
    PersonPairTally.objects.filter(person=son).delete()
    assert rebuild_counts() == 1
    assert rebuild_counts() == 0


def test_each_pair_counts_once_when_one_statement_writes_several_mentions():
    """A bulk insert, a bulk move and a bulk delete of several mentions of one article (one
    statement each, as an import or a cascade writes them) count each two officials once."""
    son, knapper, nghi, dat = (
        PersonFactory(name=n)
        for n in ("Bùi Thanh Sơn", "Marc Knapper", "Nguyễn Thanh Nghị", "Đặng Hữu Đạt")
    )
    first, second = ArticleFactory(), ArticleFactory()
    PersonMention.objects.bulk_create(
        PersonMention(article=first, person=p, role=MENTIONED) for p in (son, knapper, nghi)
    )
    PersonMention.objects.bulk_create(
        [
            PersonMention(article=second, person=son, role=MENTIONED),
            PersonMention(article=second, person=dat, role=INTERVIEWEE),
        ]
    )
    assert alongside(son) == {"Marc Knapper": 1, "Nguyễn Thanh Nghị": 1, "Đặng Hữu Đạt": 1}
    assert alongside(knapper) == {"Bùi Thanh Sơn": 1, "Nguyễn Thanh Nghị": 1}
    assert rebuild_counts() == 0

    PersonMention.objects.filter(article=first, person__in=(knapper, nghi)).update(article=second)
    assert alongside(son) == {"Marc Knapper": 1, "Nguyễn Thanh Nghị": 1, "Đặng Hữu Đạt": 1}
    assert alongside(knapper) == {"Bùi Thanh Sơn": 1, "Nguyễn Thanh Nghị": 1, "Đặng Hữu Đạt": 1}
    assert rebuild_counts() == 0

    PersonMention.objects.filter(article=second).exclude(person=dat).delete()
    assert alongside(son) == alongside(knapper) == alongside(dat) == {}
    assert interviews(dat) == 1
    assert rebuild_counts() == 0
