"""Every change made in the admin is recorded (who, when, which fields) and an earlier
version can be restored, text and links included, with the search index following."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from articles.models import Article, SearchEntry
from events.models import Conference
from people.models import Person
from tests.admin_forms import form_data, shown
from tests.factories import (
    ArticleFactory,
    ConferenceFactory,
    PersonFactory,
    PositionFactory,
    SegmentFactory,
)

pytestmark = pytest.mark.django_db


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def edit(client, obj, **changes):
    """Open the change form, change some fields, save; the form as a browser sends it."""
    page = client.get(change_url(obj)).content.decode()
    form_id = f"{obj._meta.model_name}_form"
    data = form_data(page, form_id) | changes
    response = client.post(change_url(obj), data)
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.fixture
def article(db):
    article = ArticleFactory(title="Tiêu đề ban đầu")
    SegmentFactory(article=article, position=1, anchor="p1", text="Đoạn văn ban đầu.")
    return article


def test_an_edit_records_who_when_and_which_fields(admin_client, admin_user, article):
    edit(admin_client, article, title="Tiêu đề đã sửa", **{"segments-0-text": "Đoạn đã sửa."})
    version = Version.objects.get_for_object(article).get()
    revision = version.revision
    assert revision.user == admin_user
    assert revision.date_created is not None
    entry = LogEntry.objects.get(object_id=str(article.pk))
    with translation.override("vi"):
        message = entry.get_change_message()
        assert gettext_label("Title") in message
    assert revision.get_comment() == message
    # The revision holds the article with its text.
    models = {v.content_type.model for v in revision.version_set.all()}
    assert {"article", "segment"} <= models


def gettext_label(label: str) -> str:
    return translation.gettext(label)


def test_the_history_page_lists_versions_with_user_and_changes(admin_client, article):
    edit(admin_client, article, title="Tiêu đề đã sửa")
    page = admin_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "admin" in html  # the user
    revision_url = reverse("admin:articles_article_revision", args=[article.pk, 0])[:-2]
    assert revision_url in html
    comment = Version.objects.get_for_object(article).get().revision.get_comment()
    assert shown(comment) in html or comment in html


def revision_urls(client, obj) -> list[str]:
    opts = obj._meta
    history = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
    html = client.get(history).content.decode()
    return re.findall(rf'href="([^"]*/{obj.pk}/history/\d+/)"', html)


def restore(client, url, form_id):
    """Open an earlier version and save it, as the History page's restore does."""
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.content.decode(), form_id)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_restoring_an_earlier_version_brings_back_title_and_text_and_the_index_follows(
    admin_client, article
):
    edit(admin_client, article, title="Phiên bản một", **{"segments-0-text": "Văn bản một."})
    edit(admin_client, article, title="Phiên bản hai", **{"segments-0-text": "Văn bản hai."})
    index = SearchEntry.objects.get(kind="article", object_id=article.pk)
    assert "Văn bản hai." in index.body
    first = Version.objects.get_for_object(article).order_by("pk").first()
    urls = revision_urls(admin_client, article)
    assert len(urls) == 2
    url = next(u for u in urls if u.rstrip("/").endswith(f"/{first.pk}"))
    restore(admin_client, url, "article_form")
    article.refresh_from_db()
    assert article.title == "Phiên bản một"
    assert list(article.segments.values_list("text", flat=True)) == ["Văn bản một."]
    assert article.folded_text.startswith("phien ban mot\n")
    index = SearchEntry.objects.get(kind="article", object_id=article.pk)
    assert (index.title, index.body) == ("Phiên bản một", "Văn bản một.")
    # Restoring is itself a change, recorded like any other.
    assert Version.objects.get_for_object(article).count() == 3


def test_restoring_removes_segments_added_since_and_brings_back_deleted_ones(admin_client, article):
    edit(admin_client, article, title="Phiên bản một")
    # Delete the paragraph and add an answer.
    page = admin_client.get(change_url(article)).content.decode()
    data = form_data(page, "article_form")
    data |= {
        "segments-0-DELETE": "on",
        "segments-TOTAL_FORMS": "2",
        "segments-1-position": "2",
        "segments-1-kind": "paragraph",
        "segments-1-text": "Đoạn thêm sau.",
        "segments-1-article": str(article.pk),
    }
    assert admin_client.post(change_url(article), data).status_code == 302
    assert list(article.segments.values_list("text", flat=True)) == ["Đoạn thêm sau."]
    first = min(Version.objects.get_for_object(article), key=lambda v: v.pk)
    url = reverse("admin:articles_article_revision", args=[article.pk, first.pk])
    restore(admin_client, url, "article_form")
    assert list(article.segments.values_list("text", flat=True)) == ["Đoạn văn ban đầu."]
    body = SearchEntry.objects.get(kind="article", object_id=article.pk).body
    assert "Đoạn thêm sau." not in body and "Đoạn văn ban đầu." in body


def test_a_person_is_versioned_with_their_positions(admin_client):
    person = PersonFactory(name="Lê Văn Cũ", slug="le-van-cu")
    PositionFactory(person=person, title_vi="Vụ trưởng", slug="le-van-cu-vu-truong")
    edit(admin_client, person, name="Lê Văn Một", **{"positions-0-title_vi": "Thứ trưởng"})
    edit(admin_client, person, name="Lê Văn Hai", **{"positions-0-title_vi": "Bộ trưởng"})
    first = min(Version.objects.get_for_object(person), key=lambda v: v.pk)
    url = reverse("admin:people_person_revision", args=[person.pk, first.pk])
    restore(admin_client, url, "person_form")
    person.refresh_from_db()
    assert person.name == "Lê Văn Một"
    assert person.search_names == "le van mot"
    assert list(person.positions.values_list("title_vi", flat=True)) == ["Thứ trưởng"]
    assert SearchEntry.objects.get(kind="person", object_id=person.pk).title == "Lê Văn Một"


def test_a_conference_is_versioned_with_its_participants(admin_client):
    conference = ConferenceFactory(name_vi="Hội nghị cũ")
    edit(admin_client, conference, name_vi="Hội nghị một")
    edit(admin_client, conference, name_vi="Hội nghị hai", theme="Chủ đề mới")
    first = min(Version.objects.get_for_object(conference), key=lambda v: v.pk)
    url = reverse("admin:events_conference_revision", args=[conference.pk, first.pk])
    restore(admin_client, url, "conference_form")
    conference = Conference.objects.get(pk=conference.pk)
    assert (conference.name_vi, conference.theme) == ("Hội nghị một", "")


def test_publishing_from_the_list_records_one_version_per_article(admin_client, admin_user):
    drafts = [ArticleFactory(status=Article.Status.DRAFT) for _ in range(2)]
    admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [a.pk for a in drafts]},
    )
    for draft in drafts:
        version = Version.objects.get_for_object(draft).get()
        assert version.revision.user == admin_user
        assert version.revision.version_set.filter(content_type__model="article").count() == 1
        assert version.field_dict["status"] == "published"


def test_initial_versions_can_be_recorded_for_rows_the_import_wrote(seeded):
    assert not Version.objects.exists()
    call_command("createinitialrevisions", "articles.Article", verbosity=0)
    article = Article.objects.first()
    version = Version.objects.get_for_object(article).get()
    models = {v.content_type.model for v in version.revision.version_set.all()}
    assert {"article", "segment", "personmention"} <= models
    assert Person.objects.exists()
