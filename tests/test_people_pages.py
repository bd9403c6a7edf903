"""Public pages of officials, agencies, countries and multilateral bodies.

Expected values come from reading the seed texts and fixtures/seed.toml: 002 (2016) has
"Thứ trưởng Ngoại giao Bùi Thanh Sơn" answering three questions, 003 (2021) quotes "Bộ trưởng
Bộ Ngoại giao Bùi Thanh Sơn", 000 interviews "Vụ trưởng Vụ Hợp tác Quốc tế Nguyễn Trung Thành"
of Bộ Xây dựng and names "Đại sứ quán Cuba", and so on.
"""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from articles.models import Article
from people.models import Person
from tests.factories import AgencyFactory, PersonFactory, PositionFactory
from tests.scale import build_corpus

pytestmark = pytest.mark.django_db

ARTICLE_2016 = "/articles/day-manh-nang-cao-hieu-qua-hoi-nhap-phuc-vu-phat-trien-ben-vung/"
ARTICLE_2021 = "/articles/ba-tru-cot-xay-dung-nen-ngoai-giao-viet-nam-toan-dien-hien-dai/"
ARTICLE_000 = "/articles/vu-hop-tac-quoc-te-day-manh-ngoai-giao-hoi-nhap-quoc-te/"
ALL_OFFICIALS = {
    "Đào Ngọc Dung",
    "Vũ Đức Đam",
    "Marc E. Knapper",
    "Nguyễn Thanh Nghị",
    "Nguyễn Xuân Phúc",
    "Bùi Thanh Sơn",
    "Nguyễn Trung Thành",
    "Lê Hoài Trung",
}


def page(client, url, language="vi"):
    """The page in ``language``: Vietnamese at the plain address, English under /en/."""
    if language == "en" and not url.startswith("/en/"):
        url = f"/en{url}"
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def listed_officials(html):
    """The names in the index's result tables, in page order."""
    results = html.split('id="results-heading"', 1)[1]
    return re.findall(r'<th scope="row"><a href="/(?:en/)?people/[^"]+">([^<]+)</a>', results)


def table_row(html, text):
    rows = re.findall(r"<tr>.*?</tr>", html, flags=re.DOTALL)
    matching = [row for row in rows if text in row]
    assert matching, f"no table row holds {text!r}"
    return matching[0]


def section(html, heading_id):
    """The HTML of the <section> labelled by ``heading_id``."""
    start = html.index(f'aria-labelledby="{heading_id}"')
    return html[start : html.index("</section>", start)]


class Outline(HTMLParser):
    """Ids, heading levels and, for nested lists, which <li> link sits inside which."""

    def __init__(self):
        super().__init__()
        self.ids, self.headings, self.li_stack, self.parent_of = [], [], [], {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "li":
            self.li_stack.append(None)
        if tag == "a" and self.li_stack and self.li_stack[-1] is None:
            self.li_stack[-1] = attrs.get("href")
            outer = [href for href in self.li_stack[:-1] if href]
            self.parent_of[attrs.get("href")] = outer[-1] if outer else None

    def handle_endtag(self, tag):
        if tag == "li" and self.li_stack:
            self.li_stack.pop()


def outline(html):
    parser = Outline()
    parser.feed(html)
    return parser


PAGES = [
    "/people/",
    "/people/?letter=Đ",
    "/people/bui-thanh-son/",
    "/people/vu-duc-dam/",
    "/agencies/",
    "/agencies/?kind=embassy",
    "/agencies/vu-hop-tac-quoc-te-bo-xay-dung/",
    "/agencies/ttxvn/",
    "/countries/",
    "/countries/cu/",
    "/bodies/lien-hop-quoc/",
]


# --- the officials index -------------------------------------------------------------------


def test_index_sorts_by_given_name_and_files_dj_as_its_own_letter(client, seeded):
    html = page(client, reverse("people:person-list"), "en")
    # Given names: Dung, Đam, Knapper (surname), Nghị, Phúc, Sơn, Thành, Trung.
    assert listed_officials(html) == [
        "Đào Ngọc Dung",
        "Vũ Đức Đam",
        "Marc E. Knapper",
        "Nguyễn Thanh Nghị",
        "Nguyễn Xuân Phúc",
        "Bùi Thanh Sơn",
        "Nguyễn Trung Thành",
        "Lê Hoài Trung",
    ]
    groups = re.findall(r'class="letter-heading">([^<]+)</th>(.*?)</tbody>', html, re.DOTALL)
    letter_of = {name: letter for letter, table in groups for name in listed_officials_in(table)}
    assert letter_of["Đào Ngọc Dung"] == "D"
    assert letter_of["Vũ Đức Đam"] == "Đ"
    assert letter_of["Marc E. Knapper"] == "K"
    assert [letter for letter, _ in groups] == ["D", "Đ", "K", "N", "P", "S", "T"]
    assert "Đ is a letter of its own after D" in html


def listed_officials_in(fragment):
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', fragment)


@pytest.mark.parametrize("letter", ["Đ", "đ"])
def test_letter_filter_keeps_only_that_letter(client, seeded, letter):
    html = page(client, f"/en/people/?letter={letter}", "en")
    assert listed_officials(html) == ["Vũ Đức Đam"]
    assert 'aria-current="true">Đ' in html


def test_index_row_shows_latest_title_attested_and_article_count(client, seeded):
    html = page(client, "/en/people/", "en")
    row = table_row(html, "Bùi Thanh Sơn")
    # Minister as of the 2021 article, not Deputy Minister as of 2016.
    assert "Minister" in row and "Deputy Minister" not in row
    assert "Ministry of Foreign Affairs" in row
    assert f'href="/en{ARTICLE_2021}"' in row
    assert 'href="/en/articles/?person=bui-thanh-son">2</a>' in row


def test_index_row_gives_both_titles_given_by_the_same_latest_article(client, seeded):
    row = table_row(page(client, "/people/"), "Vũ Đức Đam")
    assert "Phó Thủ tướng" in row and "Trưởng Ban" in row


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("agency=bo-ngoai-giao", {"Bùi Thanh Sơn", "Lê Hoài Trung"}),
        ("agency=bo-ngoai-giao&title=Bộ+trưởng", {"Bùi Thanh Sơn"}),
        ("title=Bộ+trưởng", {"Bùi Thanh Sơn", "Nguyễn Thanh Nghị", "Đào Ngọc Dung"}),
        ("title=Thứ+trưởng", {"Bùi Thanh Sơn", "Lê Hoài Trung"}),
        ("agency=chinh-phu", {"Nguyễn Xuân Phúc", "Vũ Đức Đam"}),
        ("agency=vu-hop-tac-quoc-te-bo-xay-dung", {"Nguyễn Trung Thành"}),
        ("nationality=US", {"Marc E. Knapper"}),
        ("nationality=us", {"Marc E. Knapper"}),
        ("nationality=VN&letter=T", {"Nguyễn Trung Thành", "Lê Hoài Trung"}),
        ("q=dao+ngoc", {"Đào Ngọc Dung"}),
    ],
)
def test_filters_narrow_the_index(client, seeded, query, expected):
    html = page(client, f"/people/?{query}")
    assert set(listed_officials(html)) == expected
    assert "Some filters were ignored" not in html


def test_active_filter_can_be_removed_and_stays_in_the_address(client, seeded):
    html = page(client, "/en/people/?agency=bo-ngoai-giao&nationality=VN", "en")
    filters = section(html, "active-heading")
    assert "Ministry of Foreign Affairs" in filters
    assert 'href="?nationality=VN">Remove filter “Agency”' in filters
    assert 'href="?agency=bo-ngoai-giao">Remove filter “Nationality”' in filters
    # The letters keep the other filters.
    assert 'href="?agency=bo-ngoai-giao&amp;nationality=VN&amp;letter=S#letter-S"' in html


LONG = "x" * 10_000


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("agency=khong-co", "No official in the archive held a position in “khong-co”"),
        ("agency=bo-y-te", "held a position in “bo-y-te”"),  # an agency, but nobody's
        (f"agency={LONG}", "10000 characters long"),
        (f"q={LONG}", "10000 characters long"),
        (f"letter={LONG}", "10000 characters long"),
        ("agency=bo-ngoai-giao&agency=chinh-phu", "Given more than once"),
        ("letter=A&letter=B", "Given more than once"),
        ("title=Tổng+thống", "No official in the archive held the title “Tổng thống”"),
        ("nationality=ZZ", "No official in the archive has the nationality “ZZ”"),
        ("nationality=CU", "has the nationality “CU”"),  # a country, but no national
        ("letter=ab", "“AB” is not a letter of the index"),
        ("letter=%3Cscript%3E", "is not a letter of the index"),
    ],
)
def test_bad_filter_values_are_ignored_and_said_so(client, seeded, query, message):
    html = page(client, f"/en/people/?{query}", "en")
    notice = section(html, "ignored-heading")
    assert message in notice
    assert set(listed_officials(html)) == ALL_OFFICIALS  # the bad filter did not apply
    assert "<script>" not in html.split("<main", 1)[1]


def test_bad_filter_is_ignored_while_good_ones_apply(client, seeded):
    html = page(client, "/en/people/?nationality=US&agency=khong-co", "en")
    assert listed_officials(html) == ["Marc E. Knapper"]
    assert "khong-co" in section(html, "ignored-heading")


@pytest.mark.parametrize(
    "query", ["page=abc", "page=0", "page=999", f"page={LONG}", f"per_page={'9' * 5000}"]
)
def test_bad_page_numbers_fall_back_to_a_page(client, seeded, query):
    html = page(client, f"/people/?{query}")
    assert set(listed_officials(html)) == ALL_OFFICIALS


def test_pagination_is_clamped_and_keeps_filters(client, seeded):
    html = page(client, "/en/people/?nationality=VN&per_page=2&page=2", "en")
    assert listed_officials(html) == ["Nguyễn Thanh Nghị", "Nguyễn Xuân Phúc"]
    assert "Page 2 of 4" in html
    assert 'href="?nationality=VN&amp;per_page=2&amp;page=3"' in html


def test_index_says_so_when_nothing_matches(client, seeded):
    html = page(client, "/en/people/?q=khong+ai+ca", "en")
    assert listed_officials(html) == []
    assert "No official matches these filters." in html
    assert "0 officials" in html


# --- an official's page ----------------------------------------------------------------------


def test_person_page_shows_both_positions_as_of_their_articles(client, seeded):
    html = page(client, "/people/bui-thanh-son/")
    positions = section(html, "positions-heading")
    deputy, minister = table_row(positions, "Thứ trưởng"), table_row(positions, "Bộ trưởng")
    assert f'href="{ARTICLE_2016}"' in deputy and '<time datetime="2016-08-26">' in deputy
    assert f'href="{ARTICLE_2021}"' in minister and '<time datetime="2021-12-13">' in minister
    assert positions.index("Thứ trưởng") < positions.index("Bộ trưởng")  # earliest first
    # Both articles' dates are worked out, not printed: the page says so, with the reason.
    assert 'class="inferred" title="Trang không in ngày đăng.' in deputy


def test_person_page_draws_an_accessible_timeline(client, seeded):
    html = page(client, "/en/people/bui-thanh-son/", "en")
    chart = re.search(r'<div class="timeline-chart" role="img"[^>]*>.*?<figcaption>', html, re.S)
    assert chart, "no timeline drawn"
    chart = chart.group(0)
    # The years the evidence covers (2016 to 2021), not the axis's end on 1 January 2022.
    assert 'aria-label="Timeline of the positions of Bùi Thanh Sơn, 2016 to 2021.' in chart
    assert chart.count('<circle class="mark"') == 2  # one article for each title
    assert ">2016</text>" in chart and ">2021</text>" in chart
    assert "<caption>Positions of Bùi Thanh Sơn" in html  # the text equivalent


def test_timeline_draws_dated_positions_as_bars(client, seeded):
    person = Person.objects.get(slug="bui-thanh-son")
    PositionFactory(
        person=person,
        title_vi="Đại sứ",
        start_date=datetime.date(2008, 3, 1),
        start_precision="month",
        end_date=datetime.date(2011, 1, 1),
        end_precision="year",
    )
    html = page(client, person.get_absolute_url())
    assert '<rect class="bar"' in html
    row = table_row(section(html, "positions-heading"), "Đại sứ")
    assert '<time datetime="2008-03">tháng 3/2008</time> – <time datetime="2011">2011</time>' in row


def test_person_page_links_each_answer_to_its_anchor(client, seeded):
    html = page(client, "/en/people/bui-thanh-son/", "en")
    quotes = section(html, "quotes-heading")
    anchors = re.findall(r'href="(?:/en)?' + re.escape(ARTICLE_2016) + r'#(a\d+)"', quotes)
    assert anchors == ["a1", "a2", "a3"]  # one per question, not one per paragraph
    assert "3 answers" in quotes
    assert "Sau năm ngày làm việc khẩn trương" in quotes  # the first answer opens so
    assert "Xin Thứ trưởng cho biết, trọng tâm công tác ngành ngoại giao" in quotes


def test_person_page_lists_interviews_mentions_and_conferences(client, seeded):
    html = page(client, "/en/people/bui-thanh-son/", "en")
    assert ARTICLE_2016 in section(html, "interviews-heading")
    assert ARTICLE_2021 not in section(html, "interviews-heading")  # quoted, not interviewed
    mentions = section(html, "articles-heading")
    assert mentions.index(ARTICLE_2021) < mentions.index(ARTICLE_2016)  # newest first
    assert 'href="/en/articles/?person=bui-thanh-son"' in mentions
    conference = table_row(section(html, "conferences-heading"), "20th National Conference")
    assert "spoke" in conference and "Minister" in conference


def test_person_page_lists_who_is_named_alongside(client, seeded):
    html = page(client, "/people/nguyen-trung-thanh/")
    named = section(html, "co-mentioned-heading")
    assert re.search(r"Marc E\. Knapper</a></th>\s*<td class=\"num\">1</td>", named)
    assert re.search(r"Nguyễn Thanh Nghị</a></th>\s*<td class=\"num\">1</td>", named)
    assert "Bùi Thanh Sơn" not in named


def test_unknown_person_is_not_found(client, seeded):
    assert client.get("/people/khong-co-ai/").status_code == 404


# --- agencies ------------------------------------------------------------------------------


def test_agency_page_shows_parent_chain_official_and_organised_event(client, seeded):
    html = page(client, "/agencies/vu-hop-tac-quoc-te-bo-xay-dung/")
    crumbs = html.split('class="breadcrumb"', 1)[1].split("</nav>", 1)[0]
    assert crumbs.index("Chính phủ") < crumbs.index("Bộ Xây dựng")
    assert 'href="/agencies/bo-xay-dung/"' in crumbs
    official = table_row(section(html, "officials-heading"), "Nguyễn Trung Thành")
    assert "Vụ trưởng" in official and f'href="{ARTICLE_000}"' in official
    assert ARTICLE_000 in section(html, "articles-heading")
    assert "Lễ trao tặng của DN Việt Nam ủng hộ Nhân dân Cuba" in section(
        html, "conferences-heading"
    )


def test_agency_page_lists_children_and_publications(client, seeded):
    html = page(client, "/agencies/bo-xay-dung/")
    children = section(html, "children-heading")
    assert "Vụ Hợp tác Quốc tế" in children and "Báo Xây dựng" in children
    assert "Báo Xây dựng" in section(html, "publications-heading")
    ttxvn = page(client, "/agencies/ttxvn/")
    publications = section(ttxvn, "publications-heading")
    assert "Vietnam+" in publications and "Báo Tin tức" in publications


def test_foreign_agency_page_names_its_country(client, seeded):
    html = page(client, "/en/agencies/dai-su-quan-cuba-tai-viet-nam/", "en")
    assert "<h1>Embassy of Cuba in Viet Nam</h1>" in html
    assert 'href="/en/countries/cu/">Cuba</a> (CU)' in html


def test_agency_list_nests_the_tree_and_marks_collective_agencies(client, seeded):
    html = page(client, "/en/agencies/", "en")
    parent_of = outline(html.split("<main", 1)[1]).parent_of
    assert parent_of["/en/agencies/vu-hop-tac-quoc-te-bo-xay-dung/"] == "/en/agencies/bo-xay-dung/"
    assert parent_of["/en/agencies/bo-xay-dung/"] == "/en/agencies/chinh-phu/"
    assert parent_of["/en/agencies/bo-chinh-tri/"] == "/en/agencies/dang-cong-san-viet-nam/"
    assert parent_of["/en/agencies/quoc-hoi/"] is None
    item = re.search(r'href="/en/agencies/so-ngoai-vu/">.*?</li>', html, re.DOTALL).group(0)
    assert 'class="badge">collective' in item
    assert "22 agencies" in html


def test_agency_list_filters_by_kind_keeping_parents_for_context(client, seeded):
    html = page(client, "/en/agencies/?kind=embassy", "en")
    tree = section(html, "tree-heading")
    assert "3 agencies of the kind “embassy or mission”" in tree
    for slug in [
        "dai-su-quan-cuba-tai-viet-nam",
        "dai-su-quan-hoa-ky-tai-viet-nam",
        "co-quan-dai-dien-viet-nam-o-nuoc-ngoai",
    ]:
        assert f'/agencies/{slug}/"' in tree
    assert '<li class="context">\n      <a href="/en/agencies/bo-ngoai-giao/"' in tree
    assert "bo-y-te" not in tree


def test_agency_list_ignores_an_unknown_kind(client, seeded):
    html = page(client, "/en/agencies/?kind=bogus", "en")
    assert "“bogus” is not a kind of agency." in section(html, "ignored-heading")
    assert "22 agencies" in html


def test_agency_list_counts_each_agencys_own_officials(client, db):
    ministry, embassy = AgencyFactory(), AgencyFactory(kind="embassy")
    twice = PersonFactory()
    PositionFactory(person=twice, agency=ministry, title_vi="Vụ trưởng")
    PositionFactory(person=twice, agency=ministry)
    PositionFactory(agency=ministry)
    PositionFactory(agency=embassy, title_vi="Đại sứ")

    def item(agency):
        url = f"/en/agencies/{agency.slug}/"
        return re.search(rf'href="{url}">.*?</li>', page(client, "/en/agencies/", "en"), re.S)[0]

    assert "2 officials" in item(ministry)  # one of them with two titles, counted once
    assert "1 official" in item(embassy)


# --- countries and bodies ----------------------------------------------------------------


def test_country_list_shows_codes_counts_and_bodies(client, seeded):
    html = page(client, "/en/countries/", "en")
    viet_nam = table_row(section(html, "countries-heading"), "Viet Nam")
    assert "VN" in viet_nam and 'href="/en/articles/?country=vn">5</a>' in viet_nam
    assert "DZ" in table_row(section(html, "countries-heading"), "Algeria")
    bodies = section(html, "bodies-heading")
    asean = table_row(bodies, "ASEAN")
    assert 'href="/en/articles/?body=asean">4</a>' in asean  # 000, 002, 003, 004
    unsc = table_row(bodies, "United Nations Security Council")
    assert "UNSC" in unsc and 'href="/en/bodies/lien-hop-quoc/">UN</a>' in unsc


def test_country_page_lists_its_embassy_articles_and_nationals(client, seeded):
    html = page(client, "/countries/cu/")
    assert "Đại sứ quán Cuba tại Việt Nam" in section(html, "agencies-heading")
    assert ARTICLE_000 in section(html, "articles-heading")
    us = page(client, "/en/countries/us/", "en")
    assert "Marc E. Knapper" in section(us, "nationals-heading")
    assert "Embassy of the United States in Viet Nam" in section(us, "agencies-heading")


def test_country_page_lists_conferences_named_in_its_articles(client, seeded):
    html = page(client, "/countries/cu/")
    conferences = section(html, "conferences-heading")
    assert "Lễ trao tặng của DN Việt Nam ủng hộ Nhân dân Cuba" in conferences
    assert "Hội nghị Ngoại giao lần thứ 29" not in conferences  # 002 does not name Cuba


def test_body_pages_show_parent_children_and_articles(client, seeded):
    unsc = page(client, "/bodies/hoi-dong-bao-an-lien-hop-quoc/")
    assert 'href="/bodies/lien-hop-quoc/"' in unsc
    assert ARTICLE_2021 in section(unsc, "articles-heading")
    assert ARTICLE_2016 not in section(unsc, "articles-heading")
    un = page(client, "/en/bodies/lien-hop-quoc/", "en")
    assert "United Nations Security Council" in section(un, "children-heading")
    assert 'href="/en/articles/?body=lien-hop-quoc"' in section(un, "articles-heading")


# --- across pages --------------------------------------------------------------------------


def test_english_interface_shows_english_agency_names_and_titles(client, seeded):
    html = page(client, "/en/people/bui-thanh-son/", "en")
    positions = section(html, "positions-heading")
    assert "Deputy Minister" in positions and "Ministry of Foreign Affairs" in positions
    agency = page(client, "/en/agencies/vu-hop-tac-quoc-te-bo-xay-dung/", "en")
    assert "<h1>International Cooperation Department</h1>" in agency
    assert '<p class="other-language" lang="vi">Vụ Hợp tác Quốc tế</p>' in agency
    assert ">Ministry of Construction</a>" in agency
    index = page(client, "/en/people/", "en")
    assert "Ministry of Labour, Invalids and Social Affairs" in index


def test_draft_articles_are_left_out_everywhere(client, seeded):
    Article.objects.filter(slug=ARTICLE_2021.split("/")[2]).update(status="draft")
    person = page(client, "/people/bui-thanh-son/")
    assert ARTICLE_2021 not in person
    row = table_row(page(client, "/people/"), "Bùi Thanh Sơn")
    assert "Thứ trưởng" in row and ">1</a>" in row  # his latest title now rests on 2016
    assert ARTICLE_2021 not in page(client, "/agencies/bo-ngoai-giao/")
    # The Security Council is named by that article alone: with it a draft, its page is private.
    assert client.get("/bodies/hoi-dong-bao-an-lien-hop-quoc/").status_code == 404
    assert "hoi-dong-bao-an-lien-hop-quoc" not in page(client, "/countries/")


def test_pages_refuse_to_be_written_to(client, seeded):
    for url in PAGES:
        for method in (client.post, client.put, client.delete):
            assert method(url).status_code == 405, (method, url)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_pages_have_unique_ids_and_headings_in_order(client, seeded, language):
    for url in PAGES:
        parsed = outline(page(client, url, language))
        assert len(parsed.ids) == len(set(parsed.ids)), url
        assert parsed.headings[0] == 1 and parsed.headings.count(1) == 1, url
        for before, after in zip(parsed.headings, parsed.headings[1:], strict=False):
            assert after <= before + 1, (url, parsed.headings)


# --- a bounded number of queries -----------------------------------------------------------

QUERY_BUDGET = [
    # (page, the URL at the seed size, the URL with a generated corpus, most queries)
    ("index", "/people/", "/people/", 9),
    ("index filtered", "/people/?agency=bo-ngoai-giao&title=Thứ+trưởng&letter=S", None, 9),
    ("official", "/people/bui-thanh-son/", "/people/gen-person-0/", 11),
    ("agencies", "/agencies/", "/agencies/", 2),
    ("agencies by kind", "/agencies/?kind=ministry", "/agencies/?kind=ministry", 2),
    # Article rows name who speaks: 2 queries more (the mentions, their titles) on the pages
    # that list articles; and 1 more on each detail page for its chart of mentions per year.
    ("agency", "/agencies/bo-ngoai-giao/", "/agencies/gen-bo-0/", 14),
    ("countries", "/countries/", "/countries/", 2),
    ("country", "/countries/vn/", "/countries/vn/", 11),
    ("body", "/bodies/asean/", "/bodies/gen-body-0/", 7),
]


@pytest.mark.parametrize("size", [0, 300])
@pytest.mark.parametrize(("name", "url", "corpus_url", "budget"), QUERY_BUDGET)
def test_pages_run_a_bounded_number_of_queries(
    client, seeded, django_assert_max_num_queries, size, name, url, corpus_url, budget
):
    if size:
        build_corpus(size)
    with django_assert_max_num_queries(budget):
        html = page(client, corpus_url if size and corpus_url else url)
    assert "<h1>" in html
