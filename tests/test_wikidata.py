"""Wikidata IDs (QIDs) on people, agencies, countries, bodies, conference series and
documents: set in the admin, given by the seed where certain, kept on re-import when staff
changed them, linked from the pages, given as ``sameAs`` in their JSON-LD, in the API and the
exports."""

import io
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, Document, SeedRecord
from articles.seed import SeedError, load_seed
from diplomacy_kb.wikidata import validate_wikidata_id
from events.models import ConferenceSeries
from people.models import Agency, Body, Country, Person
from tests.admin_forms import form_data, shown
from tests.conftest import SEED_FILE
from tests.test_exports import export
from tests.test_html_validity import vnu  # noqa: F401 (a fixture)
from tests.test_linked_data import json_ld

pytestmark = pytest.mark.django_db

WIKIDATA = "https://www.wikidata.org/wiki/"
KINDS = {
    "person": (Person, {"slug": "bui-thanh-son"}),
    "agency": (Agency, {"slug": "bo-ngoai-giao"}),
    "country": (Country, {"code": "CU"}),
    "body": (Body, {"slug": "asem"}),
    "series": (ConferenceSeries, {"slug": "hoi-nghi-ngoai-giao"}),
    "document": (Document, {}),
}


def row(kind: str):
    model, lookup = KINDS[kind]
    rows = model.objects.all() if model is ConferenceSeries else model.objects.public()
    return rows.filter(**lookup).order_by("pk").first()


def with_qid(kind: str, qid: str):
    obj = row(kind)
    obj.wikidata_id = qid
    obj.save()
    return obj


def links_to_wikidata(html: str) -> list[str]:
    return re.findall(r'href="(https://www\.wikidata\.org/wiki/[^"]*)"', html)


def import_seed(*args) -> str:
    out = io.StringIO()
    call_command("import_seed", *args, stdout=out)
    return out.getvalue()


def dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", "people", "events", "articles", stdout=out)
    return out.getvalue()


@pytest.fixture
def seed_copy(tmp_path) -> Path:
    for path in SEED_FILE.parent.iterdir():
        if path.suffix in {".toml", ".txt"}:
            shutil.copy(path, tmp_path / path.name)
    return tmp_path / SEED_FILE.name


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the test's anchor text is gone from {path.name}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- the admin --------------------------------------------------------------------------------

ADMIN_MODELS = (Person, Agency, Country, Body, ConferenceSeries, Document)


def change_url(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


@pytest.mark.parametrize("bad", ["881", "q881", "Q0", "Q12a", "Q 881"])
@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m.__name__)
def test_the_admin_refuses_a_malformed_qid_with_the_rule(admin_client, seeded, model, bad):
    obj = model.objects.order_by("pk").first()
    before = obj.wikidata_id
    url = change_url(obj)
    data = form_data(admin_client.get(url).content.decode(), f"{obj._meta.model_name}_form")
    assert "wikidata_id" in data
    response = admin_client.post(url, data | {"wikidata_id": bad})
    assert response.status_code == 200  # the form again, not a redirect
    assert shown(validate_wikidata_id.message) in response.content.decode()
    obj.refresh_from_db()
    assert obj.wikidata_id == before


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m.__name__)
def test_the_admin_saves_a_qid_and_clears_it(admin_client, seeded, model):
    obj = model.objects.order_by("pk").first()
    url = change_url(obj)
    form_id = f"{obj._meta.model_name}_form"
    data = form_data(admin_client.get(url).content.decode(), form_id)
    assert admin_client.post(url, data | {"wikidata_id": "Q123456"}).status_code == 302
    obj.refresh_from_db()
    assert obj.wikidata_id == "Q123456"
    data = form_data(admin_client.get(url).content.decode(), form_id)
    assert data["wikidata_id"] == "Q123456"
    assert admin_client.post(url, data | {"wikidata_id": ""}).status_code == 302
    obj.refresh_from_db()
    assert obj.wikidata_id == ""


# --- the seed ---------------------------------------------------------------------------------


def test_the_seed_gives_the_certain_qids(seeded):
    assert Country.objects.get(code="VN").wikidata_id == "Q881"
    assert Country.objects.get(code="US").wikidata_id == "Q30"
    assert Body.objects.get(slug="lien-hop-quoc").wikidata_id == "Q1065"
    assert Body.objects.get(slug="hoi-dong-bao-an-lien-hop-quoc").wikidata_id == "Q37470"
    assert Body.objects.get(slug="asem").wikidata_id == ""  # left out: not certain
    assert not Person.objects.exclude(wikidata_id="").exists()
    assert SeedRecord.objects.get(model="people.country", key="VN").values["wikidata_id"] == "Q881"


@pytest.mark.parametrize("bad", ['"q881"', '"Q0"', '"Q881 "', '""', "881"])
def test_a_malformed_qid_in_the_seed_is_refused_naming_the_row(seed_copy, bad):
    edit(seed_copy, 'wikidata = "Q1065"', f"wikidata = {bad}")
    with pytest.raises(SeedError) as caught:
        load_seed(seed_copy)
    assert caught.value.entry == '[[bodies]] #5 (key "lien-hop-quoc")'
    assert caught.value.message.startswith("wikidata must be a Wikidata ID, a capital Q and digits")


def test_an_import_of_a_seed_with_a_malformed_qid_changes_nothing(seeded, seed_copy):
    edit(seed_copy, 'wikidata = "Q30"', 'wikidata = "Q30a"')
    edit(seed_copy, 'name_en = "Politburo"', 'name_en = "Political Bureau"')
    before = dump()
    with pytest.raises(CommandError, match=r'\(code "US"\): wikidata must be a Wikidata ID'):
        import_seed(str(seed_copy))
    assert dump() == before


def test_a_qid_added_to_the_seed_reaches_an_unedited_row(seeded, seed_copy):
    edit(seed_copy, 'key = "asem"', 'key = "asem"\nwikidata = "Q424242"')
    out = import_seed(str(seed_copy))
    assert "body asem: updated from the seed (wikidata)" in out
    assert Body.objects.get(slug="asem").wikidata_id == "Q424242"


def test_a_qid_the_staff_changed_survives_a_reimport(seeded, seed_copy):
    country = Country.objects.get(code="US")
    country.wikidata_id = "Q1234"
    country.save()
    person = Person.objects.get(slug="bui-thanh-son")
    person.wikidata_id = "Q5678"
    person.save()
    edit(seed_copy, 'wikidata = "Q30"', 'wikidata = "Q31"')  # the seed changes it too
    out = import_seed(str(seed_copy))
    assert Country.objects.get(code="US").wikidata_id == "Q1234"
    assert Person.objects.get(slug="bui-thanh-son").wikidata_id == "Q5678"
    assert "country US: edited since the last import (wikidata); kept as it is" in out
    assert "person bui-thanh-son: edited since the last import (wikidata); kept as it is" in out
    import_seed(str(seed_copy), "--force")
    assert Country.objects.get(code="US").wikidata_id == "Q31"
    assert Person.objects.get(slug="bui-thanh-son").wikidata_id == ""


def test_a_record_from_before_qids_were_imported_is_not_taken_for_an_edit(seeded):
    # A database imported before the seed carried QIDs: no QID on the rows, none recorded.
    for record in SeedRecord.objects.all():
        record.values.pop("wikidata_id", None)
        record.save()
    for model in (Person, Agency, Country, Body, ConferenceSeries, Document):
        model.objects.update(wikidata_id="")
    out = import_seed()
    assert "kept" not in out
    assert "country VN: updated from the seed (wikidata)" in out
    assert Country.objects.get(code="VN").wikidata_id == "Q881"


# --- the pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_page_links_to_the_wikidata_item_and_names_it_in_its_json_ld(client, seeded, kind):
    obj = with_qid(kind, "Q424242")
    html = client.get(obj.get_absolute_url()).content.decode()
    assert links_to_wikidata(html) == [WIKIDATA + "Q424242"]
    assert re.search(r"<dt>Wikidata</dt>\s*<dd><a [^>]*>.*Q424242</a></dd>", html)
    assert json_ld(client, obj.get_absolute_url())["sameAs"] == WIKIDATA + "Q424242"
    english = client.get("/en" + obj.get_absolute_url()).content.decode()
    assert links_to_wikidata(english) == [WIKIDATA + "Q424242"]


def test_the_pages_with_a_qid_are_valid_html(client, seeded, vnu):  # noqa: F811
    pages = {}
    for kind in KINDS:
        url = with_qid(kind, "Q424242").get_absolute_url()
        for address in (url, "/en" + url):
            pages[f"{kind} {address}"] = client.get(address).content.decode()
    failures = {label: messages for label, messages in vnu(pages).items() if messages}
    assert not failures


@pytest.mark.parametrize("kind", KINDS)
def test_a_page_without_a_qid_shows_and_claims_none(client, seeded, kind):
    obj = with_qid(kind, "")
    html = client.get(obj.get_absolute_url()).content.decode()
    assert links_to_wikidata(html) == []  # nor a link to the item of a country it names
    assert "<dt>Wikidata</dt>" not in html
    assert "sameAs" not in json_ld(client, obj.get_absolute_url())


@pytest.mark.parametrize("kind", KINDS)
def test_a_qid_costs_the_page_no_query(client, seeded, kind):
    url = with_qid(kind, "").get_absolute_url()
    client.get(url)  # fills what is filled once, whatever the page

    def count_after_saving(qid: str) -> int:
        with_qid(kind, qid)  # a save: the page is rendered again, not served from the cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    without = count_after_saving("")
    assert without > 0
    assert count_after_saving("Q424242") == without


def test_an_article_names_the_qids_of_what_it_mentions(client, seeded):
    body = Body.objects.get(slug="lien-hop-quoc")
    article = Article.objects.published().filter(body_mentions__body=body).first()
    about = json_ld(client, article.get_absolute_url())["about"]
    assert {"@type": "Organization", "sameAs": WIKIDATA + "Q1065"}.items() <= next(
        node for node in about if node["name"] == body.name_vi
    ).items()


# --- the API and the exports --------------------------------------------------------------------

API = {
    "person": "api:person-detail",
    "agency": "api:agency-detail",
    "country": "api:country-detail",
    "body": "api:body-detail",
    "series": "api:series-detail",
    "document": "api:document-detail",
}


@pytest.mark.parametrize("kind", KINDS)
def test_the_api_gives_the_qid(client, seeded, kind):
    obj = with_qid(kind, "Q424242")
    assert client.get(reverse(API[kind], args=[obj.slug])).json()["wikidata_id"] == "Q424242"
    with_qid(kind, "")
    assert client.get(reverse(API[kind], args=[obj.slug])).json()["wikidata_id"] == ""


def test_the_exports_give_the_qids_of_officials_and_series(client, seeded):
    with_qid("person", "Q424242")
    series = with_qid("series", "Q515151")
    people, _ = export(client, "people")
    assert {r["person_wikidata"] for r in people if r["person"] == "Bùi Thanh Sơn"} == {"Q424242"}
    assert {r["person_wikidata"] for r in people if r["person"] != "Bùi Thanh Sơn"} == {""}
    events, _ = export(client, "events")
    assert {r["series_wikidata"] for r in events if r["series"] == series.name_vi} == {"Q515151"}
    assert {r["series_wikidata"] for r in events if r["series"] != series.name_vi} == {""}
