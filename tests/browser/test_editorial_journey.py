"""An editor's journey through the admin in a real browser (Debian Chromium driven by
Playwright): add an interview from pasted text, correct the suggestions, save a draft the
public cannot see, publish it, find it on the public site, edit it, and restore the earlier
version from its history. An editor cannot delete a published article.

The admin is used in English (under /en/admin/) so the steps read the same whatever the
Vietnamese catalogue says; tests/test_i18n.py looks after the Vietnamese interface.
"""

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation

from articles.models import Article
from people.models import Person

PASSWORD = "an-editor's-long-password"

# Written for this test, not one of the seeds: a known official (Bùi Thanh Sơn, deputy
# minister in 2016), an official the archive does not know (Trần Quốc Khánh, of a ministry
# it does not hold either), a known agency (Bộ Ngoại giao) and a known conference (the 29th
# Diplomatic Conference), in the outlet's own layout with a share button and a credit line.
TEXT = """Ngoại giao kinh tế đồng hành cùng địa phương
Chia sẻ Zalo
Ngày 24/8, bên lề Hội nghị Ngoại giao lần thứ 29 tại Hà Nội, Thứ trưởng Bộ Ngoại giao Bùi \
Thanh Sơn và Thứ trưởng Bộ Công Thương Trần Quốc Khánh đã trả lời phỏng vấn báo chí về ngoại \
giao kinh tế.
- Thứ trưởng đánh giá thế nào về vai trò của ngoại giao kinh tế?
Thứ trưởng Bùi Thanh Sơn: Ngoại giao kinh tế là một trụ cột của công tác đối ngoại, phục vụ \
trực tiếp các địa phương và doanh nghiệp.
- Bộ Công Thương sẽ phối hợp với Bộ Ngoại giao ra sao?
Thứ trưởng Trần Quốc Khánh: Chúng tôi sẽ phối hợp chặt chẽ với Bộ Ngoại giao để mở rộng thị \
trường xuất khẩu, như sang Hoa Kỳ, trong khi tiếp tục hợp tác trong ASEAN.
- Trân trọng cảm ơn hai Thứ trưởng!
Theo TTXVN/VIETNAM+"""
TITLE = "Ngoại giao kinh tế đồng hành cùng địa phương"
EDITED_TITLE = "Ngoại giao kinh tế đồng hành cùng các địa phương"


@pytest.fixture
def editor(seeded_live_server):
    """A staff user in the Editor group. The group comes from a data migration, which the
    flush between browser tests empties: it is made again here by that migration itself."""
    if not Group.objects.filter(name="Editor").exists():
        executor = MigrationExecutor(connection)
        state = executor.loader.project_state(("articles", "0004_editor_group"))
        migration = executor.loader.get_migration("articles", "0004_editor_group")
        migration.operations[0].code(state.apps, None)
    user = User.objects.create_user("bientapvien", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    return user


def admin_url(name, *args):
    with translation.override("en"):
        return reverse(f"admin:{name}", args=args)


def go(page, server, url):
    response = page.goto(server.url + url)
    assert response.status < 400, (url, response.status)
    return response


def rows_text(history) -> str:
    return " ".join(history.locator("tbody tr").all_inner_texts())


def submit(page, selector):
    with page.expect_navigation():
        page.click(selector)


def test_an_editor_adds_publishes_edits_and_restores_an_interview(
    seeded_live_server, editor, page, browser
):
    server = seeded_live_server
    # Sign in.
    go(page, server, admin_url("login"))
    page.fill("#id_username", "bientapvien")
    page.fill("#id_password", PASSWORD)
    submit(page, "input[type=submit]")
    assert page.url.endswith(admin_url("index"))

    # From the list of articles, "Add from text": paste the interview with its source.
    go(page, server, admin_url("articles_article_changelist"))
    submit(page, "text=Add from text")
    page.select_option("#id_publication", label="Vietnam+")
    page.select_option("#id_kind", value="interview")
    page.fill("#id_date", "24/8/2016")
    page.fill("#id_source_url", "https://www.vietnamplus.vn/ngoai-giao-kinh-te-dia-phuong.vnp")
    page.fill("#id_text", TEXT)
    submit(page, "#content-main input[type=submit]")

    # The preview: segments as the parser read them, page furniture set aside.
    segments = page.locator("table", has_text="The text, segment by segment")
    assert segments.locator("tbody tr").count() == 6  # lead, 2 questions, 2 answers, thanks
    assert "Chia sẻ Zalo" not in segments.inner_text()
    # The known official is suggested, with the title the archive knows for him.
    known = page.locator("table", has_text="Officials the archive knows")
    assert "Bùi Thanh Sơn" in known.inner_text()
    # The unknown one is proposed as new, titled as the text gives it, as of the date.
    new = page.locator("table", has_text="New officials to add")
    name_box = new.locator("input[name$='-name']").first
    assert name_box.input_value() == "Trần Quốc Khánh"
    assert "Thứ trưởng" in new.inner_text()
    # Known agency and conference are suggested, ticked.
    also = page.locator("fieldset", has_text="Also named in the text")
    for name in ("Bộ Ngoại giao", "Hội nghị Ngoại giao lần thứ 29"):
        box = also.locator("li", has_text=name).locator("input[type=checkbox]").first
        assert box.is_checked(), name
    # Correct the suggestions: ASEAN is named only in passing, so the editor unticks it;
    # Trần Quốc Khánh answers questions, so he is one of the interviewees; and the
    # thank-you line is left out of the text.
    asean = also.locator("li", has_text="ASEAN").locator("input[type=checkbox]").first
    assert asean.is_checked()
    asean.uncheck()
    new.locator("tbody tr").first.locator("select[name$='-role']").select_option("interviewee")
    thanks = segments.locator("tbody tr", has_text="Trân trọng cảm ơn")
    thanks.locator("input[type=checkbox]").check()
    submit(page, "input[name=save]")

    # Saved as a draft, with everything linked.
    assert "was added" in page.locator(".messagelist").inner_text()
    article = Article.objects.get(title=TITLE)
    assert article.status == Article.Status.DRAFT
    khanh = Person.objects.get(name="Trần Quốc Khánh")
    assert set(article.people.values_list("name", flat=True)) == {"Bùi Thanh Sơn", khanh.name}
    assert article.conferences.filter(slug="hoi-nghi-ngoai-giao-29").exists()
    assert not article.segments.filter(text__startswith="Trân trọng cảm ơn").exists()
    assert article.countries.filter(code="US").exists()
    assert not article.bodies.filter(slug="asean").exists()
    assert article.person_mentions.get(person=khanh).role == "interviewee"
    assert article.segments.get(kind="answer", speaker=khanh).text.startswith("Chúng tôi")
    change_url = page.url

    # The public cannot see the draft.
    public = browser.new_context().new_page()
    assert public.goto(server.url + article.get_absolute_url()).status == 404
    public.goto(server.url + reverse("articles:list"))
    assert TITLE not in public.content()
    # The editor previews it as it will appear.
    go(page, server, admin_url("articles_article_preview", article.pk))
    assert page.locator("main h1").inner_text() == TITLE
    go(page, server, change_url.removeprefix(server.url))

    # Publish it.
    submit(page, "input[name=_publish]")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert public.goto(server.url + article.get_absolute_url()).status == 200
    assert public.locator("main h1").inner_text() == TITLE
    public.goto(server.url + reverse("articles:list"))
    # The browser may keep the list it saw for DJANGO_CACHE_MAX_AGE seconds; reloading asks
    # the server, whose answer is already the new list (a 200 with a new ETag, not a 304).
    public.reload()
    assert public.get_by_role("link", name=TITLE).count() == 1
    # ...and on the pages of both officials it names.
    for person in (Person.objects.get(slug="bui-thanh-son"), khanh):
        public.goto(server.url + person.get_absolute_url())
        assert public.get_by_role("link", name=TITLE).count() >= 1, person.name

    # Edit the title.
    go(page, server, change_url.removeprefix(server.url))
    page.fill("#id_title", EDITED_TITLE)
    submit(page, "input[name=_save]")
    article.refresh_from_db()
    assert article.title == EDITED_TITLE

    # The history shows who changed what; restore the version before the edit.
    go(page, server, admin_url("articles_article_history", article.pk))
    history = page.locator("#change-history")
    assert "bientapvien" in history.inner_text()
    assert "Changed Title" in rows_text(history)
    rows = history.locator("tbody tr")
    assert rows.count() >= 3  # added, published, edited
    # The newest is first; the one before it holds the published text with the old title.
    with page.expect_navigation():
        rows.nth(1).locator("a").first.click()
    assert page.locator("#id_title").input_value() == TITLE
    submit(page, "input[name=_save]")
    article.refresh_from_db()
    assert article.title == TITLE
    assert article.status == Article.Status.PUBLISHED
    public.goto(server.url + article.get_absolute_url())
    assert public.locator("main h1").inner_text() == TITLE

    # An editor cannot delete a published article: no delete link, and the page refuses.
    go(page, server, change_url.removeprefix(server.url))
    assert page.locator("a.deletelink").count() == 0
    response = page.goto(server.url + admin_url("articles_article_delete", article.pk))
    assert response.status == 403
    assert Article.objects.filter(pk=article.pk).exists()


# An interview whose answers carry no label, as pasted from the outlet's page: the lead
# introduces an official the archive does not know ("ông X, Vụ trưởng Vụ Y, Bộ Z": a
# department the archive lacks, of a ministry it holds), bare question lines, plain answer
# paragraphs (the first answer in two), the closing thanks, and page furniture: the time
# stamp, a follow-us line, a related article with its time stamp and the signature.
UNLABELLED = """Lan tỏa hình ảnh Việt Nam qua ngoại giao văn hóa
Thứ Sáu, 15/03/2024 - 08:30
Theo dõi Báo Tin tức trên Google News
Năm 2024, công tác ngoại giao văn hóa tiếp tục được triển khai sâu rộng, góp phần nâng cao \
vị thế đất nước. Nhân dịp này, phóng viên Báo Tin tức đã có cuộc trao đổi với ông Tạ Minh \
Khuê, Vụ trưởng Vụ Hợp tác quốc tế, Bộ Văn hóa, Thể thao và Du lịch, về những kết quả nổi \
bật và định hướng thời gian tới.
Ông đánh giá thế nào về kết quả hợp tác quốc tế về văn hóa trong năm qua?
Năm qua, hợp tác quốc tế về văn hóa được triển khai đồng bộ với ngoại giao chính trị và \
ngoại giao kinh tế. Nhiều chương trình Ngày Văn hóa Việt Nam được tổ chức tại các nước đối \
tác, thu hút đông đảo bạn bè quốc tế.
Chúng tôi cũng đã phối hợp với các địa phương hoàn thiện hồ sơ đề nghị ghi danh thêm các di \
sản của Việt Nam, đồng thời mở rộng trao đổi đoàn nghệ thuật với các nước láng giềng.
Việt Nam và Cuba thúc đẩy hợp tác văn hóa, du lịch (14/03/2024 09:12)
Thưa ông, trong thời gian tới Vụ sẽ tập trung vào những nhiệm vụ trọng tâm nào?
Chúng tôi sẽ tiếp tục triển khai Chiến lược ngoại giao văn hóa, tăng cường quảng bá hình \
ảnh đất nước, con người Việt Nam, đồng thời hỗ trợ cộng đồng người Việt Nam ở nước ngoài \
gìn giữ tiếng Việt.
Xin trân trọng cảm ơn ông!
Minh Thu (thực hiện)"""
UNLABELLED_TITLE = "Lan tỏa hình ảnh Việt Nam qua ngoại giao văn hóa"
FOLLOW = "Theo dõi Báo Tin tức trên Google News"
RELATED = "Việt Nam và Cuba thúc đẩy hợp tác văn hóa, du lịch (14/03/2024 09:12)"
QUESTION = "ends with a question mark and an answer follows"
ANSWER = "unlabelled paragraph after a question: read as its answer"
CONTINUED = "continues the answer above"


def segment_rows(page) -> list[tuple[str, str, str]]:
    """(kind chosen, text, why) of each row of the preview's segments table."""
    rows = page.locator("table", has_text="The text, segment by segment").locator("tbody tr")
    return [
        (
            row.locator("select[name$='-kind']").input_value(),
            row.locator("td.segment-text").inner_text().strip(),
            row.locator("td.matched").inner_text().strip(),
        )
        for row in rows.all()
    ]


def test_an_editor_adds_an_interview_whose_answers_carry_no_label(seeded_live_server, editor, page):
    server = seeded_live_server
    go(page, server, admin_url("login"))
    page.fill("#id_username", "bientapvien")
    page.fill("#id_password", PASSWORD)
    submit(page, "input[type=submit]")

    go(page, server, admin_url("articles_article_changelist"))
    submit(page, "text=Add from text")
    page.select_option("#id_publication", label="Báo Tin tức")
    page.select_option("#id_kind", value="interview")
    page.fill("#id_date", "15/3/2024")
    page.fill("#id_source_url", "https://baotintuc.vn/van-hoa/lan-toa-hinh-anh-viet-nam.htm")
    page.fill("#id_text", UNLABELLED)
    submit(page, "#content-main input[type=submit]")

    # The questions and answers are read as such, each with the reason for its kind.
    assert "an interview: questions and answers" in page.locator("#content-main dl").inner_text()
    rows = segment_rows(page)
    assert [(kind, why) for kind, _text, why in rows] == [
        ("paragraph", "lead before the first question"),
        ("question", QUESTION),
        ("answer", ANSWER),
        ("answer", CONTINUED),  # the second paragraph of the first answer
        ("question", QUESTION),
        ("answer", ANSWER),
        ("paragraph", "closing thanks"),
    ]
    assert rows[1][1].startswith("Ông đánh giá thế nào")
    assert rows[4][1].startswith("Thưa ông, trong thời gian tới")
    # The official introduced in the lead is suggested as the interviewee, new, with the
    # title the lead gives him, in a department proposed under the ministry it names.
    assert page.locator("#id_interviewee option:checked").inner_text() == "Tạ Minh Khuê"
    new = page.locator("table", has_text="New officials to add")
    khue = new.locator("tbody tr").first
    assert khue.locator("input[name$='-name']").input_value() == "Tạ Minh Khuê"
    assert khue.locator("select[name$='-role']").input_value() == "interviewee"
    assert (
        "New title: Vụ trưởng, Vụ Hợp tác quốc tế (Bộ Văn hóa, Thể thao và Du lịch), "
        "held as of 15 March 2024"
    ) in khue.inner_text()
    also = page.locator("fieldset", has_text="Also named in the text")
    department = also.locator("li", has_text="Vụ Hợp tác quốc tế (Bộ Văn hóa")
    assert department.inner_text().strip().startswith("New:")
    assert department.locator("input[type=checkbox]").is_checked()
    # The page furniture is listed as removed, with its reasons, and is not in the text.
    removed = page.locator("details", has_text="removed as page furniture")
    assert "4 lines removed as page furniture" in removed.locator("summary").inner_text()
    removed.locator("summary").click()
    listed = removed.locator("li")
    assert listed.count() == 4
    assert f"line 3: “{FOLLOW}” (follow-us link)" in listed.nth(1).inner_text()
    assert f"line 8: “{RELATED}” (title of another article, with its time stamp)" in (
        listed.nth(2).inner_text()
    )
    texts = " ".join(text for _kind, text, _why in rows)
    for furniture in (FOLLOW, RELATED, "15/03/2024 - 08:30", "Minh Thu (thực hiện)"):
        assert furniture not in texts
    # The outlet is proposed as an agency: the editor unticks it.
    outlet = also.locator("li", has_text="Báo Tin tức").locator("input[type=checkbox]").first
    outlet.uncheck()

    # The editor puts the related line back and updates the preview.
    removed.locator("li", has_text=RELATED).locator("input[type=checkbox]").check()
    submit(page, "input[name=refresh]")
    assert "The text changed" in page.locator(".messagelist").inner_text()
    assert "Please correct" not in page.locator("#content-main").inner_text()
    rows = segment_rows(page)
    assert [kind for kind, _text, _why in rows] == [
        "paragraph",
        "question",
        "answer",
        "answer",
        "answer",
        "question",
        "answer",
        "paragraph",
    ]
    assert rows[4] == ("answer", RELATED, CONTINUED)
    removed = page.locator("details", has_text="removed as page furniture")
    assert removed.get_attribute("open") is not None  # shown open: a line is put back
    assert removed.locator("li", has_text=RELATED).locator("input").is_checked()
    # What the editor set before stays: the outlet unticked, the interviewee chosen.
    also = page.locator("fieldset", has_text="Also named in the text")
    outlet = also.locator("li", has_text="Báo Tin tức").locator("input[type=checkbox]").first
    assert not outlet.is_checked()
    assert page.locator("#id_interviewee option:checked").inner_text() == "Tạ Minh Khuê"
    assert not Article.objects.filter(title=UNLABELLED_TITLE).exists()

    submit(page, "input[name=save]")
    assert "was added" in page.locator(".messagelist").inner_text()
    article = Article.objects.get(title=UNLABELLED_TITLE)
    assert article.status == Article.Status.DRAFT
    khue = Person.objects.get(name="Tạ Minh Khuê")
    position = khue.positions.get()
    assert (position.title_vi, position.agency.name_vi, position.agency.parent.slug) == (
        "Vụ trưởng",
        "Vụ Hợp tác quốc tế",
        "bo-van-hoa-the-thao-va-du-lich",
    )
    assert not article.agencies.filter(name_vi="Báo Tin tức").exists()

    # The draft's preview (in English): every answer is given by the interviewee, under his
    # title.
    go(page, server, admin_url("articles_article_preview", article.pk))
    assert page.locator("main h1").inner_text() == UNLABELLED_TITLE
    assert page.locator(".qa.question").count() == 2
    answers = page.locator(".qa.answer")
    assert answers.count() == 4
    assert RELATED in answers.nth(2).inner_text()
    speakers = page.locator(".qa.answer .speaker")
    assert speakers.count() == 2  # one at the start of each answer
    with translation.override("en"):
        khue_url = khue.get_absolute_url()
    for speaker in speakers.all():
        assert speaker.inner_text() == (
            "Tạ Minh Khuê, Director, Vụ Hợp tác quốc tế (Ministry of Culture, Sports and Tourism)"
        )
        assert speaker.locator("a").get_attribute("href") == khue_url
    assert set(article.segments.filter(kind="answer").values_list("speaker", flat=True)) == {
        khue.pk
    }
