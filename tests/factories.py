"""factory_boy factories for every model the tests build by hand."""

import datetime

import factory

from articles.models import Article, PersonMention, Publication, Segment
from events.models import Conference, ConferenceSeries
from people.models import Agency, Body, Country, Person, Position


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = factory.Iterator(["VN", "US", "CU", "DZ", "FR", "JP"])
    name_vi = factory.LazyAttribute(lambda o: f"Nước {o.code}")
    name_en = factory.LazyAttribute(lambda o: f"Country {o.code}")
    slug = factory.LazyAttribute(lambda o: o.code.lower())


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    name_vi = factory.Sequence(lambda n: f"Tổ chức {n}")
    slug = factory.Sequence(lambda n: f"to-chuc-{n}")
    kind = Body.Kind.ORGANISATION


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name_vi = factory.Sequence(lambda n: f"Bộ số {n}")
    name_en = factory.Sequence(lambda n: f"Ministry {n}")
    slug = factory.Sequence(lambda n: f"bo-so-{n}")
    kind = Agency.Kind.MINISTRY


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    slug = factory.Sequence(lambda n: f"nguyen-van-thu-{n}")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    person = factory.SubFactory(PersonFactory)
    agency = factory.SubFactory(AgencyFactory)
    title_vi = "Thứ trưởng"
    title_en = "Deputy Minister"
    slug = factory.Sequence(lambda n: f"position-{n}")


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConferenceSeries

    name_vi = factory.Sequence(lambda n: f"Hội nghị thử {n}")
    slug = factory.Sequence(lambda n: f"hoi-nghi-thu-{n}")


class ConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conference

    name_vi = factory.Sequence(lambda n: f"Hội nghị {n}")
    slug = factory.Sequence(lambda n: f"hoi-nghi-{n}")
    kind = Conference.Kind.CONFERENCE


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication

    name = factory.Sequence(lambda n: f"Báo {n}")
    slug = factory.Sequence(lambda n: f"bao-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Bài viết số {n}")
    slug = factory.Sequence(lambda n: f"bai-viet-{n}")
    publication = factory.SubFactory(PublicationFactory)
    date = datetime.date(2020, 1, 1)
    date_precision = "day"
    kind = Article.Kind.REPORT
    status = Article.Status.PUBLISHED


class SegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Segment

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = Segment.Kind.PARAGRAPH
    text = "Một đoạn văn."
    anchor = factory.Sequence(lambda n: f"p{n + 1}")


class PersonMentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonMention

    article = factory.SubFactory(ArticleFactory)
    person = factory.SubFactory(PersonFactory)
    role = PersonMention.Role.MENTIONED
