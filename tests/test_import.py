"""The seed import: what it loads from the five seeds, idempotency, and bad input."""

import hashlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, Segment
from events.models import Conference, ConferenceSeries
from people.models import Agency, Body, Country, Person, Position
from tests.conftest import SEED_FILE
from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db

FIXTURES = SEED_FILE.parent
ROOT = FIXTURES.parent

INTERVIEWS = {
    "000_0cd05a0591aad6d5.txt": "vu-hop-tac-quoc-te-day-manh-ngoai-giao-hoi-nhap-quoc-te",
    "001_b75d1dc0e5a8a592.txt": "nang-cao-cong-tac-ngoai-vu-phuc-vu-hoi-nhap-quoc-te-dia-phuong",
    "002_718387a4edb66b09.txt": "day-manh-nang-cao-hieu-qua-hoi-nhap-phuc-vu-phat-trien-ben-vung",
}


def dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", "people", "events", "articles", stdout=out)
    return out.getvalue()


def qa_pairs(article: Article) -> list[tuple[str, int, str]]:
    """(question opening, number of answer paragraphs, speaker) as a reader meets them."""
    pairs: list[list] = []
    for segment in article.segments.order_by("position").select_related("speaker"):
        if segment.kind == Segment.Kind.QUESTION:
            pairs.append([segment.text, 0, None])
        elif segment.kind == Segment.Kind.ANSWER:
            assert pairs, f"an answer before any question: {segment.text[:50]}"
            pairs[-1][1] += 1
            speaker = segment.speaker.name
            assert pairs[-1][2] in (None, speaker), "one answer, one speaker"
            pairs[-1][2] = speaker
    return [(q, n, s) for q, n, s in pairs]


def test_import_loads_every_curated_row(seeded):
    assert Article.objects.count() == 5
    assert Article.objects.filter(kind="interview").count() == 3
    assert Article.objects.published().count() == 5
    assert Person.objects.count() == 8
    assert Position.objects.count() == 10
    assert Agency.objects.count() == 22
    assert Country.objects.count() == 4
    assert Body.objects.count() == 10
    assert ConferenceSeries.objects.count() == 3
    assert Conference.objects.count() == 10


def test_interview_000_questions_and_answers(seeded):
    article = Article.objects.get(slug=INTERVIEWS["000_0cd05a0591aad6d5.txt"])
    pairs = qa_pairs(article)
    # Questions are bare lines here; answers start with "- ".
    assert [(q.split()[:4], n, s) for q, n, s in pairs] == [
        (["Ông", "cho", "biết", "đặc"], 4, "Nguyễn Trung Thành"),
        (["Xin", "ông", "chia", "sẻ"], 3, "Nguyễn Trung Thành"),
        (["Thời", "gian", "tới,", "công"], 7, "Nguyễn Trung Thành"),
    ]
    first_answer = article.segments.filter(kind="answer").order_by("position").first()
    assert first_answer.text.startswith("Vụ đã thực hiện tốt vai trò Chủ tịch Phân ban")
    closing = article.segments.order_by("position").last()
    assert (closing.kind, closing.text) == ("paragraph", "Trân trọng cảm ơn ông!")


def test_interview_001_questions_and_answers(seeded):
    article = Article.objects.get(slug=INTERVIEWS["001_b75d1dc0e5a8a592.txt"])
    pairs = qa_pairs(article)
    # Questions start with "- "; answers with "Thứ trưởng Lê Hoài Trung:".
    assert [(q.split()[:4], n, s) for q, n, s in pairs] == [
        (["Thứ", "trưởng", "có", "thể"], 1, "Lê Hoài Trung"),
        (["Sau", "những", "chia", "sẻ"], 5, "Lê Hoài Trung"),
        (["Theo", "Thứ", "trưởng,", "thời"], 4, "Lê Hoài Trung"),
    ]
    answer = article.segments.get(anchor="a1")
    assert answer.text.startswith("Hội nghị Ngoại vụ lần thứ 18 có ý nghĩa rất đặc biệt")
    assert answer.speaker_label == "Thứ trưởng Lê Hoài Trung"
    # The curated correction mends the word broken by stray spaces.
    assert article.segments.filter(text__contains="các bộ, ban ngành ở Trung ương").exists()


def test_interview_002_questions_and_answers(seeded):
    article = Article.objects.get(slug=INTERVIEWS["002_718387a4edb66b09.txt"])
    pairs = qa_pairs(article)
    assert [(q.split()[:4], n, s) for q, n, s in pairs] == [
        (["Hội", "nghị", "Ngoại", "giao"], 8, "Bùi Thanh Sơn"),
        (["Trong", "khuôn", "khổ", "Hội"], 4, "Bùi Thanh Sơn"),
        (["Xin", "Thứ", "trưởng", "cho"], 6, "Bùi Thanh Sơn"),
    ]
    # The label printed alone on its line still starts the answer on the next line.
    assert article.segments.get(anchor="a2").text.startswith("Tôi cho rằng ở các cơ quan Nhà nước")
    closing = article.segments.order_by("position").last()
    assert closing.kind == "paragraph"
    assert closing.text.startswith("Trân trọng cảm ơn Thứ trưởng")


def test_reports_have_no_questions_and_keep_their_subheadings(seeded):
    for article in Article.objects.filter(kind="report"):
        kinds = set(article.segments.values_list("kind", flat=True))
        assert not kinds & {"question", "answer"}, article.slug
    report_003 = Article.objects.get(seed_file="003_478af4e0ced61de0.txt")
    assert list(report_003.segments.filter(kind="subheading").values_list("text", flat=True)) == [
        "Thách thức từ dịch bệnh",
        "Những nhiệm vụ cần tập trung",
    ]


FURNITURE = [
    "Chia sẻ",
    "Tin cùng chuyên mục",
    "Chú thích ảnh",
    "(thực hiện)",
    "http",
    "12:14",
    "ảnh 1",
    "Việt Nam vươn mình trong kỷ nguyên mới",
    "Theo TTXVN/VIETNAM+",
    "(TTXVN/Vietnam+)",
    "TTXVN/Báo Tin tức",
    "Theo Châu Như Quỳnh/Dân trí",
    "Nguồn Xây Dựng",
    "\u00a0",
]


def test_no_page_furniture_in_any_segment(seeded):
    texts = list(Segment.objects.values_list("text", flat=True))
    assert len(texts) > 50
    for text in texts:
        for furniture in FURNITURE:
            assert furniture not in text, (furniture, text[:80])
        assert text == text.strip() and "  " not in text


def test_captions_printed_twice_are_kept_once(seeded):
    article = Article.objects.get(seed_file="000_0cd05a0591aad6d5.txt")
    captions = list(article.segments.filter(kind="caption").values_list("text", flat=True))
    assert captions == [
        "Bộ trưởng Bộ Xây dựng Nguyễn Thanh Nghị tiếp Đại sứ Hoa Kỳ Marc E. Knapper."
    ]
    caption_002 = Article.objects.get(seed_file="002_718387a4edb66b09.txt").segments.get(
        kind="caption"
    )
    assert (caption_002.text, caption_002.photo_credit) == ("Toàn cảnh Hội nghị.", "Doãn Tấn/TTXVN")


def test_the_same_minister_is_one_person_with_two_positions(seeded):
    son = Person.objects.get(name="Bùi Thanh Sơn")
    positions = {(p.title_vi, p.agency.name_vi) for p in son.positions.select_related("agency")}
    assert positions == {("Thứ trưởng", "Bộ Ngoại giao"), ("Bộ trưởng", "Bộ Ngoại giao")}
    attested = {
        p.title_vi: [m.article.date.year for m in p.attestations.select_related("article")]
        for p in son.positions.all()
    }
    assert attested == {"Thứ trưởng": [2016], "Bộ trưởng": [2021]}
    # Each answer belongs to the title held on its article's date.
    answer_2016 = Segment.objects.filter(speaker=son, kind="answer").first()
    assert answer_2016.article.date.year == 2016
    assert answer_2016.speaker_label == "Thứ trưởng Bùi Thanh Sơn"


def test_inferred_dates_are_marked_with_their_reason(seeded):
    by_file = {a.seed_file: a for a in Article.objects.all()}
    inferred = {f for f, a in by_file.items() if a.date_inferred}
    assert inferred == {
        "000_0cd05a0591aad6d5.txt",
        "001_b75d1dc0e5a8a592.txt",
        "002_718387a4edb66b09.txt",
        "003_478af4e0ced61de0.txt",
    }
    # The one printed date: "12:14 11/12/2018" above the title.
    printed = by_file["004_ec9d99e5a5a2e0a2.txt"]
    assert (printed.date.isoformat(), printed.date_precision) == ("2018-12-11", "day")
    assert not printed.date_inferred_reason
    year_only = by_file["000_0cd05a0591aad6d5.txt"]
    assert (year_only.date.year, year_only.date_precision) == (2023, "year")
    assert "65" in year_only.date_inferred_reason
    assert by_file["003_478af4e0ced61de0.txt"].title_inferred
    conference_18 = Conference.objects.get(series__slug="hoi-nghi-ngoai-vu-toan-quoc", ordinal=18)
    assert conference_18.dates_inferred and conference_18.start_date.year == 2016
    conference_29 = Conference.objects.get(series__slug="hoi-nghi-ngoai-giao", ordinal=29)
    assert not conference_29.dates_inferred
    assert (conference_29.start_date.day, conference_29.end_date.day) == (22, 26)
    assert conference_18 in conference_29.held_with.all()


def test_source_urls_only_where_the_source_prints_one(seeded):
    urls = dict(Article.objects.values_list("seed_file", "source_url"))
    assert urls["001_b75d1dc0e5a8a592.txt"] == urls["002_718387a4edb66b09.txt"] == ""
    assert urls["003_478af4e0ced61de0.txt"].startswith("https://dantri.com.vn/")
    assert urls["000_0cd05a0591aad6d5.txt"].startswith("https://baoxaydung.com.vn/")


def test_second_import_changes_nothing(seeded):
    before = dump()
    out = io.StringIO()
    call_command("import_seed", stdout=out)
    assert "Nothing to do" in out.getvalue()
    assert dump() == before


def test_dry_run_writes_nothing(db):
    out = io.StringIO()
    call_command("import_seed", "--dry-run", stdout=out)
    assert "would change the database" in out.getvalue()
    assert "articles: 5 created" in out.getvalue()
    assert Article.objects.count() == 0


# --- bad input ----------------------------------------------------------------------------


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


TEXT_001 = "001_b75d1dc0e5a8a592.txt"
TEXT_004 = "004_ec9d99e5a5a2e0a2.txt"


def _missing_text(seed):
    (seed.parent / TEXT_004).unlink()


def _not_utf8_text(seed):
    # "Tiêu đề" in Windows-1258, the legacy Vietnamese code page.
    (seed.parent / TEXT_004).write_bytes(b"Ti\xeau \xf0\xea\xd2\n\nDo\xe1n v\xe3n.")


def _nul_in_text(seed):
    edit(seed.parent / TEXT_004, "Sáng 11/12", "Sáng\x00 11/12")


def _empty_text(seed):
    (seed.parent / TEXT_004).write_text("  \n\n", encoding="utf-8")


def _malformed_toml(seed):
    edit(seed, "schema = 1", "schema = 1\n[[articles]\n")


def _not_utf8_toml(seed):
    seed.write_bytes(seed.read_text(encoding="utf-8").encode("utf-16"))


def _nul_in_toml(seed):
    edit(seed, 'name = "Bùi Thanh Sơn"', 'name = "Bùi Thanh\\u0000Sơn"')


def _unknown_reference(seed):
    edit(seed, 'publication = "bao-tin-tuc"', 'publication = "bao-khong-co"')


def _impossible_date(seed):
    edit(seed, 'date = "2018-12-11"', 'date = "2018-02-30"')


def _date_in_another_form(seed):
    edit(seed, 'date = "2018-12-11"', 'date = "11/12/2018"')


def _end_before_start(seed):
    edit(
        seed, 'start = "2016-08-22"\nend = "2016-08-26"', 'start = "2016-08-26"\nend = "2016-08-22"'
    )


def _duplicate_key(seed):
    edit(seed, 'key = "vu-duc-dam"\n', 'key = "bui-thanh-son"\n')


def _duplicate_ordinal(seed):
    edit(seed, "ordinal = 17", "ordinal = 18")


def _name_not_in_text(seed):
    edit(seed, 'bodies = ["asean", "apec", "asem"]', 'bodies = ["asean", "apec", "asem", "wto"]')


def _name_without_its_diacritics(seed):
    # 001 prints "Bộ Ngoại giao"; a curated name must keep its diacritics as written.
    edit(
        seed,
        '  "bo-ngoai-giao",\n  "so-ngoai-vu",',
        '  { key = "bo-ngoai-giao", as_written = "Bộ Ngoai giao" },\n  "so-ngoai-vu",',
    )


def _name_only_inside_a_word(seed):
    # "UN" occurs in 001 only inside words ("Trung", "chung"), never on its own.
    edit(
        seed,
        'countries = ["VN"]\nbodies = []',
        'countries = ["VN"]\nbodies = [{ key = "lien-hop-quoc", as_written = "UN" }]',
    )


def _unknown_field(seed):
    edit(seed, 'title_vi = "Phó Thủ tướng"', 'titel_vi = "Phó Thủ tướng"')


def _unknown_speaker_label(seed):
    edit(seed, 'speakers = { "Thứ trưởng Lê Hoài Trung" = "le-hoai-trung" }', "speakers = {}")


def _stale_furniture(seed):
    edit(seed, '"Việt Nam vươn mình trong kỷ nguyên mới",', '"Dòng không có trong bài",')


def _stale_correction(seed):
    edit(seed, 'find = "các b ộ , ban"', 'find = "các b ộ ,  ban"')


def _someone_elses_position(seed):
    edit(
        seed,
        'positions = ["dao-ngoc-dung-bo-truong-bo-lao-dong-thuong-binh-va-xa-hoi"]',
        'positions = ["nguyen-thanh-nghi-bo-truong-bo-xay-dung"]',
    )


def _title_differs(seed):
    edit(seed, 'title = "Nâng cao công tác ngoại vụ,', 'title = "Nâng cao công tác ngoại giao,')


def _invented_url(seed):
    edit(
        seed,
        'publication = "bao-tin-tuc"',
        'publication = "bao-tin-tuc"\nurl = "https://baotintuc.vn/bai-viet.htm"',
    )


def _parent_loop(seed):
    edit(seed, 'key = "chinh-phu"\n', 'key = "chinh-phu"\nparent = "bo-ngoai-giao"\n')


BAD_INPUTS = [
    (_missing_text, "004_ec9d99e5a5a2e0a2.txt does not exist"),
    (_not_utf8_text, "is not UTF-8"),
    (_nul_in_text, "NUL character (U+0000) on line"),
    (_empty_text, "is empty"),
    (_malformed_toml, "is not valid TOML"),
    (_not_utf8_toml, "is not UTF-8"),
    (_nul_in_toml, "name contains a NUL character"),
    (_unknown_reference, 'publication "bao-khong-co" is not a known [[publications]] entry'),
    (_impossible_date, "'2018-02-30' is not a real date"),
    (_date_in_another_form, "write YYYY, YYYY-MM or YYYY-MM-DD"),
    (_end_before_start, 'end "2016-08-22" is before start "2016-08-26"'),
    (_duplicate_key, 'duplicate key "bui-thanh-son"'),
    (_duplicate_ordinal, 'ordinal 18 of series "hoi-nghi-ngoai-vu-toan-quoc" is taken'),
    (_name_not_in_text, 'bodies "wto": none of its names'),
    (_name_without_its_diacritics, 'agencies "bo-ngoai-giao": none of its names (Bộ Ngoai giao)'),
    (_name_only_inside_a_word, 'bodies "lien-hop-quoc": none of its names (UN)'),
    (_unknown_field, 'unknown field "titel_vi"'),
    (_unknown_speaker_label, 'the answer label "Thứ trưởng Lê Hoài Trung" is not in speakers'),
    (_stale_furniture, "Dòng không có trong bài"),
    (_stale_correction, "does not occur in 001_b75d1dc0e5a8a592.txt"),
    (_someone_elses_position, 'belongs to "nguyen-thanh-nghi", not to "dao-ngoc-dung"'),
    (_title_differs, "differs from the title line"),
    (_parent_loop, "parent forms a loop"),
    (_invented_url, 'url "https://baotintuc.vn/bai-viet.htm" does not occur'),
]


@pytest.mark.parametrize(
    ("break_seed", "message"), BAD_INPUTS, ids=[f.__name__ for f, _ in BAD_INPUTS]
)
def test_bad_input_is_refused_with_a_clear_message_and_changes_nothing(
    seeded, seed_copy, break_seed, message
):
    # Change something the import would update, so a partial write would show.
    edit(seed_copy, 'name_en = "Politburo"', 'name_en = "Political Bureau"')
    break_seed(seed_copy)
    before = dump()
    with pytest.raises(CommandError) as error:
        call_command("import_seed", str(seed_copy), stdout=io.StringIO())
    assert message in str(error.value)
    assert str(seed_copy) in str(error.value) or seed_copy.name in str(error.value)
    assert dump() == before


def test_missing_seed_file_is_named(db, tmp_path):
    with pytest.raises(CommandError, match="file not found"):
        call_command("import_seed", str(tmp_path / "nowhere.toml"))


def test_a_refusal_by_the_database_midway_rolls_everything_back(seeded, seed_copy):
    # Valid on its own, but another conference already holds ordinal 19 of the series,
    # so the write fails after earlier rows were updated in the same transaction.
    ConferenceFactory(
        series=ConferenceSeries.objects.get(slug="hoi-nghi-ngoai-vu-toan-quoc"), ordinal=19
    )
    edit(seed_copy, 'name_en = "Politburo"', 'name_en = "Political Bureau"')
    edit(seed_copy, "ordinal = 20", "ordinal = 19")
    before = dump()
    with pytest.raises(CommandError, match="This series already has an event with this number"):
        call_command("import_seed", str(seed_copy))
    assert dump() == before
    assert Agency.objects.get(slug="bo-chinh-tri").name_en == "Politburo"


def test_command_line_exits_non_zero_with_the_message(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    result = subprocess.run(
        [sys.executable, "manage.py", "import_seed", str(tmp_path / "missing.toml")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "missing.toml: file not found" in result.stderr


# SHA-256 of the five texts as delivered in the shared seeds folder.
SEED_SHA256 = {
    "000_0cd05a0591aad6d5.txt": "1137c9c2ba7d72d809b130d617194e3bb4627a743e100a8fcc61a6e1e0e714d7",
    "001_b75d1dc0e5a8a592.txt": "6b722b5402a30c314219e8d7f22a6f9de8c72237123fff02ac0b8d1393acd145",
    "002_718387a4edb66b09.txt": "0a70007729cef1e15faa16a70917e1b52fd0fe3bb515e603132f7ef3fab17329",
    "003_478af4e0ced61de0.txt": "59e5609f648fa92c16b7cc9a87a5cd915ba1d30d964aee690dfad9cea1526fd3",
    "004_ec9d99e5a5a2e0a2.txt": "eec02576ba17089101f86f48b19e4c350b6dd48d2e9265cf2a56167e848f1f77",
}


def test_fixture_texts_are_the_seeds_unchanged():
    texts = {p.name: p for p in FIXTURES.glob("*.txt")}
    assert set(texts) == set(SEED_SHA256)
    for name, digest in SEED_SHA256.items():
        assert hashlib.sha256(texts[name].read_bytes()).hexdigest() == digest, name
