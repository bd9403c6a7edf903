"""Roles: editors create, change and publish content but cannot delete what is published
nor manage users; superusers administer everything."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import ngettext
from reversion.models import Version

from articles.admin import ArticleAdmin
from articles.models import Article
from articles.roles import EDITOR_GROUP
from tests.admin_forms import form_data
from tests.factories import ArticleFactory, PublicationFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:articles_article_changelist"


def perms(group) -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_the_editor_group_exists_after_migrate_with_the_intended_permissions():
    granted = perms(Group.objects.get(name=EDITOR_GROUP))
    for model in ("people.person", "people.agency", "events.conference", "articles.article"):
        app, name = model.split(".")
        assert {f"{app}.view_{name}", f"{app}.add_{name}", f"{app}.change_{name}"} <= granted
    assert "articles.publish_article" in granted
    assert {
        "articles.delete_article",
        "articles.delete_segment",
        "articles.delete_personmention",
        "people.delete_position",
        "events.delete_participation",
    } <= granted
    # Not the rows facts depend on, not the search index, nothing on users and groups.
    assert not {"people.delete_person", "people.delete_agency", "events.delete_conference"} & (
        granted
    )
    assert not {p for p in granted if "searchentry" in p}
    assert not {p for p in granted if p.startswith(("auth.", "admin.", "contenttypes."))}


def test_publishing_is_a_permission_of_its_own():
    permission = Permission.objects.get(codename="publish_article")
    assert permission.content_type.app_label == "articles"


def test_an_editor_adds_changes_and_publishes(editor_client, editor):
    assert editor.has_perm("articles.publish_article")
    data = {
        "title": "Bài của biên tập viên",
        "slug": "",
        "kind": "report",
        "publication": str(PublicationFactory().pk),
        "photo_credits": "[]",
        "date": "2024-01-01",
        "date_precision": "day",
        "save_anyway": "False",
    }
    for prefix in ("segments", "person_mentions", "agency_mentions", "country_mentions"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    for prefix in ("body_mentions", "conference_mentions", "document_mentions"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    article = Article.objects.get(title="Bài của biên tập viên")
    assert article.status == Article.Status.DRAFT
    change = reverse("admin:articles_article_change", args=[article.pk])
    page = editor_client.get(change).content.decode()
    assert 'name="_publish"' in page
    data = form_data(page, "article_form") | {"byline": "Phóng viên", "_publish": "x"}
    assert editor_client.post(change, data).status_code == 302
    article.refresh_from_db()
    assert (article.byline, article.status) == ("Phóng viên", Article.Status.PUBLISHED)


def test_an_editor_gets_no_delete_option_on_a_published_article(editor_client, editor):
    published = ArticleFactory(status=Article.Status.PUBLISHED)
    request = RequestFactory().get("/")
    request.user = editor
    model_admin = ArticleAdmin(Article, admin.site)
    assert model_admin.has_delete_permission(request) is True  # drafts, in general
    assert model_admin.has_delete_permission(request, published) is False
    change = reverse("admin:articles_article_change", args=[published.pk])
    assert 'class="deletelink"' not in editor_client.get(change).content.decode()
    delete = reverse("admin:articles_article_delete", args=[published.pk])
    assert editor_client.get(delete).status_code == 403
    assert editor_client.post(delete, {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=published.pk).exists()


def test_the_bulk_delete_action_refuses_an_editor_published_articles(editor_client):
    published = ArticleFactory(status=Article.Status.PUBLISHED)
    draft = ArticleFactory(status=Article.Status.DRAFT)
    for confirmed in ({}, {"post": "yes"}):
        response = editor_client.post(
            reverse(CHANGELIST),
            {"action": "delete_selected", "_selected_action": [published.pk, draft.pk]} | confirmed,
            follow=True,
        )
        assert response.status_code == 200
        with translation.override("vi"):
            refusal = ngettext(
                "%(count)d of the selected articles is published and cannot be deleted: "
                "unpublish it first, or ask an administrator.",
                "%(count)d of the selected articles are published and cannot be deleted: "
                "unpublish them first, or ask an administrator.",
                1,
            ) % {"count": 1}
        assert escape(refusal) in response.content.decode()
    assert Article.objects.filter(pk__in=[published.pk, draft.pk]).count() == 2


def test_an_editor_can_delete_a_draft(editor_client):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    delete = reverse("admin:articles_article_delete", args=[draft.pk])
    assert editor_client.get(delete).status_code == 200
    assert editor_client.post(delete, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=draft.pk).exists()


def test_an_editor_can_bulk_delete_drafts(editor_client):
    drafts = [ArticleFactory(status=Article.Status.DRAFT) for _ in range(2)]
    editor_client.post(
        reverse(CHANGELIST),
        {"action": "delete_selected", "_selected_action": [d.pk for d in drafts], "post": "yes"},
    )
    assert not Article.objects.filter(pk__in=[d.pk for d in drafts]).exists()


def test_a_superuser_may_delete_a_published_article(admin_client):
    published = ArticleFactory(status=Article.Status.PUBLISHED)
    delete = reverse("admin:articles_article_delete", args=[published.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=published.pk).exists()


def test_an_editor_cannot_manage_users(editor_client):
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_without_the_publish_permission_there_is_no_publishing(client):
    user = User.objects.create_user("congtacvien", password="x", is_staff=True)
    group = Group.objects.get(name=EDITOR_GROUP)
    user.user_permissions.set(group.permissions.exclude(codename="publish_article"))
    client.force_login(user)
    draft = ArticleFactory(status=Article.Status.DRAFT)
    listing = client.get(reverse(CHANGELIST)).content.decode()
    assert 'value="publish"' not in listing
    response = client.post(
        reverse(CHANGELIST), {"action": "publish", "_selected_action": [draft.pk]}
    )
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    change = reverse("admin:articles_article_change", args=[draft.pk])
    page = client.get(change).content.decode()
    assert 'name="_publish"' not in page
    response = client.post(change, form_data(page, "article_form") | {"_publish": "x"})
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_restoring_a_version_with_another_status_needs_the_publish_permission(admin_client, client):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    change = reverse("admin:articles_article_change", args=[draft.pk])
    data = form_data(admin_client.get(change).content.decode(), "article_form")
    admin_client.post(change, data | {"byline": "Bản nháp"})
    # The form carries the version it was opened at: open it again after the first save.
    data = form_data(admin_client.get(change).content.decode(), "article_form")
    admin_client.post(change, data | {"byline": "Đã đăng", "_publish": "x"})
    as_draft = Version.objects.get_for_object(draft).order_by("pk").first()
    assert as_draft.field_dict["status"] == Article.Status.DRAFT

    user = User.objects.create_user("congtacvien", password="x", is_staff=True)
    group = Group.objects.get(name=EDITOR_GROUP)
    user.user_permissions.set(group.permissions.exclude(codename="publish_article"))
    client.force_login(user)
    url = reverse("admin:articles_article_revision", args=[draft.pk, as_draft.pk])
    page = client.get(url)
    assert page.status_code == 200  # looking is allowed
    assert client.post(url, form_data(page.content.decode(), "article_form")).status_code == 403
    draft.refresh_from_db()
    assert (draft.status, draft.byline) == (Article.Status.PUBLISHED, "Đã đăng")


# --- the add_editor command ---------------------------------------------------------------------


def test_add_editor_creates_a_staff_user_in_the_editor_group(monkeypatch, capsys):
    monkeypatch.setenv("DJANGO_EDITOR_PASSWORD", "một mật khẩu đủ dài 2024")
    call_command("add_editor", "lan.nguyen", "--email", "lan@example.org", "--no-input")
    user = User.objects.get(username="lan.nguyen")
    assert user.is_staff and not user.is_superuser
    assert user.email == "lan@example.org"
    assert user.check_password("một mật khẩu đủ dài 2024")
    assert user.groups.filter(name=EDITOR_GROUP).exists()
    assert user.has_perm("articles.publish_article")
    assert "Created the editor lan.nguyen" in capsys.readouterr().out


def test_add_editor_is_idempotent_and_keeps_the_password(monkeypatch, capsys):
    monkeypatch.setenv("DJANGO_EDITOR_PASSWORD", "một mật khẩu đủ dài 2024")
    call_command("add_editor", "lan.nguyen", "--no-input")
    monkeypatch.setenv("DJANGO_EDITOR_PASSWORD", "một mật khẩu khác hẳn 2025")
    call_command("add_editor", "lan.nguyen", "--no-input")
    assert "nothing changed" in capsys.readouterr().out
    user = User.objects.get(username="lan.nguyen")
    assert user.check_password("một mật khẩu đủ dài 2024")
    assert User.objects.filter(username="lan.nguyen").count() == 1


def test_add_editor_makes_an_existing_user_an_editor(monkeypatch):
    monkeypatch.delenv("DJANGO_EDITOR_PASSWORD", raising=False)
    User.objects.create_user("hoa", password="x")
    call_command("add_editor", "hoa", "--no-input")
    user = User.objects.get(username="hoa")
    assert user.is_staff and user.groups.filter(name=EDITOR_GROUP).exists()


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["new.editor", "--no-input"], None, "needs a password"),
        (["bad name!", "--no-input"], "một mật khẩu đủ dài 2024", "username"),
        (
            ["new.editor", "--email", "not-an-email", "--no-input"],
            "một mật khẩu đủ dài 2024",
            "email",
        ),
        (["new.editor", "--no-input"], "123", "password"),
    ],
    ids=["no password", "bad username", "bad email", "weak password"],
)
def test_add_editor_refuses_bad_input_and_changes_nothing(monkeypatch, args, password, message):
    if password:
        monkeypatch.setenv("DJANGO_EDITOR_PASSWORD", password)
    else:
        monkeypatch.delenv("DJANGO_EDITOR_PASSWORD", raising=False)
    with pytest.raises(CommandError, match=message):
        call_command("add_editor", *args)
    assert not User.objects.exists()
