"""A conference page tells what the archive holds about it and its sessions, no more.

From fixtures/seed.toml: the 29th Hội nghị Ngoại giao (22–26/8/2016) names no participant
of its own; its second session (undated) names the Prime Minister Nguyễn Xuân Phúc as a
speaker; 001 and 002 mention the conference (002 the session too); the XIIth Party Congress
has no dates, and 001 (August 2016, its year inferred) is the earliest article naming it.
"""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override

from articles.models import Article, ConferenceMention
from events.models import Conference, Participation
from tests import test_html_validity
from tests.factories import (
    ArticleFactory,
    ConferenceFactory,
    PersonFactory,
    PersonMentionFactory,
    SeriesFactory,
)

pytestmark = pytest.mark.django_db

vnu = test_html_validity.vnu  # the HTML checker's fixture: one run of vnu for the pages

NGOAI_GIAO_29 = "hoi-nghi-ngoai-giao-29"
SESSION_29 = "hoi-nghi-ngoai-giao-29-phien-hop-thu-hai"
CONGRESS_XII = "dai-hoi-dang-xii"
ARTICLE_001 = "nang-cao-cong-tac-ngoai-vu-phuc-vu-hoi-nhap-quoc-te-dia-phuong"
FROM_PARENT = "(the dates of the conference it belongs to)"


def page(client, slug, language="en"):
    with override("vi"):
        url = reverse("events:conference-detail", kwargs={"slug": slug})
    response = client.get(f"/en{url}" if language == "en" else url)
    assert response.status_code == 200, url
    return unescape(response.content.decode())


def section(html, heading):
    start = html.index(f">{heading}</h2>")
    end = html.find("<h2", start)
    return html[start : end if end != -1 else None]


# --- participants -------------------------------------------------------------------------


def test_29th_conference_lists_the_speaker_of_its_session_marked_with_the_session(client, seeded):
    participants = section(page(client, NGOAI_GIAO_29), "Participants")
    row = re.search(r"<tr>\s*<th scope=\"row\">.*?Nguyễn Xuân Phúc.*?</tr>", participants, re.S)
    assert row, participants
    assert "spoke" in row.group(0)
    assert (
        f'at the session “<a href="/en/events/{SESSION_29}/">'
        "Second session of the 29th Diplomatic Conference</a>”" in row.group(0)
    )
    assert "Prime Minister" in row.group(0)
    assert "The sources name no participant." not in participants


def test_a_conference_whose_sessions_name_nobody_still_says_so(client, db):
    conference = ConferenceFactory(slug="khong-ai")
    ConferenceFactory(slug="khong-ai-phien-1", part_of=conference, kind="session")
    assert "The sources name no participant." in page(client, "khong-ai")


def test_the_conference_own_participants_come_before_those_of_its_sessions(client, db):
    conference = ConferenceFactory(slug="co-phien")
    session = ConferenceFactory(slug="co-phien-1", part_of=conference, kind="session")
    Participation.objects.create(
        conference=session, person=PersonFactory(name="Người Ở Phiên"), role="chair"
    )
    Participation.objects.create(
        conference=conference, person=PersonFactory(name="Người Ở Hội Nghị"), role="attendee"
    )
    participants = section(page(client, "co-phien"), "Participants")
    assert participants.index("Người Ở Hội Nghị") < participants.index("Người Ở Phiên")
    assert participants.count("at the session") == 1


def test_a_participant_only_a_draft_names_at_a_session_stays_private(client, seeded):
    session = Conference.objects.get(slug=SESSION_29)
    secret = PersonFactory(name="Người Chỉ Ở Bản Nháp", slug="nguoi-chi-o-ban-nhap")
    PersonMentionFactory(person=secret, article=ArticleFactory(status=Article.Status.DRAFT))
    Participation.objects.create(conference=session, person=secret, role="speaker")
    assert secret.name not in page(client, NGOAI_GIAO_29)
    PersonMentionFactory(person=secret, article=ArticleFactory())  # now published
    assert secret.name in section(page(client, NGOAI_GIAO_29), "Participants")


def test_a_session_only_a_draft_names_lends_the_conference_nothing(client, seeded):
    conference = Conference.objects.get(slug=NGOAI_GIAO_29)
    private = ConferenceFactory(slug="phien-nhap", part_of=conference, kind="session")
    ConferenceMention.objects.create(
        article=ArticleFactory(status=Article.Status.DRAFT), conference=private
    )
    Participation.objects.create(
        conference=private, person=PersonFactory(name="Người Của Phiên Nháp"), role="speaker"
    )
    html = page(client, NGOAI_GIAO_29)
    assert "Người Của Phiên Nháp" not in html
    assert "/events/phien-nhap/" not in html


# --- articles ------------------------------------------------------------------------------


def test_an_article_about_a_session_is_listed_on_the_conference_page_marked(client, seeded):
    session = Conference.objects.get(slug=SESSION_29)
    article = ArticleFactory(title="Bài chỉ về phiên họp thứ hai")
    ConferenceMention.objects.create(article=article, conference=session)
    ConferenceMention.objects.create(
        article=ArticleFactory(title="Bản nháp về phiên họp", status=Article.Status.DRAFT),
        conference=session,
    )
    articles = section(page(client, NGOAI_GIAO_29), "Articles covering it")
    row = re.search(r'<li class="article-row">((?:(?!</li>).)*?Bài chỉ về phiên họp.*?)</li>',
                    articles, re.S)  # fmt: skip
    assert row, articles
    assert f'about the session “<a href="/en/events/{SESSION_29}/">' in row.group(1)
    # 001 and 002 name the conference itself (002 its session too): not marked.
    assert articles.count("about the session") == 1
    assert "3 articles, 1 of them about its sessions" in articles
    assert "Bản nháp về phiên họp" not in articles


def test_see_all_link_says_it_covers_the_conference_itself(client, seeded):
    conference = Conference.objects.get(slug=NGOAI_GIAO_29)
    session = Conference.objects.get(slug=SESSION_29)
    for article in ArticleFactory.create_batch(10):
        ConferenceMention.objects.create(article=article, conference=session)
    articles = section(page(client, NGOAI_GIAO_29), "Articles covering it")
    assert articles.count('class="article-row"') == 10
    assert "12 articles, 10 of them about its sessions" in articles
    # The article filter takes one event (several mean all of them): the link says so.
    assert (
        f'<a href="/en/articles/?conference={conference.slug}">'
        "See all 2 articles about the conference itself</a>" in articles
    )
    assert "each session’s page lists the articles about that session" in articles


# --- dates ---------------------------------------------------------------------------------


def test_an_undated_session_shows_its_conference_dates_marked(client, seeded):
    dates = '<time datetime="2016-08-22">22–26 August 2016</time>'
    session_page = page(client, SESSION_29)
    assert f'{dates} <span class="from-parent">{FROM_PARENT}</span>' in session_page
    assert "date not given" not in session_page
    sessions = section(page(client, NGOAI_GIAO_29), "Sessions")
    assert f'{dates} <span class="from-parent">{FROM_PARENT}</span>' in sessions
    listing = unescape(client.get("/en/events/").content.decode())
    row = re.search(rf'<tr>\s*<th scope="row"><a href="/en/events/{SESSION_29}/">.*?</tr>',
                    listing, re.S).group(0)  # fmt: skip
    assert FROM_PARENT in row and "date not given" not in row
    # Nothing invented is stored.
    assert Conference.objects.get(slug=SESSION_29).start_date is None


def test_a_session_with_its_own_date_is_not_marked(client, db):
    conference = ConferenceFactory(
        slug="co-ngay", start_date="2020-05-01", start_precision="day", end_date="2020-05-03",
        end_precision="day",
    )  # fmt: skip
    ConferenceFactory(
        slug="co-ngay-1", part_of=conference, start_date="2020-05-02", start_precision="day"
    )
    html = page(client, "co-ngay-1")
    assert '<time datetime="2020-05-02">2 May 2020</time>' in html
    assert FROM_PARENT not in html
    assert conference.effective_dates().from_parent is False


def test_a_session_of_an_undated_conference_says_date_not_given(client, db):
    conference = ConferenceFactory(slug="khong-ngay")
    session = ConferenceFactory(slug="khong-ngay-1", part_of=conference, kind="session")
    assert session.effective_dates().start is None
    html = page(client, "khong-ngay-1")
    assert "date not given" in html and FROM_PARENT not in html


def test_an_undated_congress_gives_the_year_of_its_coverage_not_a_date(client, seeded):
    html = page(client, CONGRESS_XII)
    dates = html[html.index("<dt>Dates</dt>") : html.index("<dt>Place</dt>")]
    assert "date not given" in dates
    assert "Reported in 2016: the earliest published article in the archive" in dates
    assert f'href="/en/articles/{ARTICLE_001}/"' in dates
    assert '<time datetime="2016-08">August 2016</time>' in dates
    assert "This dates the coverage, not the event." in dates
    assert "(the article’s date is inferred)" in dates  # 001's year is worked out
    assert Conference.objects.get(slug=CONGRESS_XII).start_date is None


def test_an_undated_event_no_article_mentions_says_date_not_given_plainly(client, db):
    ConferenceFactory(slug="khong-gi")
    html = page(client, "khong-gi")
    dates = html[html.index("<dt>Dates</dt>") : html.index("<dt>Place</dt>")]
    assert "date not given" in dates
    assert "Reported in" not in dates and "Inferred" not in dates


def test_an_undated_member_of_a_series_is_placed_between_its_dated_neighbours(client, db):
    series = SeriesFactory(name_vi="Chuỗi thử")
    ConferenceFactory(series=series, ordinal=1, slug="chuoi-1", start_date="2010-01-01",
                      start_precision="year")  # fmt: skip
    ConferenceFactory(series=series, ordinal=2, slug="chuoi-2")
    ConferenceFactory(series=series, ordinal=3, slug="chuoi-3", start_date="2020-01-01",
                      start_precision="year")  # fmt: skip
    html = page(client, "chuoi-2")
    assert (
        'Inferred from its number in the series: held after the <a href="/en/events/chuoi-1/">'
        '1st</a> (<time datetime="2010">2010</time>) and before the '
        '<a href="/en/events/chuoi-3/">3rd</a> (<time datetime="2020">2020</time>).'
    ) in html
    assert "date not given" in html


# --- bounded queries -----------------------------------------------------------------------


def _conference_with_sessions(count):
    conference = ConferenceFactory(
        slug=f"nhieu-phien-{count}", start_date="2019-03-01", start_precision="month"
    )
    for n in range(count):
        session = ConferenceFactory(
            slug=f"nhieu-phien-{count}-{n}", part_of=conference, kind="session"
        )
        Participation.objects.create(conference=session, person=PersonFactory(), role="speaker")
        ConferenceMention.objects.create(article=ArticleFactory(), conference=session)
    return conference


def test_the_page_runs_the_same_queries_with_2_and_20_sessions(client, db):
    counts = {}
    for size in (2, 20):
        conference = _conference_with_sessions(size)
        with CaptureQueriesContext(connection) as queries:
            html = page(client, conference.slug)
        counts[size] = len(queries)
        assert html.count("at the session") == size
        assert html.count(FROM_PARENT) == size
    assert counts[2] == counts[20], counts
    assert counts[20] <= 10, counts


# --- valid HTML ----------------------------------------------------------------------------


def test_the_changed_pages_are_valid_html(client, seeded, vnu):
    conference = Conference.objects.get(slug=NGOAI_GIAO_29)
    session = Conference.objects.get(slug=SESSION_29)
    for article in ArticleFactory.create_batch(11):
        ConferenceMention.objects.create(article=article, conference=session)
    series = SeriesFactory(name_vi="Chuỗi kiểm tra")
    ConferenceFactory(series=series, ordinal=1, slug="kiem-1", start_date="2010-01-01",
                      start_precision="year")  # fmt: skip
    ConferenceFactory(series=series, ordinal=2, slug="kiem-2")
    urls = [conference.get_absolute_url(), session.get_absolute_url(), "/events/kiem-2/"]
    urls += [f"/events/{CONGRESS_XII}/", "/events/", f"/events/series/{series.slug}/"]
    documents = {}
    for url in urls:
        for where in (url, f"/en{url}"):
            html = client.get(where).content.decode()
            documents[where] = html
    failures = {label: found for label, found in vnu(documents).items() if found}
    assert not failures, failures
