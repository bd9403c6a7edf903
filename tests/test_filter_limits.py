"""How many values a filter takes, and what they cost the database.

A filter that may repeat (``?agency=a&agency=b``) takes at most ``MAX_FILTER_VALUES``
different values; the rest are ignored with a message. Whatever the number of values, the
query does not grow a join per value. Hostile addresses of the shapes a security audit tried
(many values, long values, many parameters) answer 200 with a message, never a 500.

Runs on SQLite and on PostgreSQL.
"""

import re
from html import unescape

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_filters.filters import MultipleChoiceFilter

from articles.filters import ArticleFilter
from articles.models import AgencyMention, Article
from diplomacy_kb.filters import MAX_FILTER_VALUES
from people.models import Agency
from tests.factories import AgencyFactory, ArticleFactory

pytestmark = pytest.mark.django_db

LIST = reverse("articles:list")
EN_LIST = "/en" + LIST

# The seed articles, by title.
CONSTRUCTION = "Vụ Hợp tác Quốc tế: Đẩy mạnh ngoại giao, hội nhập quốc tế"  # 2023
EXTERNAL_AFFAIRS = "Nâng cao công tác ngoại vụ, phục vụ hội nhập quốc tế địa phương"
DIPLOMATIC_CONFERENCE = "Đẩy mạnh, nâng cao hiệu quả hội nhập, phục vụ phát triển bền vững"
THREE_PILLARS = "Ba trụ cột xây dựng nền ngoại giao Việt Nam toàn diện, hiện đại"
STAFF = "Đội ngũ cán bộ đối ngoại cần có sự chuyên nghiệp trong hoạt động hội nhập quốc tế"
EVERY_SEED = {CONSTRUCTION, EXTERNAL_AFFAIRS, DIPLOMATIC_CONFERENCE, THREE_PILLARS, STAFF}

# Ten agencies the seeds name, one of them a ministry department (its name gives its
# ministry's, which must not cost a query per value).
TEN_AGENCIES = [
    "bo-ngoai-giao",
    "chinh-phu",
    "ttxvn",
    "quoc-hoi",
    "bo-chinh-tri",
    "bo-xay-dung",
    "vu-hop-tac-quoc-te-bo-xay-dung",
    "so-ngoai-vu",
    "bo-y-te",
    "dang-cong-san-viet-nam",
]

MULTI_VALUE_FILTERS = [
    "publication",
    "kind",
    "person",
    "agency",
    "country",
    "body",
    "conference",
    "document",
]


def titles(response) -> set[str]:
    """The articles listed, by their Vietnamese titles (an English page names an article by
    its English title where it has one)."""
    by_english = dict(Article.objects.exclude(title_en="").values_list("title_en", "title"))
    found = re.findall(
        r'class="article-title" href="[^"]+"[^>]*>([^<]+)</a>', response.content.decode()
    )
    return {by_english.get(unescape(title), title) for title in found}


def notice(response) -> str:
    """The box listing what the address asked for that the page ignored ("" if none)."""
    html = unescape(response.content.decode())
    box = re.search(r'<div class="notice".*?</div>', html, re.S)
    return box.group(0) if box else ""


def query(**params) -> str:
    return "&".join(f"{name}={value}" for name, values in params.items() for value in values)


# --- the semantics, unchanged -------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        # Entity filters: articles naming every value.
        ("agency=bo-ngoai-giao", {EXTERNAL_AFFAIRS, DIPLOMATIC_CONFERENCE, THREE_PILLARS}),
        ("agency=bo-ngoai-giao&agency=chinh-phu", {DIPLOMATIC_CONFERENCE, THREE_PILLARS}),
        ("agency=bo-ngoai-giao&agency=chinh-phu&agency=ttxvn", {DIPLOMATIC_CONFERENCE}),
        (
            "agency=chinh-phu&agency=chinh-phu",
            {CONSTRUCTION, DIPLOMATIC_CONFERENCE, THREE_PILLARS, STAFF},
        ),
        ("person=bui-thanh-son&person=nguyen-xuan-phuc", {DIPLOMATIC_CONFERENCE}),
        ("country=vn&country=cu", {CONSTRUCTION}),
        ("body=asean&body=apec&body=asem", {CONSTRUCTION, STAFF}),
        (
            "conference=hoi-nghi-ngoai-giao-29&conference=dai-hoi-dang-xii",
            {EXTERNAL_AFFAIRS, DIPLOMATIC_CONFERENCE},
        ),
        ("document=chien-luoc-ve-hoi-nhap-quoc-te&document=nghi-quyet-22-bo-chinh-tri", set()),
        # Outlet and kind: articles with any of the values.
        (
            "publication=vietnamplus&publication=dan-tri",
            {EXTERNAL_AFFAIRS, DIPLOMATIC_CONFERENCE, THREE_PILLARS},
        ),
        ("kind=interview&kind=report", EVERY_SEED),
        # Together: each filter narrows.
        (
            "agency=chinh-phu&publication=vietnamplus&publication=bao-tin-tuc",
            {DIPLOMATIC_CONFERENCE, STAFF},
        ),
        ("agency=chinh-phu&agency=ttxvn&kind=report", {STAFF}),
    ],
)
def test_several_values_keep_their_meaning(client, seeded, address, expected):
    assert titles(client.get(f"{LIST}?{address}")) == expected


# --- the query's shape ----------------------------------------------------------------------


def _shape(sql: str) -> str:
    """A query with its values taken out: what remains is its structure."""
    sql = re.sub(r"\bIN \((?:[^()']|'[^']*')*\)", "IN (…)", sql)
    sql = re.sub(r"'[^']*'", "'…'", sql)
    return re.sub(r"\b\d+\b", "0", sql)


def _page_queries(client, values: list[str]) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(LIST, {"agency": values})
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_ten_agencies_cost_the_queries_and_joins_that_one_does(client, seeded):
    # Each finds no article (so that the pages run the same queries): the embassy is named
    # by none, the health ministry by none of the foreign ministry's, and no article names
    # ten agencies.
    one = _page_queries(client, ["dai-su-quan-hoa-ky-tai-viet-nam"])
    two = _page_queries(client, ["bo-ngoai-giao", "bo-y-te"])
    ten = _page_queries(client, TEN_AGENCIES)
    assert len(ten) == len(two) == len(one)
    joins = [sum(q.count(" JOIN ") for q in queries) for queries in (one, two, ten)]
    assert joins[0] == joins[1] == joins[2]
    # From two values on, the queries differ only in their values.
    assert [_shape(q) for q in ten] == [_shape(q) for q in two]


@pytest.mark.parametrize("name", ["person", "agency", "country", "body", "conference", "document"])
def test_an_entity_filter_adds_no_join_however_many_values(seeded, name):
    model = ArticleFilter.base_filters[name].queryset.model
    slugs = list(model.objects.order_by("slug").values_list("slug", flat=True)[:MAX_FILTER_VALUES])
    assert len(slugs) >= 2
    for count in (1, 2, len(slugs)):
        filterset = ArticleFilter(
            QueryDict(query(**{name: slugs[:count]})), queryset=Article.objects.published()
        )
        sql = str(filterset.qs.query)
        assert "IN (SELECT" in sql, (name, count)  # the filter applies
        assert " JOIN " not in sql, (name, count)
        assert "DISTINCT" not in sql


def test_outlet_and_kind_are_one_condition_each(seeded):
    filterset = ArticleFilter(
        QueryDict("publication=vietnamplus&publication=dan-tri&kind=interview&kind=report"),
        queryset=Article.objects.published(),
    )
    sql = str(filterset.qs.query)
    assert " JOIN " not in sql
    assert " OR " not in sql
    assert "DISTINCT" not in sql


# --- the limit ------------------------------------------------------------------------------


def test_every_filter_that_takes_several_values_is_limited():
    """A filter added later that takes several values is limited too."""
    several = {
        name
        for name, f in ArticleFilter.base_filters.items()
        if isinstance(f, MultipleChoiceFilter)
    }
    assert several == set(MULTI_VALUE_FILTERS)
    for name in MULTI_VALUE_FILTERS:
        given = [f"value-{i:02}" for i in range(MAX_FILTER_VALUES + 3)]
        filterset = ArticleFilter(QueryDict(query(**{name: given})))
        assert filterset.capped == {name: given[MAX_FILTER_VALUES:]}
        assert filterset.data.getlist(name) == given[:MAX_FILTER_VALUES]


def test_a_value_given_twice_counts_once(client, seeded):
    response = client.get(EN_LIST + "?" + query(agency=["chinh-phu"] * 30 + ["ttxvn"] * 30))
    assert notice(response) == ""
    assert titles(response) == {DIPLOMATIC_CONFERENCE, STAFF}


@pytest.fixture
def twelve_agencies(db):
    """Agencies ag-01 ... ag-12; one article names all twelve, one the first ten, one all
    but the tenth."""
    agencies = [
        AgencyFactory(slug=f"ag-{i:02}", name_vi=f"Cơ quan {i:02}", name_en=f"Agency {i:02}")
        for i in range(1, 13)
    ]
    for title, named in [
        ("Names all twelve", agencies),
        ("Names the first ten", agencies[:10]),
        ("Names all but the tenth", agencies[:9] + agencies[10:]),
    ]:
        article = ArticleFactory(title=title)
        AgencyMention.objects.bulk_create(AgencyMention(article=article, agency=a) for a in named)
    return [a.slug for a in agencies]


def test_values_past_the_limit_are_ignored_and_said_so(client, twelve_agencies):
    assert MAX_FILTER_VALUES == 10
    response = client.get(EN_LIST, {"agency": twelve_agencies})
    assert response.status_code == 200
    # The first ten apply: the article naming only those is found with the one naming all.
    assert titles(response) == {"Names all twelve", "Names the first ten"}
    assert (
        "<strong>Agency</strong>: at most 10 values apply, so the last 2 given were ignored: "
        "“ag-11”, “ag-12”." in notice(response)
    )


def test_many_values_are_quoted_by_the_first_few(client, twelve_agencies):
    given = twelve_agencies + [f"extra-{i}" for i in range(50)]
    response = client.get(EN_LIST, {"agency": given})
    assert titles(response) == {"Names all twelve", "Names the first ten"}
    assert (
        "at most 10 values apply, so the last 52 given were ignored: "
        "“ag-11”, “ag-12”, “extra-0”, …." in notice(response)
    )
    assert "extra-1" not in notice(response)


def remove_links(html: str) -> list[str]:
    box = re.search(r'<section class="active-filters".*?</section>', html, re.S)
    return [unescape(href) for href in re.findall(r'<a href="([^"]+)" aria-label', box.group(0))]


def test_links_start_from_the_values_that_apply(client, twelve_agencies):
    html = client.get(EN_LIST, {"agency": twelve_agencies}).content.decode()
    links = remove_links(html)
    assert len(links) == 10  # one per agency in force, none for those ignored
    # Removing the first leaves the other nine: the ignored ones do not move up to apply.
    assert f"{EN_LIST}?" + query(agency=twelve_agencies[1:10]) in links
    assert not any("ag-11" in link or "ag-12" in link for link in links)


def facet_counts(response, param) -> dict[str, int]:
    html = response.content.decode()
    box = re.search(rf'<h3 id="facet-{param}">.*?</section>', html, re.S)  # folded values too
    return {
        label.strip(): int(count)
        for label, count in re.findall(
            r'(?:<a href="[^"]*">|<span class="selected">)([^<]+)</(?:a|span)> '
            r'<span class="count">(\d+)</span>',
            box.group(0),
        )
    }


def test_facets_count_the_articles_the_values_in_force_find(client, twelve_agencies):
    response = client.get(EN_LIST, {"agency": twelve_agencies, "more": "agency"})
    counts = facet_counts(response, "agency")
    assert counts["Agency 01"] == 2
    assert counts["Agency 10"] == 2
    assert counts["Agency 11"] == 1  # offered to add, though at the limit it would be ignored
    selected = re.findall(r'<span class="selected">(Agency \d+)</span>', response.content.decode())
    assert selected == [f"Agency {i:02}" for i in range(1, 11)]


# --- the audit's shapes ---------------------------------------------------------------------

LONG = "x" * 10_000

LIST_PAGES = [
    # (page, a filter it has that takes one value or several, what it says when ignored)
    (EN_LIST, "agency", "at most 10 values apply"),
    ("/en" + reverse("people:person-list"), "agency", "Given more than once"),
    ("/en" + reverse("people:agency-list"), "kind", "Given more than once"),
    ("/en" + reverse("events:conference-list"), "series", "was given more than once"),
]
OTHER_PAGES = [
    "/en" + reverse("people:country-list"),
    "/en" + reverse("search") + "?q=hoi+nhap",
    "/en" + reverse("home"),
]


def _get(client, url: str, params: str):
    separator = "&" if "?" in url else "?"
    return client.get(f"{url}{separator}{params}")


@pytest.mark.parametrize("count", [12, 32, 60, 200])
def test_many_values_of_one_filter_are_a_page_with_a_message(client, seeded, count):
    agencies = list(Agency.objects.order_by("slug").values_list("slug", flat=True))
    values = (agencies + [f"made-up-{i}" for i in range(count)])[:count]
    for url, name, message in LIST_PAGES:
        given = values if name == "agency" else [f"{name}-{i}" for i in range(count)]
        response = _get(client, url, query(**{name: given}))
        assert response.status_code == 200, (url, count)
        assert message in unescape(response.content.decode()), (url, count)
    for url in OTHER_PAGES:
        assert _get(client, url, query(agency=values)).status_code == 200, url


def test_long_values_are_quoted_short(client, seeded):
    given = [f"{i}{LONG}" for i in range(12)]
    response = client.get(EN_LIST, {"agency": given, "person": LONG})
    assert response.status_code == 200
    said = notice(response)
    assert "at most 10 values apply, so the last 2 given were ignored" in said
    assert "The archive has no official “xxxxxxxx" in said
    assert "x" * 100 not in said  # quoted by its first characters, not in full
    assert titles(response) == EVERY_SEED
    for url, name, _message in LIST_PAGES + [(u, "agency", "") for u in OTHER_PAGES]:
        response = _get(client, url, query(**{name: given}))
        assert response.status_code == 200, url


def test_a_thousand_parameters_are_a_page(client, seeded):
    unknown = "&".join(f"p{i}={'v' * 95}" for i in range(1000))  # about 100 KB
    assert len(unknown) > 100_000
    response = _get(client, EN_LIST, unknown)
    assert response.status_code == 200
    assert titles(response) == EVERY_SEED
    assert notice(response) == ""  # unknown parameters are no filter: nothing to report
    for url, _name, _message in LIST_PAGES:
        assert _get(client, url, unknown).status_code == 200, url
    for url in OTHER_PAGES:  # the search's own q counts: 999 more
        assert _get(client, url, unknown.partition("&")[2]).status_code == 200, url


def test_a_thousand_filter_values_are_a_page_with_a_message_per_filter(client, seeded):
    params = query(**{name: [f"v{i}" for i in range(125)] for name in MULTI_VALUE_FILTERS})
    assert params.count("=") == 1000
    response = _get(client, EN_LIST, params)
    assert response.status_code == 200
    said = notice(response)
    assert said.count("at most 10 values apply, so the last 115 given were ignored") == 8
    assert titles(response) == EVERY_SEED  # the ten left of each are unknown: ignored too


def test_more_parameters_than_django_reads_are_a_bad_request(client, seeded):
    """Django reads at most DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000) parameters; past that the
    address is refused with a 400, not a 500."""
    response = _get(client, EN_LIST, "&".join(f"p{i}=v" for i in range(1001)))
    assert response.status_code == 400


def test_repeated_one_value_filters_are_ignored_and_said_so(client, seeded):
    years = query(year=[str(1950 + i) for i in range(200)], sort=["oldest", "title"] * 100)
    response = _get(client, EN_LIST, years)
    assert response.status_code == 200
    said = notice(response)
    assert "given more than once (“1950”, “1951”, “1952”, …), so ignored" in said
    assert "given more than once (“oldest”, “title”), so ignored" in said
    assert titles(response) == EVERY_SEED


def test_unknown_parameters_change_nothing(client, seeded):
    response = _get(client, EN_LIST, "utm_source=x&agencies=bo-ngoai-giao&AGENCY=ttxvn&=&&x")
    assert response.status_code == 200
    assert titles(response) == EVERY_SEED
    assert notice(response) == ""


def test_a_nul_character_among_many_values_is_still_a_400(client, seeded):
    response = _get(client, EN_LIST, query(agency=TEN_AGENCIES + ["a%00b"] * 5))
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


@pytest.mark.parametrize("path", ["/articles/", "/people/", "/agencies/", "/events/"])
def test_an_address_padded_with_junk_does_not_swell_the_page(seeded, client, path):
    """Links carry the page's own parameters, of sane lengths: not the junk of the address."""
    plain = len(client.get(path).content)
    junk = "&".join(f"x{i}={'z' * 90}" for i in range(900))
    long_values = "&".join(f"agency={'a' * 10_000}-{i}" for i in range(3))
    response = client.get(f"{path}?{junk}&{long_values}")
    assert response.status_code == 200
    assert len(response.content) < plain * 1.5 + 5_000


def test_a_filter_given_no_value_is_an_empty_list_and_one_given_values_holds_them():
    """None chosen is an empty list, which costs nothing to test: the model field's own
    ``QuerySet.none()`` builds its SQL on every test for emptiness (7 filters, every list)."""
    names = ("publication", "person", "agency", "country", "body", "conference", "document")
    found = ArticleFilter(QueryDict("q=hợp+tác"), queryset=Article.objects.published())
    assert found.is_valid()
    assert all(found.form.cleaned_data[name] == [] for name in names), found.form.cleaned_data
    agency = AgencyFactory()
    chosen = ArticleFilter(QueryDict(f"agency={agency.slug}"), queryset=Article.objects.all())
    assert chosen.is_valid()
    assert list(chosen.form.cleaned_data["agency"]) == [agency]
