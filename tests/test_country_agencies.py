"""A country page lists the agencies of that country, and the countries table counts them.

An agency recorded without a country is Viet Nam's (``settings.HOME_COUNTRY_CODE``): the
seed's ministries, Party bodies and committees have none, its two embassies are Cuba's and
the United States'.
"""

import re

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from articles.models import AgencyMention, Article
from people.models import Agency, Country
from people.views import AGENCIES_SHOWN
from tests.factories import AgencyFactory, ArticleFactory, CountryFactory

pytestmark = pytest.mark.django_db

EMPTY_STATE = "The archive records no agency of this country."
BOUND_NOTE = re.compile(r"The first (\d+) of (\d+): those at the top of this country")


def agencies_section(client, url):
    response = client.get(f"/en{url}")
    assert response.status_code == 200, url
    html = response.content.decode()
    start = html.index('aria-labelledby="agencies-heading"')
    return html[start : html.index("</section>", start)]


def listed(section):
    """The names of the agencies listed, in page order."""
    return re.findall(r'<li><a href="/en/agencies/[^"]+">([^<]+)</a>', section)


def vietnamese_count_in_table(client):
    html = client.get("/en/countries/").content.decode()
    row = next(r for r in re.findall(r"<tr>.*?</tr>", html, flags=re.DOTALL) if "Viet Nam" in r)
    return int(re.findall(r'<td class="num">(?:<a [^>]*>)?(\d+)', row)[-1])


def draft_only_agency(**kwargs):
    """An agency that only a draft names: private until the draft is published."""
    agency = AgencyFactory(**kwargs)
    AgencyMention.objects.create(article=ArticleFactory(status=Article.Status.DRAFT), agency=agency)
    return agency


def test_viet_nam_page_lists_agencies_recorded_without_a_country(client, seeded):
    section = agencies_section(client, "/countries/vn/")
    names = listed(section)
    assert "Government of Viet Nam" in names and "Communist Party of Viet Nam" in names  # top level
    assert "Ministry of Foreign Affairs" in names  # under the Government
    assert "Embassy of Cuba in Viet Nam" not in section
    assert "Embassy of the United States in Viet Nam" not in section
    assert EMPTY_STATE not in section


def test_viet_nam_page_in_vietnamese_names_bo_ngoai_giao(client, seeded):
    response = client.get("/countries/vn/")
    html = response.content.decode()
    start = html.index('aria-labelledby="agencies-heading"')
    section = html[start : html.index("</section>", start)]
    assert ">Bộ Ngoại giao</a>" in section
    assert "Đại sứ quán Cuba" not in section


def test_top_level_agencies_come_first_each_with_what_is_under_it(client, seeded):
    names = listed(agencies_section(client, "/countries/vn/"))
    top_level = {"Government of Viet Nam", "National Assembly", "Communist Party of Viet Nam"}
    last_top = max(names.index(n) for n in top_level)
    assert names.index("Ministry of Foreign Affairs") > last_top
    section = agencies_section(client, "/countries/vn/")
    government = next(
        li for li in re.findall(r"<li>.*?</li>", section) if ">Government of Viet Nam<" in li
    )
    children = Agency.objects.filter(parent__slug="chinh-phu").count()
    assert f"{children} bodies under it" in government
    ministry = next(
        li for li in re.findall(r"<li>.*?</li>", section) if ">Ministry of Foreign Affairs<" in li
    )
    assert 'part of <a href="/en/agencies/chinh-phu/">Government of Viet Nam</a>' in ministry


def test_cuba_page_lists_its_embassy_and_no_vietnamese_agency(client, seeded):
    section = agencies_section(client, "/countries/cu/")
    assert listed(section) == ["Embassy of Cuba in Viet Nam"]
    assert "Ministry of Foreign Affairs" not in section
    assert BOUND_NOTE.search(section) is None


def test_a_country_without_agencies_keeps_the_empty_state(client, seeded):
    CountryFactory(code="JP")
    assert EMPTY_STATE in agencies_section(client, "/countries/jp/")


def test_countries_table_counts_the_agencies_recorded_without_a_country(client, seeded):
    draft_only_agency(name_en="Secret Department")
    vietnamese = Agency.objects.filter(Q(country__isnull=True) | Q(country__code="VN"))
    only_drafts = vietnamese.filter(mentions__article__status="draft").exclude(
        mentions__article__status="published"
    )
    expected = vietnamese.exclude(pk__in=only_drafts).count()
    assert expected == vietnamese.count() - 1 > 0
    assert vietnamese_count_in_table(client) == expected
    assert Country.objects.with_counts().get(code="CU").agency_count == 1


def test_an_agency_only_a_draft_names_is_neither_counted_nor_listed(client, seeded):
    before = vietnamese_count_in_table(client)
    draft_only_agency(name_vi="Cục Bí mật", name_en="Secret Department")
    draft_only_agency(name_en="Secret Embassy", country=Country.objects.get(code="CU"))
    assert vietnamese_count_in_table(client) == before
    assert "Secret Department" not in agencies_section(client, "/countries/vn/")
    assert "Secret Embassy" not in agencies_section(client, "/countries/cu/")


def test_a_long_list_is_bounded_and_says_so(client, seeded):
    total = vietnamese_count_in_table(client) + 60
    # Unmentioned, at the top level: they come before the (mentioned) ministries.
    AgencyFactory.create_batch(60)
    section = agencies_section(client, "/countries/vn/")
    names = listed(section)
    assert len(names) == AGENCIES_SHOWN
    assert BOUND_NOTE.search(section).groups() == (str(AGENCIES_SHOWN), str(total))
    assert 'href="/en/agencies/"' in section
    assert "Government of Viet Nam" in names  # the most mentioned of the top level
    assert "Ministry of Foreign Affairs" not in names  # under the Government
    assert vietnamese_count_in_table(client) == total


def test_a_foreign_country_s_long_list_is_bounded_too(client, seeded):
    cuba = Country.objects.get(code="CU")
    AgencyFactory.create_batch(AGENCIES_SHOWN + 5, country=cuba)
    section = agencies_section(client, "/countries/cu/")
    assert len(listed(section)) == AGENCIES_SHOWN
    assert BOUND_NOTE.search(section).groups() == (str(AGENCIES_SHOWN), str(AGENCIES_SHOWN + 6))
    assert "Embassy of Cuba in Viet Nam" in listed(section)  # the mentioned one is kept


def page_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/countries/vn/", "/countries/"])
def test_query_count_does_not_grow_with_the_agencies(client, seeded, url):
    government = Agency.objects.get(slug="chinh-phu")
    AgencyFactory.create_batch(3, parent=government)
    few = page_queries(client, url)
    parents = AgencyFactory.create_batch(30)
    for parent in parents:
        AgencyFactory(parent=parent)
    assert Agency.objects.filter(country__isnull=True).count() > AGENCIES_SHOWN
    assert page_queries(client, url) == few
