"""No lost updates: a save from a form opened before someone else's save is refused, says
what changed since (field by field, inlines included), and comes back merged; saving the
merged form goes through. Articles, people (with positions) and conferences (with
participants) carry a version that every kind of save moves on."""

import json
import threading
import time

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.text import capfirst
from django.utils.translation import gettext
from reversion.models import Version

from articles.admin import ArticleAdmin
from articles.models import Article
from articles.roles import EDITOR_GROUP
from events.models import Participation
from people.models import Position
from tests.admin_forms import form_data
from tests.factories import (
    AgencyFactory,
    ArticleFactory,
    ConferenceFactory,
    PersonFactory,
    PositionFactory,
    SegmentFactory,
)

pytestmark = pytest.mark.django_db

STALE = (
    "Not saved: someone saved this %(model)s after you opened it (you opened "
    "version %(opened)s; it is now version %(current)s)."
)
NO_VERSION = (
    "Not saved: this form does not say which version of the %(model)s it was "
    "opened on, so saving it could undo changes made since (it is now version "
    "%(current)s). The form below holds what you sent; reload the page to see "
    "the archive’s values, or save again to replace them with yours."
)
NOT_RESTORED = (
    "Not restored: someone saved this %(model)s after you opened this earlier "
    "version (it is now version %(current)s). Its history shows what changed; "
    "to restore the version shown anyway, save again."
)
MARKED = "Changed since you opened the form: now “%(now)s”."


# --- how the admin words it: in Vietnamese, the admin's language, HTML-escaped


def said(message: str, **params) -> str:
    with translation.override("vi"):
        params = {name: str(value) for name, value in params.items()}
        return escape(gettext(message) % params)


def model_name(model) -> str:
    with translation.override("vi"):
        return str(model._meta.verbose_name)


def label(model, field: str) -> str:
    with translation.override("vi"):
        return str(capfirst(model._meta.get_field(field).verbose_name))


def difference(field_label: str, now: str, yours: str) -> str:
    return said(
        "%(field)s: now “%(now)s”; you had “%(yours)s”", field=field_label, now=now, yours=yours
    )


def row_label(obj, name=None) -> str:
    """An inline row as the message names it: by the row, or if it is gone by ``name``."""
    with translation.override("vi"):
        return f"{capfirst(obj._meta.verbose_name)} “{obj if name is None else name}”"


def noted(row: str, note: str) -> str:
    with translation.override("vi"):
        return escape(f"{row}: {gettext(note)}")


# --- two editors


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def open_form(client, obj) -> dict:
    response = client.get(change_url(obj))
    assert response.status_code == 200
    return form_data(response.content.decode(), f"{obj._meta.model_name}_form")


def save(client, obj, data):
    return client.post(change_url(obj), data)


def refused(response) -> str:
    """The page of a refused save (the form again, with the message), or the reason not."""
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def index_of(data: dict, prefix: str, obj) -> int:
    """The row of ``obj`` in an inline of a posted form."""
    for index in range(int(data[f"{prefix}-TOTAL_FORMS"])):
        if data.get(f"{prefix}-{index}-id") == str(obj.pk):
            return index
    raise AssertionError(f"{obj} is not in the form")


@pytest.fixture
def editor_client(client, django_user_model):
    """Editor B, in the Editor group; ``admin_client`` is editor A."""
    user = django_user_model.objects.create_user("bientap-b", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    client.force_login(user)
    return client


@pytest.fixture
def article(db):
    article = ArticleFactory(title="Tiêu đề cũ", byline="", status=Article.Status.DRAFT)
    SegmentFactory(article=article, position=1, anchor="p1", text="Đoạn văn đầu.")
    return article


# --- (1) the audit's case and (2) a conflict on the same field


def test_a_byline_saved_from_a_stale_form_is_refused_and_merged_keeping_the_new_title(
    admin_client, editor_client, article
):
    form_a, form_b = open_form(admin_client, article), open_form(editor_client, article)
    assert save(admin_client, article, form_a | {"title": "Tiêu đề mới"}).status_code == 302

    page = refused(save(editor_client, article, form_b | {"byline": "Lan Anh"}))
    assert said(STALE, model=model_name(Article), opened=1, current=2) in page
    assert difference(label(Article, "title"), now="Tiêu đề mới", yours="Tiêu đề cũ") in page
    article.refresh_from_db()
    assert (article.title, article.byline, article.version) == ("Tiêu đề mới", "", 2)

    # The form comes back merged: A's title, B's byline, at the version now in the archive.
    merged = form_data(page, "article_form")
    assert (merged["title"], merged["byline"], merged["version"]) == ("Tiêu đề mới", "Lan Anh", "2")
    assert "errors field-title" not in page  # taken, not a conflict
    assert save(editor_client, article, merged).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.byline, article.version) == ("Tiêu đề mới", "Lan Anh", 3)
    assert article.segments.get().text == "Đoạn văn đầu."
    # The history says B changed the byline, and only that.
    entry = LogEntry.objects.filter(object_id=str(article.pk)).latest("action_time")
    assert json.loads(entry.change_message) == [{"changed": {"fields": ["Byline"]}}]


def test_a_title_both_editors_changed_is_marked_and_saved_only_when_sent_again(
    admin_client, editor_client, article
):
    form_a, form_b = open_form(admin_client, article), open_form(editor_client, article)
    assert save(admin_client, article, form_a | {"title": "Tiêu đề của A"}).status_code == 302

    page = refused(save(editor_client, article, form_b | {"title": "Tiêu đề của B"}))
    assert difference(label(Article, "title"), now="Tiêu đề của A", yours="Tiêu đề của B") in page
    field_row = page.split("errors field-title")[1][:3000]
    assert said(MARKED, now="Tiêu đề của A") in field_row
    merged = form_data(page, "article_form")
    assert merged["title"] == "Tiêu đề của B"  # B's value kept, for B to decide
    article.refresh_from_db()
    assert article.title == "Tiêu đề của A"

    assert save(editor_client, article, merged).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.version) == ("Tiêu đề của B", 3)


def test_a_form_that_changed_nothing_since_saves_at_once(admin_client, editor_client, article):
    form_a = open_form(admin_client, article)
    assert save(admin_client, article, form_a | {"title": "Tiêu đề mới"}).status_code == 302
    form_b = open_form(editor_client, article)  # opened after A's save
    assert save(editor_client, article, form_b | {"byline": "Lan Anh"}).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.byline, article.version) == ("Tiêu đề mới", "Lan Anh", 3)


# --- (3) inlines: a person's positions, a conference's participants


def test_positions_changed_by_both_editors_are_merged_row_by_row(admin_client, editor_client):
    person = PersonFactory(name="Bùi Thanh Sơn")
    agency = AgencyFactory(name_vi="Bộ Ngoại giao")
    deputy = PositionFactory(person=person, agency=agency, title_vi="Thứ trưởng", slug="p-1")
    envoy = PositionFactory(person=person, agency=agency, title_vi="Đại sứ", slug="p-2")
    gone = PositionFactory(person=person, agency=agency, title_vi="Vụ trưởng", slug="p-3")
    form_a, form_b = open_form(admin_client, person), open_form(editor_client, person)
    a, b = (index_of(form_a, "positions", row) for row in (deputy, envoy))
    changes_a = {
        f"positions-{a}-title_vi": "Thứ trưởng thường trực",
        f"positions-{b}-title_en": "Ambassador",
        f"positions-{index_of(form_a, 'positions', gone)}-DELETE": "on",
    }
    assert save(admin_client, person, form_a | changes_a).status_code == 302
    deputy.refresh_from_db()
    deputy_label, envoy_label = row_label(deputy), row_label(envoy)

    changes_b = {
        f"positions-{a}-title_vi": "Phó Thủ tướng",
        f"positions-{b}-title_vi": "Đại sứ đặc mệnh toàn quyền",
    }
    page = refused(save(editor_client, person, form_b | changes_b))
    title_vi, title_en = label(Position, "title_vi"), label(Position, "title_en")
    assert said(STALE, model=model_name(person), opened=1, current=2) in page
    assert (
        difference(
            f"{deputy_label} — {title_vi}", now="Thứ trưởng thường trực", yours="Phó Thủ tướng"
        )
        in page
    )
    assert (
        difference(f"{envoy_label} — {title_en}", now="Ambassador", yours="Deputy Minister") in page
    )
    assert noted(row_label(gone, "Vụ trưởng"), "deleted since") in page
    assert said(MARKED, now="Thứ trưởng thường trực") in page
    assert Position.objects.get(pk=deputy.pk).title_vi == "Thứ trưởng thường trực"

    merged = form_data(page, "person_form")
    assert merged["positions-TOTAL_FORMS"] == "2"  # the position deleted since is gone
    a, b = (index_of(merged, "positions", row) for row in (deputy, envoy))
    assert merged[f"positions-{a}-title_vi"] == "Phó Thủ tướng"  # both changed: B's, marked
    assert merged[f"positions-{b}-title_en"] == "Ambassador"  # only A changed: A's
    assert merged[f"positions-{b}-title_vi"] == "Đại sứ đặc mệnh toàn quyền"  # only B: B's
    assert save(editor_client, person, merged).status_code == 302
    deputy.refresh_from_db()
    envoy.refresh_from_db()
    assert deputy.title_vi == "Phó Thủ tướng"
    assert (envoy.title_vi, envoy.title_en) == ("Đại sứ đặc mệnh toàn quyền", "Ambassador")
    assert not Position.objects.filter(pk=gone.pk).exists()
    person.refresh_from_db()
    assert person.version == 3


def participant_rows(conference) -> set:
    return set(conference.participations.values_list("person__name", "role", "note"))


def test_participants_added_deleted_and_changed_since_are_merged(admin_client, editor_client):
    conference = ConferenceFactory(name_vi="Hội nghị Ngoại giao lần thứ 29")
    lan, minh, hoa = (PersonFactory(name=name) for name in ("Lan", "Minh", "Hoa"))
    chair = Participation.objects.create(conference=conference, person=lan, role="attendee")
    speaker = Participation.objects.create(conference=conference, person=minh, role="speaker")
    form_a, form_b = open_form(admin_client, conference), open_form(editor_client, conference)
    a, s = (index_of(form_a, "participations", row) for row in (chair, speaker))
    changes_a = {
        f"participations-{a}-role": "chair",
        f"participations-{a}-note": "ghi chú của A",
        f"participations-{s}-DELETE": "on",
        "participations-TOTAL_FORMS": "3",  # and a participant added
        "participations-2-person": str(hoa.pk),
        "participations-2-role": "host",
        "participations-2-conference": str(conference.pk),
    }
    assert save(admin_client, conference, form_a | changes_a).status_code == 302
    host = conference.participations.get(person=hoa)

    changes_b = {
        f"participations-{a}-note": "ghi chú của B",
        f"participations-{s}-note": "phát biểu khai mạc",  # on the row A deleted
    }
    page = refused(save(editor_client, conference, form_b | changes_b))
    role, note = label(Participation, "role"), label(Participation, "note")
    with translation.override("vi"):
        chaired, attended = (
            str(Participation.Role.CHAIR.label),
            str(Participation.Role.ATTENDEE.label),
        )
    chair.refresh_from_db()
    assert difference(f"{row_label(chair)} — {role}", now=chaired, yours=attended) in page
    assert (
        difference(f"{row_label(chair)} — {note}", now="ghi chú của A", yours="ghi chú của B")
        in page
    )
    assert noted(row_label(host), "added since; it is in the form now") in page
    readded = "deleted since, but you had changed it: your version is in the form as a new row"
    assert noted(row_label(speaker, "Minh"), readded) in page
    assert participant_rows(conference) == {("Lan", "chair", "ghi chú của A"), ("Hoa", "host", "")}

    merged = form_data(page, "conference_form")
    assert (merged["participations-TOTAL_FORMS"], merged["participations-INITIAL_FORMS"]) == (
        "3",
        "2",
    )
    a = index_of(merged, "participations", chair)
    assert (merged[f"participations-{a}-role"], merged[f"participations-{a}-note"]) == (
        "chair",
        "ghi chú của B",
    )
    assert said(MARKED, now="ghi chú của A") in page
    assert save(editor_client, conference, merged).status_code == 302
    assert participant_rows(conference) == {
        ("Lan", "chair", "ghi chú của B"),
        ("Hoa", "host", ""),
        ("Minh", "speaker", "phát biểu khai mạc"),
    }


def test_a_row_deleted_since_that_this_editor_left_alone_stays_deleted(admin_client, editor_client):
    person = PersonFactory()
    kept, gone = (
        PositionFactory(person=person, slug="p-1"),
        PositionFactory(person=person, slug="p-2"),
    )
    form_a, form_b = open_form(admin_client, person), open_form(editor_client, person)
    delete = {f"positions-{index_of(form_a, 'positions', gone)}-DELETE": "on"}
    assert save(admin_client, person, form_a | delete).status_code == 302
    page = refused(save(editor_client, person, form_b | {"name": "Tên mới"}))
    merged = form_data(page, "person_form")
    assert merged["positions-TOTAL_FORMS"] == "1"
    assert save(editor_client, person, merged).status_code == 302
    assert list(person.positions.all()) == [kept]


def test_a_position_saved_on_its_own_page_makes_the_persons_open_form_stale(
    admin_client, editor_client
):
    person = PersonFactory()
    position = PositionFactory(person=person, title_vi="Thứ trưởng", slug="p-1")
    form_b = open_form(editor_client, person)
    form_a = open_form(admin_client, position)
    assert save(admin_client, position, form_a | {"title_vi": "Bộ trưởng"}).status_code == 302
    person.refresh_from_db()
    assert person.version == 2
    page = refused(save(editor_client, person, form_b | {"name": "Tên mới"}))
    assert "Bộ trưởng" in page
    position.refresh_from_db()
    assert position.title_vi == "Bộ trưởng"


# --- (4) publishing, and (5) restoring from the history, move the version on


def publish_by_action(client, article):
    url = reverse("admin:articles_article_changelist")
    response = client.post(url, {"action": "publish", "_selected_action": [str(article.pk)]})
    assert response.status_code == 302


def publish_by_button(client, article):
    data = open_form(client, article) | {"_publish": "Save and publish"}
    assert save(client, article, data).status_code == 302


@pytest.mark.parametrize("publish", [publish_by_action, publish_by_button])
def test_a_publish_between_opening_and_saving_counts_as_a_change(
    admin_client, editor_client, article, publish
):
    form_b = open_form(editor_client, article)
    publish(admin_client, article)
    article.refresh_from_db()
    assert (article.status, article.version) == (Article.Status.PUBLISHED, 2)

    page = refused(save(editor_client, article, form_b | {"byline": "Lan Anh"}))
    with translation.override("vi"):
        published, draft = str(Article.Status.PUBLISHED.label), str(Article.Status.DRAFT.label)
    assert difference(label(Article, "status"), now=published, yours=draft) in page
    article.refresh_from_db()
    assert article.byline == ""
    assert save(editor_client, article, form_data(page, "article_form")).status_code == 302
    article.refresh_from_db()
    assert (article.status, article.byline, article.version) == (
        Article.Status.PUBLISHED,
        "Lan Anh",
        3,
    )


def restore_url(article, version):
    return reverse("admin:articles_article_revision", args=[article.pk, version.pk])


def test_a_restore_from_the_history_moves_the_version_on(admin_client, editor_client, article):
    for title in ("Tiêu đề một", "Tiêu đề hai"):
        assert (
            save(
                admin_client, article, open_form(admin_client, article) | {"title": title}
            ).status_code
            == 302
        )
    first = Version.objects.get_for_object(article).order_by("pk").first()
    assert first.field_dict["version"] == 2
    form_b = open_form(editor_client, article)  # at version 3

    page = admin_client.get(restore_url(article, first)).content.decode()
    restore = form_data(page, "article_form")
    assert restore["version"] == "3"  # the version now, not the one restored
    assert admin_client.post(restore_url(article, first), restore).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.version) == ("Tiêu đề một", 4)

    page = refused(save(editor_client, article, form_b | {"byline": "Lan Anh"}))
    assert difference(label(Article, "title"), now="Tiêu đề một", yours="Tiêu đề hai") in page


def test_a_restore_from_a_stale_page_is_refused_until_confirmed(
    admin_client, editor_client, article
):
    assert (
        save(admin_client, article, open_form(admin_client, article) | {"title": "Một"}).status_code
        == 302
    )
    first = Version.objects.get_for_object(article).get()
    restore = form_data(
        admin_client.get(restore_url(article, first)).content.decode(), "article_form"
    )
    assert (
        save(
            editor_client, article, open_form(editor_client, article) | {"title": "Hai"}
        ).status_code
        == 302
    )

    page = refused(admin_client.post(restore_url(article, first), restore))
    assert said(NOT_RESTORED, model=model_name(Article), current=3) in page
    article.refresh_from_db()
    assert (article.title, article.version) == ("Hai", 3)
    assert (
        admin_client.post(restore_url(article, first), form_data(page, "article_form")).status_code
        == 302
    )
    article.refresh_from_db()
    assert (article.title, article.version) == ("Một", 4)


# --- (6) the check cannot be bypassed


@pytest.mark.parametrize("posted", [None, "", "abc", "1.5"])
def test_a_save_without_a_version_is_refused_with_a_clear_message(admin_client, article, posted):
    data = open_form(admin_client, article) | {"byline": "Lan Anh"}
    if posted is None:
        del data["version"]
    else:
        data["version"] = posted
    page = refused(save(admin_client, article, data))
    assert said(NO_VERSION, model=model_name(Article), current=1) in page
    article.refresh_from_db()
    assert (article.byline, article.version) == ("", 1)
    # Sent again, as shown, it saves: the editor has been told.
    assert save(admin_client, article, form_data(page, "article_form")).status_code == 302
    article.refresh_from_db()
    assert (article.byline, article.version) == ("Lan Anh", 2)


@pytest.mark.parametrize("posted", ["-1", "0", "7", "99999999999999999999999"])
def test_a_save_claiming_another_version_is_refused_as_stale(admin_client, article, posted):
    data = open_form(admin_client, article) | {"byline": "Lan Anh", "version": posted}
    page = refused(save(admin_client, article, data))
    assert said(STALE, model=model_name(Article), opened=int(posted), current=1) in page
    article.refresh_from_db()
    assert (article.byline, article.version) == ("", 1)


def test_a_save_of_a_row_deleted_since_or_of_no_row_does_not_fail(admin_client, article):
    data = open_form(admin_client, article)
    Article.objects.filter(pk=article.pk).delete()
    assert save(admin_client, article, data).status_code == 302  # "no such article"
    url = reverse("admin:articles_article_change", args=["not-a-number"])
    assert admin_client.post(url, data).status_code == 302


# --- (7) two saves at once


# Row locks decide this race; SQLite has none to take (it serialises whole writes), so the
# test exists on PostgreSQL only (make test-postgres), not as a skip.
if connection.vendor == "postgresql":

    @pytest.mark.django_db(transaction=True)
    def test_two_saves_of_the_same_version_at_once_cannot_both_pass(admin_user, monkeypatch):
        article = ArticleFactory(title="Tiêu đề cũ", byline="")
        SegmentFactory(article=article, position=1, anchor="p1")
        editors = [Client(), Client()]
        for client in editors:
            client.force_login(admin_user)
        data = open_form(editors[0], article)

        # The first save holds the row a moment after its check; the second arrives meanwhile.
        first_checked = threading.Event()
        save_model = ArticleAdmin.save_model

        def slow_save_model(self, request, obj, form, change):
            if not first_checked.is_set():
                first_checked.set()
                time.sleep(1)
            return save_model(self, request, obj, form, change)

        monkeypatch.setattr(ArticleAdmin, "save_model", slow_save_model)
        statuses = {}

        def post(name, client, changes):
            try:
                statuses[name] = save(client, article, data | changes).status_code
            finally:
                connections.close_all()

        first = threading.Thread(target=post, args=("A", editors[0], {"title": "Tiêu đề mới"}))
        second = threading.Thread(target=post, args=("B", editors[1], {"byline": "Lan Anh"}))
        first.start()
        assert first_checked.wait(30)
        second.start()
        first.join(60)
        second.join(60)
        assert statuses == {"A": 302, "B": 200}
        article.refresh_from_db()
        assert (article.title, article.byline, article.version) == ("Tiêu đề mới", "", 2)
