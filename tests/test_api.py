"""The read-only JSON API at /api/: resources, filters, paging, drafts, caching headers,
throttling, CORS, the OpenAPI description and its documentation page."""

import base64
import datetime
import json
import subprocess
import sys
from urllib.parse import quote, urlencode

import pytest
from django.http import QueryDict
from django.utils import translation
from drf_spectacular.validation import validate_schema

from api.pagination import ArchiveCursorPagination
from articles.filters import ArticleFilter
from articles.models import Article, PersonMention, Segment
from events.filters import ConferenceFilter
from events.models import Conference, ConferenceSeries, Participation
from people.filters import PersonFilter
from people.models import Agency, Body, Country, Person
from tests.factories import (
    AgencyFactory,
    ArticleFactory,
    PersonFactory,
    PersonMentionFactory,
    PositionFactory,
    SegmentFactory,
)
from tests.scale import build_corpus
from tests.test_html_validity import vnu  # noqa: F401 -- the HTML checker, as a fixture
from tests.test_settings import ROOT, environment

pytestmark = pytest.mark.django_db

RESOURCES = (
    "articles",
    "answers",
    "people",
    "agencies",
    "countries",
    "bodies",
    "series",
    "conferences",
    "documents",
)
BASE = "http://testserver"


def get(client, url, status=200, **headers):
    """The response to a GET, its body read as JSON (every API answer is JSON)."""
    response = client.get(url, headers=headers)
    assert response.status_code == status, (url, response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return response, json.loads(response.content)


def results(client, url):
    return get(client, url)[1]["results"]


def every_item(client, url):
    """Every item of a list, following its ``next`` links."""
    items = []
    while url:
        _response, body = get(client, url)
        items += body["results"]
        url = body["next"]
    return items


def slugs(items):
    return [item["slug"] for item in items]


# --- resources ---------------------------------------------------------------------------------


def test_root_lists_every_resource(client):
    _response, body = get(client, "/api/")
    assert body == {name: f"{BASE}/api/{name}/" for name in RESOURCES}


def test_articles_list_is_the_published_articles_newest_first(client, seeded):
    items = every_item(client, "/api/articles/")
    expected = Article.objects.published().order_by("-date", "-pk")
    assert slugs(items) == [a.slug for a in expected]
    first = items[0]
    article = expected[0]
    assert first["title"] == article.title
    assert first["publication"] == {
        "slug": article.publication.slug,
        "name": article.publication.name,
    }
    assert first["url"] == f"{BASE}/articles/{article.slug}/"
    assert first["api_url"] == f"{BASE}/api/articles/{article.slug}/"
    assert "segments" not in first  # the list gives summaries


def test_a_date_keeps_its_precision_and_says_when_it_is_inferred(client, db):
    ArticleFactory(
        slug="nam-2016",
        date=datetime.date(2016, 1, 1),
        date_precision="year",
        date_inferred_reason="Chỉ địa chỉ trang cho biết năm.",
        date_inferred_reason_en="Only the year is in the page's address.",
    )
    ArticleFactory(slug="thang-8", date=datetime.date(2016, 8, 1), date_precision="month")
    ArticleFactory(slug="ngay-26", date=datetime.date(2016, 8, 26), date_precision="day")
    dates = {item["slug"]: item["date"] for item in results(client, "/api/articles/")}
    assert dates["nam-2016"] == {
        "value": "2016",
        "precision": "year",
        "inferred": True,
        "inferred_reason": "Chỉ địa chỉ trang cho biết năm.",
        "inferred_reason_en": "Only the year is in the page's address.",
    }
    assert dates["thang-8"] == {
        "value": "2016-08",
        "precision": "month",
        "inferred": False,
        "inferred_reason": None,
        "inferred_reason_en": None,
    }
    assert dates["ngay-26"]["value"] == "2016-08-26"


def test_public_addresses_are_the_canonical_vietnamese_ones_from_english_too(client, seeded):
    client.get("/en/")  # English active in the client's thread and cookie-less session
    item = results(client, "/api/people/?q=bui+thanh+son")[0]
    assert item["url"] == f"{BASE}/people/bui-thanh-son/"
    assert "/en/" not in json.dumps(get(client, "/api/people/bui-thanh-son/")[1])


def test_article_detail_has_its_segments_in_order_and_what_it_mentions(client, seeded):
    article = Article.objects.published().filter(kind="interview", segments__kind="answer").first()
    _response, body = get(client, f"/api/articles/{article.slug}/")
    segments = list(article.segments.order_by("position"))
    assert [s["anchor"] for s in body["segments"]] == [s.anchor for s in segments]
    assert [s["text"] for s in body["segments"]] == [s.text for s in segments]
    answer = next(s for s in body["segments"] if s["kind"] == "answer")
    speaker = Segment.objects.get(article=article, anchor=answer["anchor"]).speaker
    assert answer["speaker"]["slug"] == speaker.slug
    assert answer["speaker"]["api_url"] == f"{BASE}/api/people/{speaker.slug}/"

    people = {m["person"]["slug"]: m for m in body["mentions"]["people"]}
    for mention in article.person_mentions.all():
        given = people[mention.person.slug]
        assert given["role"] == mention.role
        assert sorted(t["title_vi"] for t in given["titles"]) == sorted(
            p.title_vi for p in mention.positions.all()
        )
    for kind, related in (
        ("agencies", "agencies"),
        ("countries", "countries"),
        ("bodies", "bodies"),
        ("conferences", "conferences"),
        ("documents", "documents"),
    ):
        expected = set(getattr(article, related).values_list("slug", flat=True))
        assert {m["slug"] for m in body["mentions"][kind]} == expected, kind


def test_answers_name_their_speaker_titles_article_and_anchor(client, seeded):
    items = every_item(client, "/api/answers/?page_size=100")
    answers = Segment.objects.filter(kind="answer", article__status="published")
    assert sorted(item["id"] for item in items) == sorted(answers.values_list("pk", flat=True))
    item = items[0]
    answer = answers.get(pk=item["id"])
    mention = PersonMention.objects.get(article=answer.article, person=answer.speaker)
    assert item["speaker"]["name"] == answer.speaker.name
    assert [t["title_vi"] for t in item["speaker_titles"]] == [
        p.title_vi for p in mention.positions.all()
    ]
    assert item["anchor"] == answer.anchor
    assert item["url"] == f"{BASE}/articles/{answer.article.slug}/#{answer.anchor}"
    assert item["article"]["slug"] == answer.article.slug
    assert item["article"]["date"]["value"] == answer.article.date_iso
    assert get(client, f"/api/answers/{answer.pk}/")[1] == item


def test_people_have_their_positions_with_dates_or_as_of(client, seeded):
    _response, body = get(client, "/api/people/bui-thanh-son/")
    assert body["name"] == "Bùi Thanh Sơn"
    positions = Person.objects.get(slug="bui-thanh-son").positions.all()
    assert {p["title_vi"] for p in body["positions"]} == {p.title_vi for p in positions}
    for given in body["positions"]:
        assert given["agency"]["api_url"].startswith(f"{BASE}/api/agencies/")
        if given["start"] is None and given["end"] is None:
            # Known only as of the articles that give the title.
            assert given["as_of"]["articles"] >= 1
            assert given["as_of"]["first"]["article"].startswith(f"{BASE}/api/articles/")
            assert given["as_of"]["first"]["precision"] in ("day", "month", "year")


def test_a_dated_position_keeps_its_precision(client, db):
    PositionFactory(
        person__slug="nguoi-co-chuc",
        start_date=datetime.date(2016, 1, 1),
        start_precision="year",
        end_date=datetime.date(2021, 4, 1),
        end_precision="month",
    )
    (position,) = get(client, "/api/people/nguoi-co-chuc/")[1]["positions"]
    assert position["start"] == {"value": "2016", "precision": "year"}
    assert position["end"] == {"value": "2021-04", "precision": "month"}
    assert position["as_of"] is None  # no article gives the title


def test_agencies_carry_the_tree(client, seeded):
    ministry = Agency.objects.get(slug="bo-ngoai-giao")
    _response, body = get(client, "/api/agencies/bo-ngoai-giao/")
    if ministry.parent is None:
        assert body["parent"] is None
    else:
        assert body["parent"]["slug"] == ministry.parent.slug
    children = Agency.objects.public().filter(parent=ministry)
    assert {c["slug"] for c in body["children"]} == {c.slug for c in children}
    assert children.exists()
    child = get(client, body["children"][0]["api_url"])[1]
    assert child["parent"]["slug"] == "bo-ngoai-giao"


def test_countries_bodies_series_and_documents(client, seeded):
    countries = results(client, "/api/countries/")
    assert {c["code"] for c in countries} == set(
        Country.objects.public().values_list("code", flat=True)
    )
    vn = get(client, "/api/countries/vn/")[1]
    assert vn["name_vi"] == "Việt Nam" and vn["url"] == f"{BASE}/countries/vn/"
    assert vn["article_count"] == Article.objects.published().filter(countries__code="VN").count()
    bodies = every_item(client, "/api/bodies/")
    assert set(slugs(bodies)) == set(Body.objects.public().values_list("slug", flat=True))
    series = every_item(client, "/api/series/")
    assert set(slugs(series)) == set(ConferenceSeries.objects.values_list("slug", flat=True))
    one = next(s for s in series if s["conferences"])
    ordinals = [c["ordinal"] for c in one["conferences"] if c["ordinal"] is not None]
    assert ordinals == sorted(ordinals)
    documents = every_item(client, "/api/documents/")
    assert documents
    document = get(client, documents[0]["api_url"])[1]
    assert document["url"] == f"{BASE}/articles/documents/{document['slug']}/"


def test_conferences_have_series_ordinal_dates_and_participants(client, seeded):
    conference = Conference.objects.get(slug="hoi-nghi-ngoai-giao-29")
    _response, body = get(client, "/api/conferences/hoi-nghi-ngoai-giao-29/")
    assert body["series"]["slug"] == conference.series.slug
    assert body["ordinal"] == 29
    assert body["dates"]["start"]["value"] == conference.start_iso
    assert body["dates"]["start"]["precision"] == conference.start_precision
    session = Conference.objects.get(slug="hoi-nghi-ngoai-giao-29-phien-hop-thu-hai")
    _response, body = get(client, f"/api/conferences/{session.slug}/")
    assert body["part_of"]["slug"] == "hoi-nghi-ngoai-giao-29"
    assert body["dates"]["start"] is None  # the source does not say which day
    expected = Participation.objects.filter(conference=session)
    assert expected.exists()
    assert sorted((p["person"]["slug"], p["role"]) for p in body["participants"]) == sorted(
        (p.person.slug, p.role) for p in expected
    )
    assert body["participants"][0]["title"]["title_vi"] == expected[0].position.title_vi


# --- filters: the pages' FilterSets --------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "person=bui-thanh-son",
        "agency=bo-ngoai-giao&kind=interview",
        "year=2016",
        "q=hoi+nhap+quoc+te",
        "country=vn&date_from=2016-01-01&date_to=2022-12-31",
        "conference=hoi-nghi-ngoai-giao-29",
        "sort=oldest",
        "sort=title",
    ],
)
def test_article_filters_select_what_the_articles_page_selects(client, seeded, query):
    filterset = ArticleFilter(QueryDict(query), queryset=Article.objects.published())
    assert filterset.is_valid()
    expected = list(filterset.qs)
    sort = filterset.form.cleaned_data.get("sort") or "newest"
    order = {"newest": ("-date", "-pk"), "oldest": ("date", "pk"), "title": ("title", "pk")}
    expected = [
        a.slug
        for a in Article.objects.filter(pk__in=[a.pk for a in expected]).order_by(*order[sort])
    ]
    assert expected  # a filter that selects nothing would prove little
    assert slugs(every_item(client, f"/api/articles/?{query}&page_size=2")) == expected


@pytest.mark.parametrize("query", ["agency=bo-ngoai-giao", "q=son", "nationality=vn"])
def test_people_filters_are_the_officials_page_filters(client, seeded, query):
    filterset = PersonFilter(QueryDict(query), queryset=Person.objects.public())
    expected = set(filterset.qs.values_list("slug", flat=True))
    assert expected
    assert set(slugs(every_item(client, f"/api/people/?{query}"))) == expected


def test_conference_and_agency_filters(client, seeded):
    year = Conference.objects.public().exclude(start_date=None).first().start_date.year
    filterset = ConferenceFilter(QueryDict(f"year={year}"), queryset=Conference.objects.public())
    expected = set(filterset.qs.values_list("slug", flat=True))
    assert set(slugs(every_item(client, f"/api/conferences/?year={year}"))) == expected
    ministries = every_item(client, "/api/agencies/?kind=ministry")
    assert ministries and {a["kind"] for a in ministries} == {"ministry"}


@pytest.mark.parametrize(
    ("url", "param", "quoted"),
    [
        ("/api/articles/?person=nobody", "person", "nobody"),
        ("/api/articles/?year=abc", "year", ""),
        ("/api/articles/?date_from=2016-13-45", "date_from", ""),
        ("/api/articles/?kind=poem", "kind", "poem"),
        ("/api/articles/?year=2016&year=2021", "year", "2021"),
        ("/api/articles/?sort=random", "sort", "random"),
        ("/api/people/?agency=bo-khong-co", "agency", "bo-khong-co"),
        ("/api/people/?letter=a&letter=b", "letter", ""),
        ("/api/conferences/?series=khong-co", "series", "khong-co"),
        ("/api/agencies/?kind=castle", "kind", "castle"),
        ("/api/answers/?person=nobody", "person", "nobody"),
        ("/api/articles/?page_size=abc", "page_size", ""),
        ("/api/articles/?page_size=0", "page_size", ""),
        ("/api/articles/?persn=bui-thanh-son", "persn", ""),
        ("/api/countries/?code=vn", "code", ""),
        ("/api/people/bui-thanh-son/?agency=bo-ngoai-giao", "agency", ""),
    ],
)
def test_a_bad_filter_gets_a_400_saying_what_to_fix(client, seeded, url, param, quoted):
    _response, body = get(client, url, status=400)
    assert list(body) == ["errors"]
    assert param in body["errors"]
    messages = body["errors"][param]
    assert messages and all(isinstance(m, str) and m for m in messages)
    assert quoted in " ".join(messages)


def test_the_unknown_official_message_quotes_the_value(client, seeded):
    with translation.override("en"):
        _response, body = get(client, "/api/articles/?person=nobody", status=400)
    # /api/ speaks the site's default language, as the unprefixed pages do.
    with translation.override("vi"):
        message = translation.gettext("The archive has no %(what)s “%%(value)s”.") % {
            "what": translation.gettext("official")
        }
    assert body == {"errors": {"person": [message % {"value": "nobody"}]}}


def test_more_than_ten_values_of_a_filter_is_a_400(client, seeded):
    query = urlencode([("person", f"p-{i}") for i in range(11)])
    _response, body = get(client, f"/api/articles/?{query}", status=400)
    assert "person" in body["errors"]


# --- paging ------------------------------------------------------------------------------------


def test_cursor_pages_walk_the_list_both_ways(client, db):
    for day in range(1, 8):
        ArticleFactory(slug=f"ngay-{day}", date=datetime.date(2020, 5, day))
    ArticleFactory(slug="cung-ngay", date=datetime.date(2020, 5, 7))  # a tie on the date
    expected = [a.slug for a in Article.objects.order_by("-date", "-pk")]
    _response, first = get(client, "/api/articles/?page_size=3")
    assert first["previous"] is None
    pages = [first]
    while pages[-1]["next"]:
        pages.append(get(client, pages[-1]["next"])[1])
    assert [s for page in pages for s in slugs(page["results"])] == expected
    assert len(pages) == 3
    back = get(client, pages[-1]["previous"])[1]
    assert slugs(back["results"]) == slugs(pages[-2]["results"])


def test_the_page_size_is_capped_at_100(client, seeded):
    build_corpus(120)
    _response, body = get(client, "/api/articles/?page_size=1000")
    assert len(body["results"]) == 100
    assert body["next"]


def cursor_message() -> str:
    """What a bad cursor gets, in the language of /api/ (the site's default)."""
    with translation.override("vi"):
        return str(ArchiveCursorPagination.invalid_cursor_message)


def _cursor(text: str) -> str:
    return quote(base64.b64encode(text.encode()).decode())


@pytest.mark.parametrize(
    ("resource", "cursor"),
    [
        ("articles", "not-base64!"),
        ("articles", _cursor("p=not-a-date")),
        ("articles", _cursor("p=2016-02-30")),
        ("articles", _cursor("o=-1")),
        ("articles", _cursor("r=x")),
        ("people", _cursor("p=abc")),
        ("people", _cursor("p=" + "9" * 40)),
        ("articles", _cursor("p=2016-01-01%00")),
        ("articles", _cursor("p=" + "1" * 10_000)),
    ],
)
def test_a_malformed_cursor_is_a_404_with_a_message(client, seeded, resource, cursor):
    _response, body = get(client, f"/api/{resource}/?cursor={cursor}", status=404)
    assert body["detail"] == cursor_message()


def test_a_title_cursor_with_a_nul_is_refused(client, seeded):
    _response, body = get(
        client, f"/api/articles/?sort=title&cursor={_cursor('p=a%00b')}", status=404
    )
    assert body["detail"] == cursor_message()


# --- drafts ------------------------------------------------------------------------------------


def test_drafts_and_what_only_drafts_name_never_appear(client, seeded):
    draft = ArticleFactory(slug="ban-nhap", status=Article.Status.DRAFT, kind="interview")
    newcomer = PersonFactory(slug="quan-chuc-moi", name="Quan Chức Mới")
    agency = AgencyFactory(slug="co-quan-moi")
    position = PositionFactory(person=newcomer, agency=agency, slug="chuc-vu-moi")
    mention = PersonMentionFactory(article=draft, person=newcomer, role="interviewee")
    mention.positions.add(position)
    answer = SegmentFactory(article=draft, kind="answer", speaker=newcomer, anchor="a1")

    assert "ban-nhap" not in slugs(every_item(client, "/api/articles/?page_size=100"))
    get(client, "/api/articles/ban-nhap/", status=404)
    assert "quan-chuc-moi" not in slugs(every_item(client, "/api/people/?page_size=100"))
    get(client, "/api/people/quan-chuc-moi/", status=404)
    assert "co-quan-moi" not in slugs(every_item(client, "/api/agencies/?page_size=100"))
    get(client, "/api/agencies/co-quan-moi/", status=404)
    answers = every_item(client, "/api/answers/?page_size=100")
    assert answer.pk not in [a["id"] for a in answers]
    get(client, f"/api/answers/{answer.pk}/", status=404)
    # Filtering by the draft's official is refused as by any unknown one.
    _response, body = get(client, "/api/articles/?person=quan-chuc-moi", status=400)
    assert "person" in body["errors"]

    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert get(client, "/api/people/quan-chuc-moi/")[1]["positions"][0]["title_vi"] == (
        position.title_vi
    )


# --- methods, hostile input ------------------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/api/articles/", "/api/people/bui-thanh-son/"])
def test_writes_are_405(client, seeded, method, url):
    response = getattr(client, method)(url, data="{}", content_type="application/json")
    assert response.status_code == 405
    assert "detail" in json.loads(response.content)


def test_head_and_options(client, seeded):
    head = client.head("/api/articles/")
    assert head.status_code == 200 and head.content == b""
    options = client.options("/api/articles/")
    assert options.status_code == 200
    assert json.loads(options.content)["name"]


HOSTILE = [
    "q=%00",
    "person=bui%00",
    "a%00=1",
    "q=" + "x" * 10_000,
    "person=" + "x" * 10_000,
    "year=" + "9" * 10_000,
    "date_from=" + "2" * 10_000,
    "page_size=" + "9" * 10_000,
    "cursor=" + "A" * 10_000,
    "kind=interview&kind=interview&kind=report",
    "q=a&q=b",
    "sort=newest&sort=oldest",
    "agency=" + "x" * 10_000,
    "letter=" + "x" * 10_000,
    "nationality=%00",
    "series=" + "x" * 10_000,
    "title=" + "x" * 10_000,
    "unknown=1",
    "q=%22%22%22-*()^",
]


@pytest.mark.parametrize("resource", ["articles", "answers", "people", "agencies", "conferences"])
@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_input_is_a_4xx_in_json_never_a_500(client, db, resource, query):
    response = client.get(f"/api/{resource}/?{query}")
    assert response.status_code in (200, 400, 404), (response.status_code, response.content)
    assert isinstance(json.loads(response.content), dict)
    if "%00" in query:
        assert response.status_code == 400


@pytest.mark.parametrize(
    "path",
    ["/api/people/%00/", "/api/people/" + "x" * 10_000 + "/", "/api/answers/99999999999999999/"],
)
def test_hostile_paths_are_a_4xx_in_json(client, seeded, path):
    response = client.get(path)
    assert response.status_code in (400, 404)
    assert "detail" in json.loads(response.content)


def test_an_unknown_api_address_is_a_json_404(client):
    _response, body = get(client, "/api/nowhere/", status=404)
    assert "/api/" in body["detail"]


# --- caching, throttling, CORS ---------------------------------------------------------------


def test_responses_have_an_etag_and_a_conditional_get_is_a_304(client, seeded):
    response, _body = get(client, "/api/articles/")
    etag = response["ETag"]
    assert etag
    again = client.get("/api/articles/", headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again["Access-Control-Allow-Origin"] == "*"
    # A change to the archive gives a new ETag, and the change.
    ArticleFactory(slug="bai-moi", date=datetime.date(2030, 1, 1))
    changed = client.get("/api/articles/", headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert json.loads(changed.content)["results"][0]["slug"] == "bai-moi"


def test_anonymous_clients_are_throttled_with_retry_after(client, seeded, settings):
    settings.PAGE_CACHE_SECONDS = 0  # every request reaches the API (no page kept)
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min"},
    }
    for _ in range(3):
        get(client, "/api/countries/")
    response, body = get(client, "/api/countries/", status=429)
    assert 0 < int(response["Retry-After"]) <= 60
    assert body["detail"]
    assert response["Access-Control-Allow-Origin"] == "*"
    # Another address has its own count.
    other = client.get("/api/countries/", REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200


def test_the_rate_comes_from_the_environment_and_a_bad_one_stops_the_site():
    script = (
        "from django.conf import settings; print(settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'])"
    )

    def run(**env):
        return subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {script}"],
            cwd=ROOT,
            env=environment(**env),
            capture_output=True,
            text=True,
            check=False,
        )

    assert "'anon': '120/min'" in run().stdout
    assert "'anon': '5/s'" in run(DJANGO_API_ANON_RATE="5/s").stdout
    refused = run(DJANGO_API_ANON_RATE="lots")
    assert refused.returncode != 0
    assert "DJANGO_API_ANON_RATE" in refused.stderr


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/articles/"),
        ("head", "/api/people/"),
        ("options", "/api/articles/"),
        ("get", "/api/articles/?person=nobody"),
        ("get", "/api/people/nobody/"),
        ("get", "/api/schema/"),
        ("get", "/api/articles/?q=%00"),
    ],
)
def test_reads_may_come_from_any_origin_without_credentials(client, seeded, method, url):
    response = getattr(client, method)(url, headers={"origin": "https://elsewhere.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Credentials" not in response
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_the_site_pages_keep_their_own_headers(client, seeded):
    response = client.get("/articles/")
    assert "Access-Control-Allow-Origin" not in response
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


# --- the OpenAPI description and the documentation page ------------------------------------


def test_the_openapi_description_is_valid_and_names_every_endpoint(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = json.loads(response.content)
    validate_schema(schema)  # raises on an invalid OpenAPI 3 document
    for name in RESOURCES:
        assert f"/api/{name}/" in schema["paths"]
        detail = "{id}" if name == "answers" else "{slug}"
        assert f"/api/{name}/{detail}/" in schema["paths"]
        assert set(schema["paths"][f"/api/{name}/"]) == {"get"}
    parameters = {p["name"] for p in schema["paths"]["/api/articles/"]["get"]["parameters"]}
    assert {"q", "person", "agency", "year", "date_from", "sort", "cursor", "page_size"} <= (
        parameters
    )


def test_the_documentation_page_lists_every_endpoint_without_scripts(client, vnu):  # noqa: F811
    documents = {}
    for url in ("/api/docs/", "/en/api/docs/"):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "<script" not in html and "style=" not in html
        assert "script-src 'self'" in response["Content-Security-Policy"]
        for name in RESOURCES:
            assert f"GET /api/{name}/" in html
        assert f"curl '{BASE}/api/articles/" in html
        documents[url] = html
    assert 'lang="en"' in documents["/en/api/docs/"]
    assert all(not failures for failures in vnu(documents).values())


# --- bounded queries -------------------------------------------------------------------------

QUERY_BUDGET = [
    # (list or item, URL with the seeds, URL with the generated corpus, most queries)
    ("articles", "/api/articles/", None, 2),
    ("articles filtered", "/api/articles/?person=bui-thanh-son&year=2016&kind=interview", None, 3),
    ("article", "/api/articles/{article}/", "/api/articles/gen-article-1/", 10),
    ("answers", "/api/answers/", None, 4),
    ("people", "/api/people/?page_size=100", None, 7),
    ("person", "/api/people/bui-thanh-son/", "/api/people/gen-person-0/", 4),
    ("agencies", "/api/agencies/?page_size=100", None, 3),
    ("agency", "/api/agencies/bo-ngoai-giao/", "/api/agencies/gen-bo-0/", 3),
    ("countries", "/api/countries/", None, 2),
    ("bodies", "/api/bodies/", None, 3),
    ("series", "/api/series/", None, 3),
    ("conferences", "/api/conferences/?page_size=100", None, 6),
    ("conference", "/api/conferences/hoi-nghi-ngoai-giao-29/", None, 4),
    ("documents", "/api/documents/", None, 2),
]


@pytest.mark.parametrize("size", [0, 300])
@pytest.mark.parametrize(("name", "url", "corpus_url", "budget"), QUERY_BUDGET)
def test_endpoints_run_a_bounded_number_of_queries(
    client, seeded, django_assert_max_num_queries, size, name, url, corpus_url, budget
):
    if size:
        build_corpus(size)
    article = Article.objects.published().filter(segments__kind="answer").first()
    url = (corpus_url if size and corpus_url else url).format(article=article.slug)
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    body = json.loads(response.content)
    assert body.get("results", [body])  # something to show
