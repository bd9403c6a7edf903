"""The public conference pages: the list by series with its gaps, a series, one conference.

Expected values come from reading fixtures/seed.toml and the texts it describes: the archive
holds the 17th, 18th and 20th Hội nghị Ngoại vụ toàn quốc (not the 19th), the 29th Hội nghị
Ngoại giao (22–26/8/2016, 700 delegates) with its second session, Party Congresses XII and
XIII, the 2018 steering-committee meeting, a reception and a ceremony.
"""

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils.translation import override

from articles.models import Article, ConferenceMention
from events.models import Conference, english_ordinal
from tests.factories import ArticleFactory, ConferenceFactory, SeriesFactory
from tests.scale import build_corpus

pytestmark = pytest.mark.django_db

NGOAI_VU = "hoi-nghi-ngoai-vu-toan-quoc"
NGOAI_VU_18 = "hoi-nghi-ngoai-vu-toan-quoc-18"
NGOAI_GIAO_29 = "hoi-nghi-ngoai-giao-29"
SESSION_29 = "hoi-nghi-ngoai-giao-29-phien-hop-thu-hai"
CONGRESS_XII = "dai-hoi-dang-xii"
MEETING_2018 = "hop-ban-chi-dao-lien-nganh-hoi-nhap-quoc-te-van-hoa-xa-hoi-khcn-giao-duc-2018-12-11"
ARTICLE_001 = "nang-cao-cong-tac-ngoai-vu-phuc-vu-hoi-nhap-quoc-te-dia-phuong"
ARTICLE_002 = "day-manh-nang-cao-hieu-qua-hoi-nhap-phuc-vu-phat-trien-ben-vung"


def page(client, url, language="vi"):
    """The page's HTML with entities decoded, so assertions read like the text on screen."""
    if language == "en":
        url = f"/en{url}"
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.content.decode())


def conference_url(slug):
    with override("vi"):  # the default language: no prefix, whatever the last request used
        return reverse("events:conference-detail", kwargs={"slug": slug})


def series_url(slug):
    with override("vi"):
        return reverse("events:series-detail", kwargs={"slug": slug})


LIST_URL = "/events/"


def listed(html):
    """Slugs of the conferences in the result tables (the timelines link to whole series)."""
    rows = "".join(re.findall(r"<tbody>(.*?)</tbody>", html, flags=re.S))
    return re.findall(r'<th scope="row"><a href="(?:/en)?/events/([^/"]+)/">', rows)


# --- the list ---------------------------------------------------------------------------


def test_list_groups_series_and_marks_the_missing_19th_conference(client, seeded):
    html = page(client, LIST_URL, "en")
    assert "National Conference on External Affairs" in html
    timeline = html[html.index('id="timeline-hoi-nghi-ngoai-vu-toan-quoc"') :]
    timeline = timeline[: timeline.index("</ol>")]
    assert "17th, 18th, 20th in the archive; 19th not in the archive" in timeline
    assert "19th: not in the archive" in timeline
    for ordinal in ("17", "18", "20"):
        assert f'href="/en/events/hoi-nghi-ngoai-vu-toan-quoc-{ordinal}/"' in timeline
    assert 'role="img"' in html


def test_list_shows_standalone_events_with_kind_and_missing_dates(client, seeded):
    html = page(client, LIST_URL, "en")
    standalone = html[html.index('id="standalone-heading"') :]
    assert "Minister of Construction Nguyễn Thanh Nghị receives US Ambassador" in standalone
    assert "reception" in standalone
    assert "date not given" in standalone
    assert "Second session of the 29th Diplomatic Conference" in standalone
    assert "part of" in standalone


def test_list_counts_published_articles_per_conference(client, seeded):
    html = page(client, LIST_URL)
    row = re.search(r"<tr>\s*<td>29</td>.*?</tr>", html, flags=re.S).group(0)
    # 001 and 002 both cover the 29th Diplomatic Conference.
    assert re.search(r'<td class="number">2</td>', row)


def test_list_count_leaves_out_drafts(client, seeded):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    ConferenceMention.objects.create(
        article=draft, conference=Conference.objects.get(slug=NGOAI_VU_18)
    )
    html = page(client, series_url(NGOAI_VU))
    row = re.search(r"<tr>\s*<td>18</td>.*?</tr>", html, flags=re.S).group(0)
    assert '<td class="number">1</td>' in row
    assert draft.title not in page(client, conference_url(NGOAI_VU_18))


FILTERED = [
    # (query, the conferences listed, some that must not be)
    ("year=2016", {NGOAI_VU_18, NGOAI_GIAO_29}, {"hoi-nghi-ngoai-vu-toan-quoc-20"}),
    ("kind=meeting", {MEETING_2018}, {NGOAI_VU_18, NGOAI_GIAO_29}),
    (
        f"series={NGOAI_VU}",
        {"hoi-nghi-ngoai-vu-toan-quoc-17", NGOAI_VU_18, "hoi-nghi-ngoai-vu-toan-quoc-20"},
        {NGOAI_GIAO_29, MEETING_2018, SESSION_29},
    ),
    (f"year=2016&series={NGOAI_VU}", {NGOAI_VU_18}, {NGOAI_GIAO_29}),
]


def test_filters_narrow_the_list(client, seeded):
    for query, expected, absent in FILTERED:
        html = page(client, f"{LIST_URL}?{query}")
        shown = set(listed(html))
        assert shown == expected, query
        assert not shown & absent, query
        assert "Bộ lọc đang áp dụng" in html, query


def test_active_filter_can_be_removed_and_all_cleared(client, seeded):
    html = page(client, f"{LIST_URL}?year=2016&kind=conference", "en")
    assert 'href="?kind=conference">Remove the filter Year: 2016</a>' in html
    assert 'href="?year=2016">Remove the filter Kind: conference</a>' in html
    assert '<a href="/en/events/">Clear all filters</a>' in html


def test_filtered_series_timeline_still_shows_the_whole_series(client, seeded):
    html = page(client, f"{LIST_URL}?year=2016", "en")
    assert "17th, 18th, 20th in the archive; 19th not in the archive" in html
    assert "1 matches the filters." in html


def test_empty_result_says_so_and_offers_the_full_list(client, seeded):
    html = page(client, f"{LIST_URL}?year=2016&kind=reception", "en")
    assert "No conference or event matches these filters." in html
    assert listed(html) == []
    assert '<a href="/en/events/">Show all conferences and events</a>' in html


LONG = "9" * 10_000

# (query, what the page says, the conferences listed where another filter still applies)
BAD_QUERIES = [
    ("year=abc", "The year “abc” was ignored", None),
    ("year=1e3", "The year “1e3” was ignored", None),
    ("year=20166", "The year “20166” was ignored", None),
    ("year=-2016", "The year “-2016” was ignored", None),
    (f"year={LONG}", "The year “9999999", None),
    ("series=khong-co", "The series “khong-co” was ignored", None),
    (f"series={'x' * 10_000}", "The series “xxxxxxxx", None),
    ("series=../../etc", "The series “../../etc” was ignored", None),
    ("kind=party", "The kind “party” was ignored", None),
    ("kind=%3Cscript%3E", "The kind “<script>” was ignored", None),
    ("year=2016&year=2021", "“Year” was given more than once (“2016”, “2021”)", None),
    (
        f"series={NGOAI_VU}&series=dai-hoi-dang",
        "“Series” was given more than once",
        None,
    ),
    ("kind=meeting&kind=reception", "“Kind” was given more than once", None),
    ("year=abc&kind=meeting", "The year “abc” was ignored", {MEETING_2018}),
    (f"series=nope&year=2016&series={NGOAI_VU}", "was given more than once", None),
]


def test_bad_filter_values_are_ignored_with_a_message(client, seeded):
    for query, message, still_applied in BAD_QUERIES:
        response = client.get(f"/en{LIST_URL}?{query}")
        assert response.status_code == 200, query
        html = unescape(response.content.decode())
        notice = re.search(r'<section class="notice".*?</section>', html, flags=re.S).group(0)
        assert "Some filters in the address were ignored" in notice, query
        assert message in notice, query
        assert LONG not in notice, query  # a rejected value is quoted short
        if still_applied is not None:
            assert set(listed(html)) == still_applied, query
        else:
            assert listed(html), query


HARMLESS = ["year=", "year=%20", "page=-1", "per_page=abc", "unknown=1", "year[]=2016", "q=%FF%FE"]


def test_harmless_query_strings_show_the_full_list(client, seeded):
    for query in HARMLESS:
        response = client.get(f"{LIST_URL}?{query}")
        assert response.status_code == 200, query
        shown = listed(unescape(response.content.decode()))
        assert len(shown) == Conference.objects.count(), query


def test_nul_character_in_a_filter_is_refused_with_an_explanation(client, seeded):
    response = client.get(f"{LIST_URL}?series=%00")
    assert response.status_code == 400


def test_english_interface_shows_english_names(client, seeded):
    html = page(client, LIST_URL, "en")
    assert "18th National Conference on External Affairs" in html
    assert "29th Diplomatic Conference" in html
    assert "Hội nghị Ngoại vụ toàn quốc lần thứ 18</a>" not in html
    vietnamese = page(client, LIST_URL)
    assert "Hội nghị Ngoại vụ toàn quốc lần thứ 18</a>" in vietnamese


# --- a series ---------------------------------------------------------------------------


def test_series_page_lists_members_by_number_with_the_gap(client, seeded):
    html = page(client, series_url(NGOAI_VU), "en")
    table = html[html.index("<tbody>") : html.index("</tbody>")]
    order = [table.index(f"/en/events/hoi-nghi-ngoai-vu-toan-quoc-{n}/") for n in (17, 18, 20)]
    assert order == sorted(order)
    assert order[1] < table.index("19th: not in the archive") < order[2]
    assert "not in the archive: 19th" in html
    assert "<time" in table and ">2013</time>" in table  # the 17th is dated to the year only
    assert "not recorded" in html  # no source names its organiser


def test_series_page_in_vietnamese_names_the_gap(client, seeded):
    html = page(client, series_url(NGOAI_VU))
    assert "lần thứ 19" in html
    assert "<h1>Hội nghị Ngoại vụ toàn quốc</h1>" in html


def test_party_congresses_are_numbered_in_roman_numerals(client, seeded):
    html = page(client, series_url("dai-hoi-dang"), "en")
    assert '"series-numeral">XII<' in html and '"series-numeral">XIII<' in html  # the timeline
    assert "<td>XII</td>" in html
    assert 'href="/en/agencies/dang-cong-san-viet-nam/">Communist Party of Viet Nam</a>' in html
    detail = page(client, conference_url(CONGRESS_XII), "en")
    assert "number XII" in detail
    assert "Next in the archive: the XIII" in detail
    assert "date not given" in detail


def test_a_gap_of_several_numbers_is_one_run(client, db):
    series = SeriesFactory(name_vi="Hội nghị thử")
    ConferenceFactory(series=series, ordinal=1, slug="thu-1")
    ConferenceFactory(series=series, ordinal=5, slug="thu-5")
    html = page(client, series_url(series.slug), "en")
    assert "2nd–4th: not in the archive" in html
    assert html.count("not in the archive</li>") == 1
    assert "The 2nd–4th are not in the archive." in page(client, conference_url("thu-5"), "en")


@pytest.mark.parametrize(
    ("number", "label"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (11, "11th"), (12, "12th"),
                          (13, "13th"), (21, "21st"), (29, "29th"), (112, "112th")],
)  # fmt: skip
def test_english_ordinals(number, label):
    assert english_ordinal(number) == label


# --- one conference ---------------------------------------------------------------------


def test_18th_conference_page(client, seeded):
    html = page(client, conference_url(NGOAI_VU_18))
    assert '<time datetime="2016-08-21">21/8/2016</time>' in html
    assert "(suy luận)" in html
    assert "Năm 2016 được suy ra vì bài cho biết hội nghị “được tổ chức cùng với" in html
    assert "<dd>Hà Nội</dd>" in html
    theme = "Nâng cao hiệu quả công tác đối ngoại địa phương phục vụ hội nhập và phát triển."
    assert f'<blockquote class="theme" lang="vi"><p>{theme}</p></blockquote>' in html
    held_with = html[html.index("Tổ chức cùng với") :]
    assert f'href="/events/{NGOAI_GIAO_29}/">Hội nghị Ngoại giao lần thứ 29</a>' in held_with
    assert 'href="/people/le-hoai-trung/">Lê Hoài Trung</a>' in html
    assert f'href="/articles/{ARTICLE_001}/"' in html


def test_18th_conference_links_its_neighbours_and_notes_the_gap(client, seeded):
    html = page(client, conference_url(NGOAI_VU_18), "en")
    assert 'href="/en/events/hoi-nghi-ngoai-vu-toan-quoc-17/" rel="prev"' in html
    assert 'href="/en/events/hoi-nghi-ngoai-vu-toan-quoc-20/" rel="next"' in html
    assert "The 19th is not in the archive." in html
    assert "Deputy Minister" in html  # the title Lê Hoài Trung held there
    assert "21 August 2016" in html


def test_29th_conference_page(client, seeded):
    html = page(client, conference_url(NGOAI_GIAO_29))
    assert '<time datetime="2016-08-22">22–26/8/2016</time>' in html
    assert "700" in html
    assert "700 đại biểu gồm các đồng chí Đại sứ" in html
    assert (
        f'href="/events/{SESSION_29}/">Phiên họp thứ hai, Hội nghị Ngoại giao lần thứ 29</a>'
        in (html)
    )
    assert 'href="/articles/documents/chuong-trinh-hanh-dong-hoi-nghi-ngoai-giao-29/"' in html
    assert f'href="/events/{NGOAI_VU_18}/"' in html  # held together, seen from both sides
    # 002 (26/8/2016) is newer than 001 (August 2016): newest first.
    assert html.index(f"/articles/{ARTICLE_002}/") < html.index(f"/articles/{ARTICLE_001}/")
    assert "Kho lưu trữ không có hội nghị nào trước đó trong chuỗi." in html


def test_session_page_shows_its_conference_and_speaker(client, seeded):
    html = page(client, conference_url(SESSION_29), "en")
    assert "Part of" in html
    assert f'href="/en/events/{NGOAI_GIAO_29}/">29th Diplomatic Conference</a>' in html
    assert 'href="/en/people/nguyen-xuan-phuc/">Nguyễn Xuân Phúc</a>' in html
    assert "Prime Minister" in html
    assert '<blockquote class="theme" lang="vi"><p>Ngoại giao phục vụ phát triển</p>' in html


def test_2018_meeting_shows_who_chaired_it(client, seeded):
    html = page(client, conference_url(MEETING_2018), "en")
    chair = re.search(r"<tr>\s*<th scope=\"row\">.*?Vũ Đức Đam.*?</tr>", html, flags=re.S)
    assert chair and "chaired" in chair.group(0)
    assert "Trụ sở Chính phủ" in html
    assert '<time datetime="2018-12-11">11 December 2018</time>' in html
    # The chair comes before the speaker, Đào Ngọc Dung.
    assert html.index("Vũ Đức Đam") < html.index("Đào Ngọc Dung")


def test_see_all_link_appears_when_more_articles_cover_it(client, seeded):
    conference = Conference.objects.get(slug=NGOAI_VU_18)
    for article in ArticleFactory.create_batch(11):
        ConferenceMention.objects.create(article=article, conference=conference)
    html = page(client, conference_url(NGOAI_VU_18), "en")
    assert f'href="/en/articles/?conference={NGOAI_VU_18}">See all 12 articles about it</a>' in (
        html
    )
    assert html.count('class="article-row"') == 10


def test_unknown_conference_is_404(client, seeded):
    assert client.get(conference_url("khong-co")).status_code == 404
    assert client.get(series_url("khong-co")).status_code == 404


def test_pages_are_read_only(client, seeded):
    for url in (LIST_URL, series_url(NGOAI_VU), conference_url(NGOAI_VU_18)):
        assert client.post(url).status_code == 405, url
        assert client.put(url).status_code == 405, url
        assert client.head(url).status_code == 200, url


# --- bounded queries --------------------------------------------------------------------

PAGES = [
    # (url, most queries): the same at both sizes
    (LIST_URL, 3),
    (f"{LIST_URL}?year=2016&kind=conference", 4),
    (f"{LIST_URL}?series={NGOAI_VU}&year=abc", 4),
    (series_url(NGOAI_VU), 2),
    (series_url("gen-series-0"), 2),
    # Conference pages: two queries name who speaks in each article row.
    (conference_url(NGOAI_VU_18), 11),
    (conference_url(NGOAI_GIAO_29), 11),
    (conference_url("gen-conference-0"), 11),
]


@pytest.mark.parametrize("size", [0, 300])
def test_pages_run_a_bounded_number_of_queries(client, seeded, size, django_assert_max_num_queries):
    if size:
        build_corpus(size)
        conference = Conference.objects.get(slug=NGOAI_VU_18)
        for article in ArticleFactory.create_batch(15):  # more than the page shows
            ConferenceMention.objects.create(article=article, conference=conference)
    for url, queries in PAGES:
        if "gen-" in url and not size:
            continue  # generated rows exist only in the larger corpus
        with django_assert_max_num_queries(queries):
            response = client.get(url)
        assert response.status_code == 200, url


# --- well-formed, accessible HTML -------------------------------------------------------

# --- well-formed, accessible HTML -------------------------------------------------------


class Outline(HTMLParser):
    """Collects what the structural checks need: ids, heading levels, nested links."""

    def __init__(self):
        super().__init__()
        self.ids, self.headings, self.problems = [], [], []
        self.open_links = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "a":
            if self.open_links:
                self.problems.append("a link inside a link")
            self.open_links += 1
        if tag == "svg" and attrs.get("role") == "img" and "aria-labelledby" not in attrs:
            self.problems.append("an SVG image without a label")

    def handle_endtag(self, tag):
        if tag == "a":
            self.open_links -= 1


CHECKED = [
    LIST_URL,
    f"{LIST_URL}?year=abc&kind=meeting",
    f"{LIST_URL}?year=2016&kind=reception",
    series_url(NGOAI_VU),
    series_url("dai-hoi-dang"),
    conference_url(NGOAI_VU_18),
    conference_url(NGOAI_GIAO_29),
    conference_url(SESSION_29),
    conference_url(MEETING_2018),
]


def test_pages_have_unique_ids_and_headings_in_order(client, seeded):
    for url in CHECKED:
        for where in (url, f"/en{url}"):
            html = client.get(where).content.decode()
            outline = Outline()
            outline.feed(html)
            assert outline.problems == [], where
            assert len(outline.ids) == len(set(outline.ids)), where
            for described in re.findall(r'aria-(?:labelledby|describedby)="([^"]+)"', html):
                for target in described.split():
                    assert target in outline.ids, where
            assert outline.headings[0] == 1 and outline.headings.count(1) == 1, where
            for before, after in zip(outline.headings, outline.headings[1:], strict=False):
                assert after <= before + 1, where
