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
