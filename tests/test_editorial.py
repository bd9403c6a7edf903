"""Adding an article from its raw text: suggestions, the draft it saves, duplicates, and the
admin pages staff use (step 1 text, step 2 preview, step 3 save)."""

import datetime
import re

import pytest
from django import forms
from django.contrib import admin as django_admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from reversion.models import Version

from articles.admin_from_text import AddFromTextMixin
from articles.ingest.choices import Accepted, PersonChoice, PositionChoice
from articles.ingest.duplicates import DuplicateArticleError, article_duplicates
from articles.ingest.save import article_create_from_text
from articles.ingest.suggest import suggest_links
from articles.models import (
    AgencyMention,
    Article,
    PersonMention,
    Publication,
    Segment,
)
from events.models import Conference
from people.models import Agency, Body, Country, Person, Position
from tests.scale import build_corpus
from tests.test_html_validity import _describe, vnu  # noqa: F401 (vnu is a fixture)

pytestmark = pytest.mark.django_db

# An interview in the labelled convention ("- " questions, "Thứ trưởng X:" answers), as
# pasted from an outlet's page: timestamp, share button, a captioned photo with a credit,
# a known minister, an unknown deputy minister of a ministry the archive lacks.
LABELLED = """Đẩy mạnh ngoại giao kinh tế, đồng hành cùng doanh nghiệp

Thứ Ba, 12/03/2024 - 09:15 (GMT+7)
Chia sẻ Zalo

Bên lề Hội nghị Ngoại vụ toàn quốc lần thứ 20, Thứ trưởng Bộ Công Thương Nguyễn Văn An \
đã trả lời phỏng vấn báo chí về hợp tác với ASEAN, Hoa Kỳ và các đối tác trong CPTPP.

Thứ trưởng Bộ Công Thương Nguyễn Văn An phát biểu tại Hội nghị. (Ảnh: Minh Đức/TTXVN)

- Thứ trưởng đánh giá thế nào về phối hợp giữa các bộ, ngành trong ngoại giao kinh tế?

Thứ trưởng Nguyễn Văn An: Bộ Công Thương luôn phối hợp chặt chẽ với BỘ NGOẠI GIAO và \
các Sở Ngoại vụ địa phương. Như Bộ trưởng Bộ Ngoại giao Bùi Thanh Sơn đã nhấn mạnh, các \
cơ quan Trung ương phải đồng hành cùng doanh nghiệp.

Chúng tôi tiếp tục tận dụng các cam kết trong CPTPP và EVFTA, đồng thời mở rộng thị \
trường sang Cuba và An-giê-ri.

- Theo Thứ trưởng, cần những biện pháp gì để nâng cao hiệu quả?

Thứ trưởng Nguyễn Văn An: Cần bám sát Chỉ thị 25-CT/TW và tăng cường trao đổi thông tin \
với Thông tấn xã Việt Nam.

- Trân trọng cảm ơn Thứ trưởng!

Theo TTXVN/VIETNAM+"""

# An interview in the bare-question convention (answers start with "- ", no label): the
# deputy minister of 2016 is now minister; a caption printed twice; an unknown director.
DASHED = """Bộ trưởng Lê Hoài Trung: Nâng tầm đối ngoại đa phương
Nhân dịp đầu năm mới, phóng viên có cuộc phỏng vấn Bộ trưởng Bộ Ngoại giao Lê Hoài \
Trung về đối ngoại đa phương.
Bộ trưởng Bộ Ngoại giao Lê Hoài Trung tiếp Đại sứ Hoa Kỳ Marc E. Knapper.
Bộ trưởng Bộ Ngoại giao Lê Hoài Trung tiếp Đại sứ Hoa Kỳ Marc E. Knapper.
Ông đánh giá thế nào về vị thế của Việt Nam tại Liên hợp quốc và ASEAN?
- Việt Nam đã hoàn thành tốt vai trò thành viên Hội đồng Bảo an Liên hợp quốc.
Chúng ta tiếp tục triển khai Chỉ thị 25-CT/TW về đối ngoại đa phương.
Ông có thể chia sẻ về kế hoạch trong năm nay?
- Bộ Ngoại giao sẽ phối hợp với Vụ trưởng Vụ Hợp tác Quốc tế Trần Thị Bình để chuẩn bị \
Hội nghị Ngoại giao lần thứ 29.
Trân trọng cảm ơn Bộ trưởng!
Hạ Ly (thực hiện)"""

DATE = datetime.date(2024, 3, 12)


def suggestions_for(text: str, **kwargs):
    return suggest_links(text=text, date=DATE, **kwargs)


def found_keys(suggestions, kind: str) -> set[str]:
    """The archive's rows found (slugs; country codes), and proposals as "new:<name>"."""
    model = {"agency": Agency, "country": Country, "body": Body, "conference": Conference}
    rows = suggestions.found[kind]
    new = {f"new:{f.name}" for f in rows if f.is_new}
    if kind == "country":
        return {Country.objects.get(pk=f.pk).code for f in rows if not f.is_new} | new
    return {model[kind].objects.get(pk=f.pk).slug for f in rows if not f.is_new} | new


def person(suggestions, name: str):
    return next(p for p in suggestions.people if p.name == name)


def create(text: str, *, suggestions=None, **kwargs) -> Article:
    suggestions = suggestions or suggestions_for(text)
    arguments = {
        "publication": Publication.objects.get(slug="vietnamplus"),
        "date": DATE,
        "date_precision": "day",
        "kind": "interview",
        "text": text,
        "accepted": suggestions.accept_all(),
        **kwargs,
    }
    return article_create_from_text(**arguments)


def counts() -> dict[str, int]:
    from articles.models import (
        BodyMention,
        ConferenceMention,
        CountryMention,
        DocumentMention,
        SearchEntry,
    )

    models = (
        Article,
        Segment,
        PersonMention,
        AgencyMention,
        CountryMention,
        BodyMention,
        ConferenceMention,
        DocumentMention,
        Person,
        Position,
        Agency,
        SearchEntry,
        PersonMention.positions.through,
    )
    return {m.__name__: m.objects.count() for m in models}


# --- suggestions ----------------------------------------------------------------------------


def test_labelled_interview_is_segmented_without_page_furniture(seeded):
    s = suggestions_for(LABELLED)
    assert s.title == "Đẩy mạnh ngoại giao kinh tế, đồng hành cùng doanh nghiệp"
    kinds = [segment.kind for segment in s.segments]
    assert kinds == [
        "paragraph",
        "caption",
        "question",
        "answer",
        "answer",
        "question",
        "answer",
        "paragraph",  # the closing thank-you
    ]
    caption = s.segments[1]
    assert caption.text == "Thứ trưởng Bộ Công Thương Nguyễn Văn An phát biểu tại Hội nghị."
    assert caption.photo_credit == "Minh Đức/TTXVN"
    assert {seg.speaker_label for seg in s.segments if seg.kind == "answer"} == {
        "Thứ trưởng Nguyễn Văn An"
    }
    everything = "\n".join(seg.text for seg in s.segments)
    for furniture in ("Chia sẻ Zalo", "GMT+7", "Theo TTXVN/VIETNAM+"):
        assert furniture not in everything
    assert {d.reason for d in s.parsed.dropped} >= {"share button", "timestamp", "credit line"}


def test_known_rows_named_in_the_text_are_suggested_with_the_words_as_written(seeded):
    s = suggestions_for(LABELLED)
    assert found_keys(s, "agency") >= {"bo-ngoai-giao", "so-ngoai-vu", "ttxvn"}
    assert found_keys(s, "country") >= {"US", "CU", "DZ", "VN"}
    assert found_keys(s, "body") == {"asean", "cptpp", "evfta"}
    assert found_keys(s, "conference") == {"hoi-nghi-ngoai-vu-toan-quoc-20"}
    assert [f.label for f in s.found["document"]] == [
        "Chỉ thị 25-CT/TW về đẩy mạnh và nâng tầm đối ngoại đa phương đến năm 2030"
    ]
    ministry = next(f for f in s.found["agency"] if f.label == "Bộ Ngoại giao")
    assert set(ministry.words) == {"BỘ NGOẠI GIAO", "Bộ Ngoại giao"}  # case ignored
    assert next(f for f in s.found["document"]).words == ["Chỉ thị 25-CT/TW"]  # by its number
    assert all(f.preselected for rows in s.found.values() for f in rows)


def test_an_unknown_titled_official_is_proposed_with_title_agency_and_role(seeded):
    s = suggestions_for(LABELLED)
    an = person(s, "Nguyễn Văn An")
    assert an.is_new and an.preselected
    assert an.role == "interviewee"  # the speaker of the answers
    # The ministry the archive lacks is proposed, and the title is held there.
    ministry = next(f for f in s.found["agency"] if f.is_new and f.name == "Bộ Công Thương")
    assert [(t.title, t.agency_id, t.agency_key, t.is_new) for t in an.titles] == [
        ("Thứ trưởng", None, ministry.key, True)
    ]
    assert "Thứ trưởng Nguyễn Văn An" in an.titles[0].as_written
    assert s.speakers == {"Thứ trưởng Nguyễn Văn An": an.key}
    assert s.speaker_key(3) == an.key
    assert s.date == DATE  # a new title is held as of the article's date


def test_a_known_official_with_a_title_he_holds_attests_that_position(seeded):
    s = suggestions_for(LABELLED)
    son = person(s, "Bùi Thanh Sơn")
    assert son.person_id == Person.objects.get(slug="bui-thanh-son").pk
    in_text = [t for t in son.titles if t.in_text]
    assert [t.position_id for t in in_text] == [
        Position.objects.get(slug="bui-thanh-son-bo-truong-bo-ngoai-giao").pk
    ]
    # His other position is offered, unticked.
    assert [t.title for t in son.titles if not t.in_text] == ["Thứ trưởng"]
    assert son.role == "quoted"  # "... đã nhấn mạnh"


def test_bare_question_interview_suggests_the_interviewee_and_new_titles(seeded):
    s = suggestions_for(DASHED)
    assert s.parsed.convention == "dash-answers"
    assert [seg.kind for seg in s.segments] == [
        "paragraph",
        "caption",  # printed twice on the page, kept once
        "question",
        "answer",
        "answer",
        "question",
        "answer",
        "paragraph",
    ]
    assert s.has_unlabelled_answers
    trung = person(s, "Lê Hoài Trung")
    assert s.interviewee == trung.key and trung.role == "interviewee"
    # Deputy minister in 2016, minister now: a new position for the same person.
    new = [t for t in trung.titles if t.in_text]
    assert [(t.title, t.agency_label, t.position_id) for t in new] == [
        ("Bộ trưởng", "Bộ Ngoại giao", None)
    ]
    old = [t for t in trung.titles if not t.in_text]
    assert [t.position_id for t in old] == [
        Position.objects.get(slug="le-hoai-trung-thu-truong-bo-ngoai-giao").pk
    ]
    knapper = person(s, "Marc E. Knapper")
    assert [t.position_id for t in knapper.titles] == [
        Position.objects.get(slug="marc-e-knapper-dai-su-hoa-ky-tai-viet-nam").pk
    ]
    binh = person(s, "Trần Thị Bình")
    assert binh.is_new and [t.title for t in binh.titles] == ["Vụ trưởng"]
    assert binh.titles[0].agency_id == Agency.objects.get(slug="vu-hop-tac-quoc-te-bo-xay-dung").pk
    assert found_keys(s, "body") == {"lien-hop-quoc", "hoi-dong-bao-an-lien-hop-quoc", "asean"}
    assert found_keys(s, "conference") == {"hoi-nghi-ngoai-giao-29"}


def test_matching_ignores_case_and_diacritics(seeded):
    s = suggestions_for(
        "Hợp tác đa phương\n"
        "Đoàn bo ngoai giao và đại diện LIÊN HỢP QUỐC đã làm việc với Hiep hoi cac quoc gia "
        "Dong Nam A về Chi thi 25-ct/tw."
    )
    assert found_keys(s, "agency") == {"bo-ngoai-giao"}
    assert found_keys(s, "body") == {"lien-hop-quoc", "asean"}
    assert [f.words for f in s.found["document"]] == [["Chi thi 25-ct/tw"]]  # by its number


def test_matching_is_by_whole_words(seeded):
    Country.objects.create(code="FR", name_vi="Pháp", name_en="France", slug="fr")
    s = suggestions_for(
        "Hợp tác địa phương\n"
        "Các biện pháp của Trung ương và của Bộ Ngoại giaoo được triển khai trong năm 2022, "
        "theo Nghị quyết số 220."
    )
    # "UN" is not in "Trung", "Pháp" not in "biện pháp", "Bộ Ngoại giao" not in
    # "Bộ Ngoại giaoo" (proposed as a ministry of its own, for staff to untick), and the
    # document numbered "22" is not in "2022" or "220".
    assert [f.name for rows in s.found.values() for f in rows] == ["Bộ Ngoại giaoo"], s.found
    assert all(f.is_new for rows in s.found.values() for f in rows)
    s = suggestions_for("Hợp tác địa phương\nĐoàn Pháp và đoàn Hoa Kỳ đến Hà Nội.")
    assert found_keys(s, "country") == {"FR", "US"}


def test_names_inside_personal_names_are_not_mentions(seeded):
    Country.objects.create(code="DE", name_vi="Đức", name_en="Germany", slug="de")
    s = suggestions_for("Hợp tác\nPhó Thủ tướng Vũ Đức Đam chủ trì cuộc họp.")
    assert not s.found["country"]
    dam = person(s, "Vũ Đức Đam")
    assert [t.position_id for t in dam.titles if t.in_text] == [
        Position.objects.get(slug="vu-duc-dam-pho-thu-tuong-chinh-phu").pk
    ]


def test_title_without_bo_names_the_ministry(seeded):
    s = suggestions_for("Hợp tác\nThứ trưởng Ngoại giao Phạm Quang Hiệu tiếp đoàn.")
    hieu = person(s, "Phạm Quang Hiệu")
    assert hieu.is_new
    assert hieu.titles[0].agency_id == Agency.objects.get(slug="bo-ngoai-giao").pk


# --- saving ---------------------------------------------------------------------------------


def test_create_from_text_saves_a_draft_with_segments_speakers_and_links(seeded, client):
    article = create(LABELLED)
    assert article.status == Article.Status.DRAFT
    assert article.title == "Đẩy mạnh ngoại giao kinh tế, đồng hành cùng doanh nghiệp"
    assert article.photo_credits == ["Minh Đức/TTXVN"]
    assert article.source_credit == "Theo TTXVN/VIETNAM+"
    segments = list(article.segments.order_by("position"))
    assert [s.anchor for s in segments] == ["p1", "c1", "q1", "a1", "a1-2", "q2", "a2", "p2"]
    an = Person.objects.get(name="Nguyễn Văn An")
    assert {s.speaker for s in segments if s.kind == "answer"} == {an}
    assert an.slug == "nguyen-van-an"

    ministry = Agency.objects.get(name_vi="Bộ Công Thương")
    assert ministry.kind == Agency.Kind.MINISTRY
    position = Position.objects.get(person=an)
    assert (position.title_vi, position.agency, position.start_date) == (
        "Thứ trưởng",
        ministry,
        None,  # held as of the article's date
    )
    roles = dict(article.person_mentions.values_list("person__name", "role"))
    assert roles == {"Nguyễn Văn An": "interviewee", "Bùi Thanh Sơn": "quoted"}
    mention = article.person_mentions.get(person=an)
    assert list(mention.positions.all()) == [position]
    son = article.person_mentions.get(person__slug="bui-thanh-son")
    assert [p.slug for p in son.positions.all()] == ["bui-thanh-son-bo-truong-bo-ngoai-giao"]
    agencies = set(article.agencies.values_list("slug", flat=True))
    assert {"bo-ngoai-giao", "so-ngoai-vu", "ttxvn", ministry.slug} <= agencies
    assert set(article.bodies.values_list("slug", flat=True)) == {"asean", "cptpp", "evfta"}
    assert article.documents.get().slug == "chi-thi-25-ct-tw"
    assert article.folded_text.startswith("day manh ngoai giao kinh te")
    # A draft is not searchable by the public: only the staff's entry of kind "draft".
    assert set(article.search_entries.values_list("kind", flat=True)) == {"draft"}

    # Not public until published.
    url = article.get_absolute_url()
    assert client.get(url).status_code == 404
    article.status = Article.Status.PUBLISHED
    article.save()
    # Indexed on publishing, despite the bulk writes.
    assert set(article.search_entries.values_list("kind", flat=True)) >= {"article"}
    assert not article.search_entries.filter(kind="draft").exists()
    response = client.get(url)
    assert response.status_code == 200
    assert "Nguyễn Văn An" in response.content.decode()


def test_a_known_official_with_a_new_title_keeps_one_person_with_a_new_position(seeded):
    article = create(DASHED, publication=Publication.objects.get(slug="bao-xay-dung"))
    trung = Person.objects.get(slug="le-hoai-trung")
    assert Person.objects.filter(name="Lê Hoài Trung").count() == 1
    assert sorted(trung.positions.values_list("title_vi", flat=True)) == [
        "Bộ trưởng",
        "Thứ trưởng",
    ]
    mention = article.person_mentions.get(person=trung)
    assert mention.role == "interviewee"
    assert [p.title_vi for p in mention.positions.all()] == ["Bộ trưởng"]
    answers = article.segments.filter(kind="answer")
    assert answers.count() == 3 and {a.speaker for a in answers} == {trung}
    binh = Person.objects.get(name="Trần Thị Bình")
    assert binh.positions.get().agency.slug == "vu-hop-tac-quoc-te-bo-xay-dung"


def test_staff_corrections_of_segments_are_saved(seeded):
    s = suggestions_for(DASHED)
    accepted = s.accept_all()
    segments = list(accepted.segments)
    segments[1] = type(segments[1])(kind="paragraph", drop=True)  # drop the caption
    segments[7] = type(segments[7])(kind="subheading")
    knapper = person(s, "Marc E. Knapper").key
    segments[6] = type(segments[6])(kind="answer", speaker=knapper)
    article = create(
        DASHED,
        suggestions=s,
        accepted=accepted.__class__(
            people=accepted.people,
            mentions=accepted.mentions,
            segments=tuple(segments),
            interviewee=accepted.interviewee,
        ),
    )
    rows = list(article.segments.order_by("position").values_list("kind", "speaker__name"))
    assert len(rows) == 7
    assert rows[-2] == ("answer", "Marc E. Knapper")
    assert rows[-1] == ("subheading", None)


def test_an_invalid_proposal_midway_leaves_the_database_unchanged(seeded):
    s = suggestions_for(LABELLED)
    accepted = s.accept_all()
    before = counts()
    broken = Accepted(
        # The first new official and his new ministry are written before the bad row.
        people=(
            *accepted.people,
            PersonChoice(
                key="x0",
                role="mentioned",
                name="Đỗ Văn Hùng",
                positions=(PositionChoice(title="Vụ trưởng"),),  # no agency
            ),
        ),
        mentions=accepted.mentions,
        segments=accepted.segments,
        interviewee=accepted.interviewee,
    )
    with pytest.raises(ValidationError) as caught:
        create(LABELLED, suggestions=s, accepted=broken)
    assert caught.value.code == "no_agency"
    assert counts() == before
    assert not Agency.objects.filter(name_vi="Bộ Công Thương").exists()


def test_an_answer_whose_speaker_is_not_linked_is_refused(seeded):
    s = suggestions_for(LABELLED)
    accepted = s.accept_all()
    without_an = Accepted(
        people=tuple(p for p in accepted.people if p.name != "Nguyễn Văn An"),
        mentions=accepted.mentions,
        segments=accepted.segments,
        interviewee="",
    )
    before = counts()
    with pytest.raises(ValidationError) as caught:
        create(LABELLED, suggestions=s, accepted=without_an)
    assert caught.value.code == "speaker_not_linked"
    assert counts() == before


def test_duplicates_by_url_and_by_folded_title(seeded):
    existing = Article.objects.get(
        slug="ba-tru-cot-xay-dung-nen-ngoai-giao-viet-nam-toan-dien-hien-dai"
    )
    assert [d.article for d in article_duplicates(source_url=existing.source_url)] == [existing]
    same = Article.objects.get(
        slug="day-manh-nang-cao-hieu-qua-hoi-nhap-phuc-vu-phat-trien-ben-vung"
    )
    shouted = "ĐẨY MẠNH, NÂNG CAO HIỆU QUẢ HỘI NHẬP, PHỤC VỤ PHÁT TRIỂN BỀN VỮNG"
    assert [d.article for d in article_duplicates(title=shouted)] == [same]
    assert [
        d.article
        for d in article_duplicates(
            title="Day manh, nang cao hieu qua hoi nhap, phuc vu phat trien ben vung"
        )
    ] == [same]
    assert [
        d.article for d in article_duplicates(title="Đẩy mạnh, nâng cao hiệu quả hội nhập")
    ] == []
    assert [
        d.article for d in article_duplicates(source_url="https://example.org/other", title="Khác")
    ] == []

    text = shouted + "\n" + "Một đoạn văn về hội nhập quốc tế."
    before = counts()
    with pytest.raises(DuplicateArticleError) as caught:
        create(text, kind="report")
    assert [d.article for d in caught.value.existing] == [same]
    assert counts() == before
    second = create(text, kind="report", allow_duplicate=True)
    assert second.slug != same.slug


# --- the admin pages -------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _english_admin():
    """These tests read the admin in English, at its /en/ addresses, so their assertions do
    not depend on the Vietnamese catalogue (tests/test_i18n.py checks that one)."""
    with translation.override("en"):
        yield


@pytest.fixture
def add_url():
    assert isinstance(django_admin.site._registry[Article], AddFromTextMixin)
    return reverse("admin:articles_article_add_from_text")


@pytest.fixture
def editor(client, db, settings):
    user = User.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


def step_one(**overrides):
    data = {
        "publication": Publication.objects.get(slug="vietnamplus").pk,
        "kind": "interview",
        "date": "12/3/2024",
        "date_precision": "",
        "date_inferred_reason": "",
        "source_url": "https://www.vietnamplus.vn/ngoai-giao-kinh-te-post1.vnp",
        "title": "",
        "title_in_text": "on",
        "text": LABELLED,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def review_data(review) -> dict:
    """What the browser posts back for the preview's form left as it is drawn."""
    data = {"step": "review"}
    for name, field in review.fields.items():
        value = review[name].value()
        if isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = str(value)
    return data


def test_add_from_text_page_offers_a_form_with_labels(editor, seeded, add_url):
    response = editor.get(add_url)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page
    for field in ("publication", "kind", "date", "source_url", "text", "file"):
        assert f'for="id_{field}"' in page
    assert "Vietnam+" in page


def test_admin_flow_preview_then_save_creates_a_linked_draft(editor, seeded, add_url):
    response = editor.post(add_url, step_one())
    assert response.status_code == 200
    page = response.content.decode()
    assert "The text, segment by segment" in page
    assert "Bộ Công Thương luôn phối hợp chặt chẽ" in page  # an answer
    assert "Thứ trưởng Nguyễn Văn An" in page  # its speaker label
    assert "Chia sẻ Zalo" in page  # listed among the removed lines, not as a segment
    assert "Bùi Thanh Sơn" in page and "BỘ NGOẠI GIAO" in page
    assert "Bộ Công Thương" in page and "held as of 12 March 2024" in page
    assert not Article.objects.filter(title__startswith="Đẩy mạnh ngoại giao kinh tế").exists()

    data = review_data(response.context["review"])
    response = editor.post(add_url, {**data, "save": "Save"})
    article = Article.objects.get(title="Đẩy mạnh ngoại giao kinh tế, đồng hành cùng doanh nghiệp")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{article.pk}/change/")
    assert article.status == "draft"
    assert article.source_url == "https://www.vietnamplus.vn/ngoai-giao-kinh-te-post1.vnp"
    assert article.segments.filter(kind="answer", speaker__name="Nguyễn Văn An").count() == 3
    assert set(article.people.values_list("name", flat=True)) == {"Nguyễn Văn An", "Bùi Thanh Sơn"}
    assert article.agencies.filter(slug="bo-ngoai-giao").exists()
    follow = editor.get(response["Location"])
    assert "was added" in follow.content.decode()
    # In the history: who added it, and a version holding its text and links.
    entry = LogEntry.objects.get(object_id=str(article.pk))
    assert entry.user.username == "editor" and entry.is_addition()
    version = Version.objects.get_for_object(article).get()
    kept = {v.content_type.model for v in version.revision.version_set.all()}
    assert {"article", "segment", "personmention", "agencymention", "person"} <= kept
    assert version.revision.user.username == "editor"


def test_the_article_list_offers_add_from_text(editor, seeded, add_url):
    page = editor.get(reverse("admin:articles_article_changelist")).content.decode()
    assert f'href="{add_url}"' in page
    assert "Add from text" in page


def test_staff_can_untick_and_correct_in_the_preview(editor, seeded, add_url):
    response = editor.post(add_url, step_one(text=DASHED, source_url=""))
    review = response.context["review"]
    data = review_data(review)
    knapper = next(p.key for p in review.suggestions.people if p.name == "Marc E. Knapper")
    binh = next(p.key for p in review.suggestions.people if p.name == "Trần Thị Bình")
    data.pop(f"{knapper}-link")  # not linked
    data[f"{binh}-name"] = "Trần Thị Bình An"  # the name corrected
    data["s1-drop"] = "on"  # the caption dropped
    asean = next(f.key for f in review.suggestions.found["body"] if "ASEAN" in f.label)
    data.pop(asean)
    response = editor.post(add_url, {**data, "save": "Save"})
    assert response.status_code == 302, response.context["review"].errors
    article = Article.objects.get(title="Bộ trưởng Lê Hoài Trung: Nâng tầm đối ngoại đa phương")
    assert set(article.people.values_list("name", flat=True)) == {
        "Lê Hoài Trung",
        "Trần Thị Bình An",
    }
    assert not article.segments.filter(kind="caption").exists()
    assert not article.bodies.filter(slug="asean").exists()
    assert article.date == DATE and article.date_precision == "day"


def test_the_interviewee_chosen_by_staff_gives_the_unlabelled_answers(editor, seeded, add_url):
    response = editor.post(add_url, step_one(text=DASHED, source_url=""))
    review = response.context["review"]
    assert "Who answers" in response.content.decode()
    binh = next(p.key for p in review.suggestions.people if p.name == "Trần Thị Bình")
    data = {**review_data(review), "interviewee": binh, f"{binh}-role": "interviewee"}
    response = editor.post(add_url, {**data, "save": "Save"})
    assert response.status_code == 302
    article = Article.objects.get(title="Bộ trưởng Lê Hoài Trung: Nâng tầm đối ngoại đa phương")
    assert set(article.segments.filter(kind="answer").values_list("speaker__name", flat=True)) == {
        "Trần Thị Bình"
    }


REPORT = """Phó Thủ tướng chủ trì họp Ban chỉ đạo
Sáng 5/1, Phó Thủ tướng Vũ Đức Đam chủ trì cuộc họp với các bộ, ngành thành viên tại Trụ sở \
Chính phủ.
Phó Thủ tướng Vũ Đức Đam phát biểu. Ảnh: Dương Giang/TTXVN
Phó Thủ tướng Vũ Đức Đam cho biết hội nhập quốc tế về văn hóa cần được đẩy mạnh trong khuôn \
khổ ASEAN và APEC.
TTXVN/Báo Tin tức"""


def test_a_report_is_saved_without_questions_and_with_quoted_officials(editor, seeded, add_url):
    response = editor.post(add_url, step_one(text=REPORT, kind="report", source_url=""))
    page = response.content.decode()
    assert "Who answers" not in page
    assert "a report: paragraphs, no questions and answers" in page
    response = editor.post(add_url, {**review_data(response.context["review"]), "save": "Save"})
    assert response.status_code == 302
    article = Article.objects.get(title="Phó Thủ tướng chủ trì họp Ban chỉ đạo")
    assert article.kind == "report"
    assert list(article.segments.values_list("kind", flat=True)) == [
        "paragraph",
        "caption",
        "paragraph",
    ]
    mention = article.person_mentions.get()
    assert (mention.person.slug, mention.role) == ("vu-duc-dam", "quoted")
    assert [p.slug for p in mention.positions.all()] == ["vu-duc-dam-pho-thu-tuong-chinh-phu"]
    assert article.source_credit == "TTXVN/Báo Tin tức"
    assert article.photo_credits == ["Dương Giang/TTXVN"]


def test_preview_warns_of_a_duplicate_and_saving_needs_confirmation(editor, seeded, add_url):
    existing = Article.objects.get(
        slug="day-manh-nang-cao-hieu-qua-hoi-nhap-phuc-vu-phat-trien-ben-vung"
    )
    text = "ĐẨY MẠNH, NÂNG CAO HIỆU QUẢ HỘI NHẬP, PHỤC VỤ PHÁT TRIỂN BỀN VỮNG\nMột đoạn văn."
    response = editor.post(add_url, step_one(text=text, kind="report", source_url=""))
    page = response.content.decode()
    assert "This article may already be in the archive" in page
    assert existing.title in page
    assert f"/{existing.pk}/change/" in page
    data = review_data(response.context["review"])
    before = counts()
    response = editor.post(add_url, {**data, "save": "Save"})
    assert response.status_code == 200
    assert "tick “save anyway” only if this one is a different article" in (
        response.content.decode()
    )
    assert counts() == before
    response = editor.post(add_url, {**data, "save": "Save", "confirm_duplicate": "on"})
    assert response.status_code == 302
    assert Article.objects.filter(title__startswith="ĐẨY MẠNH").count() == 1


def test_same_url_is_a_duplicate_in_the_preview(editor, seeded, add_url):
    existing = Article.objects.get(
        slug="ba-tru-cot-xay-dung-nen-ngoai-giao-viet-nam-toan-dien-hien-dai"
    )
    response = editor.post(add_url, step_one(source_url=existing.source_url))
    assert existing.title in response.content.decode()
    assert "confirm_duplicate" in response.context["review"].fields


LONG_TEXT = "Tiêu đề\n" + ("Một đoạn văn về hội nhập quốc tế. " * 44_000)  # 2 MB


@pytest.mark.parametrize(
    ("overrides", "files", "field", "message"),
    [
        ({"date": "2023-02-30"}, {}, "date", "is not a real date"),
        ({"date": "hôm qua"}, {}, "date", "is not a date: write 2016-08-26"),
        ({"date": ""}, {}, "date", "Give the article's date"),
        ({"date": "2016", "date_precision": "day"}, {}, "date_precision", "written only to"),
        ({"text": ""}, {}, "text", "The text is empty"),
        ({"text": "   \n\t \n"}, {}, "text", "The text is empty"),
        ({"text": "Tiêu đề\nMột đoạn\x00 văn."}, {}, "text", "NUL character"),
        ({"text": "Tiêu đề\nMột\x07 đoạn."}, {}, "text", "Line 2 contains a control character"),
        ({"text": LONG_TEXT}, {}, "text", "The text is too long"),
        ({"publication": "999999"}, {}, "publication", "That outlet is not in the archive"),
        ({"publication": "abc"}, {}, "publication", "That outlet is not in the archive"),
        ({"publication": ""}, {}, "publication", "Choose the outlet"),
        ({"source_url": "not a url"}, {}, "source_url", ""),
        ({"title_in_text": "", "title": ""}, {}, "title", "Give the title"),
        (
            {"text": ""},
            {"file": ("bai.txt", "Tiêu đề\nMột đoạn văn.".encode("utf-16"))},
            "file",
            "The file is not UTF-8 text",
        ),
        ({"text": ""}, {"file": ("bai.txt", b"")}, "file", "The file is empty"),
        ({"text": ""}, {"file": ("bai.txt", b"  \n ")}, "file", "The file is empty"),
        ({"text": ""}, {"file": ("bai.txt", b"T\n\x00 x")}, "file", "NUL character"),
        ({"text": ""}, {"file": ("bai.txt", b"x" * 2_000_000)}, "file", "The file is too large"),
        ({}, {"file": ("bai.txt", b"Title\nText.")}, "file", "not both"),
        (
            {"text": "Tiêu đề\n- Hỏi gì?\nÔng Lê Văn A:\n- Hỏi tiếp?\nÔng Lê Văn A: Đáp."},
            {},
            None,
            "Line 3: the speaker label “Ông Lê Văn A” is followed by no answer",
        ),
        ({"text": "Chia sẻ Zalo\n12:14 11/12/2018"}, {}, None, "Nothing is left of the text"),
    ],
)
def test_bad_input_gets_a_form_error_and_saves_nothing(
    editor, seeded, add_url, overrides, files, field, message
):
    data = step_one(**overrides)
    for name, (filename, content) in files.items():
        data[name] = SimpleUploadedFile(filename, content, content_type="text/plain")
    before = counts()
    response = editor.post(add_url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please correct the error" in page
    assert escape(message) in page
    if field:
        form = response.context["form"]
        assert form.errors.get(field), form.errors
    else:
        assert "The text, segment by segment" not in page  # back at step 1
    assert counts() == before


def test_a_utf8_file_upload_is_read(editor, seeded, add_url):
    content = ("\ufeff" + DASHED).encode("utf-8")
    data = step_one(text="", source_url="")
    data["file"] = SimpleUploadedFile("bai.txt", content, content_type="text/plain")
    response = editor.post(add_url, data)
    assert response.status_code == 200
    assert "Trần Thị Bình" in response.content.decode()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"-t0-agency": "", "-t0-agency_name": ""}, "-t0-agency_name", "Choose the agency"),
        ({"-t0-start": "2024", "-t0-end": "2023"}, "-t0-end", "The end is before the start."),
        ({"-t0-start": "2024-13"}, "-t0-start", "is not a real date"),
        ({"-name": "  "}, "-name", "Give the official's name"),
    ],
)
def test_bad_corrections_in_the_preview_save_nothing(
    editor, seeded, add_url, change, field, message
):
    response = editor.post(add_url, step_one())
    review = response.context["review"]
    key = next(p.key for p in review.suggestions.people if p.name == "Nguyễn Văn An")
    data = review_data(review)
    data.update({key + suffix: value for suffix, value in change.items()})
    before = counts()
    response = editor.post(add_url, {**data, "save": "Save"})
    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    assert response.context["review"].errors.get(key + field)
    assert counts() == before


def test_an_error_from_the_service_is_shown_and_saves_nothing(editor, seeded, add_url):
    response = editor.post(add_url, step_one())
    review = response.context["review"]
    data = review_data(review)
    an = next(p.key for p in review.suggestions.people if p.name == "Nguyễn Văn An")
    data.pop(f"{an}-link")  # the speaker of the answers is not linked
    before = counts()
    response = editor.post(add_url, {**data, "save": "Save"})
    assert response.status_code == 200
    assert "is not among the people to link" in response.content.decode()
    assert counts() == before


def test_back_returns_to_the_text_as_entered(editor, seeded, add_url):
    response = editor.post(add_url, step_one())
    data = review_data(response.context["review"])
    response = editor.post(add_url, {**data, "back": "Back"})
    assert response.status_code == 200
    assert response.context["form"]["text"].value() == LABELLED
    assert response.context["form"]["date"].value() == "2024-03-12"


def test_a_tampered_preview_is_refused(editor, seeded, add_url):
    response = editor.post(add_url, step_one())
    data = review_data(response.context["review"])
    data["state"] = data["state"][:-3] + "abc"
    before = counts()
    response = editor.post(add_url, {**data, "save": "Save"}, follow=True)
    assert "could not be read back" in response.content.decode()
    assert counts() == before


def test_staff_without_the_add_permission_are_refused(client, seeded, add_url):
    user = User.objects.create_user("reader", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(user)
    assert client.get(add_url).status_code == 403
    assert client.post(add_url, step_one()).status_code == 403


def test_an_editor_who_is_not_a_superuser_can_add_from_text(client, seeded, add_url, settings):
    user = User.objects.create_user("journalist", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    client.force_login(user)
    response = client.post(add_url, step_one(text=DASHED, source_url=""))
    response = client.post(add_url, {**review_data(response.context["review"]), "save": "Save"})
    assert response.status_code == 302
    article = Article.objects.get(title="Bộ trưởng Lê Hoài Trung: Nâng tầm đối ngoại đa phương")
    assert article.status == "draft"


def test_staff_who_may_not_add_officials_are_told_so(client, seeded, add_url, settings):
    user = User.objects.create_user("intern", password="pw", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_article", "view_article"])
    )
    client.force_login(user)
    response = client.post(add_url, step_one())
    before = counts()
    response = client.post(add_url, {**review_data(response.context["review"]), "save": "Save"})
    assert response.status_code == 200
    assert re.search(
        r"You may not add people, positions, agencies(, [a-z ]+)*\.", response.content.decode()
    )
    assert counts() == before


@pytest.mark.parametrize("extra", [0, 600])
def test_preview_runs_a_bounded_number_of_queries(
    editor, seeded, add_url, extra, django_assert_max_num_queries
):
    if extra:
        build_corpus(extra)
    data = step_one()
    # Session, user, the outlet, one query per kind of name (series included), positions,
    # duplicates by address and title, and by text.
    with django_assert_max_num_queries(16):
        response = editor.post(add_url, data)
    assert "Nguyễn Văn An" in response.content.decode()


def test_the_pages_are_valid_html(editor, seeded, add_url, vnu):  # noqa: F811
    pages = {"step 1": editor.get(add_url)}
    pages["step 1 with errors"] = editor.post(add_url, step_one(text="", date="hôm qua"))
    pages["preview"] = editor.post(add_url, step_one())
    text = "ĐẨY MẠNH, NÂNG CAO HIỆU QUẢ HỘI NHẬP, PHỤC VỤ PHÁT TRIỂN BỀN VỮNG\nMột đoạn văn."
    duplicate = editor.post(add_url, step_one(text=text, kind="report"))
    pages["preview with errors"] = editor.post(
        add_url, {**review_data(duplicate.context["review"]), "save": "Save"}
    )
    documents = {}
    for label, response in pages.items():
        assert response.status_code == 200, label
        documents[label] = response.content.decode()
    assert "This article may already be in the archive" in documents["preview with errors"]
    failures = vnu(documents)
    report = [
        f"{label}:\n" + "\n".join(_describe(message) for message in messages)
        for label, messages in failures.items()
        if messages
    ]
    assert not report, "\n\n".join(report)


def test_speaker_labels_without_a_title_and_titles_without_an_agency(seeded):
    text = (
        "Hợp tác giáo dục\n"
        "- Ông đánh giá thế nào về hợp tác với Cuba?\n"
        "Ông Trần Văn Hải: Hợp tác rất tốt, như Tổng Bí thư Nguyễn Phú Trọng đã nói.\n"
        "- Xin cảm ơn ông!"
    )
    s = suggestions_for(text)
    hai = person(s, "Trần Văn Hải")
    assert hai.is_new and not hai.titles and hai.role == "interviewee"
    assert s.speakers == {"Ông Trần Văn Hải": hai.key}
    trong = person(s, "Nguyễn Phú Trọng")
    title = trong.titles[0]
    assert (title.title, title.agency_id, title.agency_name) == ("Tổng Bí thư", None, "")
    assert not title.preselected  # staff choose the agency first
    article = create(text)
    assert Person.objects.get(name="Nguyễn Phú Trọng").positions.count() == 0
    assert article.segments.get(kind="answer").speaker.name == "Trần Văn Hải"


def test_foreign_officials_after_a_country(seeded):
    Country.objects.create(code="JP", name_vi="Nhật Bản", name_en="Japan", slug="jp")
    s = suggestions_for(
        "Hợp tác Việt Nam - Nhật Bản\n"
        "Thủ tướng Nhật Bản Kishida Fumio tiếp Đại sứ Nhật Bản Ito Naoki và Đại sứ Hoa Kỳ "
        "Marc E. Knapper."
    )
    kishida, ito = person(s, "Kishida Fumio"), person(s, "Ito Naoki")
    assert [(t.title, t.agency_id, t.agency_name) for t in kishida.titles] == [
        ("Thủ tướng", None, "")  # a foreign government: staff choose or leave it
    ]
    assert [(t.title, t.agency_name) for t in ito.titles] == [("Đại sứ", "Đại sứ quán Nhật Bản")]
    knapper = person(s, "Marc E. Knapper")
    assert not knapper.is_new and knapper.titles[0].position_id is not None
    assert found_keys(s, "country") == {"JP", "US", "VN"}
