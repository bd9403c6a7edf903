"""What the API says about each kind of record, in JSON.

Every item carries ``url``, its public page (absolute, the canonical Vietnamese address), and
``api_url``, its address in this API. Names come in both languages (``name_vi``, ``name_en``)
whatever the request's language, so a response is the same for every client. A date keeps
its precision: ``{"value": "2016", "precision": "year"}``, never 2016-01-01; a date worked out
from context says so, with the reason in Vietnamese and in English (``inferred_reason``,
``inferred_reason_en``).
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.models import Article, Document, PersonMention, Segment
from diplomacy_kb.dates import DatePrecision, iso_partial
from events.models import Conference, ConferenceSeries, Participation
from people.models import Agency, Body


def canonical_url(request, obj) -> str:
    """The public page of ``obj``, absolute, at its Vietnamese (canonical) address."""
    with translation.override(settings.LANGUAGE_CODE):
        return request.build_absolute_uri(obj.get_absolute_url())


def partial(value, precision) -> dict | None:
    if value is None:
        return None
    return {"value": iso_partial(value, precision), "precision": precision}


class PartialDateSerializer(serializers.Serializer):
    value = serializers.CharField(
        help_text="ISO 8601 at the date's precision: 2016, 2016-08 or 2016-08-26."
    )
    precision = serializers.ChoiceField(choices=DatePrecision.choices)


class InferredDateSerializer(PartialDateSerializer):
    inferred = serializers.BooleanField(
        help_text="True when the source does not print the date and it is worked out."
    )
    inferred_reason = serializers.CharField(
        allow_null=True,
        help_text="From what the date is worked out, in Vietnamese; null when printed.",
    )
    inferred_reason_en = serializers.CharField(
        allow_null=True, help_text="The same in English; null when printed or not written."
    )


class Linked(serializers.Serializer):
    """``url`` (the public page) and ``api_url`` (``api:<basename>-detail``)."""

    url = serializers.SerializerMethodField(help_text="The public page (canonical address).")
    api_url = serializers.SerializerMethodField(help_text="This item in the API.")

    basename = ""
    lookup = "slug"

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj):
        return canonical_url(self.context["request"], obj)

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, obj):
        path = reverse(
            f"api:{self.basename}-detail", kwargs={self.lookup: getattr(obj, self.lookup)}
        )
        return self.context["request"].build_absolute_uri(path)


# --- references: what an item says about the records it links to ------------------------------


class PersonRef(Linked):
    basename = "person"
    slug = serializers.SlugField()
    name = serializers.CharField(help_text="As written, with diacritics.")


class NamedRef(Linked):
    slug = serializers.SlugField()
    name_vi = serializers.CharField()
    name_en = serializers.CharField(help_text="Empty when not known.")


class AgencyRef(NamedRef):
    basename = "agency"
    abbreviation = serializers.CharField()


class CountryRef(NamedRef):
    basename = "country"
    code = serializers.CharField(help_text="ISO 3166-1 alpha-2.")


class BodyRef(NamedRef):
    basename = "body"
    abbreviation = serializers.CharField()


class SeriesRef(NamedRef):
    basename = "series"


class ConferenceRef(NamedRef):
    basename = "conference"
    ordinal = serializers.IntegerField(allow_null=True, help_text="Its number in its series.")


class DocumentRef(NamedRef):
    basename = "document"
    kind = serializers.ChoiceField(choices=Document.Kind.choices)
    number = serializers.CharField(help_text="As cited: 25-CT/TW. Empty when none.")


class PublicationSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class ArticleRef(Linked):
    basename = "article"
    slug = serializers.SlugField()
    title = serializers.CharField()
    publication = PublicationSerializer()
    date = serializers.SerializerMethodField()

    @extend_schema_field(InferredDateSerializer)
    def get_date(self, article):
        return {
            **partial(article.date, article.date_precision),
            "inferred": article.date_inferred,
            "inferred_reason": article.date_inferred_reason or None,
            "inferred_reason_en": article.date_inferred_reason_en or None,
        }


class TitleSerializer(serializers.Serializer):
    """A title as an article gives it to a person on its date."""

    title_vi = serializers.CharField()
    title_en = serializers.CharField(help_text="Empty when not known.")
    agency = AgencyRef()


# --- articles and answers ---------------------------------------------------------------------


class ArticleSummarySerializer(ArticleRef):
    title_en = serializers.CharField(help_text="The title in English; empty when not written.")
    summary_en = serializers.CharField(
        help_text="Two or three sentences in English on what it says; empty when not written."
    )
    title_inferred = serializers.BooleanField()
    title_inferred_reason = serializers.SerializerMethodField(
        help_text="How the title is reconstructed, in Vietnamese; null when printed."
    )
    title_inferred_reason_en = serializers.SerializerMethodField(
        help_text="The same in English; null when printed or not written."
    )
    kind = serializers.ChoiceField(choices=Article.Kind.choices)
    byline = serializers.CharField(help_text="As printed; empty when none.")
    source_url = serializers.CharField(help_text="The outlet's address, only where it printed one.")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_title_inferred_reason(self, article):
        return article.title_inferred_reason or None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_title_inferred_reason_en(self, article):
        return article.title_inferred_reason_en or None


class SegmentSerializer(serializers.Serializer):
    position = serializers.IntegerField(help_text="Its place in the text, from 1.")
    anchor = serializers.CharField(help_text="Permanent in-page address: q2, a2, a2-3.")
    kind = serializers.ChoiceField(choices=Segment.Kind.choices)
    text = serializers.CharField()
    speaker = PersonRef(allow_null=True)
    speaker_label = serializers.CharField(help_text="The label printed before an answer.")
    photo_credit = serializers.CharField()


class PersonMentionSerializer(serializers.Serializer):
    person = PersonRef()
    role = serializers.ChoiceField(choices=PersonMention.Role.choices)
    titles = TitleSerializer(source="positions.all", many=True)


class MentionsSerializer(serializers.Serializer):
    people = PersonMentionSerializer(source="person_mentions.all", many=True)
    agencies = serializers.SerializerMethodField()
    countries = serializers.SerializerMethodField()
    bodies = serializers.SerializerMethodField()
    conferences = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()

    def _named(self, serializer, mentions, field):
        items = [getattr(m, field) for m in mentions.all()]
        return serializer(items, many=True, context=self.context).data

    @extend_schema_field(AgencyRef(many=True))
    def get_agencies(self, article):
        return self._named(AgencyRef, article.agency_mentions, "agency")

    @extend_schema_field(CountryRef(many=True))
    def get_countries(self, article):
        return self._named(CountryRef, article.country_mentions, "country")

    @extend_schema_field(BodyRef(many=True))
    def get_bodies(self, article):
        return self._named(BodyRef, article.body_mentions, "body")

    @extend_schema_field(ConferenceRef(many=True))
    def get_conferences(self, article):
        return self._named(ConferenceRef, article.conference_mentions, "conference")

    @extend_schema_field(DocumentRef(many=True))
    def get_documents(self, article):
        return self._named(DocumentRef, article.document_mentions, "document")


class ArticleDetailSerializer(ArticleSummarySerializer):
    photo_credits = serializers.ListField(child=serializers.CharField())
    source_credit = serializers.CharField()
    segments = SegmentSerializer(source="segments.all", many=True, help_text="In reading order.")
    mentions = MentionsSerializer(source="*")


class AnswerSerializer(Linked):
    basename = "answer"
    lookup = "pk"
    id = serializers.IntegerField()
    anchor = serializers.CharField(help_text="Its address in the article: a2, a2-3.")
    text = serializers.CharField()
    continues = serializers.BooleanField(
        help_text="True for a further paragraph of the answer before it, by the same speaker."
    )
    speaker = PersonRef()
    speaker_label = serializers.CharField()
    speaker_titles = TitleSerializer(
        many=True, help_text="The titles the article gives the speaker on its date."
    )
    article = ArticleRef()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, answer):
        return canonical_url(self.context["request"], answer.article) + f"#{answer.anchor}"


# --- people, agencies, countries, bodies --------------------------------------------------------


class AttestationSerializer(PartialDateSerializer):
    article = serializers.URLField(help_text="The attesting article in the API.")


class AsOfSerializer(serializers.Serializer):
    articles = serializers.IntegerField(help_text="Published articles giving the title.")
    first = AttestationSerializer()
    last = AttestationSerializer()


class PositionSerializer(serializers.Serializer):
    title_vi = serializers.CharField()
    title_en = serializers.CharField(help_text="Empty when not known.")
    agency = AgencyRef()
    start = serializers.SerializerMethodField()
    end = serializers.SerializerMethodField()
    as_of = serializers.SerializerMethodField(
        help_text="The articles that give the title: where no dates are known, the position "
        "is known as of their dates. Null when no published article gives it."
    )

    @extend_schema_field(PartialDateSerializer(allow_null=True))
    def get_start(self, position):
        return partial(position.start_date, position.start_precision)

    @extend_schema_field(PartialDateSerializer(allow_null=True))
    def get_end(self, position):
        return partial(position.end_date, position.end_precision)

    @extend_schema_field(AsOfSerializer(allow_null=True))
    def get_as_of(self, position):
        count = getattr(position, "attested_count", 0)
        if not count or position.first_attesting is None:
            return None
        request = self.context["request"]

        def attesting(article):
            path = reverse("api:article-detail", kwargs={"slug": article.slug})
            return {
                **partial(article.date, article.date_precision),
                "article": request.build_absolute_uri(path),
            }

        return {
            "articles": count,
            "first": attesting(position.first_attesting),
            "last": attesting(position.last_attesting or position.first_attesting),
        }


def _wikidata_id() -> serializers.CharField:
    return serializers.CharField(
        help_text='Its Wikidata item, "Q881"; empty unless the identity is certain.'
    )


class PersonSerializer(PersonRef):
    other_names = serializers.ListField(child=serializers.CharField())
    wikidata_id = _wikidata_id()
    nationality = CountryRef(allow_null=True)
    article_count = serializers.IntegerField(help_text="Published articles naming the person.")
    positions = PositionSerializer(source="positions.all", many=True)


class AgencySerializer(AgencyRef):
    kind = serializers.ChoiceField(choices=Agency.Kind.choices)
    collective = serializers.BooleanField()
    other_names = serializers.ListField(child=serializers.CharField())
    wikidata_id = _wikidata_id()
    country = CountryRef(allow_null=True, help_text="For a foreign body: the country.")
    parent = AgencyRef(allow_null=True)
    children = AgencyRef(source="children.all", many=True)
    article_count = serializers.IntegerField()


class CountrySerializer(CountryRef):
    other_names = serializers.ListField(child=serializers.CharField())
    wikidata_id = _wikidata_id()
    article_count = serializers.IntegerField()


class BodySerializer(BodyRef):
    kind = serializers.ChoiceField(choices=Body.Kind.choices)
    other_names = serializers.ListField(child=serializers.CharField())
    wikidata_id = _wikidata_id()
    parent = BodyRef(allow_null=True)
    children = BodyRef(source="children.all", many=True)
    article_count = serializers.IntegerField()


# --- conferences and documents ------------------------------------------------------------------


class ConferenceDatesSerializer(serializers.Serializer):
    start = PartialDateSerializer(allow_null=True)
    end = PartialDateSerializer(allow_null=True)
    inferred = serializers.BooleanField()
    inferred_reason = serializers.CharField(allow_null=True, help_text="In Vietnamese.")
    inferred_reason_en = serializers.CharField(allow_null=True, help_text="In English.")


class ParticipationSerializer(serializers.Serializer):
    person = PersonRef()
    role = serializers.ChoiceField(choices=Participation.Role.choices)
    title = TitleSerializer(source="position", allow_null=True, help_text="Held at the event.")
    note = serializers.CharField(help_text="What the person did there, in Vietnamese.")
    note_en = serializers.CharField(help_text="The same in English; empty when not written.")


class SeriesSerializer(SeriesRef):
    numbering = serializers.ChoiceField(choices=ConferenceSeries.Numbering.choices)
    wikidata_id = _wikidata_id()
    organiser = AgencyRef(allow_null=True)
    conferences = ConferenceRef(source="conferences.all", many=True, help_text="By number.")


class ConferenceSerializer(ConferenceRef):
    kind = serializers.ChoiceField(choices=Conference.Kind.choices)
    series = SeriesRef(allow_null=True)
    ordinal_display = serializers.CharField(help_text="As the series writes it: 18 or XII.")
    dates = serializers.SerializerMethodField()
    place = serializers.CharField()
    theme = serializers.CharField()
    format = serializers.CharField(help_text="in_person, online or hybrid; empty when unknown.")
    attendance = serializers.IntegerField(allow_null=True)
    attendance_note = serializers.CharField()
    organiser = AgencyRef(allow_null=True)
    part_of = ConferenceRef(allow_null=True)
    held_with = ConferenceRef(source="held_with.all", many=True)
    participants = ParticipationSerializer(source="participations.all", many=True)
    article_count = serializers.IntegerField()

    @extend_schema_field(ConferenceDatesSerializer)
    def get_dates(self, conference):
        return {
            "start": partial(conference.start_date, conference.start_precision),
            "end": partial(conference.end_date, conference.end_precision),
            "inferred": conference.dates_inferred,
            "inferred_reason": conference.dates_inferred_reason or None,
            "inferred_reason_en": conference.dates_inferred_reason_en or None,
        }


class DocumentSerializer(DocumentRef):
    other_names = serializers.ListField(child=serializers.CharField())
    wikidata_id = _wikidata_id()
    issuer = AgencyRef(allow_null=True)
    conference = ConferenceRef(allow_null=True, help_text="Where it was adopted.")
    article_count = serializers.IntegerField()
