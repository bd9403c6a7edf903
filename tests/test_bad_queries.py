"""Hostile or malformed query strings never give a 500, on any public page.

Runs on SQLite and on PostgreSQL (which refuses NUL characters in text that SQLite takes).
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LONG = "x" * 10_000

BAD_QUERIES = [
    "page=0",
    "page=abc",
    "page=99999",
    "page=-1",
    "per_page=0",
    "per_page=abc",
    "per_page=99999999999999999999",
    "person=nobody",
    "person=" + LONG,
    "person=bui-thanh-son&person=bui-thanh-son&person=nobody",
    "agency=%27%3B+DROP+TABLE+articles_article%3B--",
    "country=zz&country=",
    "body=&conference=&document=",
    "conference=hoi-nghi-ngoai-giao-29&conference=99",
    "publication=" + LONG,
    "year=abc",
    "year=99999",
    "year=-2016",
    "year=2016&year=2021&year=x",
    "date_from=2016-13-45",
    "date_from=26%2F8%2F2016&date_to=yesterday",
    "date_to=" + LONG,
    "kind=poem",
    "kind=interview&kind=report&kind=",
    "sort=sideways",
    "series=nope&title=" + LONG,
    "letter=%C4%90&letter=zz&nationality=xx",
    "q=" + LONG,
    "q=%22%27%3C%3E%26",
    "q=%E2%80%8B%EF%BB%BF",
    "q=" + "%F0%9F%98%80" * 50,
    "%00=1",
    "q=a%00b",
    "person=%00",
    "page=1%00",
]

PAGES = [
    ("home", ()),
    ("articles:list", ()),
    ("people:person-list", ()),
    ("people:agency-list", ()),
    ("people:country-list", ()),
    ("events:conference-list", ()),
    ("articles:detail", ("day-manh-nang-cao-hieu-qua-hoi-nhap-phuc-vu-phat-trien-ben-vung",)),
    ("people:person-detail", ("bui-thanh-son",)),
    ("people:agency-detail", ("bo-ngoai-giao",)),
    ("people:country-detail", ("cu",)),
    ("people:body-detail", ("asean",)),
    ("events:series-detail", ("hoi-nghi-ngoai-vu-toan-quoc",)),
    ("events:conference-detail", ("hoi-nghi-ngoai-giao-29",)),
    ("articles:document-detail", ("chi-thi-25-ct-tw",)),
    ("answers", ()),
    ("search", ()),
    ("datapackage:index", ()),
]


@pytest.mark.parametrize(("name", "args"), PAGES, ids=[name for name, _ in PAGES])
def test_bad_query_strings_never_give_a_server_error(client, seeded, name, args):
    url = reverse(name, args=args)
    for query in BAD_QUERIES:
        response = client.get(f"{url}?{query}")
        html = response.content.decode()
        if "%00" in query:
            assert response.status_code == 400, query
            assert "NUL" in html, query
        else:
            assert response.status_code == 200, (query[:80], response.status_code)
            assert "</html>" in html


@pytest.mark.parametrize(
    "url",
    [
        "/articles/khong-co-bai-nay/",
        "/people/" + "x" * 300 + "/",
        "/events/%E2%80%8B/",
        "/countries/zz/",
        "/bodies/nope/",
        "/agencies/nope/",
        "/events/series/nope/",
        "/articles/documents/nope/",
    ],
)
def test_unknown_ids_are_a_friendly_404(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


# Feeds, citations, the sitemap and robots.txt are not HTML: a bad parameter gets a 400 in
# plain text (feeds, citations), or is ignored (robots.txt, the sitemap index), never a 500.
MACHINE_ADDRESSES = [
    ("feed-atom", ()),
    ("feed-rss", ()),
    ("sitemap", ()),
    ("robots", ()),
    ("articles:list-citations", ("ris",)),
    ("articles:list-citations", ("json",)),
    (
        "articles:citation-download",
        ("day-manh-nang-cao-hieu-qua-hoi-nhap-phuc-vu-phat-trien-ben-vung", "bib"),
    ),
]


@pytest.mark.parametrize(("name", "args"), MACHINE_ADDRESSES)
def test_bad_query_strings_on_machine_addresses_never_give_a_server_error(
    client, seeded, name, args
):
    url = reverse(name, args=args)
    for query in [*BAD_QUERIES, "anchor=" + LONG, "anchor=%00", "anchor=a1&anchor=zz"]:
        response = client.get(f"{url}?{query}")
        assert response.status_code in (200, 400), (query[:80], response.status_code)
        if response.streaming:
            b"".join(response.streaming_content)  # a stream that fails midway is a 500 too
        elif response.status_code == 400:
            assert response.content.strip(), query


def test_an_unknown_sitemap_section_or_page_is_a_404(client, seeded):
    assert client.get("/sitemap-nothing.xml").status_code == 404
    assert client.get("/sitemap-articles.xml?p=99").status_code == 404
    assert client.get("/sitemap-articles.xml?p=abc").status_code == 404
