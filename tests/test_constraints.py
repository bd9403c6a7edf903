"""The database itself refuses what the domain forbids, and refuses to drop facts."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from tests.factories import (
    AgencyFactory,
    ArticleFactory,
    ConferenceFactory,
    CountryFactory,
    PersonFactory,
    PersonMentionFactory,
    PositionFactory,
    SegmentFactory,
    SeriesFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def refused(build):
    with pytest.raises(IntegrityError), transaction.atomic():
        build()


def test_conference_ordinal_is_unique_within_a_series():
    series = SeriesFactory()
    ConferenceFactory(series=series, ordinal=18)
    ConferenceFactory(series=SeriesFactory(), ordinal=18)  # another series: allowed
    refused(lambda: ConferenceFactory(series=series, ordinal=18))


def test_conference_ordinal_needs_a_series_and_is_positive():
    refused(lambda: ConferenceFactory(ordinal=3))
    refused(lambda: ConferenceFactory(series=SeriesFactory(), ordinal=0))


def test_conference_end_is_not_before_start():
    ConferenceFactory(
        start_date=D(2016, 8, 22),
        start_precision="day",
        end_date=D(2016, 8, 26),
        end_precision="day",
    )
    refused(
        lambda: ConferenceFactory(
            start_date=D(2016, 8, 26),
            start_precision="day",
            end_date=D(2016, 8, 22),
            end_precision="day",
        )
    )
    refused(lambda: ConferenceFactory(end_date=D(2016, 8, 22), end_precision="day"))


def test_a_date_carries_its_precision():
    refused(lambda: ConferenceFactory(start_date=D(2016, 8, 22), start_precision=""))
    refused(lambda: ConferenceFactory(start_precision="day"))
    refused(lambda: ArticleFactory(date_precision="week"))


def test_inferred_conference_dates_need_a_date():
    refused(lambda: ConferenceFactory(dates_inferred_reason="from the URL"))


def test_position_end_is_not_before_start():
    refused(
        lambda: PositionFactory(
            start_date=D(2021, 7, 28),
            start_precision="day",
            end_date=D(2016, 1, 1),
            end_precision="year",
        )
    )


def test_same_undated_position_is_recorded_once():
    position = PositionFactory()
    refused(
        lambda: PositionFactory(
            person=position.person, agency=position.agency, title_vi=position.title_vi
        )
    )


def test_same_department_name_under_two_ministries_is_two_agencies():
    construction = AgencyFactory(name_vi="Bộ Xây dựng")
    health = AgencyFactory(name_vi="Bộ Y tế")
    a = AgencyFactory(name_vi="Vụ Hợp tác Quốc tế", parent=construction, kind="ministry_department")
    b = AgencyFactory(name_vi="Vụ Hợp tác Quốc tế", parent=health, kind="ministry_department")
    assert a.pk != b.pk
    refused(lambda: AgencyFactory(name_vi="Vụ Hợp tác Quốc tế", parent=health))
    refused(lambda: AgencyFactory(name_vi="Bộ Y tế"))


def test_country_code_is_two_capital_letters():
    refused(lambda: CountryFactory(code="vn", slug="vn-lower"))
    refused(lambda: CountryFactory(code="V1", slug="v1"))


def test_answer_needs_a_speaker_and_segments_need_text():
    article = ArticleFactory()
    refused(lambda: SegmentFactory(article=article, kind="answer", speaker=None))
    SegmentFactory(article=article, kind="answer", speaker=PersonFactory(), anchor="a1")
    refused(lambda: SegmentFactory(article=article, text=""))
    refused(lambda: SegmentFactory(article=article, kind="footnote"))


def test_segment_positions_and_anchors_are_unique_in_an_article():
    article = ArticleFactory()
    SegmentFactory(article=article, position=1, anchor="p1")
    refused(lambda: SegmentFactory(article=article, position=1, anchor="p2"))
    refused(lambda: SegmentFactory(article=article, position=2, anchor="p1"))


def test_an_article_mentions_a_person_once():
    mention = PersonMentionFactory()
    refused(lambda: PersonMentionFactory(article=mention.article, person=mention.person))


def test_agency_cannot_be_its_own_parent():
    agency = AgencyFactory()
    agency.parent_id = agency.pk
    refused(agency.save)


def test_deleting_what_facts_depend_on_is_refused():
    mention = PersonMentionFactory()
    with pytest.raises(ProtectedError):
        mention.person.delete()
    position = PositionFactory()
    with pytest.raises(ProtectedError):
        position.agency.delete()
    with pytest.raises(ProtectedError):
        position.person.delete()
    series = SeriesFactory()
    ConferenceFactory(series=series, ordinal=1)
    with pytest.raises(ProtectedError):
        series.delete()
    article = ArticleFactory()
    with pytest.raises(ProtectedError):
        article.publication.delete()
