"""The review step of "Add from text" as an editor uses it: putting removed lines back,
the reasons shown, inferred titles and dates, proposals of new entries, duplicates by text,
and tampered or odd input. Every assertion reads what the editor sees on the page (or the
public page), and what is saved.

The admin is read in English, at its /en/ addresses, so the assertions do not depend on the
Vietnamese catalogue (tests/test_i18n.py looks after that); the helpers that count rows and
post a preview back as drawn come from tests/test_editorial.py.
"""

import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation

from articles.models import Article, Document, Publication
from events.models import Conference
from people.models import Agency, Body, Person
from tests.test_editorial import counts, review_data

pytestmark = pytest.mark.django_db

# An interview whose answers carry no label, as pasted from the outlet's page. Line numbers
# matter: 2 (timestamp), 3 (share button), 7 (a related article with its time stamp, inside
# an answer) and 12 (the byline) are removed as page furniture. It names an official the
# archive does not know, head of a department it does not know either (of the Ministry of
# Foreign Affairs, which it does), the next conference of a series it holds, a resolution
# by its number, and UNESCO (a body of the reference list, not yet in the archive).
TEXT = """Ngoại giao văn hóa: lan tỏa sức mạnh mềm Việt Nam
Thứ Năm, 14/03/2024 - 07:45
Chia sẻ Facebook
Bên lề Hội nghị Ngoại vụ toàn quốc lần thứ 21, phóng viên đã có cuộc trao đổi với ông Hà \
Quang Khải, Vụ trưởng Vụ Ngoại giao văn hóa và UNESCO, Bộ Ngoại giao, về việc triển khai \
Nghị quyết số 34-NQ/TW về công tác đối ngoại.
Ông đánh giá thế nào về kết quả ngoại giao văn hóa trong năm qua?
Năm qua, các cơ quan đại diện của ta đã tổ chức hàng trăm hoạt động quảng bá văn hóa Việt \
Nam, từ tuần phim đến lễ hội ẩm thực, thu hút đông đảo bạn bè quốc tế.
Việt Nam và Cuba ký kết chương trình hợp tác văn hóa giai đoạn mới (13/03/2024 16:20)
Chúng tôi cũng phối hợp chặt chẽ với UNESCO để ghi danh thêm các di sản của Việt Nam.
Thưa ông, đâu là ưu tiên của Vụ trong năm nay?
Ưu tiên hàng đầu là hỗ trợ cộng đồng người Việt Nam ở nước ngoài gìn giữ tiếng Việt và bản \
sắc văn hóa dân tộc.
Xin cảm ơn ông!
Hoàng Lan (thực hiện)"""
TITLE = "Ngoại giao văn hóa: lan tỏa sức mạnh mềm Việt Nam"
RELATED = "Việt Nam và Cuba ký kết chương trình hợp tác văn hóa giai đoạn mới (13/03/2024 16:20)"
RELATED_LINE = 7
KINDS = ["paragraph", "question", "answer", "answer", "question", "answer", "paragraph"]
# With line 7 put back: it continues the first answer.
KINDS_KEPT = [
    "paragraph",
    "question",
    "answer",
    "answer",
    "answer",
    "question",
    "answer",
    "paragraph",
]
TEXT_CHANGED = "The text changed: check the segments below, then save."


@pytest.fixture(autouse=True)
def _english_admin():
    with translation.override("en"):
        yield


@pytest.fixture
def add_url():
    return reverse("admin:articles_article_add_from_text")


@pytest.fixture
def editor(client, db):
    client.force_login(User.objects.create_superuser("editor", "editor@example.org", "pw"))
    return client


def step_one(**overrides) -> dict:
    data = {
        "publication": Publication.objects.get(slug="bao-tin-tuc").pk,
        "kind": "interview",
        "date": "14/3/2024",
        "date_precision": "",
        "date_inferred_reason": "",
        "source_url": "https://baotintuc.vn/thoi-su/ngoai-giao-van-hoa-suc-manh-mem.htm",
        "title": "",
        "title_in_text": "on",
        "text": TEXT,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- what the editor sees ------------------------------------------------------------------------


def page_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def text_of(fragment: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def segment_rows(response) -> list[tuple[str, str, str]]:
    """(kind selected, text, why) of each row of the segments table."""
    page = page_of(response)
    table = re.search(r"<caption>The text, segment by segment</caption>(.*?)</table>", page, re.S)
    assert table, "no segments table"
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", table.group(1).split("<tbody>", 1)[1], re.S):
        kind = re.search(r'<option value="(\w+)" selected>', row)
        text = re.search(r'<td class="segment-text">(.*?)</td>', row, re.S)
        why = re.search(r'<td class="matched">(.*?)</td>', row, re.S)
        rows.append((kind.group(1) if kind else "", text_of(text.group(1)), text_of(why.group(1))))
    return rows


def removed_lines(response) -> dict[int, tuple[str, bool]]:
    """The lines listed as removed: line number -> (what the row says, ticked to put back)."""
    details = re.search(r"<details[^>]*>(.*?)</details>", page_of(response), re.S)
    if details is None:
        return {}
    lines = {}
    for item in re.findall(r"<li>(.*?)</li>", details.group(1), re.S):
        box = re.search(r'<input type="checkbox" name="keep-(\d+)"[^>]*>', item)
        assert box, item
        lines[int(box.group(1))] = (text_of(item), ticked(item, f"keep-{box.group(1)}"))
    return lines


def ticked(response_or_html, name: str) -> bool:
    """Whether the checkbox ``name`` is drawn ticked."""
    html = response_or_html if isinstance(response_or_html, str) else page_of(response_or_html)
    box = re.search(rf'<input type="checkbox" name="{re.escape(name)}"[^>]*>', html)
    assert box, f"no checkbox {name}"
    return bool(re.search(r"\schecked[\s>]", box.group(0)))


def messages_of(response) -> list[str]:
    found = re.search(r'<ul class="messagelist">(.*?)</ul>', page_of(response), re.S)
    if found is None:
        return []
    return [text_of(m) for m in re.findall(r"<li[^>]*>(.*?)</li>", found.group(1), re.S)]


def hidden(response, name: str) -> str:
    field = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', page_of(response))
    if field is None:
        field = re.search(rf'<input type="hidden" name="{name}"[^>]*>', page_of(response))
        assert field, f"no hidden {name}"
        return ""
    return unescape(field.group(1))


def also_named(response) -> str:
    found = re.search(r"<h2>Also named in the text</h2>(.*?)</fieldset>", page_of(response), re.S)
    return text_of(found.group(1))


def preview(client, url, **overrides):
    response = client.post(url, step_one(**overrides))
    assert "The text, segment by segment" in page_of(response)
    return response


def submit(client, url, response, *, button="refresh", **changes):
    """Post the review as drawn in ``response``, with ``changes`` (None removes a field)."""
    data = review_data(response.context["review"])
    data.update(changes)
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(url, {**data, button: button})


def saved(response) -> Article:
    assert response.status_code == 302, response.context["review"].errors
    pk = int(re.search(r"/(\d+)/change/$", response["Location"]).group(1))
    return Article.objects.get(pk=pk)


# --- putting removed lines back ------------------------------------------------------------------


def test_the_preview_lists_each_removed_line_with_its_reason_and_the_reasons_for_kinds(
    editor, seeded, add_url
):
    response = preview(editor, add_url)
    removed = removed_lines(response)
    assert sorted(removed) == [2, 3, 7, 12]
    assert removed[3] == ("line 3: “Chia sẻ Facebook” (share button)", False)
    assert removed[7][0] == f"line 7: “{RELATED}” (title of another article, with its time stamp)"
    assert removed[12][0].endswith("(byline)")
    assert "4 lines removed as page furniture" in page_of(response)
    rows = segment_rows(response)
    assert [kind for kind, _text, _why in rows] == KINDS
    assert [why for _kind, _text, why in rows] == [
        "lead before the first question",
        "ends with a question mark and an answer follows",
        "unlabelled paragraph after a question: read as its answer",
        "continues the answer above",
        "ends with a question mark and an answer follows",
        "unlabelled paragraph after a question: read as its answer",
        "closing thanks",
    ]
    assert all(RELATED not in text for _kind, text, _why in rows)
    assert hidden(response, "kept") == ""


def test_a_line_put_back_becomes_a_segment_and_goes_again_when_unticked(editor, seeded, add_url):
    response = preview(editor, add_url)
    assert "Cuba" not in also_named(response)
    before = counts()

    response = submit(editor, add_url, response, **{f"keep-{RELATED_LINE}": "on"})
    assert TEXT_CHANGED in messages_of(response)
    rows = segment_rows(response)
    # The segments are drawn anew, each with the kind the parser gives it (not left blank).
    assert [kind for kind, _text, _why in rows] == KINDS_KEPT
    assert rows[3] == ("answer", RELATED, "continues the answer above")
    assert "This field is required" not in page_of(response)
    assert "Please correct the error" not in page_of(response)
    assert removed_lines(response)[RELATED_LINE][1] is True  # still listed, ticked
    assert hidden(response, "kept") == str(RELATED_LINE)
    assert "Cuba" in also_named(response)  # named in the line put back
    assert counts() == before  # "Update the preview" saves nothing

    # Pressing "Update the preview" again, unchanged, keeps it and says nothing changed.
    response = submit(editor, add_url, response)
    assert TEXT_CHANGED not in messages_of(response)
    assert [text for _kind, text, _why in segment_rows(response)][3] == RELATED

    # Unticked again, the line goes.
    response = submit(editor, add_url, response, **{f"keep-{RELATED_LINE}": None})
    assert TEXT_CHANGED in messages_of(response)
    assert [kind for kind, _text, _why in segment_rows(response)] == KINDS
    assert all(RELATED not in text for _kind, text, _why in segment_rows(response))
    assert removed_lines(response)[RELATED_LINE][1] is False
    assert hidden(response, "kept") == ""
    assert "Cuba" not in also_named(response)
    assert counts() == before


def test_a_line_put_back_is_saved_with_the_draft(editor, seeded, add_url):
    response = preview(editor, add_url)
    response = submit(editor, add_url, response, **{f"keep-{RELATED_LINE}": "on"})
    article = saved(submit(editor, add_url, response, button="save"))
    segments = list(article.segments.order_by("position"))
    assert [s.kind for s in segments] == KINDS_KEPT
    assert segments[3].text == RELATED
    assert segments[3].speaker.name == "Hà Quang Khải"
    assert article.countries.filter(code="CU").exists()
    # The lines not put back stay out; the byline is kept as the byline.
    assert not article.segments.filter(text__contains="Chia sẻ").exists()
    assert article.byline == "Hoàng Lan"


def test_changing_the_ticks_then_pressing_save_saves_nothing_and_redraws_the_segments(
    editor, seeded, add_url
):
    response = preview(editor, add_url)
    before = counts()
    # The editor drops the closing thanks, ticks a line to put back, and presses Save.
    response = submit(
        editor,
        add_url,
        response,
        button="save",
        **{"s6-drop": "on", f"keep-{RELATED_LINE}": "on"},
    )
    assert response.status_code == 200
    assert TEXT_CHANGED in messages_of(response)
    assert counts() == before
    assert not Article.objects.filter(title=TITLE).exists()
    # The corrections made to the old segments are gone: segment 7 (the thanks, now 8) is
    # not ticked to drop, and neither is the answer now in its place.
    assert not ticked(response, "s6-drop") and not ticked(response, "s7-drop")
    assert segment_rows(response)[6][0:2] == ("answer", TEXT.split("\n")[9])
    assert segment_rows(response)[7] == ("paragraph", "Xin cảm ơn ông!", "closing thanks")

    # Save again, now that the segments shown are those saved: the draft has the line.
    article = saved(submit(editor, add_url, response, button="save"))
    assert article.segments.filter(text=RELATED).exists()

    # Unticking a line put back, then Save: nothing saved either.
    response = preview(editor, add_url, source_url="https://baotintuc.vn/khac.htm")
    response = submit(editor, add_url, response, **{f"keep-{RELATED_LINE}": "on"})
    before = counts()
    response = submit(editor, add_url, response, button="save", **{f"keep-{RELATED_LINE}": None})
    assert TEXT_CHANGED in messages_of(response)
    assert counts() == before


def test_choices_follow_their_entry_when_a_line_put_back_names_another(editor, seeded, add_url):
    # The related line names UNICEF, before UNESCO: put back, UNICEF is the first body
    # proposed, and what the editor chose for UNESCO must stay with UNESCO.
    unicef = "Việt Nam và UNICEF ký kết chương trình hợp tác giai đoạn mới (13/03/2024 16:20)"
    response = preview(editor, add_url, text=TEXT.replace(RELATED, unicef))
    unesco = proposal_key(response, "body", "Tổ chức Giáo dục")
    conference = proposal_key(response, "conference", "Hội nghị Ngoại vụ")
    renamed = "Tổ chức Giáo dục, Khoa học và Văn hóa của Liên hợp quốc"
    response = submit(
        editor,
        add_url,
        response,
        **{f"{unesco}-name": renamed, conference: None, f"keep-{RELATED_LINE}": "on"},
    )
    assert TEXT_CHANGED in messages_of(response)
    unesco = proposal_key(response, "body", "Tổ chức Giáo dục")
    unicef_key = proposal_key(response, "body", "Quỹ Nhi đồng")
    page = page_of(response)
    assert re.search(rf'<input type="text" name="{unesco}-name" value="{renamed}"', page)
    assert re.search(
        rf'<input type="text" name="{unicef_key}-name" value="Quỹ Nhi đồng Liên hợp quốc"', page
    )
    assert ticked(response, unesco) and ticked(response, unicef_key)
    assert not ticked(response, proposal_key(response, "conference", "Hội nghị Ngoại vụ"))

    article = saved(submit(editor, add_url, response, button="save"))
    bodies = dict(article.bodies.values_list("abbreviation", "name_vi"))
    assert bodies == {"UNESCO": renamed, "UNICEF": "Quỹ Nhi đồng Liên hợp quốc"}
    assert not article.conferences.exists()


# --- inferred title and date ---------------------------------------------------------------------

TITLE_REASON = "Trang không in tiêu đề; đặt theo câu hỏi đầu tiên."
DATE_REASON = "Trang không in ngày; tháng lấy theo địa chỉ URL (…/2024/03/…)."


def test_an_inferred_title_and_date_are_stored_and_shown_as_inferred_on_the_public_page(
    editor, client, seeded, add_url
):
    # The page printed no title: the text starts with the timestamp, then the lead.
    untitled = TEXT.split("\n", 1)[1]
    response = preview(
        editor,
        add_url,
        text=untitled,
        title_in_text="",
        title="Lan tỏa sức mạnh mềm bằng ngoại giao văn hóa",
        date="3/2024",
        date_inferred_reason=DATE_REASON,
        source_url="https://baotintuc.vn/2024/03/ngoai-giao-van-hoa.htm",
    )
    page = page_of(response)
    assert f"March 2024 (inferred: {DATE_REASON})" in unescape(page)
    assert "Why the title is inferred" in page
    article = saved(
        submit(editor, add_url, response, button="save", title_inferred_reason=TITLE_REASON)
    )
    assert article.title == "Lan tỏa sức mạnh mềm bằng ngoại giao văn hóa"
    assert (article.title_inferred_reason, article.date_inferred_reason) == (
        TITLE_REASON,
        DATE_REASON,
    )
    assert (article.date.isoformat(), article.date_precision) == ("2024-03-01", "month")

    # Published (the list action), its public page says both were inferred.
    changelist = reverse("admin:articles_article_changelist")
    editor.post(changelist, {"action": "publish", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    facts = re.search(
        r'<dl class="article-facts".*?</dl>', page_of(client.get(article.get_absolute_url())), re.S
    )
    facts = text_of(facts.group(0))
    assert f"inferred {DATE_REASON}" in facts  # folded under "inferred"
    assert f"Title inferred {TITLE_REASON}" in facts


def test_a_printed_title_and_date_are_not_shown_as_inferred(editor, client, seeded, add_url):
    article = saved(submit(editor, add_url, preview(editor, add_url), button="save"))
    assert (article.title_inferred_reason, article.date_inferred_reason) == ("", "")
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)
    assert 'class="inferred-reason"' not in page_of(client.get(article.get_absolute_url()))


# --- proposals of new entries --------------------------------------------------------------------


def proposal_key(response, kind: str, label_start: str) -> str:
    found = response.context["review"].suggestions.found[kind]
    return next(f.key for f in found if f.is_new and f.label.startswith(label_start))


def test_proposals_are_shown_as_new_with_an_editable_name(editor, seeded, add_url):
    response = preview(editor, add_url)
    also = also_named(response)
    for label in (
        "New: Vụ Ngoại giao văn hóa và UNESCO (Bộ Ngoại giao)",
        "New: Tổ chức Giáo dục, Khoa học và Văn hóa Liên hợp quốc (UNESCO)",
        "New: Hội nghị Ngoại vụ toàn quốc lần thứ 21",
        "New: Nghị quyết 34-NQ/TW",
    ):
        assert label in also
    assert "New: Bộ Ngoại giao" not in also  # known: linked, not proposed
    key = proposal_key(response, "document", "Nghị quyết")
    assert re.search(
        rf'<input type="text" name="{key}-name" value="Nghị quyết 34-NQ/TW"', page_of(response)
    )
    # The new official's title is held in the proposed department.
    agency = proposal_key(response, "agency", "Vụ Ngoại giao")
    assert re.search(
        rf'<option value="new:{agency}" selected>Vụ Ngoại giao văn hóa và UNESCO \(Bộ Ngoại giao\) '
        r"\(new\)</option>",
        page_of(response),
    )


def test_edited_names_are_created_and_unticked_proposals_are_not(editor, seeded, add_url):
    response = preview(editor, add_url)
    body = proposal_key(response, "body", "Tổ chức Giáo dục")
    document = proposal_key(response, "document", "Nghị quyết")
    conference = proposal_key(response, "conference", "Hội nghị Ngoại vụ")
    agency = proposal_key(response, "agency", "Vụ Ngoại giao")
    resolution = "Nghị quyết 34-NQ/TW về một số định hướng, nhiệm vụ công tác đối ngoại"
    department = "Vụ Ngoại giao Văn hóa và UNESCO"
    article = saved(
        submit(
            editor,
            add_url,
            response,
            button="save",
            **{
                f"{document}-name": resolution,
                f"{agency}-name": department,
                body: None,  # UNESCO: unticked
                conference: None,  # the conference: unticked
            },
        )
    )
    assert article.documents.get().name_vi == resolution
    assert Document.objects.filter(name_vi=resolution).count() == 1
    created = Agency.objects.get(name_vi=department)
    assert created.parent.slug == "bo-ngoai-giao"
    assert not Agency.objects.filter(name_vi="Vụ Ngoại giao văn hóa và UNESCO").exclude(
        pk=created.pk
    )
    assert not Body.objects.filter(abbreviation="UNESCO").exists()
    series = Conference.objects.get(slug="hoi-nghi-ngoai-vu-toan-quoc-20").series
    assert not series.conferences.filter(ordinal=21).exists()
    assert not article.bodies.exists() and not article.conferences.exists()
    khai = Person.objects.get(name="Hà Quang Khải")
    assert [(p.title_vi, p.agency) for p in khai.positions.all()] == [("Vụ trưởng", created)]


def test_a_title_held_in_a_proposed_agency_creates_it_even_when_its_row_is_unticked(
    editor, seeded, add_url
):
    response = preview(editor, add_url)
    agency = proposal_key(response, "agency", "Vụ Ngoại giao")
    department = "Vụ Ngoại giao Văn hóa và UNESCO"
    article = saved(
        submit(
            editor,
            add_url,
            response,
            button="save",
            **{agency: None, f"{agency}-name": department},
        )
    )
    created = Agency.objects.get(parent__slug="bo-ngoai-giao", kind="ministry_department")
    assert created.name_vi == department  # the name the editor gave it
    khai = article.person_mentions.get(person__name="Hà Quang Khải")
    assert [(p.title_vi, p.agency) for p in khai.positions.all()] == [("Vụ trưởng", created)]


def test_a_ticked_proposal_without_a_name_is_a_form_error(editor, seeded, add_url):
    response = preview(editor, add_url)
    document = proposal_key(response, "document", "Nghị quyết")
    before = counts()
    response = submit(editor, add_url, response, button="save", **{f"{document}-name": "   "})
    page = page_of(response)
    assert "Please correct the error below. Nothing has been saved." in page
    item = re.search(rf'<li><input type="checkbox" name="{document}".*?</li>', page, re.S)
    assert "Give the name, or untick the new entry." in text_of(item.group(0))
    assert counts() == before
    # Unticked, the empty name does not matter.
    response = submit(editor, add_url, response, button="save", **{document: None})
    assert not saved(response).documents.exists()


# --- duplicates by text --------------------------------------------------------------------------


def test_the_same_text_under_another_title_and_url_is_flagged_and_needs_save_anyway(
    editor, seeded, add_url
):
    existing = Article.objects.get(
        title="Đội ngũ cán bộ đối ngoại cần có sự chuyên nghiệp trong hoạt động hội nhập quốc tế"
    )
    raw = (Path(settings.BASE_DIR) / "fixtures" / "004_ec9d99e5a5a2e0a2.txt").read_text()
    pasted = raw.replace(existing.title, "Cán bộ đối ngoại phải chuyên nghiệp hơn", 1)
    assert pasted != raw
    response = preview(
        editor,
        add_url,
        text=pasted,
        kind="report",
        source_url="https://www.vietnamplus.vn/can-bo-doi-ngoai-chuyen-nghiep.vnp",
    )
    warning = re.search(r'<section class="duplicate-warning".*?</section>', page_of(response), re.S)
    assert warning, "no duplicate warning"
    assert "This article may already be in the archive" in warning.group(0)
    item = re.search(r"<li>.*?</li>", warning.group(0), re.S).group(0)
    assert f'href="{reverse("admin:articles_article_change", args=[existing.pk])}"' in item
    assert existing.title in text_of(item)
    assert re.search(r"most of the same text \(\d+ %\)", text_of(item))
    assert "the same title" not in text_of(item) and "the same source URL" not in text_of(item)

    before = counts()
    response = submit(editor, add_url, response, button="save")
    assert "tick “save anyway” only if this one is a different article" in page_of(response)
    assert counts() == before
    # "Save anyway" ticked stays ticked when a removed line is put back.
    line = min(removed_lines(response))
    response = submit(editor, add_url, response, confirm_duplicate="on", **{f"keep-{line}": "on"})
    assert TEXT_CHANGED in messages_of(response)
    assert ticked(response, "confirm_duplicate")
    article = saved(submit(editor, add_url, response, button="save"))
    assert article.title == "Cán bộ đối ngoại phải chuyên nghiệp hơn"
    assert article.pk != existing.pk


def test_a_different_text_is_not_flagged(editor, seeded, add_url):
    response = preview(editor, add_url)
    assert "This article may already be in the archive" not in page_of(response)
    assert "confirm_duplicate" not in response.context["review"].fields


# --- odd and tampered input ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "extra",
    [
        {"keep-99999999999": "on"},
        {"keep-abc": "on"},
        {"keep-": "on", "keep--7": "on", "keep-7.0": "on", "keep- 7": "on"},
        {"keep-1": "on"},  # the title line: not a removed line
        {"keep-5": "on"},  # a line of the text: not removed either
        {"keep-0": "on", "keep-99": "on"},
        {"kept": "abc"},
        {"kept": "99999999999,-3,,x"},
        {"kept": "1,5"},  # lines that were never removed
    ],
)
def test_odd_keep_and_kept_fields_are_ignored(editor, seeded, add_url, extra):
    response = preview(editor, add_url)
    response = submit(editor, add_url, response, button="save", **extra)
    article = saved(response)
    assert article.title == TITLE
    assert [s.kind for s in article.segments.order_by("position")] == KINDS
    follow = editor.get(response["Location"])
    assert TEXT_CHANGED not in messages_of(follow)


@pytest.mark.parametrize(
    "kept",
    [str(RELATED_LINE), f"{RELATED_LINE},2", f"{RELATED_LINE},{RELATED_LINE}", " 7 , 12"],
)
def test_a_tampered_kept_that_differs_from_the_ticks_redraws_and_saves_nothing(
    editor, seeded, add_url, kept
):
    response = preview(editor, add_url)
    before = counts()
    response = submit(editor, add_url, response, button="save", kept=kept)
    assert TEXT_CHANGED in messages_of(response)
    assert counts() == before
    assert [kind for kind, _text, _why in segment_rows(response)] == KINDS
    assert hidden(response, "kept") == ""
    # The redrawn preview saves as it shows.
    assert [
        s.kind
        for s in saved(submit(editor, add_url, response, button="save")).segments.order_by(
            "position"
        )
    ] == KINDS


def test_a_put_back_line_ticked_with_an_odd_value_reads_like_a_checkbox(editor, seeded, add_url):
    response = preview(editor, add_url)
    response = submit(editor, add_url, response, **{f"keep-{RELATED_LINE}": "false"})
    assert TEXT_CHANGED not in messages_of(response)
    assert all(RELATED not in text for _kind, text, _why in segment_rows(response))
    response = submit(editor, add_url, response, **{f"keep-{RELATED_LINE}": "yes"})
    assert TEXT_CHANGED in messages_of(response)
    assert removed_lines(response)[RELATED_LINE][1] is True
