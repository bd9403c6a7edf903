"""schema.org JSON-LD and Open Graph in the head of the public pages: parsed back from the
HTML, with the properties each type needs, canonical addresses and no value made up."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from articles.models import Article
from events.models import Conference, ConferenceSeries
from people.models import Agency, Body, Country, Person
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.blocks: list[str] = []
        self.meta: dict[str, str] = {}
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True
            self.blocks.append("")
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs["name"]] = attrs.get("content", "")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.blocks[-1] += data


def head(client, url) -> _Head:
    response = client.get(url)
    assert response.status_code == 200
    parser = _Head()
    parser.feed(response.content.decode())
    return parser


def json_ld(client, url) -> dict:
    blocks = head(client, url).blocks
    assert len(blocks) == 1, blocks
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org"
    return data


def test_an_article_is_a_news_article_with_author_publisher_dates_and_about(client, seeded):
    article = Article.objects.get(
        slug="day-manh-nang-cao-hieu-qua-hoi-nhap-phuc-vu-phat-trien-ben-vung"
    )
    canonical = BASE + article.get_absolute_url()
    data = json_ld(client, f"/en{article.get_absolute_url()}")
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["datePublished"] == article.date_iso
    assert data["publisher"] == {"@type": "NewsMediaOrganization", "name": article.publication.name}
    assert data["author"]["name"] == (article.byline or article.publication.name)
    assert data["url"] == canonical  # not the /en/ address the page was read at
    about = {(node["@type"], node["name"]) for node in data["about"]}
    for mention in article.person_mentions.all():
        assert ("Person", mention.person.name) in about
    for mention in article.conference_mentions.all():
        assert ("Event", mention.conference.name_vi) in about
    assert all(node["url"].startswith(BASE + "/") for node in data["about"])


def test_a_date_known_to_the_year_stays_a_year(client, seeded):
    article = Article.objects.filter(date_precision="year").first()
    assert article is not None
    assert json_ld(client, article.get_absolute_url())["datePublished"] == str(article.date.year)


def test_an_official_is_a_person_with_occupations_and_roles(client, seeded):
    person = Person.objects.get(slug="bui-thanh-son")
    data = json_ld(client, person.get_absolute_url())
    assert data["@type"] == "Person" and data["name"] == person.name
    titles = set(person.positions.values_list("title_vi", flat=True))
    assert {occupation["name"] for occupation in data["hasOccupation"]} == titles
    for role in data["worksFor"]:
        assert role["@type"] == "EmployeeRole"
        assert role["roleName"] in titles
        assert role["worksFor"]["@type"] == "GovernmentOrganization"
    dated = person.positions.exclude(start_date=None)
    assert len([r for r in data["worksFor"] if "startDate" in r]) == dated.count()


def test_a_conference_is_an_event_in_its_series(client, seeded):
    conference = Conference.objects.get(slug="hoi-nghi-ngoai-giao-29")
    data = json_ld(client, conference.get_absolute_url())
    assert data["@type"] == "Event"
    assert data["startDate"] == conference.start_iso and data["endDate"] == conference.end_iso
    assert data["superEvent"]["@type"] == "EventSeries"
    assert data["superEvent"]["name"] == conference.series.name_vi
    sessions = set(conference.sessions.public().values_list("name_vi", flat=True))
    assert {s["name"] for s in data.get("subEvent", [])} == sessions
    series = json_ld(client, conference.series.get_absolute_url())
    assert series["@type"] == "EventSeries"
    assert conference.name_vi in {event["name"] for event in series["subEvent"]}


def test_an_agency_names_its_parent_a_country_its_code_a_body_its_abbreviation(client, seeded):
    department = Agency.objects.exclude(parent=None).select_related("parent").first()
    data = json_ld(client, department.get_absolute_url())
    assert data["@type"] == "GovernmentOrganization"
    assert data["parentOrganization"]["name"] == department.parent.name_vi
    country = Country.objects.get(code="VN")
    assert json_ld(client, country.get_absolute_url())["identifier"] == "VN"
    body = Body.objects.get(slug="asean")
    assert "ASEAN" in json_ld(client, body.get_absolute_url())["alternateName"]


def test_the_home_page_is_a_website_with_its_search(client, seeded):
    data = json_ld(client, reverse("home"))
    assert data["@type"] == "WebSite"
    target = data["potentialAction"]["target"]
    assert target == f"{BASE}/search/?q={{search_term_string}}"


def test_open_graph_names_the_page(client, seeded):
    article = Article.objects.published().first()
    meta = head(client, article.get_absolute_url()).meta
    assert meta["og:title"] == article.title
    assert meta["og:type"] == "article"
    assert meta["og:locale"] == "vi_VN"
    assert meta["twitter:card"] == "summary"
    series = ConferenceSeries.objects.first()
    english = head(client, f"/en{series.get_absolute_url()}").meta
    assert english["og:title"] == (series.name_en or series.name_vi)
    assert english["og:locale"] == "en_US"


def test_no_value_can_close_the_data_block(client, seeded):
    article = ArticleFactory(title="Tiêu đề </script><script>alert(1)</script> & cộng sự")
    page = client.get(article.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert json.loads(block)["name"] == article.title
    assert "<" not in block and "&" not in block


def test_open_graph_gives_the_page_address_without_the_query(client, seeded):
    url = reverse("articles:list")
    meta = head(client, f"{url}?q={'x' * 2000}&year=2016").meta
    assert meta["og:url"] == BASE + url
