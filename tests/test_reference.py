"""The reference gazetteer (articles/ingest/reference): shipped data and its checks.

No database: the gazetteer is plain data read with the standard library.
"""

import re
import tomllib
import unicodedata
from pathlib import Path

import pytest

from articles.ingest.reference import (
    BodyKind,
    ReferenceBody,
    ReferenceCountry,
    load_bodies,
    load_countries,
    reference_bodies,
    reference_countries,
)
from diplomacy_kb.text import fold

SEED_FILE = Path(__file__).resolve().parents[1] / "fixtures" / "seed.toml"


@pytest.fixture(scope="module")
def countries() -> dict[str, ReferenceCountry]:
    return {country.code: country for country in reference_countries()}


@pytest.fixture(scope="module")
def bodies() -> dict[str, ReferenceBody]:
    return {body.key: body for body in reference_bodies()}


@pytest.fixture(scope="module")
def seed() -> dict:
    return tomllib.loads(SEED_FILE.read_text(encoding="utf-8"))


# --- The shipped files --------------------------------------------------------------------


def test_shipped_files_load_once():
    assert reference_countries() is reference_countries()
    assert reference_bodies() is reference_bodies()
    assert all(isinstance(c, ReferenceCountry) for c in reference_countries())
    assert all(isinstance(b, ReferenceBody) for b in reference_bodies())


def test_country_codes_are_unique_iso_alpha_2():
    codes = [country.code for country in reference_countries()]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in codes)


def test_every_un_member_and_observer_and_the_territories_are_there(countries):
    # 193 UN members, two observer states (VA, PS), and TW, HK, MO.
    assert len(countries) >= 190
    assert {"VA", "PS", "TW", "HK", "MO", "SS", "VN"} <= set(countries)
    assert "XK" not in countries  # Kosovo has no ISO 3166-1 code


def test_every_sovereign_state_in_fakers_list_is_there(countries):
    # An independent list to compare with: Faker ships one (a dependency of factory_boy).
    date_time = pytest.importorskip("faker.providers.date_time")
    theirs = {country.alpha_2_code for country in date_time.Provider.countries}
    assert theirs - {"XK"} <= set(countries)


def test_countries_read_as_the_press_writes_them(countries):
    assert countries["VN"].name_vi == "Việt Nam"
    assert {"Hoa Kỳ", "Mỹ"} <= set(countries["US"].names)
    assert countries["KP"].name_vi == "Triều Tiên"
    assert "CHDCND Triều Tiên" in countries["KP"].names
    assert countries["KR"].name_vi == "Hàn Quốc"
    assert countries["CN"].name_vi == "Trung Quốc"
    assert countries["JP"].name_vi == "Nhật Bản"
    assert countries["KH"].name_vi == "Campuchia"
    assert countries["TH"].name_vi == "Thái Lan"
    assert {"Nga", "Liên bang Nga"} <= set(countries["RU"].names)
    assert {"Anh", "Vương quốc Anh"} <= set(countries["GB"].names)
    assert {"Australia", "Úc", "Ô-xtrây-li-a"} <= set(countries["AU"].names)
    assert {"Argentina", "Ác-hen-ti-na"} <= set(countries["AR"].names)
    assert {"Kuwait", "Cô-oét"} <= set(countries["KW"].names)
    assert {"Myanmar", "Mi-an-ma"} <= set(countries["MM"].names)
    assert countries["DE"].name_en == "Germany"


def test_one_word_names_that_are_ordinary_words_are_flagged(countries):
    for code in ("US", "GB", "FR", "DE", "RU", "IT", "BE", "CZ", "AT", "LA", "JP"):
        assert countries[code].ambiguous, code
    for code in ("VN", "CN", "KR", "KP", "TH", "KH", "CU"):
        assert not countries[code].ambiguous, code


def test_bodies_have_valid_kinds_and_parents(bodies):
    assert len(bodies) >= 80
    assert all(body.kind in BodyKind.choices for body in bodies.values())
    assert all(not body.parent or body.parent in bodies for body in bodies.values())
    assert all(body.parent for body in bodies.values() if body.kind == BodyKind.ORGAN)


def test_un_organs_and_agencies_belong_to_the_un(bodies):
    council = bodies["hoi-dong-bao-an-lien-hop-quoc"]
    assert council.parent == "lien-hop-quoc"
    assert council.kind == BodyKind.ORGAN
    assert "Hội đồng Bảo an" in council.names
    for key in ("dai-hoi-dong-lien-hop-quoc", "unesco", "undp", "fao", "who", "iaea"):
        assert bodies[key].parent == "lien-hop-quoc", key
    assert {"Liên hợp quốc", "LHQ", "UN"} <= set(bodies["lien-hop-quoc"].names)
    assert bodies["arf"].parent == "asean"
    assert bodies["nghi-vien-chau-au"].parent == "eu"


def test_bodies_named_by_abbreviation(bodies):
    by_abbreviation = {body.abbreviation: body.key for body in bodies.values() if body.abbreviation}
    for abbreviation in ("ASEAN", "APEC", "WTO", "IMF", "CPTPP", "EVFTA", "RCEP", "UNCLOS", "NATO"):
        assert abbreviation in by_abbreviation, abbreviation
    assert by_abbreviation["ADMM+"] == "admm-plus"
    assert bodies["unclos"].name_vi == "Công ước Liên hợp quốc về Luật Biển năm 1982"


def test_no_name_belongs_to_two_rows_across_both_files():
    owners: dict[str, str] = {}
    rows = [(c.code, (*c.names, c.name_en)) for c in reference_countries()]
    rows += [(b.key, (*b.names, b.name_en)) for b in reference_bodies()]
    for owner, names in rows:
        for name in {fold(name) for name in names}:
            assert owners.setdefault(name, owner) == owner, (name, owner, owners[name])


def test_names_are_nfc():
    names = [n for c in reference_countries() for n in (*c.names, c.name_en)]
    names += [n for b in reference_bodies() for n in (*b.names, b.name_en)]
    assert all(unicodedata.is_normalized("NFC", name) for name in names)


# --- Agreement with the seed --------------------------------------------------------------


def test_seed_countries_keep_the_seeds_spellings(seed, countries):
    assert seed["countries"]
    for row in seed["countries"]:
        country = countries[row["code"]]
        assert country.name_vi == row["name_vi"]
        assert country.name_en == row["name_en"]
        assert set(row.get("other_names", [])) <= set(country.other_names)


def test_seed_bodies_keep_the_seeds_spellings(seed, bodies):
    assert seed["bodies"]
    for row in seed["bodies"]:
        body = bodies[row["key"]]
        assert body.name_vi == row["name_vi"], row["key"]
        assert body.name_en == row["name_en"], row["key"]
        assert body.abbreviation == row.get("abbreviation", ""), row["key"]
        assert body.kind == row["kind"], row["key"]
        assert body.parent == row.get("parent", ""), row["key"]
        assert set(row.get("other_names", [])) <= set(body.other_names), row["key"]


# --- The checks refuse bad files ----------------------------------------------------------

GOOD_COUNTRY = """
[[countries]]
code = "VN"
name_vi = "Việt Nam"
name_en = "Viet Nam"
other_names = ["Vietnam"]

[[countries]]
code = "US"
name_vi = "Hoa Kỳ"
name_en = "United States"
other_names = ["Mỹ"]
ambiguous = true
"""

GOOD_BODIES = """
[[bodies]]
key = "lien-hop-quoc"
name_vi = "Liên hợp quốc"
name_en = "United Nations"
abbreviation = "UN"
kind = "organisation"

[[bodies]]
key = "hoi-dong-bao-an-lien-hop-quoc"
name_vi = "Hội đồng Bảo an Liên hợp quốc"
name_en = "United Nations Security Council"
abbreviation = "UNSC"
kind = "organ"
parent = "lien-hop-quoc"
"""


def write(tmp_path: Path, text: str, name: str = "reference.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_files_load_from_any_path(tmp_path):
    countries = load_countries(write(tmp_path, "schema = 1\n" + GOOD_COUNTRY))
    assert [c.code for c in countries] == ["VN", "US"]
    assert countries[1] == ReferenceCountry("US", "Hoa Kỳ", "United States", ("Mỹ",), True)
    bodies = load_bodies(write(tmp_path, "schema = 1\n" + GOOD_BODIES))
    assert bodies[1].parent == "lien-hop-quoc"
    assert bodies[0].names == ("Liên hợp quốc", "UN")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("schema = 1\n[[countries]\ncode = 'VN'", r"not valid TOML"),
        ("schema = 2\n" + GOOD_COUNTRY, r"schema = 2"),
        (GOOD_COUNTRY, r"schema = None"),
        ("schema = 1\n", r"no \[\[countries\]\] rows"),
        (
            "schema = 1\n" + GOOD_COUNTRY.replace('code = "US"', 'code = "VN"'),
            r"#2 \(line \d+\) \(code 'VN'\): 'VN' is already used by \[\[countries\]\] #1",
        ),
        ("schema = 1\n" + GOOD_COUNTRY.replace('"US"', '"us"'), r"code 'us' is not two capital"),
        ("schema = 1\n" + GOOD_COUNTRY.replace('"US"', '"USA"'), r"code 'USA' is not two capital"),
        ("schema = 1\n" + GOOD_COUNTRY.replace('"Hoa Kỳ"', '""'), r"\(code 'US'\): has an empty"),
        (
            "schema = 1\n" + GOOD_COUNTRY.replace('["Mỹ"]', '["Mỹ", "Vietnam"]'),
            r"\(code 'US'\): name 'Vietnam' is also a name of \[\[countries\]\] #1",
        ),
        (
            "schema = 1\n" + GOOD_COUNTRY.replace('["Mỹ"]', '["Mỹ", "VIỆT NAM"]'),
            r"name 'VIỆT NAM' is also a name of .*'Việt Nam'.* once folded",
        ),
        (
            "schema = 1\n" + GOOD_COUNTRY.replace('["Mỹ"]', '["Mỹ", "MỸ"]'),
            r"\(code 'US'\): name 'MỸ' repeats 'Mỹ' once folded",
        ),
        (
            "schema = 1\n"
            + GOOD_COUNTRY.replace('"Hoa Kỳ"', f'"{unicodedata.normalize("NFD", "Hoa Kỳ")}"'),
            r"\(code 'US'\): name .* is not NFC",
        ),
        ("schema = 1\n" + GOOD_COUNTRY.replace('"Hoa Kỳ"', '"Hoa  Kỳ"'), r"stray whitespace"),
        ("schema = 1\n" + GOOD_COUNTRY.replace("other_names", "other_name"), r"unknown field"),
        ("schema = 1\n" + GOOD_COUNTRY.replace('["Mỹ"]', '"Mỹ"'), r"'other_names' must be a list"),
        ("schema = 1\n" + GOOD_COUNTRY.replace('["Mỹ"]', "[1]"), r"must hold strings only"),
        (
            "schema = 1\n" + GOOD_COUNTRY.replace('["Mỹ"]', "[]"),
            r"ambiguous = true, but every name has a space",
        ),
        ("schema = 1\n" + GOOD_COUNTRY.replace('name_en = "United States"\n', ""), r"missing"),
    ],
)
def test_bad_countries_file_is_refused(tmp_path, text, message):
    path = write(tmp_path, text, "countries.toml")
    with pytest.raises(ValueError, match=re.escape(str(path)) + r": .*" + message):
        load_countries(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD_BODIES.replace('parent = "lien-hop-quoc"', 'parent = "un"'), r"parent 'un' is not"),
        (GOOD_BODIES.replace('parent = "lien-hop-quoc"\n', ""), r"an organ needs a parent"),
        (GOOD_BODIES.replace('kind = "organisation"', 'kind = "club"'), r"kind 'club' is not"),
        (
            GOOD_BODIES.replace('key = "lien-hop-quoc"', 'key = "Liên hợp quốc"'),
            r"#1 \(line \d+\) \(key 'Liên hợp quốc'\): key .* is not an ASCII slug",
        ),
        (
            GOOD_BODIES.replace('abbreviation = "UNSC"', 'abbreviation = "HĐBA"'),
            r"abbreviation 'HĐBA' must be Latin letters",
        ),
        (
            GOOD_BODIES.replace('abbreviation = "UNSC"', 'abbreviation = "UN"'),
            r"\(key 'hoi-dong-bao-an-lien-hop-quoc'\): name 'UN' is also a name of",
        ),
        (
            GOOD_BODIES.replace(
                'kind = "organisation"', 'kind = "forum"\nparent = "lien-hop-quoc"'
            ),
            r"parents form a loop: lien-hop-quoc -> lien-hop-quoc",
        ),
        (
            GOOD_BODIES.replace('key = "hoi-dong-bao-an-lien-hop-quoc"', 'key = "lien-hop-quoc"'),
            r"'lien-hop-quoc' is already used by \[\[bodies\]\] #1",
        ),
    ],
)
def test_bad_bodies_file_is_refused(tmp_path, text, message):
    path = write(tmp_path, "schema = 1\n" + text, "bodies.toml")
    with pytest.raises(ValueError, match=re.escape(str(path)) + r": .*" + message):
        load_bodies(path)
