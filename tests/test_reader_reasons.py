"""Reasons for readers: every reason a public page gives for an inferred value (an article's
date or title, an event's dates) and every participant's note is written for readers, in
Vietnamese and in English, and names none of the curators' files ("printed in 001"); each
page shows the text in its own language, folded on the article page.

Expected texts come from fixtures/seed.toml (the [[articles]] 003 and the 18th Hội nghị
Ngoại vụ toàn quốc, whose year is inferred).
"""

import io
import json
import re
import shutil
from html import unescape

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from articles.models import Article, SeedRecord
from articles.seed import SeedError, load_seed
from events.models import Conference, Participation
from tests.admin_forms import form_data
from tests.conftest import SEED_FILE
from tests.factories import ArticleFactory
from tests.pages import expected_status, public_pages
from tests.test_add_from_text_review import preview, saved, submit
from tests.test_import_article import REPORT

pytestmark = pytest.mark.django_db

ARTICLE_003 = "ba-tru-cot-xay-dung-nen-ngoai-giao-viet-nam-toan-dien-hien-dai"
NGOAI_VU_18 = "hoi-nghi-ngoai-vu-toan-quoc-18"

# A curator's reference to a seed file: "001", "(…, 003)", "printed in 002", "004_….txt".
# A number inside a figure ("2.000", "2,000") is not one.
FILE_REFERENCE = re.compile(
    r"(?<![\w.,])00[0-4](?!\w|[.,]\d)|printed in 0|\b00\d_[0-9a-f]{16}\b|\.txt\b"
)
# Where the pages put reasons and notes.
REASONS = re.compile(
    r'<details class="inferred-reason">(.*?)</details>'
    r'|<p class="inferred-reason">(.*?)</p>'
    r'|<span class="inferred-why">(.*?)</span>'
    r'|class="inferred" title="([^"]*)"',
    re.S,
)


def text_of(fragment: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def reasons_on(html: str) -> list[str]:
    return [text_of(next(g for g in m.groups() if g is not None)) for m in REASONS.finditer(html)]


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def in_english(url: str) -> str:
    return url if url.startswith("/en/") else "/en" + url


# --- no file on any public page ------------------------------------------------------------------


def test_no_public_page_in_either_language_names_a_curators_file(client, seeded):
    seen_reasons = 0
    for label, url in public_pages():
        for address in dict.fromkeys([url, in_english(url)]):
            response = client.get(address)
            if address == url:
                assert response.status_code == expected_status(label), (label, address)
            html = unescape(response.content.decode())
            found = FILE_REFERENCE.search(html)
            assert found is None, (label, address, html[found.start() - 80 : found.end() + 80])
            for reason in reasons_on(response.content.decode()):
                seen_reasons += 1
                assert not re.search(r"\b00[0-4]\b", reason), (label, address, reason)
    assert seen_reasons > 20  # the pattern above does find the reasons it checks


def test_the_check_finds_a_curators_note_where_one_is_left(client, seeded):
    # What every reason said before: a note naming the seed files.
    Article.objects.filter(slug=ARTICLE_003).update(
        date_inferred_reason_en="No date is printed in 003; see 002 ('Ngày 21/8', 001)."
    )
    with translation.override("en"):
        url = Article.objects.get(slug=ARTICLE_003).get_absolute_url()
    html = page(client, url)
    assert FILE_REFERENCE.search(unescape(html))
    assert any(re.search(r"\b00[0-4]\b", reason) for reason in reasons_on(html))


# --- each page in its language -------------------------------------------------------------------


def test_the_article_page_gives_its_reasons_in_the_pages_language_folded(client, seeded):
    article = Article.objects.get(slug=ARTICLE_003)
    vi = [article.date_inferred_reason, article.title_inferred_reason]
    en = [article.date_inferred_reason_en, article.title_inferred_reason_en]
    assert all(vi) and all(en)
    for language, shown, hidden in (("vi", vi, en), ("en", en, vi)):
        with translation.override(language):
            html = page(client, article.get_absolute_url())
        # Folded: a closed <details> whose one-line summary opens on the reason.
        folded = re.findall(
            r'<details class="inferred-reason"><summary class="inferred">([^<]+)</summary>'
            r'<p lang="(\w+)">(.*?)</p></details>',
            html,
            re.S,
        )
        assert [(lang, unescape(text)) for _, lang, text in folded] == [
            (language, reason) for reason in shown
        ]
        assert not any(reason in unescape(html) for reason in hidden)


def test_a_reason_written_only_in_vietnamese_is_shown_so_on_english_pages(client, db):
    article = ArticleFactory(
        status=Article.Status.PUBLISHED,
        date_inferred_reason="Trang không in ngày; năm lấy theo địa chỉ trang.",
    )
    with translation.override("en"):
        html = page(client, article.get_absolute_url())
    assert '<p lang="vi">Trang không in ngày; năm lấy theo địa chỉ trang.</p></details>' in html


def test_the_conference_page_gives_its_reason_and_notes_in_the_pages_language(client, seeded):
    conference = Conference.objects.get(slug=NGOAI_VU_18)
    note = Participation.objects.get(conference=conference, person__slug="le-hoai-trung")
    assert (note.note, note.note_en) == (
        "Trao đổi với báo chí bên lề hội nghị.",
        "Spoke to the press on the sidelines of the conference.",
    )
    with translation.override("vi"):
        vi = unescape(page(client, conference.get_absolute_url()))
    with translation.override("en"):
        en = unescape(page(client, conference.get_absolute_url()))
    assert conference.dates_inferred_reason in vi and conference.dates_inferred_reason_en in en
    assert conference.dates_inferred_reason_en not in vi
    assert conference.dates_inferred_reason not in en
    assert '<span lang="vi">Trao đổi với báo chí bên lề hội nghị.</span>' in vi
    assert '<span lang="en">Spoke to the press on the sidelines of the conference.</span>' in en
    # The same reason where the event is listed, on the page of the official who attended.
    with translation.override("en"):
        person = page(client, reverse("people:person-detail", args=["le-hoai-trung"]))
    assert f'title="{conference.dates_inferred_reason_en}"' in unescape(person)


def test_the_article_rows_give_the_date_reason_in_the_pages_language(client, seeded):
    article = Article.objects.get(slug=ARTICLE_003)
    with translation.override("en"):
        html = page(client, reverse("articles:list"))
    assert f"Date inferred, not printed: {article.date_inferred_reason_en}" in reasons_on(html)


def test_the_api_and_the_export_carry_both_languages(client, seeded):
    article = Article.objects.get(slug=ARTICLE_003)
    body = client.get(f"/api/articles/{ARTICLE_003}/").json()
    assert body["date"]["inferred_reason"] == article.date_inferred_reason
    assert body["date"]["inferred_reason_en"] == article.date_inferred_reason_en
    assert body["title_inferred_reason_en"] == article.title_inferred_reason_en
    conference = client.get(f"/api/conferences/{NGOAI_VU_18}/").json()
    assert conference["dates"]["inferred_reason_en"].startswith("The article reporting")
    (trung,) = conference["participants"]
    assert trung["note_en"] == "Spoke to the press on the sidelines of the conference."
    with translation.override("vi"):
        response = client.get(reverse("articles:export", args=["json"]))
    rows = json.loads(b"".join(response.streaming_content))
    row = next(r for r in rows if r["title"] == article.title)
    assert (row["reason"], row["reason_en"]) == (
        article.date_inferred_reason,
        article.date_inferred_reason_en,
    )


def test_the_citation_gives_the_reason_in_the_pages_language(client, seeded):
    article = Article.objects.get(slug=ARTICLE_003)
    for language, shown, hidden in (
        ("en", article.date_inferred_reason_en, article.date_inferred_reason),
        ("vi", article.date_inferred_reason, article.date_inferred_reason_en),
    ):
        with translation.override(language):
            url = reverse("articles:citation-download", args=[ARTICLE_003, "json"])
        response = client.get(url)
        assert response.status_code == 200
        (item,) = json.loads(b"".join(response.streaming_content))
        assert shown in item["note"] and hidden not in item["note"]


# --- the editors' forms ---------------------------------------------------------------------------


def test_the_article_admin_saves_both_languages(editor_client, seeded):
    article = Article.objects.get(slug=ARTICLE_003)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(page(editor_client, url), "article_form")
    data |= {
        "date_inferred_reason": "Ngày lấy theo dấu thời gian trong địa chỉ trang.",
        "date_inferred_reason_en": "The date is the timestamp in the page's address.",
        "title_inferred_reason_en": "Rebuilt from the page's address.",
        "title_en": "Three pillars",
        "summary_en": "The minister names three pillars.",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert (article.date_inferred_reason, article.date_inferred_reason_en) == (
        "Ngày lấy theo dấu thời gian trong địa chỉ trang.",
        "The date is the timestamp in the page's address.",
    )
    assert article.title_inferred_reason_en == "Rebuilt from the page's address."
    assert (article.title_en, article.summary_en) == (
        "Three pillars",
        "The minister names three pillars.",
    )


def test_the_conference_admin_saves_both_languages_with_its_participants(admin_client, seeded):
    conference = Conference.objects.get(slug=NGOAI_VU_18)
    url = reverse("admin:events_conference_change", args=[conference.pk])
    html = page(admin_client, url)
    assert 'name="dates_inferred_reason_en"' in html
    assert 'name="participations-0-note_en"' in html
    data = form_data(html, "conference_form")
    data |= {
        "dates_inferred_reason_en": "The year comes from the conference held with it.",
        "participations-0-note_en": "Answered the press.",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    conference.refresh_from_db()
    assert conference.dates_inferred_reason_en == "The year comes from the conference held with it."
    assert conference.participations.get().note_en == "Answered the press."


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_add_from_text_takes_both_languages(english, admin_client, seeded):
    add_url = reverse("admin:articles_article_add_from_text")
    response = preview(
        admin_client,
        add_url,
        date="3/2024",
        date_inferred_reason="Tháng lấy theo địa chỉ trang.",
        date_inferred_reason_en="The month comes from the page's address.",
    )
    assert "The month comes from the page&#x27;s address." in response.content.decode()
    article = saved(
        submit(
            admin_client,
            add_url,
            response,
            button="save",
            title_inferred_reason="Đặt theo câu hỏi đầu tiên.",
            title_inferred_reason_en="Named after the first question.",
        )
    )
    assert (article.date_inferred_reason, article.date_inferred_reason_en) == (
        "Tháng lấy theo địa chỉ trang.",
        "The month comes from the page's address.",
    )
    assert (article.title_inferred_reason, article.title_inferred_reason_en) == (
        "Đặt theo câu hỏi đầu tiên.",
        "Named after the first question.",
    )


def test_an_import_manifest_takes_both_languages(seeded, tmp_path):
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    manifest = tmp_path / "batch.toml"
    manifest.write_text(
        '[[articles]]\nfile = "report.txt"\npublication = "Ánh Sáng"\ndate = "2025-06"\n'
        'date_inferred = "Tháng đăng lấy từ địa chỉ của trang."\n'
        'date_inferred_en = "The month comes from the page\'s address."\n',
        encoding="utf-8",
    )
    call_command("import_article", "--manifest", str(manifest), stdout=io.StringIO())
    article = Article.objects.get(title=REPORT.split("\n", 1)[0])
    assert (article.date_inferred_reason, article.date_inferred_reason_en) == (
        "Tháng đăng lấy từ địa chỉ của trang.",
        "The month comes from the page's address.",
    )


# --- the curated file -----------------------------------------------------------------------------


@pytest.fixture
def seed_copy(tmp_path):
    for path in SEED_FILE.parent.iterdir():
        if path.suffix in {".toml", ".txt"}:
            shutil.copy(path, tmp_path / path.name)
    return tmp_path / SEED_FILE.name


def edited(path, old: str, new: str):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_the_seed_carries_every_reason_in_both_languages():
    seed = load_seed(SEED_FILE)
    reasons = [
        e[name]
        for e in seed.sections["articles"]
        for name in ("date_inferred", "title_inferred")
        if name in e
    ]
    reasons += [e["dates_inferred"] for e in seed.sections["conferences"] if "dates_inferred" in e]
    reasons += [
        p["note"]
        for e in seed.sections["conferences"]
        for p in e.get("participants", [])
        if "note" in p
    ]
    assert len(reasons) == 12
    for reason in reasons:
        assert set(reason) == {"vi", "en"} and reason["vi"] != reason["en"]
    assert all(e.get("title_en") and e.get("summary_en") for e in seed.sections["articles"])


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "trong bài (“ba trụ cột”",
            "trong bài 003 (“ba trụ cột”",
            'title_inferred names the file "003"',
        ),
        (
            'note = { vi = "Phát biểu tại hội nghị.", en = "Spoke at the conference." }',
            'note = { vi = "Phát biểu tại hội nghị.", en = "Spoke (003_478af4e0ced61de0.txt)." }',
            'note names the file "003',
        ),
        (
            'note = { vi = "Phát biểu tại hội nghị.", en = "Spoke at the conference." }',
            'note = "Phát biểu tại hội nghị."',
            'note must be a table { vi = "…", en = "…" }',
        ),
        (
            'note = { vi = "Phát biểu tại hội nghị.", en = "Spoke at the conference." }',
            'note = { vi = "Phát biểu tại hội nghị.", en = "" }',
            "note.en is empty",
        ),
    ],
    ids=["file number", "file name", "one language", "empty English"],
)
def test_the_seed_refuses_a_reason_a_reader_cannot_use(seed_copy, old, new, message):
    with pytest.raises(SeedError) as error:
        load_seed(edited(seed_copy, old, new))
    assert message in str(error.value)


def run_import(*args) -> str:
    out = io.StringIO()
    call_command("import_seed", *args, stdout=out)
    return out.getvalue()


def test_a_reimport_keeps_an_editors_english_and_changes_nothing_else(seeded):
    conference = Conference.objects.get(slug=NGOAI_VU_18)
    Conference.objects.filter(pk=conference.pk).update(
        dates_inferred_reason_en="Worked out by an editor."
    )
    out = run_import()
    assert "kept as it is" in out
    conference.refresh_from_db()
    assert conference.dates_inferred_reason_en == "Worked out by an editor."
    assert Article.objects.get(slug=ARTICLE_003).title_en.startswith("Three pillars")


def test_records_made_before_the_english_notes_count_as_the_seeds_values(seeded):
    # A database imported before participants had an English note: its records hold four
    # values a participant, its rows an empty English note. The import finds them as it left
    # them, and writes the seed's English notes.
    Participation.objects.update(note_en="")
    for record in SeedRecord.objects.filter(model="events.conference"):
        if record.values.get("participants"):
            record.values["participants"] = [row[:4] for row in record.values["participants"]]
            record.save()
    out = run_import()
    assert "kept as it is" not in out, out
    assert Participation.objects.get(person__slug="le-hoai-trung").note_en.startswith("Spoke")
