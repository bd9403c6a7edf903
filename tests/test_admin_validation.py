"""Invalid input in the admin gets form errors in the interface language, and nothing is
saved, not even in part."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from articles.models import Article, Segment
from events.models import Conference
from people.models import Person, Position
from tests.admin_forms import shown
from tests.factories import (
    AgencyFactory,
    ConferenceFactory,
    PersonFactory,
    PublicationFactory,
    SeriesFactory,
)

pytestmark = pytest.mark.django_db

# Django's own messages, as its Vietnamese catalogue words them.
REQUIRED = "Trường này là bắt buộc."
INVALID_DATE = "Nhập một ngày hợp lệ."
INVALID_CHOICE = (
    "Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."
)

INLINES = (
    "segments",
    "person_mentions",
    "agency_mentions",
    "country_mentions",
    "body_mentions",
    "conference_mentions",
    "document_mentions",
)


def article_data(**overrides):
    data = {
        "title": "Một bài viết mới",
        "slug": "",
        "kind": "report",
        "publication": str(PublicationFactory().pk),
        "photo_credits": "[]",
        "date": "2024-03-05",
        "date_precision": "day",
        "save_anyway": "False",
    }
    for prefix in INLINES:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    data |= {
        "segments-TOTAL_FORMS": "1",
        "segments-0-position": "1",
        "segments-0-kind": "paragraph",
        "segments-0-text": "Một đoạn văn.",
    }
    return data | overrides


def conference_data(**overrides):
    data = {
        "name_vi": "Hội nghị thử nghiệm",
        "slug": "",
        "kind": "conference",
        "other_names": "[]",
        "participations-TOTAL_FORMS": "0",
        "participations-INITIAL_FORMS": "0",
    }
    return data | overrides


def person_data(**overrides):
    data = {
        "name": "Trần Văn Mới",
        "slug": "",
        "name_order": "vietnamese",
        "other_names": "[]",
        "positions-TOTAL_FORMS": "1",
        "positions-INITIAL_FORMS": "0",
        "positions-0-title_vi": "Thứ trưởng",
        "positions-0-agency": str(AgencyFactory().pk),
    }
    return data | overrides


def counts():
    return tuple(
        model.objects.count() for model in (Article, Segment, Conference, Person, Position)
    )


CASES = [
    ("bad date", "article", lambda: article_data(date="2024-13-45"), INVALID_DATE),
    ("date precision missing", "article", lambda: article_data(date_precision=""), REQUIRED),
    (
        "month stored on another day",
        "article",
        lambda: article_data(date="2024-03-05", date_precision="month"),
        shown("A date known to the month is stored as its first day: 2016-08-01."),
    ),
    (
        "start date without its precision",
        "conference",
        lambda: conference_data(start_date="2016-08-22"),
        shown("Say how precise the date is: a day, a month or a year."),
    ),
    (
        "conference ends before it starts",
        "conference",
        lambda: conference_data(
            start_date="2016-08-26",
            start_precision="day",
            end_date="2016-08-22",
            end_precision="day",
        ),
        shown("The end date is before the start date."),
    ),
    (
        "position ends before it starts",
        "person",
        lambda: person_data(
            **{
                "positions-0-start_date": "2021-07-28",
                "positions-0-start_precision": "day",
                "positions-0-end_date": "2016-04-09",
                "positions-0-end_precision": "day",
            }
        ),
        shown("The end date is before the start date."),
    ),
    (
        "duplicate number in a series",
        "conference",
        lambda: conference_data(
            series=str(ConferenceFactory(series=SeriesFactory(), ordinal=18).series_id),
            ordinal="18",
        ),
        shown("This series already has an event with this number."),
    ),
    (
        "number without a series",
        "conference",
        lambda: conference_data(ordinal="3"),
        shown("A number only makes sense within a series: choose the series."),
    ),
    ("empty segment text", "article", lambda: article_data(**{"segments-0-text": "  "}), REQUIRED),
    (
        "answer without its speaker",
        "article",
        lambda: article_data(**{"segments-0-kind": "answer"}),
        shown("An answer needs its speaker."),
    ),
    ("unknown outlet", "article", lambda: article_data(publication="999999"), INVALID_CHOICE),
    (
        "unknown agency in an inline",
        "person",
        lambda: person_data(**{"positions-0-agency": "999999"}),
        INVALID_CHOICE,
    ),
]
ADD_URLS = {
    "article": "admin:articles_article_add",
    "conference": "admin:events_conference_add",
    "person": "admin:people_person_add",
}


@pytest.mark.parametrize(("case", "model", "data", "message"), CASES, ids=[c[0] for c in CASES])
def test_invalid_input_gets_a_form_error_and_saves_nothing(
    admin_client, case, model, data, message
):
    data = data()
    before = counts()
    response = admin_client.post(reverse(ADD_URLS[model]), data)
    assert response.status_code == 200, f"{case}: saved although invalid"
    page = response.content.decode()
    assert 'lang="vi"' in page
    assert message in page, case
    assert counts() == before


def test_a_duplicate_number_is_refused_when_changing_a_conference_too(admin_client):
    series = SeriesFactory()
    ConferenceFactory(series=series, ordinal=18)
    other = ConferenceFactory(series=series, ordinal=19, name_vi="Hội nghị lần thứ 19")
    data = conference_data(name_vi=other.name_vi, slug=other.slug, series=series.pk, ordinal=18)
    url = reverse("admin:events_conference_change", args=[other.pk])
    response = admin_client.post(url, data)
    assert shown("This series already has an event with this number.") in response.content.decode()
    other.refresh_from_db()
    assert other.ordinal == 19


def test_our_messages_read_in_english_in_the_english_interface():
    conference = Conference(
        name_vi="Hội nghị",
        slug="hoi-nghi",
        kind="conference",
        start_date="2016-08-26",
        start_precision="day",
        end_date="2016-08-22",
        end_precision="day",
    )
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            conference.full_clean()
        assert caught.value.message_dict["end_date"] == ["The end date is before the start date."]
    with translation.override("vi"):
        assert caught.value.message_dict["end_date"] == ["Ngày kết thúc trước ngày bắt đầu."]


def test_every_constraint_has_a_message_for_editors():
    from django.apps import apps

    for app in ("people", "events", "articles"):
        for model in apps.get_app_config(app).get_models():
            for constraint in model._meta.constraints:
                assert (
                    constraint.violation_error_message != constraint.default_violation_error_message
                ), f"{model.__name__}: {constraint.name}"


def test_a_person_added_with_an_invalid_position_is_not_saved_at_all(admin_client):
    data = person_data(**{"positions-0-start_date": "2021-07-28"})  # no precision
    response = admin_client.post(reverse("admin:people_person_add"), data)
    assert shown("Say how precise the date is: a day, a month or a year.") in (
        response.content.decode()
    )
    assert not Person.objects.filter(name="Trần Văn Mới").exists()
    assert not PersonFactory._meta.model.objects.filter(slug="tran-van-moi").exists()
