"""The batch import: `manage.py import_article FILE… | --manifest`, its JSON report, its
dry run, and what it does with bad files and bad metadata (nothing of that article saved)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Publication, Segment
from people.models import Agency, Person

pytestmark = pytest.mark.django_db

# An interview laid out as most outlets print one: a lead, bare questions, answers without a
# label, an answer of two paragraphs, closing thanks; furniture around it.
INTERVIEW = """Chia sẻ
Hợp tác văn hóa mở ra chương trình mới với Hàn Quốc
Theo dõi Báo Ánh Sáng trên Google News
Nhân dịp Tuần Văn hóa Việt Nam, phóng viên đã phỏng vấn bà Lê Thị Thanh Vân, Phó Cục \
trưởng Cục Hợp tác quốc tế, Bộ VHTT&DL về chương trình hợp tác.
Xin bà cho biết những điểm mới của chương trình năm nay?
Năm nay, lần đầu tiên chúng tôi tổ chức các hoạt động tại ba thành phố của Hàn Quốc.
Chương trình có sự tham gia của hơn 200 nghệ sĩ và nghệ nhân từ nhiều địa phương.
Thưa bà, Bộ Ngoại giao hỗ trợ chương trình như thế nào?
Bộ Ngoại giao và Đại sứ quán đã phối hợp chặt chẽ với chúng tôi từ khâu chuẩn bị.
Xin cảm ơn bà!
TIN LIÊN QUAN
Khai mạc Tuần Văn hóa Việt Nam tại Seoul (10:15 02/06)
Minh Châu"""

REPORT = """Đoàn công tác làm việc với Sở Ngoại vụ
Sáng nay, đoàn công tác của Bộ Ngoại giao do Thứ trưởng Lê Hoài Trung dẫn đầu đã làm việc \
với Sở Ngoại vụ về công tác đối ngoại địa phương.
Thứ trưởng Lê Hoài Trung đề nghị địa phương tiếp tục triển khai Chỉ thị 25-CT/TW.
Ảnh: Quang Huy"""


@pytest.fixture
def files(tmp_path):
    interview = tmp_path / "interview.txt"
    interview.write_text(INTERVIEW, encoding="utf-8")
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    return interview, report


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_article", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def counts():
    return (
        Article.objects.count(),
        Segment.objects.count(),
        Person.objects.count(),
        Agency.objects.count(),
        Publication.objects.count(),
    )


def test_json_report_of_a_dry_run_describes_each_file_and_writes_nothing(seeded, files):
    before = counts()
    out, _ = run(
        *map(str, files), "--publication", "Ánh Sáng", "--date", "2/6/2025", "--dry-run",
        "--format", "json",
    )  # fmt: skip
    assert counts() == before
    interview, report = json.loads(out)
    assert interview["title"] == "Hợp tác văn hóa mở ra chương trình mới với Hàn Quốc"
    assert interview["kind"] == "interview"
    assert [s["kind"] for s in interview["segments"]] == [
        "paragraph", "question", "answer", "answer", "question", "answer", "paragraph",
    ]  # fmt: skip
    answers = [s for s in interview["segments"] if s["kind"] == "answer"]
    assert {s["speaker"] for s in answers} == {"Lê Thị Thanh Vân"}
    assert all(set(s) >= {"kind", "speaker", "text"} for s in interview["segments"])
    removed = {r["text"]: r["reason"] for r in interview["removed"]}
    assert set(removed) >= {
        "Chia sẻ",
        "Theo dõi Báo Ánh Sáng trên Google News",
        "TIN LIÊN QUAN",
        "Khai mạc Tuần Văn hóa Việt Nam tại Seoul (10:15 02/06)",
    }
    assert interview["byline"] == "Minh Châu"
    links = {(link["kind"], link["name"]): link for link in interview["links"]}
    assert links["person", "Lê Thị Thanh Vân"]["new"] is True
    ministry = links["agency", "Bộ Văn hóa, Thể thao và Du lịch"]
    assert (ministry["written"], ministry["new"]) == ("Bộ VHTT&DL", False)
    assert links["agency", "Cục Hợp tác quốc tế"]["new"] is True
    assert links["country", "Hàn Quốc"]["new"] is True
    assert {"person": "Lê Thị Thanh Vân", "title": "Phó Cục trưởng",
            "agency": "Cục Hợp tác quốc tế (Bộ Văn hóa, Thể thao và Du lịch)",
            "new": True} in interview["positions"]  # fmt: skip
    assert interview["duplicates"] == []
    assert report["kind"] == "report"
    assert report["photo_credits"] == ["Quang Huy"]
    assert not any(s["kind"] in ("question", "answer") for s in report["segments"])


def test_saving_imports_drafts_as_add_from_text_would_with_everything_accepted(seeded, files):
    interview, _report = files
    out, _ = run(str(interview), "--publication", "Ánh Sáng", "--date", "2025-06-02",
                 "--url", "https://anhsang.example.vn/hop-tac-van-hoa.html")  # fmt: skip
    article = Article.objects.get(title__startswith="Hợp tác văn hóa")
    assert f"saved as draft #{article.pk}" in out
    assert article.status == Article.Status.DRAFT
    assert article.publication.name == "Ánh Sáng"  # a new outlet, created
    assert article.source_url == "https://anhsang.example.vn/hop-tac-van-hoa.html"
    assert article.byline == "Minh Châu"
    speakers = set(article.segments.filter(kind="answer").values_list("speaker__name", flat=True))
    assert speakers == {"Lê Thị Thanh Vân"}
    van = Person.objects.get(name="Lê Thị Thanh Vân")
    assert van.positions.get().agency.parent.slug == "bo-van-hoa-the-thao-va-du-lich"
    # The same body again, under another title and address: flagged, nothing saved.
    copy = interview.with_name("copy.txt")
    copy.write_text(INTERVIEW.replace("mở ra chương trình mới", "năm 2025"), encoding="utf-8")
    before = counts()
    with pytest.raises(CommandError):
        run(str(copy), "--publication", "Ánh Sáng", "--date", "2025-06-03")
    assert counts() == before


def test_a_bad_file_is_named_and_the_others_are_imported(seeded, files, tmp_path):
    interview, _report = files
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Hội nghị".encode("utf-16"))
    binary = tmp_path / "nul.txt"
    binary.write_text("Tiêu đề\x00\nNội dung", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    before = counts()
    with pytest.raises(CommandError, match="3 of 4 articles not imported"):
        run(str(latin1), str(binary), str(missing), str(interview),
            "--publication", "Ánh Sáng", "--date", "2025")  # fmt: skip
    assert counts()[0] == before[0] + 1  # the good one
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_article", str(latin1), str(binary), str(missing),
                     "--publication", "Ánh Sáng", "--date", "2025", "--format", "json",
                     stdout=out)  # fmt: skip
    errors = {r["file"]: r["error"] for r in json.loads(out.getvalue())}
    assert "not UTF-8" in errors[str(latin1)]
    assert "NUL" in errors[str(binary)]
    assert "cannot read" in errors[str(missing)]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--date", "31/2/2025"], "is not a real date"),
        (["--date", "hôm qua"], "is not a date"),
        (["--date", "2025", "--url", "javascript:alert(1)"], "is not an http(s) address"),
        (["--date", "2025", "--publication", " "], "--publication is required"),
    ],
)
def test_bad_metadata_gets_a_message_and_nothing_is_saved(seeded, files, options, message):
    interview, _report = files
    arguments = ["--publication", "Ánh Sáng", *options]
    before = counts()
    with pytest.raises(CommandError) as refused:
        out, err = StringIO(), StringIO()
        try:
            call_command("import_article", str(interview), *arguments, stdout=out, stderr=err)
        finally:
            refused_text = err.getvalue()
    assert message in str(refused.value) + refused_text
    assert counts() == before


def test_a_manifest_names_many_files_with_their_metadata(seeded, files, tmp_path):
    manifest = tmp_path / "batch.toml"
    manifest.write_text(
        '[defaults]\npublication = "Ánh Sáng"\ndate = "2025-06"\n'
        '[[articles]]\nfile = "interview.txt"\nkind = "interview"\n'
        'date_inferred = "Tháng đăng lấy từ địa chỉ của trang."\n'
        '[[articles]]\nfile = "report.txt"\ndate = "2025-06-03"\n'
        'title = "Làm việc với Sở Ngoại vụ"\ntitle_in_text = false\n'
        'title_inferred = "Đặt theo nội dung bài; trang không in tiêu đề."\n',
        encoding="utf-8",
    )
    run("--manifest", str(manifest))
    interview = Article.objects.get(title__startswith="Hợp tác văn hóa")
    assert (interview.date_precision, interview.date_inferred) == ("month", True)
    report = Article.objects.get(title="Làm việc với Sở Ngoại vụ")
    assert report.title_inferred
    assert report.segments.first().text.startswith("Đoàn công tác")  # the first line is text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("articles = 3", "[[articles]]"),
        ('[[articles]]\nfile = "a.txt"\n', "“publication” is required"),
        ('[[articles]]\nfile = "a.txt"\npublication = "X"\ndate = "2025"\ncolour = 1\n',
         "unknown keys"),
        ("[[articles]\n", "cannot read the manifest"),
    ],
)  # fmt: skip
def test_a_bad_manifest_says_what_to_fix(seeded, tmp_path, content, message):
    manifest = tmp_path / "bad.toml"
    manifest.write_text(content, encoding="utf-8")
    before = counts()
    with pytest.raises(CommandError, match=message.replace("[", r"\[")):
        run("--manifest", str(manifest))
    assert counts() == before
