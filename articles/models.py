"""Publications, articles with their text as ordered segments, and what articles mention."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import connection, models
from django.db.models import F, Func, Prefetch, Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from diplomacy_kb.addresses import slug_url
from diplomacy_kb.dates import DatePrecision, format_partial, iso_partial, partial_date_errors
from diplomacy_kb.names import (
    BilingualNameMixin,
    ReaderText,
    SearchableQuerySet,
    folded_names,
    in_reader_language,
)
from diplomacy_kb.text import fold
from diplomacy_kb.wikidata import wikidata_id_field
from events.models import Conference
from people.models import Agency, Body, Country, Person, Position, PublicQuerySet


class Publication(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    owner = models.ForeignKey(
        Agency,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publications",
        help_text=_("The news agency or body that publishes it, e.g. TTXVN for Vietnam+."),
    )

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ("name",)

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:list") + f"?publication={self.slug}"


class DocumentQuerySet(PublicQuerySet, SearchableQuerySet):
    pass


class Document(BilingualNameMixin, models.Model):
    """A policy document the articles cite: a resolution, a directive, a strategy."""

    class Kind(models.TextChoices):
        RESOLUTION = "resolution", _("resolution")
        DIRECTIVE = "directive", _("directive")
        STRATEGY = "strategy", _("strategy")
        PROGRAMME = "programme", _("programme of action")
        CONCLUSION = "conclusion", _("conclusion")
        DECISION = "decision", _("decision")
        DECREE = "decree", _("decree")
        CIRCULAR = "circular", _("circular")
        LAW = "law", _("law")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    number = models.CharField(
        _("number"), max_length=60, blank=True, help_text=_("As cited: 25-CT/TW, 22.")
    )
    name_vi = models.CharField(_("Vietnamese name"), max_length=400)
    name_en = models.CharField(_("English name"), max_length=400, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    issuer = models.ForeignKey(
        Agency,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    conference = models.ForeignKey(
        Conference,
        verbose_name=_("adopted at"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    other_names = models.JSONField(_("other names"), default=list, blank=True)
    wikidata_id = wikidata_id_field()
    search_names = models.TextField(editable=False, default="")

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")
        ordering = ("name_vi",)

    def __str__(self):
        return self.name_vi

    def save(self, *args, **kwargs):
        self.search_names = folded_names(
            self.name_vi, self.name_en, self.number, other_names=self.other_names
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("articles:document-detail", self.slug)


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Article.Status.PUBLISHED)

    def published_looked_up(self):
        """The published articles, for a query whose other conditions find a few by their
        ids (those naming an official, say): each row they find is tested for its status.
        Given the status as an indexed condition, SQLite without statistics starts from it
        instead, reading every published article's entry in the list's index to test each
        against those ids. PostgreSQL keeps the status beside the id in an index of its own
        (migration ``0022``) and plans the lookups itself."""
        if connection.vendor != "sqlite":
            return self.published()
        unindexed = Func(F("status"), Value(""), template="(%(expressions)s)", arg_joiner=" || ")
        return self.alias(status_of_row=unindexed).filter(status_of_row=Article.Status.PUBLISHED)

    def about_person(self, person: Person):
        return self.filter(person_mentions__person=person)

    def newest_first(self):
        # No NULLS LAST: the date is never empty, and PostgreSQL reads the list's index
        # backwards only for the order it holds (descending, nulls first).
        return self.order_by("-date", "-pk")

    def with_speakers(self):
        """Each article's interviewees and the people it quotes, as ``speaker_mentions``,
        with the person and the titles the article gives them (``Article.speakers``): two
        queries for the whole list, whatever its length."""
        mentions = (
            PersonMention.objects.filter(
                role__in=(PersonMention.Role.INTERVIEWEE, PersonMention.Role.QUOTED)
            )
            .select_related("person")
            .prefetch_related(
                Prefetch("positions", queryset=Position.objects.select_related("agency__parent"))
            )
        )
        return self.prefetch_related(
            Prefetch("person_mentions", queryset=mentions, to_attr="speaker_mentions")
        )

    def duplicates_of(
        self, *, title: str = "", source_url: str = "", exclude_pk: int | None = None
    ):
        """Articles that are probably the same one: the same source URL, or a title equal
        after folding (case, diacritics and the tone mark's place ignored), oldest first.
        Both columns are indexed, so the check costs the same at any size.
        """
        match = Q()
        folded = fold(title).strip()
        if folded:
            match |= Q(folded_title=folded)
        if source_url.strip():
            match |= Q(source_url=source_url.strip())
        if not match:
            return self.none()
        found = self.filter(match)
        if exclude_pk is not None:
            found = found.exclude(pk=exclude_pk)
        return found.order_by("pk")


class Article(models.Model):
    class Kind(models.TextChoices):
        INTERVIEW = "interview", _("interview")
        REPORT = "report", _("report")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    title = models.CharField(_("title"), max_length=500)
    title_inferred_reason = models.TextField(
        _("why the title is inferred"),
        blank=True,
        help_text=_(
            "Leave empty when the title is printed. When the source has no title line and the "
            "title is reconstructed (from the URL, say), say how, in Vietnamese, for readers: "
            "it is shown on the public page."
        ),
    )
    title_inferred_reason_en = models.TextField(
        _("why the title is inferred (English)"),
        blank=True,
        help_text=_("The same reason in English, shown on the English pages."),
    )
    title_en = models.CharField(
        _("English title"),
        max_length=500,
        blank=True,
        help_text=_("Optional: a translation of the title for readers of the English pages."),
    )
    summary_en = models.TextField(
        _("English summary"),
        blank=True,
        help_text=_(
            "Optional: two or three sentences in English on what the article says, written "
            "from the text and adding nothing to it."
        ),
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    publication = models.ForeignKey(
        Publication,
        verbose_name=_("publication"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    source_url = models.URLField(
        _("source URL"),
        max_length=500,
        blank=True,
        db_index=True,  # the duplicate check looks articles up by it
        help_text=_("Only the address the source itself gives; never a guessed one."),
    )
    date = models.DateField(
        _("date"), help_text=_("For a month or a year, the first day of it, with the precision.")
    )
    date_precision = models.CharField(
        _("date precision"), max_length=5, choices=DatePrecision.choices
    )
    date_inferred_reason = models.TextField(
        _("why the date is inferred"),
        blank=True,
        help_text=_(
            "Leave empty when the page prints the article's date. Otherwise say what the date "
            "(or its year) is worked out from, in Vietnamese, for readers: it is shown on the "
            "public page."
        ),
    )
    date_inferred_reason_en = models.TextField(
        _("why the date is inferred (English)"),
        blank=True,
        help_text=_("The same reason in English, shown on the English pages."),
    )
    byline = models.CharField(
        _("byline"), max_length=300, blank=True, help_text=_("The reporter(s) as printed.")
    )
    photo_credits = models.JSONField(
        _("photo credits"), default=list, blank=True, help_text=_("As printed: Doãn Tấn/TTXVN.")
    )
    source_credit = models.CharField(
        _("source credit"),
        max_length=300,
        blank=True,
        help_text=_("The credit line as printed: Theo TTXVN/VIETNAM+."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    folded_text = models.TextField(
        editable=False,
        default="",
        help_text=_("Title and text folded (no case, no diacritics) for the simple text match."),
    )
    folded_title = models.CharField(
        max_length=500,
        editable=False,
        default="",
        db_index=True,
        help_text=_("The title folded (no case, no diacritics), to find duplicates by."),
    )
    seed_file = models.CharField(
        _("seed file"),
        max_length=200,
        blank=True,
        editable=False,
        help_text=_("The fixture text this article was imported from, if any."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("One more at every save in the admin: a form opened on an older one is stale."),
    )

    people = models.ManyToManyField(Person, through="PersonMention", related_name="articles")
    agencies = models.ManyToManyField(Agency, through="AgencyMention", related_name="articles")
    countries = models.ManyToManyField(Country, through="CountryMention", related_name="articles")
    bodies = models.ManyToManyField(Body, through="BodyMention", related_name="articles")
    conferences = models.ManyToManyField(
        Conference, through="ConferenceMention", related_name="articles"
    )
    documents = models.ManyToManyField(Document, through="DocumentMention", related_name="articles")

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ("-date", "-pk")
        permissions = [("publish_article", _("Can publish and unpublish articles"))]
        indexes = [
            # Lists newest (or oldest) first, in the order of the index, and counts by year,
            # outlet and kind, read this index alone, not the rows (which hold the whole
            # folded text).
            models.Index(
                fields=("status", "date", "id", "publication", "kind"),
                name="article_status_date_cover",
            ),
            models.Index(fields=("publication", "date"), name="article_publication_date"),
            # The list by title, in the order of this index: without it, every article was
            # read and sorted for a page. Not covering the filters' columns: SQLite then took
            # it for the lookups by status the date index serves, and sorted their joins.
            models.Index(
                fields=("status", "title", "id"),
                name="article_status_title",
            ),
            # The sitemap index's date: the latest change of a published article, found by
            # reading back from the latest change (most are published). Not led by the status,
            # which SQLite without statistics then took for every lookup by status.
            models.Index(fields=("updated_at",), name="article_updated_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_precision__in=DatePrecision.values),
                name="article_date_precision_valid",
                violation_error_message=_("Choose the date's precision: a day, a month or a year."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["interview", "report"]),
                name="article_kind_valid",
                violation_error_message=_("Choose the kind of article: an interview or a report."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]),
                name="article_status_valid",
                violation_error_message=_("The status is either draft or published."),
            ),
            models.CheckConstraint(
                condition=~Q(title=""),
                name="article_title_not_empty",
                violation_error_message=_("Give the article a title."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.folded_title = fold(self.title).strip()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "title" in update_fields:
            kwargs["update_fields"] = {*update_fields, "folded_title"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("articles:detail", self.slug)

    def clean(self):
        if self.date is None or not self.date_precision:  # those fields have their own errors
            return
        errors = partial_date_errors(
            self.date, self.date_precision, date_field="date", precision_field="date_precision"
        )
        if errors:
            raise ValidationError(errors)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def date_inferred(self) -> bool:
        return bool(self.date_inferred_reason)

    @property
    def title_inferred(self) -> bool:
        return bool(self.title_inferred_reason)

    # What a reader is shown, in the page's language where the English is written; each
    # knows its language (``.lang``) for the element that holds it.

    @property
    def title_shown(self) -> ReaderText:
        return in_reader_language(self.title, self.title_en)

    @property
    def date_inferred_reason_shown(self) -> ReaderText:
        return in_reader_language(self.date_inferred_reason, self.date_inferred_reason_en)

    @property
    def title_inferred_reason_shown(self) -> ReaderText:
        return in_reader_language(self.title_inferred_reason, self.title_inferred_reason_en)

    @property
    def summary_shown(self) -> ReaderText:
        """The English summary on English pages; nothing on Vietnamese ones (the text is
        there)."""
        return in_reader_language("", self.summary_en)

    @property
    def date_display(self) -> str:
        return format_partial(self.date, self.date_precision)

    @property
    def date_iso(self) -> str:
        return iso_partial(self.date, self.date_precision)

    @property
    def speakers(self) -> list["PersonMention"]:
        """Who a row names as speaking: an interview's interviewees; a report's one quoted
        person, when it quotes only one (of several, none is "the" speaker). Read from
        ``ArticleQuerySet.with_speakers()`` only: without it, nobody, and no query."""
        mentions = getattr(self, "speaker_mentions", None)
        if mentions is None:
            return []
        if self.kind == self.Kind.INTERVIEW:
            return [m for m in mentions if m.role == PersonMention.Role.INTERVIEWEE]
        quoted = [m for m in mentions if m.role == PersonMention.Role.QUOTED]
        return quoted if len(quoted) == 1 else []


class Segment(models.Model):
    """One block of an article's text, in reading order."""

    class Kind(models.TextChoices):
        PARAGRAPH = "paragraph", _("paragraph")
        QUESTION = "question", _("question")
        ANSWER = "answer", _("answer")
        CAPTION = "caption", _("caption")
        SUBHEADING = "subheading", _("subheading")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="segments"
    )
    position = models.PositiveIntegerField(_("order in the text"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("text"))
    speaker = models.ForeignKey(
        Person,
        verbose_name=_("speaker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answers",
        help_text=_("Who gives the answer. Required for answers."),
    )
    speaker_label = models.CharField(
        _("speaker label"),
        max_length=200,
        blank=True,
        help_text=_("The label printed before the answer, e.g. “Thứ trưởng Lê Hoài Trung”."),
    )
    photo_credit = models.CharField(_("photo credit"), max_length=200, blank=True)
    anchor = models.SlugField(
        _("anchor"),
        max_length=20,
        help_text=_("Permanent in-page address: q2 for the second question, a2 for its answer."),
    )

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ("article", "position")
        indexes = [
            # An article's answers, in reading order: /answers/ reads its page along the
            # articles' date index and these, and its filters' choices test an article for
            # an answer here, without reading its other segments.
            models.Index(fields=("article", "kind", "position"), name="segment_article_kind"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=("article", "position"),
                name="segment_unique_position",
                violation_error_message=_(
                    "Another segment of this article already has this place in the text."
                ),
            ),
            models.UniqueConstraint(
                fields=("article", "anchor"),
                name="segment_unique_anchor",
                violation_error_message=_(
                    "Another segment of this article already has this anchor."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["paragraph", "question", "answer", "caption", "subheading"]),
                name="segment_kind_valid",
                violation_error_message=_("Choose the kind of segment."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="answer") | Q(speaker__isnull=False),
                name="segment_answer_has_speaker",
                violation_error_message=_("An answer needs its speaker."),
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="segment_text_not_empty",
                violation_error_message=_("A segment needs some text."),
            ),
        ]

    def __str__(self):
        return f"{self.article_id}#{self.anchor}: {self.text[:60]}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    def clean(self):
        if self.kind == self.Kind.ANSWER and self.speaker_id is None:
            raise ValidationError({"speaker": _("An answer needs its speaker.")})


# What ties an article to something it names: one row per (article, thing), indexed both ways.


class PersonMention(models.Model):
    class Role(models.TextChoices):
        INTERVIEWEE = "interviewee", _("interviewed")
        QUOTED = "quoted", _("quoted")
        MENTIONED = "mentioned", _("mentioned")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="person_mentions"
    )
    # The (person, article) index below serves lookups by person; no separate one.
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="mentions",
        db_index=False,
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, db_index=True)
    positions = models.ManyToManyField(
        Position,
        verbose_name=_("titles held"),
        blank=True,
        related_name="attestations",
        help_text=_(
            "The titles the article gives the person on its date; the article attests them."
        ),
    )

    class Meta:
        verbose_name = _("person mentioned")
        verbose_name_plural = _("people mentioned")
        ordering = ("article", "person__sort_key")
        constraints = [
            models.UniqueConstraint(
                fields=("article", "person"),
                name="person_mention_unique",
                violation_error_message=_("This person is already linked to this article."),
            ),
        ]
        indexes = [models.Index(fields=("person", "article"), name="person_mention_person")]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"

    @property
    def titles_display(self) -> str:
        """The titles the article gives the person, each with its agency: "Thứ trưởng Bộ
        Ngoại giao" (the English title under /en/ where one is known). Prefetch the
        positions with their agency and its parent."""
        return "; ".join(
            # Translators: a title and the agency it is held in; Vietnamese needs no comma.
            _("%(title)s, %(agency)s")
            % {"title": position.display_title, "agency": position.agency.qualified_name}
            for position in self.positions.all()
        )


class AgencyMention(models.Model):
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="agency_mentions"
    )
    # The (agency, article) index below serves lookups by agency; no separate one.
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="mentions",
        db_index=False,
    )

    class Meta:
        verbose_name = _("agency mentioned")
        verbose_name_plural = _("agencies mentioned")
        ordering = ("article", "agency__name_vi")
        constraints = [
            models.UniqueConstraint(
                fields=("article", "agency"),
                name="agency_mention_unique",
                violation_error_message=_("This agency is already linked to this article."),
            ),
        ]
        indexes = [models.Index(fields=("agency", "article"), name="agency_mention_agency")]

    def __str__(self):
        return str(self.agency)


class CountryMention(models.Model):
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="country_mentions",
    )
    # The (country, article) index below serves lookups by country; no separate one.
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="mentions",
        db_index=False,
    )

    class Meta:
        verbose_name = _("country mentioned")
        verbose_name_plural = _("countries mentioned")
        ordering = ("article", "country__name_vi")
        constraints = [
            models.UniqueConstraint(
                fields=("article", "country"),
                name="country_mention_unique",
                violation_error_message=_("This country is already linked to this article."),
            ),
        ]
        indexes = [models.Index(fields=("country", "article"), name="country_mention_country")]

    def __str__(self):
        return str(self.country)


class BodyMention(models.Model):
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="body_mentions"
    )
    # The (body, article) index below serves lookups by body; no separate one.
    body = models.ForeignKey(
        Body,
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="mentions",
        db_index=False,
    )

    class Meta:
        verbose_name = _("body mentioned")
        verbose_name_plural = _("bodies mentioned")
        ordering = ("article", "body__name_vi")
        constraints = [
            models.UniqueConstraint(
                fields=("article", "body"),
                name="body_mention_unique",
                violation_error_message=_("This body is already linked to this article."),
            ),
        ]
        indexes = [models.Index(fields=("body", "article"), name="body_mention_body")]

    def __str__(self):
        return str(self.body)


class ConferenceMention(models.Model):
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="conference_mentions",
    )
    # The (conference, article) index below serves lookups by conference; no separate one.
    conference = models.ForeignKey(
        Conference,
        verbose_name=_("conference"),
        on_delete=models.PROTECT,
        related_name="mentions",
        db_index=False,
    )

    class Meta:
        verbose_name = _("conference mentioned")
        verbose_name_plural = _("conferences mentioned")
        ordering = ("article", "conference__name_vi")
        constraints = [
            models.UniqueConstraint(
                fields=("article", "conference"),
                name="conference_mention_unique",
                violation_error_message=_("This event is already linked to this article."),
            ),
        ]
        indexes = [
            models.Index(fields=("conference", "article"), name="conference_mention_conf"),
        ]

    def __str__(self):
        return str(self.conference)


class DocumentMention(models.Model):
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="document_mentions",
    )
    # The (document, article) index below serves lookups by document; no separate one.
    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="mentions",
        db_index=False,
    )

    class Meta:
        verbose_name = _("document cited")
        verbose_name_plural = _("documents cited")
        ordering = ("article", "document__name_vi")
        constraints = [
            models.UniqueConstraint(
                fields=("article", "document"),
                name="document_mention_unique",
                violation_error_message=_("This document is already linked to this article."),
            ),
        ]
        indexes = [models.Index(fields=("document", "article"), name="document_mention_doc")]

    def __str__(self):
        return str(self.document)


class Correction(models.Model):
    """One published revision of an article with the editor's note on what changed: the
    article's public change log, at the foot of its page and in the feeds. The admin
    records one when staff save a published article with a correction note; a save without
    a note is not listed."""

    # The (article, made_at) index serves the lookups by article; no separate one.
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="corrections",
        db_index=False,
    )
    made_at = models.DateTimeField(
        _("revised"), default=timezone.now, help_text=_("When the revision was published.")
    )
    note = models.CharField(
        _("note"),
        max_length=300,
        validators=[ProhibitNullCharactersValidator()],
        help_text=_("What was corrected, for readers: listed publicly with the date."),
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who saved the revision; not shown to the public."),
    )

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ("made_at", "pk")
        indexes = [models.Index(fields=("article", "made_at"), name="correction_article_made_at")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(note=""),
                name="correction_note_not_empty",
                violation_error_message=_("Say what was corrected."),
            ),
        ]

    def __str__(self):
        return self.note

    def get_absolute_url(self):
        return slug_url("articles:detail", self.article.slug) + "#corrections"

    @property
    def date_display(self) -> str:
        """The day of the revision where the archive is (Viet Nam), as the page shows dates."""
        return format_partial(timezone.localtime(self.made_at).date(), DatePrecision.DAY)


class SearchEntry(models.Model):
    """One searchable thing: an article, an interview answer, or an entity by its names.

    Kept in step with the rows it describes by ``articles.search_index``; rebuilt from
    scratch by ``manage.py rebuild_search_index``. Each backend adds its own full-text
    structure over ``title_words`` and ``body_words`` (see the migration and
    ``articles.search``).
    """

    class Kind(models.TextChoices):
        ARTICLE = "article", _("article")
        DRAFT = "draft", _("draft article")  # for the staff's search only
        ANSWER = "answer", _("interview answer")
        PERSON = "person", _("official")
        AGENCY = "agency", _("agency")
        CONFERENCE = "conference", _("conference or event")
        SERIES = "series", _("conference series")
        COUNTRY = "country", _("country")
        BODY = "body", _("multilateral body")
        DOCUMENT = "document", _("policy document")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="search_entries",
        help_text=_("For articles and answers: whether the public may see them follows it."),
    )
    title = models.TextField(_("title"), blank=True)
    body = models.TextField(_("text"), blank=True)
    title_words = models.TextField(editable=False, blank=True)
    body_words = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        ordering = ("kind", "object_id")
        constraints = [
            models.UniqueConstraint(
                fields=("kind", "object_id"),
                name="search_entry_unique",
                violation_error_message=_("The search index already has an entry for this row."),
            ),
        ]
        indexes = [
            # An article's answers' ids read from the index alone: who said what finds the
            # answers indexed while their article is not published from the unpublished
            # articles (``articles.answer_words.hidden``). (The foreign key's own index stays:
            # dropping it, SQLite would rebuild the table, and lose the triggers on it.)
            models.Index(fields=["article", "kind", "object_id"], name="searchentry_article_kind"),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}: {self.title[:60]}"


class FingerprintBand(models.Model):
    """One band of an article's text fingerprint: four of the 128 MinHash values of its text
    and a hash of them, by which articles with a similar text are found. Thirty-two rows
    make an article's whole signature. Derived from the segments by
    ``articles.ingest.duplicates``; rebuilt by ``manage.py rebuild_fingerprints``.
    """

    # The (article, band) constraint's index serves lookups by article; no separate one.
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="fingerprint_bands",
        db_index=False,
        editable=False,
    )
    band = models.PositiveSmallIntegerField(_("band"), editable=False)
    band_hash = models.BigIntegerField(_("band hash"), editable=False)
    minhashes = models.BinaryField(_("MinHash values"), max_length=16)

    class Meta:
        verbose_name = _("text fingerprint band")
        verbose_name_plural = _("text fingerprint bands")
        ordering = ("article_id", "band")  # not "article": that would join articles to sort
        default_permissions = ()  # derived from the segments: nobody edits them by hand
        constraints = [
            models.UniqueConstraint(
                fields=("article", "band"),
                name="fingerprint_band_unique",
                violation_error_message=_("The article already has this band of its fingerprint."),
            ),
        ]
        # Candidates are looked up by band hash; with the article in the index the lookup
        # never reads the table.
        indexes = [models.Index(fields=("band_hash", "article"), name="fingerprint_band_hash")]

    def __str__(self):
        return f"{self.article_id} #{self.band}"


class SeedRecord(models.Model):
    """What the seed import (``manage.py import_seed``) last wrote to one row.

    A re-import compares the row as it is now with ``values``: a row that still matches may
    take the seed file's current values; one that does not was edited since (in the admin or
    any other way) and is kept as it is; a row gone was deleted and is not re-created.
    ``--force`` overwrites both. An article's record holds its segments and mentions too, a
    conference's its participants and the events held with it.
    """

    model = models.CharField(_("model"), max_length=100, editable=False)
    key = models.CharField(
        _("seed key"),
        max_length=200,
        editable=False,
        help_text=_("The entry's key in the seed file (a country's code)."),
    )
    object_id = models.PositiveBigIntegerField(_("object id"), editable=False)
    values = models.JSONField(
        _("values written"),
        editable=False,
        help_text=_("The fields as the import left them; segments as digests of their text."),
    )
    imported_at = models.DateTimeField(_("imported"), editable=False)

    class Meta:
        verbose_name = _("seed record")
        verbose_name_plural = _("seed records")
        ordering = ("model", "key")
        default_permissions = ()  # written by the import alone
        constraints = [
            models.UniqueConstraint(
                fields=("model", "key"),
                name="seed_record_unique",
                violation_error_message=_("The seed import already has a record of this entry."),
            ),
        ]

    def __str__(self):
        return f"{self.model} {self.key}"


# --- counts kept by the database -----------------------------------------------------------
# How many published articles there are by year, outlet and kind, and how many name each
# official, agency, country, body, conference and document: what the home page, the
# unfiltered list's facets and the entity lists show, read from a few rows instead of counted
# over the whole archive at every request. Triggers (migration 0011, ``articles.summary``)
# keep them exact on every write, whatever makes it: a save, a bulk insert, a delete, a
# restore. Drafts never count. ``manage.py rebuild_counts`` recomputes them from the rows.
# Unmanaged, and so neither backed up (a restore recounts them) nor flushed by Django.


class ArticleTally(models.Model):
    """Published articles of one year, outlet and kind."""

    year = models.PositiveSmallIntegerField(_("year"))
    publication = models.ForeignKey(
        Publication, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Article.Kind.choices)
    articles = models.PositiveIntegerField(_("published articles"), default=0)

    class Meta:
        managed = False
        db_table = "articles_articletally"
        verbose_name = _("published articles by year, outlet and kind")
        verbose_name_plural = _("published articles by year, outlet and kind")
        ordering = ("-year", "publication", "kind")
        default_permissions = ()

    def __str__(self):
        return f"{self.year} {self.publication_id} {self.kind}: {self.articles}"

    def get_absolute_url(self):
        return reverse("articles:list") + f"?year={self.year}&kind={self.kind}"


class Tally(models.Model):
    """How many published articles name one row (an official, an agency...): the row's
    ``tally.articles``. No row, or 0: none (drafts do not count). ``named`` counts the
    mentions of the row in every article, drafts too (migration 0017): more than
    ``articles`` when a draft names it, which the draft-privacy rule reads."""

    articles = models.PositiveIntegerField(_("published articles"), default=0)
    named = models.PositiveIntegerField(_("mentions in all articles"), default=0)

    class Meta:
        abstract = True
        managed = False
        default_permissions = ()

    def __str__(self):
        return f"{self.pk}: {self.articles}"


def _tallied(model, verbose_name):
    return models.OneToOneField(
        model,
        verbose_name=verbose_name,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_constraint=False,
        related_name="tally",
    )


class PersonTally(Tally):
    person = _tallied(Person, _("person"))
    # The published articles interviewing the person (migration 0020).
    interviews = models.PositiveIntegerField(_("published interviews"), default=0)

    class Meta(Tally.Meta):
        db_table = "articles_persontally"
        ordering = ("-articles",)

    def get_absolute_url(self):
        return self.person.get_absolute_url()


class AgencyTally(Tally):
    agency = _tallied(Agency, _("agency"))

    class Meta(Tally.Meta):
        db_table = "articles_agencytally"
        ordering = ("-articles",)

    def get_absolute_url(self):
        return self.agency.get_absolute_url()


class CountryTally(Tally):
    country = _tallied(Country, _("country"))

    class Meta(Tally.Meta):
        db_table = "articles_countrytally"
        ordering = ("-articles",)

    def get_absolute_url(self):
        return self.country.get_absolute_url()


class BodyTally(Tally):
    body = _tallied(Body, _("body"))

    class Meta(Tally.Meta):
        db_table = "articles_bodytally"
        ordering = ("-articles",)

    def get_absolute_url(self):
        return self.body.get_absolute_url()


class ConferenceTally(Tally):
    conference = _tallied(Conference, _("conference"))

    class Meta(Tally.Meta):
        db_table = "articles_conferencetally"
        ordering = ("-articles",)

    def get_absolute_url(self):
        return self.conference.get_absolute_url()


class DocumentTally(Tally):
    document = _tallied(Document, _("document"))

    class Meta(Tally.Meta):
        db_table = "articles_documenttally"
        ordering = ("-articles",)

    def get_absolute_url(self):
        return self.document.get_absolute_url()


class YearTally(models.Model):
    """How many published articles name one row (an official, an agency...) in one year:
    the row's ``year_tallies``, for its page's year chart. Kept by triggers like the
    totals (migration 0019); a year without a row, or with 0, has none."""

    year = models.PositiveSmallIntegerField(_("year"))
    articles = models.PositiveIntegerField(_("published articles"), default=0)

    class Meta:
        abstract = True
        managed = False
        default_permissions = ()
        ordering = ("year",)

    def __str__(self):
        return f"{self.year}: {self.articles}"


def _tallied_by_year(model, verbose_name):
    return models.ForeignKey(
        model,
        verbose_name=verbose_name,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="year_tallies",
    )


class PersonYearTally(YearTally):
    person = _tallied_by_year(Person, _("person"))

    class Meta(YearTally.Meta):
        db_table = "articles_personyeartally"


class AgencyYearTally(YearTally):
    agency = _tallied_by_year(Agency, _("agency"))

    class Meta(YearTally.Meta):
        db_table = "articles_agencyyeartally"


class CountryYearTally(YearTally):
    country = _tallied_by_year(Country, _("country"))

    class Meta(YearTally.Meta):
        db_table = "articles_countryyeartally"


class BodyYearTally(YearTally):
    body = _tallied_by_year(Body, _("body"))

    class Meta(YearTally.Meta):
        db_table = "articles_bodyyeartally"


class PersonPairTally(models.Model):
    """How many published articles name both ``person`` and ``other``: the officials
    named alongside one (``person.pair_tallies``), one row each way. Kept by triggers on
    the mentions and the articles (migration 0020); drafts never count."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="pair_tallies",
    )
    other = models.ForeignKey(
        Person,
        verbose_name=_("named alongside"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="paired_tallies",
    )
    articles = models.PositiveIntegerField(_("published articles"), default=0)

    class Meta:
        managed = False
        db_table = "articles_personpairtally"
        ordering = ("-articles",)
        default_permissions = ()

    def __str__(self):
        return f"{self.person_id}, {self.other_id}: {self.articles}"
