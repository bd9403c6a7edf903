"""Charts of articles per year (home page, article list) and of mentions per year (the pages
of officials, agencies, countries and bodies): the bars, the table beside them with the same
numbers, and the queries they cost."""

import datetime
import re
from collections import Counter
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import AgencyMention, Article, BodyMention, CountryMention, PersonMention
from articles.summary import YEAR_TALLIES, rebuild_counts
from diplomacy_kb.charts import MAJOR_LABELS, MINOR_LABELS, YearChart
from tests.factories import (
    AgencyFactory,
    ArticleFactory,
    BodyFactory,
    CountryFactory,
    PersonFactory,
    PersonMentionFactory,
)
from tests.scale import build_corpus

LIST = reverse("articles:list")


def chart_section(html: str) -> str:
    """The chart's section of a page, or "" when the page has none."""
    match = re.search(r'<section class="year-chart".*?</section>', html, re.S)
    return match.group(0) if match else ""


def chart_table(html: str) -> dict[int, int]:
    """The chart's table, as the reader sees it: {year: count}, in the table's order."""
    table = chart_section(html).split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(
        r'<th scope="row">(\d+)</th><td>(?:<a href="[^"]*">)?(\d+)(?:</a>)?</td>', table
    )
    return {int(year): int(n) for year, n in rows}


def filled(counts: Counter) -> dict[int, int]:
    """The counts from the first year to the last, the years between with zero."""
    return {year: counts[year] for year in range(min(counts), max(counts) + 1)}


def published_per_year(articles) -> Counter:
    return Counter(a.date.year for a in articles.filter(status=Article.Status.PUBLISHED))


def article_in(year: int, **kwargs) -> Article:
    return ArticleFactory(date=datetime.date(year, 6, 1), **kwargs)


# --- the chart's shape --------------------------------------------------------------------


def test_years_without_articles_between_the_first_and_last_are_zero_bars():
    chart = YearChart.build([(2019, 1), (2016, 4), (2017, 0)])
    assert [(bar.year, bar.count) for bar in chart.bars] == [
        (2016, 4),
        (2017, 0),
        (2018, 0),
        (2019, 1),
    ]
    assert (chart.first_year, chart.last_year, chart.total, chart.peak) == (2016, 2019, 5, 4)
    heights = [float(bar.height) for bar in chart.bars]
    assert heights == [chart.height, 0, 0, chart.height / 4]
    # Each bar stands on the baseline, in its own slot of the viewBox, left to right.
    assert all(float(bar.y) + float(bar.height) == chart.height for bar in chart.bars)
    xs = [float(bar.x) for bar in chart.bars]
    assert xs == sorted(xs) and xs[-1] + float(chart.bars[-1].width) <= chart.width


def test_one_year_or_none_makes_no_chart():
    assert YearChart.build([]) is None
    assert YearChart.build([(2016, 7)]) is None
    assert YearChart.build([(2016, 7), (2017, 0)]) is None


def test_a_long_span_labels_a_few_round_years():
    chart = YearChart.build([(1990, 3), (2024, 9)])
    assert len(chart.bars) == 35
    major = [bar.year for bar in chart.bars if bar.label == "major"]
    minor = [bar.year for bar in chart.bars if bar.label in ("major", "minor")]
    assert 2 <= len(major) <= MAJOR_LABELS and len(minor) <= MINOR_LABELS
    assert all(year % 10 == 0 for year in major)
    assert chart.values == ""  # 35 counts would not fit above the bars: the table has them
    assert YearChart.build([(2016, 1), (2019, 2)]).values == "all"


def test_the_tallest_years_are_named_when_they_tie():
    chart = YearChart.build([(2016, 3), (2017, 1), (2018, 3)])
    assert chart.peak_years == "2016, 2018"


# --- the article list and the home page ----------------------------------------------------


def bars(chart: YearChart) -> dict[int, int]:
    return {bar.year: bar.count for bar in chart.bars}


@pytest.mark.django_db
def test_a_filtered_list_charts_the_articles_it_lists_per_year(client):
    person = PersonFactory()
    for year in (2010, 2010, 2013, 2014, 2014, 2014):
        PersonMentionFactory(person=person, article=article_in(year))
    PersonMentionFactory(person=person, article=article_in(2011, status=Article.Status.DRAFT))
    article_in(2012)  # not about the person
    response = client.get(f"{LIST}?{urlencode({'person': person.slug, 'page': 1})}")
    expected = filled(published_per_year(Article.objects.filter(person_mentions__person=person)))
    assert expected == {2010: 2, 2011: 0, 2012: 0, 2013: 1, 2014: 3}
    chart = response.context["year_chart"]
    assert bars(chart) == expected
    assert chart_table(response.content.decode()) == expected
    # A year's count leads to the same list for that year (from its first page).
    assert chart.bars[-1].href == f"{LIST}?person={person.slug}&year=2014"
    assert chart.bars[1].href == ""  # 2011: no article to list


@pytest.mark.django_db
def test_a_list_of_one_year_has_no_chart(client):
    article_in(2015)
    article_in(2016)
    assert bars(client.get(LIST).context["year_chart"]) == {2015: 1, 2016: 1}
    assert client.get(f"{LIST}?year=2016").context["year_chart"] is None


def test_the_home_page_charts_every_published_article_per_year(client, seeded):
    html = client.get(reverse("home")).content.decode()
    expected = filled(published_per_year(Article.objects.all()))
    assert len(expected) > 2
    assert chart_table(html) == expected
    section = chart_section(html)
    assert f'href="{LIST}?year={max(expected)}"' in section
    # The SVG is an image named by its title, which sums it up; one bar a year with articles.
    assert re.search(r'<svg [^>]*role="img"[^>]*aria-labelledby="year-chart-title"', section)
    title = re.search(r'<title id="year-chart-title">(.*?)</title>', section, re.S).group(1)
    total = sum(expected.values())
    assert f"{min(expected)}–{max(expected)}: " in title
    assert re.search(rf"\b{total}\b", title.split(":", 1)[1]), title
    assert section.count("<rect ") == sum(1 for n in expected.values() if n)


def test_the_chart_speaks_the_language_of_the_page(client, seeded):
    english = chart_section(client.get("/en/").content.decode())
    assert "Articles per year" in english and "Show as a table" in english
    assert 'href="/en/articles/?year=' in english
    # (Needs the compiled Vietnamese catalogue, as tests/test_i18n.py does.)
    vietnamese = chart_section(client.get("/").content.decode())
    assert "Số bài theo năm" in vietnamese and "Xem dạng bảng" in vietnamese
    agency = chart_section(client.get("/agencies/bo-ngoai-giao/").content.decode())
    assert "Số bài nhắc đến theo năm" in agency


@pytest.mark.parametrize("extra", [0, 300])
def test_lists_keep_their_query_budget_with_the_chart(
    client, seeded, extra, django_assert_max_num_queries
):
    if extra:
        build_corpus(extra)
    urls = [reverse("home"), LIST, f"{LIST}?agency=bo-ngoai-giao&country=vn"]
    for url in urls:
        # The budget of tests/test_article_pages.py: the chart reads the counts already read.
        with django_assert_max_num_queries(18, info=url):
            response = client.get(url)
        assert response.context["year_chart"].total, url


# --- the pages of officials, agencies, countries and bodies ---------------------------------

ENTITIES = [
    # (factory, mention model, its field on the mention and the list filter)
    (PersonFactory, PersonMention, "person"),
    (AgencyFactory, AgencyMention, "agency"),
    (CountryFactory, CountryMention, "country"),
    (BodyFactory, BodyMention, "body"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("factory", "mention", "field"), ENTITIES)
def test_an_entity_page_charts_the_published_articles_naming_it_per_year(
    client, factory, mention, field
):
    entity = factory()
    extra = {"role": PersonMention.Role.MENTIONED} if mention is PersonMention else {}
    for year in (2015, 2015, 2018):
        mention.objects.create(article=article_in(year), **{field: entity}, **extra)
    draft = article_in(2016, status=Article.Status.DRAFT)
    mention.objects.create(article=draft, **{field: entity}, **extra)
    article_in(2017)  # names someone else
    html = client.get(entity.get_absolute_url()).content.decode()
    naming = Article.objects.filter(**{f"{field}_mentions__{field}": entity})
    expected = filled(published_per_year(naming))
    assert expected == {2015: 2, 2016: 0, 2017: 0, 2018: 1}
    assert chart_table(html) == expected
    section = chart_section(html)
    assert f"?{field}={entity.slug}&amp;year=2015" in section
    english = chart_section(client.get(f"/en{entity.get_absolute_url()}").content.decode())
    assert "Mentions per year" in english


@pytest.mark.django_db
def test_an_entity_named_in_one_year_has_no_chart(client):
    person = PersonFactory()
    PersonMentionFactory(person=person, article=article_in(2016))
    assert chart_section(client.get(person.get_absolute_url()).content.decode()) == ""


@pytest.mark.parametrize(
    "url", ["/people/bui-thanh-son/", "/agencies/bo-ngoai-giao/", "/countries/vn/"]
)
def test_seed_pages_chart_what_the_database_holds(client, seeded, url):
    html = client.get(url).content.decode()
    slug = url.strip("/").split("/")[-1]
    lookups = {
        "people": "person_mentions__person__slug",
        "agencies": "agency_mentions__agency__slug",
        "countries": "country_mentions__country__slug",
    }
    articles = Article.objects.filter(**{lookups[url.split("/")[1]]: slug})
    assert chart_table(html) == filled(published_per_year(articles))


def year_counts(entity) -> dict[int, int]:
    """The kept counts of ``entity`` by year (``YearTally``), the years with some."""
    return dict(entity.year_tallies.filter(articles__gt=0).values_list("year", "articles"))


@pytest.mark.django_db
@pytest.mark.parametrize(("factory", "mention", "field"), ENTITIES)
def test_the_kept_counts_per_year_follow_every_write(client, factory, mention, field):
    """Publishing, unpublishing, a new date, a mention moved or deleted, an article deleted
    (one by one or in bulk): the page's chart follows at once, from the kept counts, and a
    recount finds nothing to correct. Drafts never count."""
    entity, other = factory(), factory()
    extra = {"role": PersonMention.Role.MENTIONED} if mention is PersonMention else {}
    first, second = article_in(2015), article_in(2015)
    draft = article_in(2016, status=Article.Status.DRAFT)
    for article in (first, second, draft):
        mention.objects.create(article=article, **{field: entity}, **extra)
    assert year_counts(entity) == {2015: 2}

    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert year_counts(entity) == {2015: 2, 2016: 1}
    assert chart_table(client.get(entity.get_absolute_url()).content.decode()) == {
        2015: 2,
        2016: 1,
    }

    Article.objects.filter(pk=first.pk).update(date=datetime.date(2018, 3, 1))  # no signals
    assert year_counts(entity) == {2015: 1, 2016: 1, 2018: 1}
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.DRAFT)
    assert year_counts(entity) == {2015: 1, 2018: 1}
    assert rebuild_counts() == 0

    mention.objects.filter(article=second).update(**{field: other})
    assert (year_counts(entity), year_counts(other)) == ({2018: 1}, {2015: 1})
    mention.objects.filter(article=second).delete()
    assert year_counts(other) == {}
    mention.objects.create(article=second, **{field: entity}, **extra)
    second.delete()
    Article.objects.filter(pk=first.pk).delete()
    assert year_counts(entity) == {}
    assert chart_section(client.get(entity.get_absolute_url()).content.decode()) == ""
    assert rebuild_counts() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("factory", "mention", "field"), ENTITIES)
def test_an_entity_chart_reads_the_kept_counts_not_the_mentions(client, factory, mention, field):
    """The chart costs a few rows whatever the size of the archive: no query of the page
    counts mentions per year."""
    entity = factory()
    extra = {"role": PersonMention.Role.MENTIONED} if mention is PersonMention else {}
    for year in (2015, 2018):
        mention.objects.create(article=article_in(year), **{field: entity}, **extra)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(entity.get_absolute_url()).content.decode()
    assert chart_table(html) == {2015: 1, 2016: 0, 2017: 0, 2018: 1}
    tally = next(model for m, _field, model in YEAR_TALLIES if m is mention)._meta.db_table
    assert any(tally in q["sql"] for q in queries.captured_queries)
    per_year = ("strftime('%Y'", "EXTRACT(YEAR")
    assert not [q["sql"] for q in queries.captured_queries if any(y in q["sql"] for y in per_year)]


@pytest.mark.django_db
def test_rebuild_counts_puts_right_a_wrong_count_per_year(seeded):
    person = PersonMention.objects.filter(article__status=Article.Status.PUBLISHED).first().person
    right = year_counts(person)
    row = person.year_tallies.filter(articles__gt=0).first()
    person.year_tallies.filter(pk=row.pk).update(articles=row.articles + 4)
    assert rebuild_counts() == 1
    assert year_counts(person) == right
    assert rebuild_counts() == 0
