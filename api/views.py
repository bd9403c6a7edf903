"""The API's resources: read-only lists and details of what the public pages show.

Each list takes the filters of its public page (the same FilterSet, see ``api.filters``) and is
paged by cursor (``api.pagination``). Drafts never appear, nor what only drafts name: every
queryset starts from ``published()`` or ``public()``, as the pages do. Each list and detail
runs a fixed number of queries whatever the size of the archive (joins and prefetches).
"""

from django.db.models import Exists, OuterRef, Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from articles.filters import ArticleFilter
from articles.models import (
    AgencyMention,
    Article,
    BodyMention,
    ConferenceMention,
    CountryMention,
    Document,
    DocumentMention,
    PersonMention,
    Segment,
)
from events.filters import ConferenceFilter
from events.models import Conference, ConferenceSeries, Participation
from people.filters import AgencyFilter, PersonFilter
from people.models import (
    Agency,
    Body,
    Country,
    Person,
    Position,
    attach_attesting_articles,
    published_mentions,
)

from . import serializers
from .filters import AnswerFilter, StrictFilterBackend
from .pagination import ArchiveCursorPagination

SLUG = r"[-a-zA-Z0-9_]+"
ARTICLE_ORDERINGS = {
    "newest": ("-date", "-id"),
    "oldest": ("date", "id"),
    "title": ("title", "id"),
}


class ArchiveViewSet(viewsets.ReadOnlyModelViewSet):
    """GET, HEAD and OPTIONS; anything else is 405."""

    lookup_field = "slug"
    lookup_value_regex = SLUG
    filter_backends = [StrictFilterBackend]
    pagination_class = ArchiveCursorPagination
    detail_serializer_class = None

    def cursor_ordering(self):
        return ("id",)

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            self.complete(page)
        return page

    def get_object(self):
        obj = super().get_object()
        self.complete([obj])
        return obj

    def complete(self, items) -> None:
        """Load, in a fixed number of queries, what the items of a page need beyond their
        queryset's joins and prefetches."""


@extend_schema_view(
    list=extend_schema(
        summary="Articles",
        description="Published articles, newest first (see ``sort``), with the filters of "
        "the articles page.",
    ),
    retrieve=extend_schema(
        summary="An article", description="With its text in reading order and what it names."
    ),
)
class ArticleViewSet(ArchiveViewSet):
    serializer_class = serializers.ArticleSummarySerializer
    detail_serializer_class = serializers.ArticleDetailSerializer
    filterset_class = ArticleFilter

    def get_queryset(self):
        articles = Article.objects.published().select_related("publication")
        if self.action != "retrieve":
            return articles
        return articles.prefetch_related(
            Prefetch("segments", queryset=Segment.objects.select_related("speaker")),
            Prefetch(
                "person_mentions",
                queryset=PersonMention.objects.select_related("person").prefetch_related(
                    Prefetch("positions", queryset=Position.objects.select_related("agency"))
                ),
            ),
            Prefetch("agency_mentions", queryset=AgencyMention.objects.select_related("agency")),
            Prefetch("country_mentions", queryset=CountryMention.objects.select_related("country")),
            Prefetch("body_mentions", queryset=BodyMention.objects.select_related("body")),
            Prefetch(
                "conference_mentions",
                queryset=ConferenceMention.objects.select_related("conference"),
            ),
            Prefetch(
                "document_mentions", queryset=DocumentMention.objects.select_related("document")
            ),
        )

    def cursor_ordering(self):
        filterset = getattr(self, "filterset", None)
        sort = filterset.form.cleaned_data.get("sort") if filterset is not None else None
        return ARTICLE_ORDERINGS.get(sort or "newest", ARTICLE_ORDERINGS["newest"])


@extend_schema_view(
    list=extend_schema(
        summary="Interview answers",
        description="Every paragraph of an answer in a published interview, with its "
        "speaker and the titles the article gives them, by id.",
    ),
    retrieve=extend_schema(summary="An interview answer"),
)
class AnswerViewSet(ArchiveViewSet):
    serializer_class = serializers.AnswerSerializer
    filterset_class = AnswerFilter
    lookup_field = "pk"
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self):
        continues = Segment.objects.filter(
            article=OuterRef("article"),
            position=OuterRef("position") - 1,
            kind=Segment.Kind.ANSWER,
            speaker=OuterRef("speaker"),
        )
        return (
            Segment.objects.filter(
                kind=Segment.Kind.ANSWER, article__status=Article.Status.PUBLISHED
            )
            .select_related("speaker", "article__publication")
            .annotate(continues=Exists(continues))
        )

    def complete(self, answers):
        """``speaker_titles``: the titles each answer's article gives its speaker (two
        queries for the page)."""
        mentions = PersonMention.objects.filter(
            article__in={a.article_id for a in answers},
            person__in={a.speaker_id for a in answers},
        ).prefetch_related(
            Prefetch("positions", queryset=Position.objects.select_related("agency"))
        )
        titles = {(m.article_id, m.person_id): list(m.positions.all()) for m in mentions}
        for answer in answers:
            answer.speaker_titles = titles.get((answer.article_id, answer.speaker_id), [])


@extend_schema_view(
    list=extend_schema(
        summary="Officials",
        description="With their positions; the filters of the officials page.",
    ),
    retrieve=extend_schema(summary="An official"),
)
class PersonViewSet(ArchiveViewSet):
    serializer_class = serializers.PersonSerializer
    filterset_class = PersonFilter

    def get_queryset(self):
        return (
            Person.objects.public()
            .select_related("nationality")
            .annotate(article_count=published_mentions(Person))
            .prefetch_related(
                Prefetch(
                    "positions",
                    queryset=Position.objects.public()
                    .select_related("agency")
                    .with_attestations()
                    .order_by("start_date", "pk"),
                )
            )
        )

    def complete(self, people):
        attach_attesting_articles(p for person in people for p in person.positions.all())


@extend_schema_view(
    list=extend_schema(
        summary="Agencies",
        description="Each with its parent and children: the tree of the agencies page.",
    ),
    retrieve=extend_schema(summary="An agency"),
)
class AgencyViewSet(ArchiveViewSet):
    serializer_class = serializers.AgencySerializer
    filterset_class = AgencyFilter

    def get_queryset(self):
        return (
            Agency.objects.public()
            .select_related("parent", "country")
            .annotate(article_count=published_mentions(Agency))
            .prefetch_related(
                Prefetch("children", queryset=Agency.objects.public().order_by("name_vi", "pk"))
            )
        )


@extend_schema_view(
    list=extend_schema(summary="Countries"), retrieve=extend_schema(summary="A country")
)
class CountryViewSet(ArchiveViewSet):
    serializer_class = serializers.CountrySerializer

    def get_queryset(self):
        return Country.objects.public().annotate(article_count=published_mentions(Country))


@extend_schema_view(
    list=extend_schema(summary="Multilateral bodies"),
    retrieve=extend_schema(summary="A multilateral body"),
)
class BodyViewSet(ArchiveViewSet):
    serializer_class = serializers.BodySerializer

    def get_queryset(self):
        return (
            Body.objects.public()
            .select_related("parent")
            .annotate(article_count=published_mentions(Body))
            .prefetch_related(
                Prefetch("children", queryset=Body.objects.public().order_by("name_vi", "pk"))
            )
        )


@extend_schema_view(
    list=extend_schema(summary="Conference series"),
    retrieve=extend_schema(summary="A conference series"),
)
class SeriesViewSet(ArchiveViewSet):
    serializer_class = serializers.SeriesSerializer

    def get_queryset(self):
        return ConferenceSeries.objects.select_related("organiser").prefetch_related(
            Prefetch("conferences", queryset=Conference.objects.public().in_series_order())
        )


@extend_schema_view(
    list=extend_schema(
        summary="Conferences and events",
        description="With the filters of the conferences page (year, series, kind).",
    ),
    retrieve=extend_schema(summary="A conference or event"),
)
class ConferenceViewSet(ArchiveViewSet):
    serializer_class = serializers.ConferenceSerializer
    filterset_class = ConferenceFilter

    def get_queryset(self):
        participations = (
            Participation.objects.filter(person__in=Person.objects.public())
            .select_related("person", "position__agency")
            .by_role()
        )
        return (
            Conference.objects.public()
            .select_related("series", "organiser", "part_of")
            .with_article_count()
            .prefetch_related(
                Prefetch("held_with", queryset=Conference.objects.public().newest_first()),
                Prefetch("participations", queryset=participations),
            )
        )


@extend_schema_view(
    list=extend_schema(summary="Policy documents"),
    retrieve=extend_schema(summary="A policy document"),
)
class DocumentViewSet(ArchiveViewSet):
    serializer_class = serializers.DocumentSerializer

    def get_queryset(self):
        return (
            Document.objects.public()
            .select_related("issuer", "conference")
            .annotate(article_count=published_mentions(Document))
        )
