"""Re-importing the seed keeps what editors did since the last import (edits, unpublishing,
deletions), says so, and overwrites it only with --force."""

import io
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from articles.models import (
    AgencyMention,
    Article,
    BodyMention,
    ConferenceMention,
    CountryMention,
    Document,
    DocumentMention,
    PersonMention,
    Publication,
    SeedRecord,
    Segment,
)
from articles.seed import load_seed
from events.models import Conference, ConferenceSeries, Participation
from people.models import Agency, Body, Country, Person, Position
from tests.admin_forms import form_data
from tests.conftest import SEED_FILE
from tests.factories import AgencyFactory, ConferenceFactory

pytestmark = pytest.mark.django_db

FIXTURES = SEED_FILE.parent
FILE_001 = "001_b75d1dc0e5a8a592.txt"
FILE_002 = "002_718387a4edb66b09.txt"
FILE_003 = "003_478af4e0ced61de0.txt"
FILE_004 = "004_ec9d99e5a5a2e0a2.txt"
KEY_001 = "nang-cao-cong-tac-ngoai-vu-phuc-vu-hoi-nhap-quoc-te-dia-phuong"
KEY_002 = "day-manh-nang-cao-hieu-qua-hoi-nhap-phuc-vu-phat-trien-ben-vung"
KEY_003 = "ba-tru-cot-xay-dung-nen-ngoai-giao-viet-nam-toan-dien-hien-dai"
KEY_004 = "doi-ngu-can-bo-doi-ngoai-can-co-su-chuyen-nghiep-trong-hoat-dong-hoi-nhap-quoc-te"
TITLE_002 = "Đẩy mạnh, nâng cao hiệu quả hội nhập, phục vụ phát triển bền vững"
ARTICLE_001 = f"article {KEY_001} ({FILE_001})"
ARTICLE_002 = f"article {KEY_002} ({FILE_002})"
ARTICLE_003 = f"article {KEY_003} ({FILE_003})"
ARTICLE_004 = f"article {KEY_004} ({FILE_004})"

MENTION_MODELS = (
    PersonMention,
    AgencyMention,
    CountryMention,
    BodyMention,
    ConferenceMention,
    DocumentMention,
)

# A person no other row refers to, so nothing PROTECTs it from deletion.
LONE_PERSON = '[[people]]\nkey = "nguyen-van-thu"\nname = "Nguyễn Văn Thử"\n\n'


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_seed", *args, stdout=out)
    return out.getvalue()


def dump(*exclude: str) -> str:
    out = io.StringIO()
    call_command("dumpdata", "people", "events", "articles", exclude=list(exclude), stdout=out)
    return out.getvalue()


@pytest.fixture
def seed_copy(tmp_path) -> Path:
    for path in FIXTURES.iterdir():
        if path.suffix in {".toml", ".txt"}:
            shutil.copy(path, tmp_path / path.name)
    return tmp_path / SEED_FILE.name


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the test's anchor text is gone from {path.name}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def kept_edited(label: str, fields: str) -> str:
    return f"{label}: edited since the last import ({fields}); kept as it is; --force to overwrite"


def kept_deleted(label: str) -> str:
    return f"{label}: deleted since the last import; not re-created; --force to re-create it"


def article(file: str) -> Article:
    return Article.objects.get(seed_file=file)


def segment_texts(file: str) -> list[str]:
    return list(article(file).segments.order_by("position").values_list("text", flat=True))


def raw_update_segment(file: str, anchor: str, text: str) -> None:
    segment = article(file).segments.get(anchor=anchor)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE articles_segment SET text = %s WHERE id = %s", [text, segment.pk])


def edit_everything() -> dict:
    """The editors' work the tests expect to survive: what the seed had, to compare."""
    a002 = article(FILE_002)
    a002.title = "Tiêu đề do biên tập viên sửa"
    a002.save()
    a001 = article(FILE_001)
    original = {
        "segments_001": segment_texts(FILE_001),
        "people_001": set(a001.person_mentions.values_list("person__slug", "role")),
        "segments_004": segment_texts(FILE_004),
    }
    raw_update_segment(FILE_001, "a2", "Câu trả lời đã sửa tay.")
    a001.person_mentions.order_by("pk").last().delete()
    Article.objects.filter(seed_file=FILE_003).update(status="draft")
    article(FILE_004).delete()
    return original


# --- a first import, and a second ----------------------------------------------------------


def test_a_first_import_creates_every_row_and_records_it(db):
    out = run()
    seed = load_seed(SEED_FILE)
    assert "articles: 5 created\n" in out
    assert "people: 8 created\n" in out
    assert "updated" not in out and "kept" not in out and "recorded" not in out
    assert "Imported the seed articles." in out
    assert SeedRecord.objects.count() == sum(len(entries) for entries in seed.sections.values())
    record = SeedRecord.objects.get(model="articles.article", key=KEY_002)
    assert record.object_id == article(FILE_002).pk
    assert record.values["title"] == TITLE_002
    assert record.values["status"] == "published"
    assert [anchor for anchor, _ in record.values["segments"]][:2] == ["p1", "c1"]


def test_a_second_import_of_an_unchanged_seed_changes_nothing_and_says_so(seeded):
    before = dump()
    out = run()
    assert "articles: 5 unchanged\n" in out and "conferences: 10 unchanged\n" in out
    assert "created" not in out and "updated" not in out and "kept" not in out
    assert "Nothing to do: the database already matches." in out
    assert dump() == before


# --- editors' work stays as they left it ----------------------------------------------------


def test_an_edited_and_unpublished_article_stays_as_left(seeded):
    a002 = article(FILE_002)
    a002.title = "Tiêu đề do biên tập viên sửa"
    a002.status = Article.Status.DRAFT
    a002.save()
    before = dump()
    out = run()
    a002.refresh_from_db()
    assert (a002.title, a002.status) == ("Tiêu đề do biên tập viên sửa", "draft")
    assert kept_edited(ARTICLE_002, "title, status") in out
    assert "articles: 4 unchanged, 1 kept\n" in out
    assert "Kept 1 rows as they are (see above); import_seed --force overwrites them" in out
    assert "Nothing else to do: the rest matches the seed." in out
    assert dump() == before


def test_a_segment_changed_by_raw_sql_keeps_the_article_as_left(seeded):
    raw_update_segment(FILE_001, "a2", "Câu trả lời đã sửa tay.")
    out = run()
    assert article(FILE_001).segments.get(anchor="a2").text == "Câu trả lời đã sửa tay."
    assert kept_edited(ARTICLE_001, "segment a2") in out


def test_a_segment_added_keeps_the_article_as_left(seeded):
    a001 = article(FILE_001)
    last = a001.segments.order_by("position").last()
    Segment.objects.create(
        article=a001, position=last.position + 1, kind="paragraph", text="Thêm.", anchor="p99"
    )
    out = run()
    assert a001.segments.filter(anchor="p99").exists()
    assert kept_edited(ARTICLE_001, "segment p99") in out


@pytest.mark.parametrize(
    ("mentions", "label"),
    [(PersonMention, "people mentioned"), (AgencyMention, "agencies mentioned")],
    ids=["person", "agency"],
)
def test_a_removed_mention_stays_removed(seeded, mentions, label):
    mention = mentions.objects.filter(article=article(FILE_002)).order_by("pk").first()
    mention.delete()
    out = run()
    assert not mentions.objects.filter(pk=mention.pk).exists()
    assert mentions.objects.filter(article=article(FILE_002)).count() >= 1
    assert kept_edited(ARTICLE_002, label) in out


def test_a_title_attested_by_a_mention_removed_keeps_the_article_as_left(seeded):
    mention = PersonMention.objects.filter(article=article(FILE_002), positions__isnull=False)[0]
    mention.positions.clear()
    out = run()
    assert not mention.positions.exists()
    assert kept_edited(ARTICLE_002, "people mentioned") in out


@pytest.mark.parametrize("title", [None, "Bài nhập lại"], ids=["as-it-was", "retitled"])
def test_an_article_deleted_and_entered_again_under_its_key_is_compared_as_any_other(seeded, title):
    a004 = article(FILE_004)
    rows = list(a004.segments.all())
    for model in MENTION_MODELS:
        rows += model.objects.filter(article=a004)
    titles = {m.person_id: list(m.positions.all()) for m in a004.person_mentions.all()}
    a004.delete()
    a004.title = title or a004.title
    a004.save()  # a new row
    for row in rows:
        row.pk, row.article = None, a004
        row.save()
    for mention in a004.person_mentions.all():
        mention.positions.set(titles[mention.person_id])
    out = run()
    assert article(FILE_004).pk == a004.pk
    if title:
        assert article(FILE_004).title == title
        assert kept_edited(ARTICLE_004, "title") in out
    else:
        assert "Nothing to do: the database already matches." in out
        assert SeedRecord.objects.get(key=KEY_004).object_id == a004.pk


def test_a_deleted_article_is_not_re_created(seeded):
    article(FILE_004).delete()
    before = dump()
    out = run()
    assert not Article.objects.filter(slug=KEY_004).exists()
    assert kept_deleted(ARTICLE_004) in out
    assert "articles: 4 unchanged, 1 kept\n" in out
    assert dump() == before


def test_a_deleted_person_is_not_re_created_until_forced(db, seed_copy):
    edit(seed_copy, "\n[[positions]]\n", "\n" + LONE_PERSON + "[[positions]]\n")
    assert "people: 9 created\n" in run(str(seed_copy))
    Person.objects.get(slug="nguyen-van-thu").delete()
    out = run(str(seed_copy))
    assert not Person.objects.filter(slug="nguyen-van-thu").exists()
    assert kept_deleted("person nguyen-van-thu") in out
    assert "people: 8 unchanged, 1 kept\n" in out
    out = run(str(seed_copy), "--force")
    assert "person nguyen-van-thu: deleted since the last import; re-creating it" in out
    assert Person.objects.get(slug="nguyen-van-thu").name == "Nguyễn Văn Thử"
    assert "Nothing to do" in run(str(seed_copy))


def test_a_row_that_needs_a_deleted_one_is_not_written(db, seed_copy):
    edit(seed_copy, "\n[[positions]]\n", "\n" + LONE_PERSON + "[[positions]]\n")
    run(str(seed_copy))
    Person.objects.get(slug="nguyen-van-thu").delete()
    edit(
        seed_copy,
        "\n[[publications]]\n",
        '\n[[positions]]\nkey = "nguyen-van-thu-chuyen-vien"\nperson = "nguyen-van-thu"\n'
        'title_vi = "Chuyên viên"\nagency = "bo-ngoai-giao"\n\n[[publications]]\n',
    )
    out = run(str(seed_copy))
    assert not Position.objects.filter(slug="nguyen-van-thu-chuyen-vien").exists()
    assert (
        "position nguyen-van-thu-chuyen-vien: not created: it refers to person nguyen-van-thu, "
        "deleted since the last import; --force re-creates both"
    ) in out
    run(str(seed_copy), "--force")
    position = Position.objects.get(slug="nguyen-van-thu-chuyen-vien")
    assert position.person.slug == "nguyen-van-thu"


def edit_row(model, lookup: dict, **values):
    obj = model.objects.get(**lookup)
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save()


# One row of each section, edited as an editor might; the report names the field.
SECTIONS = [
    (Country, {"code": "CU"}, "country CU", {"name_en": "Republic of Cuba"}),
    (Body, {"slug": "asean"}, "body asean", {"name_en": "The ASEAN"}),
    (Agency, {"slug": "bo-chinh-tri"}, "agency bo-chinh-tri", {"name_en": "Political Bureau"}),
    (Person, {"slug": "bui-thanh-son"}, "person bui-thanh-son", {"other_names": ["Ông Sơn"]}),
    (
        Position,
        {"slug": "bui-thanh-son-bo-truong-bo-ngoai-giao"},
        "position bui-thanh-son-bo-truong-bo-ngoai-giao",
        {"title_en": "Foreign Minister"},
    ),
    (Publication, {"slug": "dan-tri"}, "publication dan-tri", {"name": "Báo Dân trí"}),
    (
        ConferenceSeries,
        {"slug": "hoi-nghi-ngoai-giao"},
        "series hoi-nghi-ngoai-giao",
        {"name_en": "Conference of Diplomats"},
    ),
    (
        Conference,
        {"slug": "hoi-nghi-ngoai-giao-29"},
        "conference hoi-nghi-ngoai-giao-29",
        {"place": "Thành phố Hồ Chí Minh"},
    ),
    (
        Document,
        {"slug": "chi-thi-25-ct-tw"},
        "document chi-thi-25-ct-tw",
        {"name_en": "Directive 25"},
    ),
    (Article, {"slug": KEY_002}, ARTICLE_002, {"byline": "Phóng viên"}),
]


@pytest.mark.parametrize(
    ("model", "lookup", "label", "values"), SECTIONS, ids=[s[2].split()[0] for s in SECTIONS]
)
def test_every_kind_of_seeded_row_stays_as_edited_until_forced(
    seeded, model, lookup, label, values
):
    original = model.objects.filter(**lookup).values(*values).get()
    edit_row(model, lookup, **values)
    out = run()
    assert model.objects.filter(**lookup).values(*values).get() == values
    assert kept_edited(label, ", ".join(values)) in out
    out = run("--force")
    assert model.objects.filter(**lookup).values(*values).get() == original
    assert f"{label}: edited since the last import; overwriting {next(iter(values))} (" in out
    assert "Nothing to do" in run()


def test_a_removed_participant_keeps_the_conference_as_left(seeded):
    conference = Conference.objects.get(slug="hoi-nghi-ngoai-vu-toan-quoc-18")
    removed = conference.participations.order_by("pk").first()
    removed.delete()
    out = run()
    assert not Participation.objects.filter(pk=removed.pk).exists()
    assert kept_edited("conference hoi-nghi-ngoai-vu-toan-quoc-18", "participants") in out


def test_a_removed_link_between_conferences_keeps_both_as_left(seeded):
    conference = Conference.objects.get(slug="hoi-nghi-ngoai-giao-29")
    partner = conference.held_with.get()
    conference.held_with.clear()
    out = run()
    assert not conference.held_with.exists()
    assert kept_edited("conference hoi-nghi-ngoai-giao-29", "held with") in out
    assert kept_edited(f"conference {partner.slug}", "held with") in out
    run("--force")
    assert list(conference.held_with.all()) == [partner]


# --- in the admin ---------------------------------------------------------------------------


def admin_change(client, obj, **changes):
    url = reverse("admin:articles_article_change", args=[obj.pk])
    response = client.get(url)
    assert response.status_code == 200
    data = form_data(response.content.decode(), "article_form") | changes
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_saving_a_seeded_article_unchanged_in_the_admin_is_not_an_edit(admin_client, seeded):
    admin_change(admin_client, article(FILE_002))
    out = run()
    assert "Nothing to do: the database already matches." in out


def test_an_article_unpublished_in_the_admin_stays_unpublished(admin_client, seeded):
    admin_change(admin_client, article(FILE_002), _unpublish="Save and unpublish")
    assert article(FILE_002).status == "draft"
    out = run()
    assert article(FILE_002).status == "draft"
    assert kept_edited(ARTICLE_002, "status") in out


def test_a_forced_import_makes_a_form_opened_before_it_stale(admin_client, seeded):
    a002 = article(FILE_002)
    Article.objects.filter(pk=a002.pk).update(title="Tiêu đề sửa trong shell")
    url = reverse("admin:articles_article_change", args=[a002.pk])
    stale = form_data(admin_client.get(url).content.decode(), "article_form")
    run("--force")
    assert article(FILE_002).title == TITLE_002
    response = admin_client.post(url, stale | {"byline": "Lan Anh"})
    assert response.status_code == 200  # the form again, with what changed meanwhile
    assert (article(FILE_002).title, article(FILE_002).byline) == (TITLE_002, a002.byline)


# --- --force ----------------------------------------------------------------------------------


def test_force_restores_every_edit_and_deletion(seeded):
    original = edit_everything()
    out = run("--force")
    assert f'{ARTICLE_002}: edited since the last import; overwriting title ("Tiêu đề do' in out
    assert f"{ARTICLE_001}: edited since the last import; overwriting segment a2" in out
    assert f"{ARTICLE_004}: deleted since the last import; re-creating it" in out
    assert "articles: 1 re-created, 3 overwritten, 1 unchanged\n" in out
    assert "Imported the seed articles." in out
    a001 = article(FILE_001)
    assert article(FILE_002).title == TITLE_002
    assert segment_texts(FILE_001) == original["segments_001"]
    assert set(a001.person_mentions.values_list("person__slug", "role")) == original["people_001"]
    assert Article.objects.published().count() == 5
    assert segment_texts(FILE_004) == original["segments_004"]
    assert SeedRecord.objects.get(key=KEY_004).object_id == article(FILE_004).pk
    assert "Nothing to do: the database already matches." in run()


def test_force_dry_run_says_what_would_change_and_writes_nothing(seeded):
    edit_everything()
    before = dump()
    out = run("--force", "--dry-run")
    assert f"{ARTICLE_002}: edited since the last import; overwriting title (" in out
    assert 'status ("draft" → "published")' in out
    assert f"{ARTICLE_004}: deleted since the last import; re-creating it" in out
    assert "Dry run: the import would change the database; nothing saved." in out
    assert dump() == before


def test_without_force_a_dry_run_lists_what_it_keeps_and_writes_nothing(seeded):
    edit_everything()
    before = dump()
    out = run("--dry-run")
    assert kept_edited(ARTICLE_002, "title") in out
    assert kept_deleted(ARTICLE_004) in out
    assert "Dry run: the import would change nothing; nothing saved." in out
    assert dump() == before


def test_a_forced_import_refused_midway_changes_nothing(seeded, seed_copy):
    edit_everything()
    # Countries come first: this edit is overwritten before the database refuses a conference.
    edit_row(Country, {"code": "CU"}, name_en="Republic of Cuba")
    ConferenceFactory(
        series=ConferenceSeries.objects.get(slug="hoi-nghi-ngoai-vu-toan-quoc"), ordinal=19
    )
    edit(seed_copy, "ordinal = 20", "ordinal = 19")
    before = dump()
    with pytest.raises(CommandError, match="This series already has an event with this number"):
        run(str(seed_copy), "--force")
    assert dump() == before
    assert Country.objects.get(code="CU").name_en == "Republic of Cuba"
    assert article(FILE_002).title == "Tiêu đề do biên tập viên sửa"


# --- a changed seed file --------------------------------------------------------------------


def test_a_changed_seed_updates_an_unedited_row(seeded, seed_copy):
    edit(seed_copy, 'name_en = "Politburo"', 'name_en = "Political Bureau"')
    out = run(str(seed_copy))
    assert Agency.objects.get(slug="bo-chinh-tri").name_en == "Political Bureau"
    assert "agency bo-chinh-tri: updated from the seed (name_en)" in out
    assert "agencies: 1 updated, 21 unchanged\n" in out
    assert "Imported the seed articles." in out
    assert "Nothing to do" in run(str(seed_copy))


def test_a_changed_seed_updates_an_unedited_article(seeded, seed_copy):
    edit(seed_copy, "The comma is the editors'.", "The comma is the archive's.")
    out = run(str(seed_copy))
    assert article(FILE_003).title_inferred_reason_en.endswith("The comma is the archive's.")
    assert f"{ARTICLE_003}: updated from the seed (title_inferred_reason_en)" in out
    assert "articles: 1 updated, 4 unchanged\n" in out


def test_a_changed_seed_leaves_an_edited_row_as_left_and_updates_the_rest(seeded, seed_copy):
    edit_row(Agency, {"slug": "bo-chinh-tri"}, name_vi="Bộ Chính trị Ban Chấp hành Trung ương")
    edit(seed_copy, 'name_en = "Politburo"', 'name_en = "Political Bureau"')
    edit(seed_copy, 'name_en = "Ministry of Foreign Affairs"', 'name_en = "Foreign Ministry"')
    out = run(str(seed_copy))
    politburo = Agency.objects.get(slug="bo-chinh-tri")
    assert (politburo.name_vi, politburo.name_en) == (
        "Bộ Chính trị Ban Chấp hành Trung ương",
        "Politburo",
    )
    assert kept_edited("agency bo-chinh-tri", "name_vi") in out
    assert Agency.objects.get(slug="bo-ngoai-giao").name_en == "Foreign Ministry"
    assert "agency bo-ngoai-giao: updated from the seed (name_en)" in out
    assert "agencies: 1 updated, 20 unchanged, 1 kept\n" in out


def test_an_edit_that_the_seed_then_makes_too_is_recorded(seeded, seed_copy):
    edit_row(Agency, {"slug": "bo-chinh-tri"}, name_en="Political Bureau")
    edit(seed_copy, 'name_en = "Politburo"', 'name_en = "Political Bureau"')
    out = run(str(seed_copy))
    assert "agencies: 1 recorded, 21 unchanged\n" in out
    assert "Nothing to do" in run(str(seed_copy))


# --- rows the import has no record of -------------------------------------------------------


def test_a_database_imported_before_records_were_kept_is_recorded_as_it_is(seeded):
    records = SeedRecord.objects.count()
    SeedRecord.objects.all().delete()
    before = dump("articles.seedrecord")
    out = run()
    assert f"{records} rows already held the seed's values but had no record" in out
    assert "articles: 5 recorded\n" in out
    assert "kept" not in out and "updated" not in out
    assert "Nothing to do: the database already matches." in out
    assert dump("articles.seedrecord") == before
    assert SeedRecord.objects.count() == records
    assert "Nothing to do: the database already matches." in run()


def test_a_row_entered_by_hand_under_a_seed_key_is_kept(db):
    AgencyFactory(slug="bo-chinh-tri", name_vi="Bộ Chính trị (nhập tay)")
    out = run()
    assert Agency.objects.get(slug="bo-chinh-tri").name_vi == "Bộ Chính trị (nhập tay)"
    assert re.search(
        r"agency bo-chinh-tri: not written by an earlier import, and differs from the seed "
        r"\([^)]*name_vi[^)]*\); kept as it is; --force to overwrite",
        out,
    )
    run("--force")
    assert Agency.objects.get(slug="bo-chinh-tri").name_vi == "Bộ Chính trị"


# --- make run -------------------------------------------------------------------------------


def test_make_run_never_forces():
    makefile = (FIXTURES.parent / "Makefile").read_text(encoding="utf-8")
    recipes = [line for line in makefile.splitlines() if "import_seed" in line]
    assert recipes, "the Makefile no longer imports the seed"
    assert not any("--force" in line for line in recipes)
    assert re.search(r"^run: seed\b", makefile, re.MULTILINE)
