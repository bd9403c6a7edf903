"""`manage.py export_data` and `import_data`, and the /data/ page: the public data package
(Frictionless) survives a round trip into an empty database file for file and page for page,
never holds a draft, describes its files truly, and a bad package or a database that is not
empty changes nothing."""

import csv
import datetime
import hashlib
import io
import json
import re
import shutil
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection
from django.urls import reverse

from articles.models import Article, Segment
from articles.search_index import rebuild
from datapackage.export import DESCRIPTOR, JSON_FILE, ZIP_FILE
from datapackage.load import content_counts
from datapackage.schema import CONTENT_APPS, tables
from figures.models import FigureTopic, KeyFigure
from people.models import Person
from tests.factories import ArticleFactory, PersonFactory, PersonMentionFactory, SegmentFactory
from tests.pages import public_pages


def export(folder):
    out = io.StringIO()
    call_command("export_data", "--output", str(folder), stdout=out)
    return out.getvalue()


def import_data(path):
    out = io.StringIO()
    call_command("import_data", str(path), stdout=out)
    return out.getvalue()


def files(folder):
    """{relative path: bytes} of every file under ``folder``."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def pages(client, listed):
    found = {}
    for label, url in listed:
        response = client.get(url)
        found[label] = (response.status_code, response.content.decode())
    return found


def empty_content():
    """Delete every row of the archive's tables (derived ones and the kept counts too), as a
    freshly migrated database has none."""
    from django.apps import apps

    tables_ = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in CONTENT_APPS and not model._meta.proxy
    }
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for statement in connection.ops.sql_flush(
            no_style(), sorted(tables_), reset_sequences=True
        ):
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    assert not Article.objects.exists() and not content_counts()


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as file:
        return list(csv.reader(file))


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)


def fix_descriptor(folder, name):
    """Make datapackage.json agree with the file of resource ``name`` again (size, hash)."""
    descriptor = json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] == name:
            data = (folder / resource["path"]).read_bytes()
            resource["bytes"] = len(data)
            resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
    (folder / DESCRIPTOR).write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def package(seeded, tmp_path):
    folder = tmp_path / "package"
    export(folder)
    return folder


# --- the round trip ------------------------------------------------------------------------------


def test_export_import_export_gives_the_same_files_and_the_same_pages(seeded, client, tmp_path):
    # Search results of equal score come in the order of the index rows' ids: compare with
    # the index rebuilt from scratch, as import_data leaves it.
    rebuild(from_scratch=True)
    listed = public_pages()
    before = pages(client, listed)
    first = tmp_path / "a"
    message = export(first)
    assert re.search(r"Data package \d{4}\.\d\d\.\d\d\.1 written", message)
    # The seeds hold what the round trip must keep: answers with speakers, linked titles,
    # conferences held together.
    assert Segment.objects.filter(speaker__isnull=False).exists()

    empty_content()
    assert client.get(listed[0][1]).content.decode() != before[listed[0][0]][1]
    message = import_data(first / ZIP_FILE)
    assert "loaded from" in message

    second = tmp_path / "b"
    export(second)
    before_files, after_files = files(first), files(second)
    assert sorted(before_files) == sorted(after_files)
    assert {"datapackage.json", "diplomacy-kb.json", "diplomacy-kb-data.zip"} <= set(before_files)
    for name in before_files:
        assert before_files[name] == after_files[name], name
    after = pages(client, listed)
    for label, _url in listed:
        assert after[label] == before[label], label


def test_an_import_into_a_database_with_content_is_refused_and_changes_nothing(package):
    held = content_counts()
    with pytest.raises(CommandError, match="The database is not empty"):
        import_data(package)
    assert content_counts() == held


def test_import_resets_the_sequences_so_new_rows_get_new_ids(package):
    highest = Person.objects.order_by("-pk").first().pk
    empty_content()
    import_data(package)
    assert PersonFactory().pk > highest


# --- what the package says -------------------------------------------------------------------


def test_the_descriptor_describes_its_files_truly(package):
    descriptor = json.loads((package / DESCRIPTOR).read_text(encoding="utf-8"))
    assert descriptor["name"] == "diplomacy-kb"
    assert re.fullmatch(r"\d{4}\.\d\d\.\d\d\.1", descriptor["version"])
    created = datetime.datetime.fromisoformat(descriptor["created"])
    assert created.tzinfo is not None
    latest = Article.objects.published().latest("updated_at").updated_at
    assert created == latest  # the date of the data, not of the export
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert "drafts" in descriptor["description"].lower()
    assert "copyright" in descriptor["description"]
    names = {resource["name"] for resource in descriptor["resources"]}
    assert {"articles_article", "people_person", "events_conference_held_with"} <= names
    assert not names & {"articles_searchentry", "articles_fingerprintband", "articles_seedrecord"}
    whole = json.loads((package / JSON_FILE).read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        assert re.fullmatch(r"[a-z0-9._-]+", resource["name"])
        data = (package / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data), resource["path"]
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert resource["encoding"] == "utf-8" and not data.startswith(b"\xef\xbb\xbf")
        if resource["profile"] != "tabular-data-resource":
            assert resource["path"] == JSON_FILE
            continue
        assert resource["format"] == "csv" and resource["mediatype"] == "text/csv"
        schema = resource["schema"]
        columns = [field["name"] for field in schema["fields"]]
        rows = read_csv(package / resource["path"])
        assert rows[0] == columns, resource["path"]
        assert resource["rows"] == len(rows) - 1 == len(whole["tables"][resource["name"]])
        assert set(schema["primaryKey"]) <= set(columns)
        ids = [int(row[columns.index("id")]) for row in rows[1:]]
        assert ids == sorted(ids)
        for field in schema["fields"]:
            assert field["type"] in {
                "string",
                "integer",
                "number",
                "boolean",
                "date",
                "datetime",
                "object",
                "array",
            }
            assert field["title"]
            assert "required" in field["constraints"]
        for key in schema.get("foreignKeys", []):
            assert set(key["fields"]) <= set(columns)
            assert key["reference"]["resource"] in names | {""}
    person = next(r for r in descriptor["resources"] if r["name"] == "people_person")
    fields = {field["name"]: field for field in person["schema"]["fields"]}
    assert fields["name"]["description"].startswith("As written, with diacritics")
    assert fields["nationality_id"]["type"] == "integer"
    assert {
        "fields": ["nationality_id"],
        "reference": {"resource": "people_country", "fields": ["id"]},
    } in person["schema"]["foreignKeys"]
    assert fields["other_names"]["type"] == "array"
    article = next(r for r in descriptor["resources"] if r["name"] == "articles_article")
    types = {field["name"]: field["type"] for field in article["schema"]["fields"]}
    assert types["date"] == "date" and types["created_at"] == "datetime"
    with zipfile.ZipFile(package / ZIP_FILE) as archive:
        assert archive.read(DESCRIPTOR) == (package / DESCRIPTOR).read_bytes()
        assert archive.read("data/people_person.csv") == (package / person["path"]).read_bytes()


def test_the_package_holds_no_draft_nor_what_only_a_draft_names(seeded, tmp_path):
    publication = Article.objects.published().first().publication
    secret = PersonFactory(name="Người Chỉ Bản Nháp Nêu", slug="nguoi-chi-ban-nhap-neu")
    draft = ArticleFactory(
        title="Bản nháp chưa đăng",
        slug="ban-nhap-chua-dang",
        publication=publication,
        status=Article.Status.DRAFT,
    )
    segment = SegmentFactory(
        article=draft, text="Đoạn văn bí mật của bản nháp: 321 dự án.", anchor="p1", position=1
    )
    PersonMentionFactory(article=draft, person=secret)
    # A key figure only the draft states, of a topic only it states.
    topic = FigureTopic.objects.create(slug="du-an-bi-mat", name_vi="Dự án bí mật")
    KeyFigure.objects.create(
        article=draft, segment=segment, topic=topic, value=321, unit="dự án", as_written="321 dự án"
    )
    known = Person.objects.get(slug="bui-thanh-son")
    PersonMentionFactory(article=draft, person=known)  # a public person named by the draft too
    folder = tmp_path / "package"
    export(folder)
    everything = b"".join(files(folder).values()).decode("utf-8", errors="replace")
    for text in (
        "Bản nháp chưa đăng",
        "ban-nhap-chua-dang",
        "bí mật",
        "nguoi-chi-ban-nhap-neu",
        "du-an-bi-mat",
    ):
        assert text not in everything
    with zipfile.ZipFile(folder / ZIP_FILE) as archive:
        zipped = b"".join(archive.read(name) for name in archive.namelist()).decode()
    assert "ban-nhap-chua-dang" not in zipped
    mentions = read_csv(folder / "data" / "articles_personmention.csv")
    article_ids = {row[1] for row in mentions[1:]}
    assert str(draft.pk) not in article_ids and article_ids
    assert "bui-thanh-son" in (folder / "data" / "people_person.csv").read_text(encoding="utf-8")
    # The seed's public figures are in it.
    assert len(read_csv(folder / "data" / "figures_keyfigure.csv")) > 1


# --- bad packages ----------------------------------------------------------------------------


def _corrupt_copy(package, tmp_path, name, change, *, fix=True):
    folder = tmp_path / "corrupt"
    shutil.copytree(package, folder)
    path = folder / "data" / f"{name}.csv"
    rows = read_csv(path)
    change(rows)
    write_csv(path, rows)
    if fix:
        fix_descriptor(folder, name)
    return folder


def _set(column, value, row=1):
    def change(rows):
        rows[row][rows[0].index(column)] = value

    return change


def _swap_last_letter(column):
    """The same size, another content: only the hash can tell."""

    def change(rows):
        index = rows[0].index(column)
        value = rows[1][index]
        rows[1][index] = value[:-1] + ("b" if value[-1] == "a" else "a")

    return change


def _drop(column):
    def change(rows):
        index = rows[0].index(column)
        for row in rows:
            del row[index]

    return change


@pytest.mark.parametrize(
    ("name", "change", "fix", "message"),
    [
        (
            "people_person",
            _swap_last_letter("name"),
            False,
            r"data/people_person\.csv does not match the SHA-256 hash",
        ),
        (
            "people_person",
            _drop("slug"),
            True,
            r"data/people_person\.csv: its header row is id, name, name_order",
        ),
        (
            "people_person",
            _set("name", "Bùi\x00Thanh Sơn", row=2),
            True,
            r"data/people_person\.csv, row 3, column name: it holds a NUL character",
        ),
        (
            "articles_article",
            _set("date", "2016-13-45"),
            True,
            r"data/articles_article\.csv, row 2, column date: '2016-13-45' is not a date",
        ),
        (
            "articles_segment",
            _set("article_id", "12x"),
            True,
            r"data/articles_segment\.csv, row 2, column article_id: '12x' is not an integer",
        ),
    ],
    ids=["bad hash", "missing column", "NUL", "malformed date", "malformed integer"],
)
def test_a_bad_package_is_refused_clearly_and_changes_nothing(
    package, tmp_path, name, change, fix, message
):
    folder = _corrupt_copy(package, tmp_path, name, change, fix=fix)
    empty_content()
    with pytest.raises(CommandError, match=message) as raised:
        import_data(folder)
    if fix:  # found while loading: after some tables were written, all taken back
        assert "Nothing was changed in the database" in str(raised.value)
    assert content_counts() == {}
    assert not Article.objects.exists()


def test_a_missing_file_or_descriptor_is_refused(package, tmp_path):
    folder = tmp_path / "incomplete"
    shutil.copytree(package, folder)
    (folder / "data" / "people_agency.csv").unlink()
    empty_content()
    with pytest.raises(CommandError, match=r"data/people_agency\.csv is missing"):
        import_data(folder)
    (folder / DESCRIPTOR).unlink()
    with pytest.raises(CommandError, match=r"holds no datapackage\.json"):
        import_data(folder)
    assert content_counts() == {}


# --- the /data/ page and its files ------------------------------------------------------------


def test_the_data_page_says_plainly_when_no_package_was_exported(db, client, settings, tmp_path):
    settings.DATA_PACKAGE_DIR = tmp_path / "nothing"
    response = client.get("/en/data/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "No data package has been published yet" in html
    assert ZIP_FILE not in html
    assert client.get(reverse("datapackage:index")).status_code == 200
    assert client.get(f"/data/{DESCRIPTOR}").status_code == 404


def test_the_data_page_shows_the_latest_package(
    package, client, settings, django_assert_max_num_queries
):
    settings.DATA_PACKAGE_DIR = package
    descriptor = json.loads((package / DESCRIPTOR).read_text(encoding="utf-8"))
    for url in ("/en/data/", "/data/"):
        with django_assert_max_num_queries(2):
            response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert descriptor["version"] in html
        assert f'href="{url}{ZIP_FILE}"' in html
        assert f'href="{url}{DESCRIPTOR}"' in html
        assert "https://creativecommons.org/licenses/by/4.0/" in html
        articles = next(r for r in descriptor["resources"] if r["name"] == "articles_article")
        assert re.search(
            rf"articles_article</code></a></th>\s*<td lang=\"en\">Articles</td>\s*"
            rf"<td>{articles['rows']}</td>",
            html,
        )
        assert f'datetime="{descriptor["created"]}"' in html
    english = client.get("/en/data/").content.decode()
    assert "The tables of the package" in english
    assert "copyright of the outlets" in english


def test_the_data_files_are_served_and_nothing_else(package, client, settings):
    settings.DATA_PACKAGE_DIR = package
    (package / "secret.txt").write_text("not part of the package")
    response = client.get(f"/data/{DESCRIPTOR}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == (package / DESCRIPTOR).read_bytes()
    response = client.get("/en/data/data/people_person.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert b"".join(response.streaming_content).startswith(b"id,name,slug")
    response = client.get(f"/data/{ZIP_FILE}")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    for bad in (
        "/data/secret.txt",
        "/data/../manage.py",
        "/data/data/../datapackage.json",
        "/data/%2e%2e/%2e%2e/manage.py",
        "/data//etc/passwd",
        "/data/%2Fetc%2Fpasswd",
        f"/data/{package}/{DESCRIPTOR}",
        "/data/data/",
    ):
        assert client.get(bad).status_code == 404, bad
    assert client.post(f"/data/{DESCRIPTOR}").status_code == 405


def test_every_exported_table_has_a_schema_of_known_types(db):
    exported = tables()
    names = [table.name for table in exported]
    assert len(names) == len(set(names))
    positions = {table.model: number for number, table in enumerate(exported)}
    for table in exported:
        for field in table.foreign_keys():
            if field.related_model is not table.model:
                assert positions[field.related_model] < positions[table.model], table.name
