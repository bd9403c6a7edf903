"""`manage.py backup` and `restore`: everything the archive holds survives a round trip into an
empty database (every public page the same, in both languages and in search; the history,
the admin log, users and their permissions; every row the same), the derived data is rebuilt,
and a bad file or a database that is not empty changes nothing."""

import gzip
import io
import json
import re
import zipfile

import pytest
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.urls import reverse
from reversion.models import Revision, Version

from articles.models import Article, FingerprintBand, SearchEntry, Segment
from articles.search_index import rebuild
from diplomacy_kb.backups import MANIFEST
from events.models import Conference
from tests.admin_forms import form_data
from tests.factories import ArticleFactory, SegmentFactory
from tests.pages import public_pages

PASSWORD = "mật-khẩu-dài-cho-lan-2026"

# Pages beyond tests/pages.py that read the search index (articles, answers, entities).
SEARCH_PAGES = [
    ("search, an answer's words", "/search/?q=h%E1%BB%99i+nh%E1%BA%ADp+qu%E1%BB%91c+t%E1%BA%BF"),
    ("search, a phrase", '/search/?q="ngoai+giao"'),
    ("search, an agency", "/search/?q=bo+ngoai+giao"),
    ("search, the edited title", "/search/?q=sao+luu"),
    ("search, the draft's words (never found)", "/search/?q=ban+nhap+bi+mat"),
    ("articles list, words", "/articles/?q=hoi+nhap"),
    ("en search", "/en/search/?q=bui+thanh+son"),
    ("en articles list, words", "/en/articles/?q=ngoai+giao"),
]


@pytest.fixture(autouse=True)
def _fresh_content_type_cache():
    """empty_database() gives content types other ids, which the rollback at the end of the
    test takes back: the cache must not keep them for the next test."""
    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def archive(seeded, client, django_capture_on_commit_callbacks):
    """The seeds plus what only editors make: an article edited in the admin (its history and
    the admin log), a draft, a staff user in two groups, a permission and a content type that
    `migrate` would not create (a model since removed), conferences held together."""
    admin = User.objects.create_superuser("bientap", "bientap@example.org", PASSWORD)
    client.force_login(admin)
    article = Article.objects.published().order_by("pk").first()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url).content.decode(), "article_form")
    data |= {"title": article.title + " (sao lưu)", "segments-0-text": "Đoạn mở đầu đã sửa."}
    # As at a commit: the fingerprints follow the new text.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    client.logout()

    with django_capture_on_commit_callbacks(execute=True):
        draft = ArticleFactory(title="Bản nháp bí mật", status=Article.Status.DRAFT)
        SegmentFactory(article=draft, text="Bản nháp bí mật chưa công bố, đủ dài để so sánh.")

    retired = ContentType.objects.create(app_label="retired", model="oldthing")
    export = Permission.objects.create(
        codename="export_oldthing", name="Can export old things", content_type=retired
    )
    researchers = Group.objects.create(name="Researchers")
    researchers.permissions.add(export, Permission.objects.get(codename="view_article"))
    lan = User.objects.create_user("lan", "lan@example.org", PASSWORD, is_staff=True)
    lan.groups.add(Group.objects.get(name="Editor"), researchers)
    LogEntry.objects.create(
        user=admin,
        content_type=retired,
        object_id="7",
        object_repr="An old thing",
        action_flag=ADDITION,
    )
    first, second = Conference.objects.order_by("pk")[:2]
    first.held_with.add(second)
    return {"edited": article, "draft": draft}


def pages(client, listed):
    """{label: (status, html)} of each (label, url)."""
    found = {}
    for label, url in listed:
        response = client.get(url)
        found[label] = (response.status_code, response.content.decode())
    return found


def rows():
    """Every row of every table but sessions, content types and permissions (their ids differ
    from one migrated database to the next), as Django serialises it; derived rows without
    their ids (they are rebuilt), and the kept counts by what they count."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label
        if label in ("sessions.Session", "contenttypes.ContentType", "auth.Permission"):
            continue
        queryset = model._base_manager.order_by("pk")
        if model._meta.auto_created:  # a many-to-many table: the pairs, by natural key
            fields = [f.name for f in model._meta.fields if f.is_relation]
            found[label] = sorted(
                tuple(_natural(getattr(row, name)) for name in fields) for row in queryset
            )
        elif not model._meta.managed:  # the kept counts (tallies): what they count
            fields = [f.attname for f in model._meta.fields if not f.primary_key]
            found[label] = sorted(
                tuple(str(getattr(row, name)) for name in fields)
                for row in queryset
                if row.articles  # a count fallen to 0 may stay as a row, or not be there
            )
        elif model in (SearchEntry, FingerprintBand):
            found[label] = sorted(
                tuple(str(getattr(row, f.attname)) for f in model._meta.fields if not f.primary_key)
                for row in queryset
            )
        else:
            natural_pk = model is Group
            data = serializers.serialize(
                "python",
                queryset,
                use_natural_foreign_keys=True,
                use_natural_primary_keys=natural_pk,
            )
            found[label] = sorted(data, key=repr)
    found["stale content types"] = sorted(
        (ct.app_label, ct.model) for ct in ContentType.objects.filter(app_label="retired")
    )
    found["hand-made permissions"] = sorted(
        p.natural_key() for p in Permission.objects.filter(content_type__app_label="retired")
    )
    return found


def _natural(obj):
    return obj.natural_key() if hasattr(obj, "natural_key") else obj.pk


def empty_database():
    """Make the database what `migrate` leaves: no content, the Editor group without its
    permissions (the backup brings them), and content types and permissions under other ids
    than the backed-up database's, so that only natural keys can find them."""
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE wants no checks pending
        for statement in connection.ops.sql_flush(no_style(), tables, reset_sequences=True):
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    ContentType.objects.clear_cache()
    ContentType.objects.create(app_label="placeholder", model="first")  # shifts every id
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    Group.objects.create(name="Editor")
    assert not Article.objects.exists() and not User.objects.exists()


@pytest.fixture
def backup_file(archive, tmp_path):
    path = tmp_path / "kb.zip"
    call_command("backup", str(path), stdout=io.StringIO())
    return path


def restore(path, *args):
    out = io.StringIO()
    call_command("restore", str(path), *args, stdout=out)
    return out.getvalue()


def test_a_backup_restored_into_an_empty_database_gives_back_the_same_archive(
    archive, client, tmp_path
):
    # Search results of equal score come in the order of the index rows' ids (see
    # articles/search.py), which any rebuild from scratch renumbers, restore or not: compare
    # with the index rebuilt from scratch, as `rebuild_search_index --from-scratch` leaves it.
    rebuild(from_scratch=True)
    listed = [*public_pages(), *SEARCH_PAGES]  # the addresses, read from the seeds
    before_pages, before_rows = pages(client, listed), rows()
    edited = archive["edited"]
    history_url = reverse("admin:articles_article_history", args=[edited.pk])
    # The seeds have what the round trip must keep: answers, linked titles, held-with pairs.
    assert Segment.objects.filter(kind=Segment.Kind.ANSWER).exists()
    assert before_rows["articles.PersonMention_positions"]
    assert before_rows["events.Conference_held_with"]
    assert "Bản nháp bí mật" not in before_pages["search, the draft's words (never found)"][1]
    assert "sao lưu" in before_pages["search, the edited title"][1]

    path = tmp_path / "kb.zip"
    out = io.StringIO()
    call_command("backup", str(path), stdout=out)
    assert f"Backed up to {path}" in out.getvalue()
    assert "6 articles" in out.getvalue()

    empty_database()
    assert pages(client, listed)["home"] != before_pages["home"]  # the comparison below can fail

    out = restore(path)
    assert "Restored" in out and "6 articles" in out

    after_pages = pages(client, listed)
    assert after_pages.keys() == before_pages.keys()
    for label, (status, html) in before_pages.items():
        assert after_pages[label][0] == status, label
        assert after_pages[label][1] == html, f"{label} differs after the restore"
    after_rows = rows()
    for label, values in before_rows.items():
        assert after_rows[label] == values, f"{label} differs after the restore"

    # The history survives: the revision is listed, and opening it shows what it recorded.
    admin = User.objects.get(username="bientap")
    client.force_login(admin)
    history = client.get(history_url).content.decode()
    revision_urls = re.findall(rf'href="([^"]*/{edited.pk}/history/\d+/)"', history)
    assert len(revision_urls) == 1 and "bientap" in history
    recorded = client.get(revision_urls[0]).content.decode()
    assert "Đoạn mở đầu đã sửa." in recorded
    version = Version.objects.get_for_object(edited).get()
    assert version.content_type == ContentType.objects.get_for_model(Article)
    assert version.revision.user == admin
    log = client.get(reverse("admin:index")).content.decode()
    assert "An old thing" in log  # the admin log's entry about a model since removed

    # The staff user logs in with the same password, with the same permissions.
    client.logout()
    index = reverse("admin:index")
    response = client.post(
        reverse("admin:login"), {"username": "lan", "password": PASSWORD, "next": index}
    )
    assert response.status_code == 302 and response["Location"] == index
    lan = User.objects.get(username="lan")
    assert lan.has_perm("retired.export_oldthing")
    assert lan.has_perm("articles.publish_article")  # through the Editor group

    # New rows get new ids: the sequences follow the restored rows.
    new = ArticleFactory()
    assert new.pk > max(row["pk"] for row in before_rows["articles.Article"])


def test_restore_keeps_each_articles_timestamps(backup_file):
    stamps = dict(Article.objects.values_list("pk", "updated_at"))
    empty_database()
    restore(backup_file)
    assert dict(Article.objects.values_list("pk", "updated_at")) == stamps


def test_a_backup_holds_no_derived_rows_and_names_its_schema_and_counts(backup_file):
    assert backup_file.stat().st_mode & 0o077 == 0  # password hashes: for its owner only
    with zipfile.ZipFile(backup_file) as archive:
        manifest = json.loads(archive.read(MANIFEST))
        names = set(archive.namelist())
        lines = archive.read("data/reversion.version.jsonl").decode().splitlines()
    versions = [json.loads(line) for line in lines]
    assert manifest["format"] == "diplomacy-kb-backup"
    assert manifest["created"][:4].isdigit()
    assert "articles.0007_text_fingerprint_bands" in manifest["migrations"]
    listed = {entry["model"]: entry["count"] for entry in manifest["models"]}
    assert listed["articles.article"] == Article.objects.count() == 6
    assert listed["auth.user"] == 2 and listed["reversion.revision"] == 1
    assert listed["admin.logentry"] == LogEntry.objects.count()
    assert listed["contenttypes.contenttype"] == 1  # only the one `migrate` would not make
    assert listed["auth.permission"] == 1
    for derived in ("articles.searchentry", "articles.fingerprintband", "sessions.session"):
        assert derived not in listed and f"data/{derived}.jsonl" not in names
    assert manifest["derived"]["articles.searchentry"] == SearchEntry.objects.count()
    # Content types by natural key, not by id.
    assert {tuple(v["fields"]["content_type"]) for v in versions} >= {("articles", "article")}


def test_restore_refuses_a_database_that_holds_content_and_changes_nothing(backup_file):
    ArticleFactory(title="Thêm sau khi sao lưu")
    before = rows()
    with pytest.raises(CommandError, match=r"not empty: it holds \d+ .*--force to replace"):
        restore(backup_file)
    assert rows() == before


def test_restore_with_force_replaces_what_the_database_holds(backup_file, client):
    expected = rows()
    later = ArticleFactory(title="Thêm sau khi sao lưu")
    client.force_login(User.objects.get(username="lan"))
    assert Session.objects.exists()
    out = restore(backup_file, "--force")
    assert "Deleted the" in out
    assert not Article.objects.filter(pk=later.pk).exists()
    assert not Session.objects.exists()  # a session names a user id, perhaps another's now
    assert rows() == expected


def test_restore_check_reads_the_file_and_writes_nothing(backup_file):
    empty_database()
    out = restore(backup_file, "--check")
    assert "is a whole backup" in out and "Nothing was written" in out
    assert not Article.objects.exists()


def test_backup_never_overwrites_a_file(archive, tmp_path):
    path = tmp_path / "kb.zip"
    path.write_bytes(b"an older backup")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(path))
    assert path.read_bytes() == b"an older backup"
    assert [p.name for p in tmp_path.iterdir()] == ["kb.zip"]  # no partial file left


def _rewrite(source, target, *, manifest=None, drop=(), damage=None):
    """Copy a backup, changing its manifest, leaving out members, or damaging one."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            if info.filename in drop:
                continue
            data = old.read(info.filename)
            if info.filename == MANIFEST and manifest is not None:
                data = json.dumps(manifest(json.loads(data))).encode()
            new.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    if damage:
        with zipfile.ZipFile(target) as written:
            info = written.getinfo(damage)
        raw = bytearray(target.read_bytes())
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        for offset in range(start + 10, start + 40):
            raw[offset] ^= 0x55
        target.write_bytes(bytes(raw))


def _with(key, value):
    return lambda manifest: manifest | {key: value}


def _migrations(change):
    return lambda manifest: manifest | {"migrations": change(manifest["migrations"])}


def _count_plus_one(label):
    def change(manifest):
        for entry in manifest["models"]:
            if entry["model"] == label:
                entry["count"] += 1
        return manifest

    return change


BAD_FILES = {
    "text": (lambda good, bad: bad.write_text("hello"), "is not a zip archive"),
    "truncated": (
        lambda good, bad: bad.write_bytes(good.read_bytes()[: good.stat().st_size * 2 // 3]),
        "incomplete zip archive: it was cut short",
    ),
    "dumpdata, gzipped": (
        lambda good, bad: bad.write_bytes(gzip.compress(b'[{"model": "articles.article"}]')),
        r"is a gzip file \(`dumpdata` output\?\)",
    ),
    "another project's zip": (
        lambda good, bad: zipfile.ZipFile(bad, "w").writestr("README.txt", "hi"),
        "without manifest.json, so not a Diplomacy KB backup",
    ),
    "another project's manifest": (
        lambda good, bad: _rewrite(good, bad, manifest=lambda m: {"name": "other", "models": []}),
        "not a Diplomacy KB backup: its manifest.json does not name the format",
    ),
    "a newer format": (
        lambda good, bad: _rewrite(good, bad, manifest=_with("format_version", 2)),
        "in backup format 2, newer than this code reads",
    ),
    "a newer schema": (
        lambda good, bad: _rewrite(
            good, bad, manifest=_migrations(lambda m: [*m, "articles.0099_future"])
        ),
        "newer schema: this code lacks its migrations articles.0099_future. Update the code",
    ),
    "an older schema": (
        lambda good, bad: _rewrite(
            good,
            bad,
            manifest=_migrations(lambda m: [n for n in m if n != "articles.0008_document_kinds"]),
        ),
        "older schema: it predates the migrations articles.0008_document_kinds",
    ),
    "a member missing": (
        lambda good, bad: _rewrite(good, bad, drop={"data/articles.segment.jsonl"}),
        "lacks data/articles.segment.jsonl",
    ),
    "a damaged member": (
        lambda good, bad: _rewrite(good, bad, damage="data/articles.segment.jsonl"),
        "is damaged",
    ),
    # Found only once earlier models are loaded: proves the load is one transaction.
    "a count altered": (
        lambda good, bad: _rewrite(good, bad, manifest=_count_plus_one("admin.logentry")),
        "admin.logentry.jsonl holds 2 rows where its manifest says 3.*Nothing was changed",
    ),
}


def test_a_bad_file_gets_a_clear_message_and_changes_nothing(backup_file, tmp_path):
    empty_database()
    before = rows()
    wrong = []
    for kind, (make, message) in BAD_FILES.items():
        bad = tmp_path / f"{kind}.zip"
        make(backup_file, bad)
        try:
            restore(bad)
        except CommandError as error:
            if not re.search(message, str(error)):
                wrong.append(f"{kind}: {error}")
        else:
            wrong.append(f"{kind}: restored without an error")
        if rows() != before:
            wrong.append(f"{kind}: the database changed")
    assert not wrong, "\n".join(wrong)
    assert not Article.objects.exists() and not Revision.objects.exists()
