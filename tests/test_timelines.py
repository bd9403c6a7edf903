"""The timelines of an official's positions and of a conference series: what they draw
(bars for known dates in office, marks for the articles that attest a title), and that the
caption and the table beside them say the same. Their layout is measured in
tests/browser/test_timelines.py."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from people.models import attach_attesting_articles
from people.timeline import Kind, position_timeline
from people.views import chronological
from tests.factories import (
    AgencyFactory,
    ArticleFactory,
    ConferenceFactory,
    PersonFactory,
    PersonMentionFactory,
    PositionFactory,
    SeriesFactory,
)
from tests.test_html_validity import vnu  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

AXIS_DAYS = (datetime.date(2022, 1, 1) - datetime.date(2008, 1, 1)).days  # 2008 to 2021


def percent(day):
    return 100 * (day - datetime.date(2008, 1, 1)).days / AXIS_DAYS


def attest(person, position, *dates, precision="day"):
    """Published articles, one per date, that name ``person`` with ``position``'s title."""
    for date in dates:
        mention = PersonMentionFactory(
            person=person, article=ArticleFactory(date=date, date_precision=precision)
        )
        mention.positions.add(position)


def person_with_every_kind():
    """An official with a term (start and end), an open term (a start only), a title known
    only as of three articles, and one with no date and no article."""
    person = PersonFactory(name="Trần Thị Thử", slug="tran-thi-thu")
    ministry = AgencyFactory(name_vi="Bộ Ngoại giao thử", name_en="Test Foreign Ministry")
    PositionFactory(
        person=person,
        agency=AgencyFactory(name_vi="Đại sứ quán thử", name_en="Test Embassy"),
        title_vi="Đại sứ",
        title_en="Ambassador",
        start_date=datetime.date(2008, 3, 1),
        start_precision="month",
        end_date=datetime.date(2011, 1, 1),
        end_precision="year",
    )
    PositionFactory(
        person=person,
        agency=ministry,
        title_vi="Vụ trưởng",
        title_en="Director-General",
        start_date=datetime.date(2012, 5, 1),
        start_precision="day",
    )
    deputy = PositionFactory(
        person=person, agency=ministry, title_vi="Thứ trưởng", title_en="Deputy Minister"
    )
    attest(person, deputy, datetime.date(2016, 8, 26), datetime.date(2021, 12, 13))
    attest(person, deputy, datetime.date(2018, 1, 1), precision="year")
    PositionFactory(person=person, agency=ministry, title_vi="Cố vấn", title_en="Adviser")
    return person


def positions_of(person):
    """The positions as the official's page reads them."""
    positions = list(person.positions.public().select_related("agency").with_attestations())
    attach_attesting_articles(positions)
    return chronological(positions)


def rows_by_title(timeline):
    return {row.position.title_vi: row for row in timeline.rows}


def as_float(value):
    assert value.endswith("%"), value
    return float(value[:-1])


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def chart(html):
    """The drawing of the positions timeline, without its caption."""
    start = html.index('class="timeline-chart"')
    return html[start : html.index("<figcaption>", start)]


def caption(html):
    start = html.index("<figcaption>", html.index('class="position-timeline"'))
    return " ".join(html[start : html.index("</figcaption>", start)].split())


# --- the data ----------------------------------------------------------------------------


def test_known_dates_are_bars_and_attested_titles_are_marks():
    timeline = position_timeline(positions_of(person_with_every_kind()))
    rows = rows_by_title(timeline)
    assert {title: row.kind for title, row in rows.items()} == {
        "Đại sứ": Kind.TERM,
        "Vụ trưởng": Kind.OPEN_END,
        "Thứ trưởng": Kind.AS_OF,
        "Cố vấn": Kind.UNDATED,
    }
    assert (timeline.first_year, timeline.last_year) == (2008, 2021)

    # March 2008 to the end of 2011: from 1 March 2008 to 1 January 2012.
    term = rows["Đại sứ"]
    assert as_float(term.x) == pytest.approx(percent(datetime.date(2008, 3, 1)), abs=0.01)
    end = as_float(term.x) + as_float(term.width)
    assert end == pytest.approx(percent(datetime.date(2012, 1, 1)), abs=0.02)
    assert not term.marks

    # A start and no end: the bar runs on to the edge of the axis.
    open_term = rows["Vụ trưởng"]
    assert as_float(open_term.x) == pytest.approx(percent(datetime.date(2012, 5, 1)), abs=0.01)
    assert as_float(open_term.x) + as_float(open_term.width) == pytest.approx(100, abs=0.02)

    # Known only from articles: the first and the last are marked, and there is no bar.
    deputy = rows["Thứ trưởng"]
    assert not deputy.is_bar and deputy.x == ""
    marks = [as_float(x) for x in deputy.marks]
    assert marks == [
        pytest.approx(percent(datetime.date(2016, 8, 26)), abs=0.01),
        pytest.approx(percent(datetime.date(2021, 12, 13)), abs=0.01),
    ]
    assert not rows["Cố vấn"].marks and not rows["Cố vấn"].is_bar
    assert timeline.marks_first_and_last  # three articles give the title, two are marked


def test_an_end_without_a_start_runs_from_the_edge_of_the_axis():
    position = PositionFactory(
        end_date=datetime.date(2015, 6, 1), end_precision="month", start_date=None
    )
    timeline = position_timeline(positions_of(position.person))
    (row,) = timeline.rows
    # From 1 January 2015, the axis's start, to the end of June.
    assert row.kind == Kind.OPEN_START and row.x == "0.00%"
    assert row.width == f"{100 * 181 / 365:.2f}%"
    assert (timeline.first_year, timeline.last_year) == (2015, 2015)


def test_year_labels_thin_out_so_that_they_fit():
    timeline = position_timeline(positions_of(person_with_every_kind()))
    years = timeline.years
    assert [y.year for y in years] == list(range(2008, 2022))
    assert [y.year for y in years if y.wide] == list(range(2008, 2022, 2))  # 14 years: 7
    assert [y.year for y in years if y.narrow] == [2008, 2011, 2014, 2017, 2020]
    assert len(timeline.boundaries) == 13  # between the years


def test_nothing_dated_draws_no_timeline():
    position = PositionFactory()
    assert position_timeline(positions_of(position.person)) is None


def test_a_single_attesting_article_is_one_mark():
    position = PositionFactory()
    attest(position.person, position, datetime.date(2020, 2, 3))
    timeline = position_timeline(positions_of(position.person))
    assert timeline.rows[0].marks == [f"{100 * 33 / 366:.2f}%"]  # 3 February, in a leap year
    assert not timeline.marks_first_and_last


# --- the page ----------------------------------------------------------------------------


def test_timeline_and_table_list_the_same_positions_in_the_same_order(client):
    person = person_with_every_kind()
    html = page(client, f"/en{person.get_absolute_url()}")
    drawn = re.findall(r'<span class="timeline-label">([^<]+)</span>', chart(html))
    table = html[html.index('<table class="positions">') :]
    table = table[: table.index("</table>")]
    listed = [
        f"{title}, {agency}"
        for title, agency in re.findall(
            r'<th scope="row">([^<]+)</th>\s*<td><a href="[^"]+">([^<]+)</a>', table
        )
    ]
    assert drawn == listed
    assert listed == [
        "Ambassador, Test Embassy",
        "Director-General, Test Foreign Ministry",
        "Deputy Minister, Test Foreign Ministry",
        "Adviser, Test Foreign Ministry",
    ]


def test_the_page_draws_bars_for_terms_and_marks_for_attestations(client):
    person = person_with_every_kind()
    drawing = chart(page(client, f"/en{person.get_absolute_url()}"))
    rows = re.findall(r'<div class="timeline-row ([a-z-]+)">(.*?)</div>', drawing, re.S)
    drawn = {kind: (row.count('class="bar"'), row.count('class="mark"')) for kind, row in rows}
    assert drawn == {
        "term": (1, 0),
        "open-end": (1, 0),
        "as-of": (0, 2),
        "undated": (0, 0),
        "timeline-axis": (0, 0),
    }
    assert "no date known" in dict(rows)["undated"]
    assert 'role="img" aria-label="Timeline of the positions of Trần Thị Thử, 2008 to 2021.' in (
        drawing
    )


def test_the_caption_describes_every_kind_drawn(client):
    person = person_with_every_kind()
    text = caption(page(client, f"/en{person.get_absolute_url()}"))
    assert "Bar: the dates in office, as a source gives them." in text
    assert "Outlined bar: only the start or only the end of the term is known" in text
    assert "Dot: the date of a published article that gives the title." in text
    assert "Where more articles give a title, the first and the last are marked." in text
    assert "“no date known”: the archive has neither dates nor an article" in text
    # A swatch in the legend for each kind drawn.
    assert text.count('class="bar term"') == text.count('class="bar open"') == 1
    assert text.count('class="mark"') == 1


def test_the_caption_speaks_only_of_what_is_drawn(client, seeded):
    # The seeds know Bùi Thanh Sơn's titles only from one article each: dots, no bar.
    text = caption(page(client, "/en/people/bui-thanh-son/"))
    assert "Dot: the date of a published article that gives the title." in text
    assert "Bar" not in text and "bar" not in text
    assert "first and the last" not in text and "no date known" not in text
    with translation.override("vi"):
        html = page(client, "/people/bui-thanh-son/")
    assert chart(html).count('class="mark"') == 2 and 'class="bar"' not in chart(html)


def test_the_timeline_pages_are_valid_html(client, vnu):  # noqa: F811
    person = person_with_every_kind()
    series = SeriesFactory()
    for ordinal in (1, 2, 5, 9):
        ConferenceFactory(
            series=series,
            ordinal=ordinal,
            start_date=datetime.date(2000 + ordinal, 1, 1),
            start_precision="day",
        )
    documents = {
        "person": page(client, person.get_absolute_url()),
        "person en": page(client, f"/en{person.get_absolute_url()}"),
        "series": page(client, series.get_absolute_url()),
        "conferences": page(client, "/events/"),
    }
    failures = {label: found for label, found in vnu(documents).items() if found}
    assert not failures, failures


def test_many_positions_keep_the_page_to_the_same_queries(client, django_assert_max_num_queries):
    few = person_with_every_kind()
    with CaptureQueriesContext(connection) as queries:
        page(client, few.get_absolute_url())
    many = PersonFactory()
    for i in range(30):
        position = PositionFactory(person=many, title_vi=f"Chức vụ {i}")
        if i % 3 == 0:
            position.start_date, position.start_precision = (
                datetime.date(2000 + i % 20, 1, 1),
                "year",
            )
            position.save()
        else:
            attest(many, position, datetime.date(2001 + i % 20, 6, 1))
    with django_assert_max_num_queries(len(queries)):
        html = page(client, many.get_absolute_url())
    assert html.count('<div class="timeline-row ') == 31  # 30 positions and the axis


# --- a conference series -----------------------------------------------------------------


def series_with(*ordinals):
    series = SeriesFactory()
    for ordinal in ordinals:
        ConferenceFactory(
            series=series,
            ordinal=ordinal,
            start_date=datetime.date(2000 + ordinal, 1, 1),
            start_precision="day",
        )
    return series


def series_figure(html):
    start = html.index('class="series-timeline"')
    return html[start : html.index("</figure>", start)]


def test_series_timeline_draws_a_slot_for_each_member_and_each_gap(client):
    figure = series_figure(page(client, f"/en{series_with(1, 2, 5, 9).get_absolute_url()}"))
    slots = re.findall(r'<div class="series-slot (held|gap)">(.*?)</div>', figure, re.S)
    numerals = [re.search(r'"series-numeral">([^<]+)<', body).group(1) for _, body in slots]
    assert numerals == ["1", "2", "3–4", "5", "6–8", "9"]
    assert [kind for kind, _ in slots] == ["held", "held", "gap", "held", "gap", "held"]
    years = [re.search(r'"series-year">([^<]*)<', body).group(1) for _, body in slots]
    assert years == ["2001", "2002", "", "2005", "", "2009"]
    assert "not in the archive" in figure.split("<figcaption", 1)[1]


def test_series_legend_speaks_of_gaps_only_when_there_are_some(client):
    figure = series_figure(page(client, f"/en{series_with(3, 4).get_absolute_url()}"))
    legend = figure.split("<figcaption", 1)[1]
    assert "in the archive" in legend and "not in the archive" not in legend
    assert 'class="series-dot gap"' not in legend


def test_series_pages_keep_to_their_queries_with_a_long_series(
    client, django_assert_max_num_queries
):
    short = series_with(1, 3)
    with CaptureQueriesContext(connection) as queries:
        page(client, short.get_absolute_url())
    long = series_with(*range(1, 60, 2))
    with django_assert_max_num_queries(len(queries)):
        html = page(client, long.get_absolute_url())
    assert html.count('<div class="series-slot ') == 59  # 30 members, 29 gaps
