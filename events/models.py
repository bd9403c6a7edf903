"""Conferences and other events, in numbered series, with their participants."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from diplomacy_kb.addresses import slug_url
from diplomacy_kb.dates import (
    DatePrecision,
    date_range_errors,
    format_partial_range,
    iso_partial,
)
from diplomacy_kb.names import (
    BilingualNameMixin,
    ReaderText,
    SearchableQuerySet,
    folded_names,
    in_reader_language,
)
from diplomacy_kb.wikidata import wikidata_id_field
from people.models import (
    PUBLISHED,
    Agency,
    Person,
    Position,
    PublicQuerySet,
    published_mentions,
)


class ConferenceSeries(BilingualNameMixin, models.Model):
    class Numbering(models.TextChoices):
        ARABIC = "arabic", _("Arabic numerals (lần thứ 18)")
        ROMAN = "roman", _("Roman numerals (lần thứ XII)")

    name_vi = models.CharField(_("Vietnamese name"), max_length=300, unique=True)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    numbering = models.CharField(
        _("numbering"), max_length=10, choices=Numbering.choices, default=Numbering.ARABIC
    )
    organiser = models.ForeignKey(
        Agency,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conference_series",
    )
    other_names = models.JSONField(_("other names"), default=list, blank=True)
    wikidata_id = wikidata_id_field()
    search_names = models.TextField(editable=False, default="")

    objects = SearchableQuerySet.as_manager()

    class Meta:
        verbose_name = _("conference series")
        verbose_name_plural = _("conference series")
        ordering = ("name_vi",)

    def __str__(self):
        return self.name_vi

    def save(self, *args, **kwargs):
        self.search_names = folded_names(self.name_vi, self.name_en, other_names=self.other_names)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("events:series-detail", self.slug)

    def format_ordinal(self, ordinal: int) -> str:
        return to_roman(ordinal) if self.numbering == self.Numbering.ROMAN else str(ordinal)

    def ordinal_label(self, ordinal: int) -> str:
        """A member's number as running text reads it: "18th" or "XII" in English,
        "lần thứ 18" or "lần thứ XII" in Vietnamese."""
        return self.ordinal_range_label(ordinal, ordinal)

    def ordinal_range_label(self, first: int, last: int) -> str:
        """Numbers ``first`` to ``last``, e.g. a run of missing members: "19th–21st"."""
        if not _english():
            numerals = self.format_ordinal(first)
            if last != first:
                numerals += f"–{self.format_ordinal(last)}"
            return f"lần thứ {numerals}"
        if self.numbering == self.Numbering.ROMAN:
            one = self.format_ordinal
        else:
            one = english_ordinal
        return one(first) if last == first else f"{one(first)}–{one(last)}"


def _english() -> bool:
    return (get_language() or "").startswith("en")


def english_ordinal(number: int) -> str:
    suffix = "th"
    if number % 100 not in (11, 12, 13):
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def to_roman(number: int) -> str:
    numerals = (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    )  # fmt: skip
    out = []
    for value, numeral in numerals:
        count, number = divmod(number, value)
        out.append(numeral * count)
    return "".join(out)


@dataclass(frozen=True)
class EventDates:
    """An event's dates as a page shows them. ``from_parent``: a session the sources do not
    date, shown with the dates of the conference it belongs to (it fell within them); its
    own row stays undated."""

    start: datetime.date | None
    start_precision: str
    end: datetime.date | None
    end_precision: str
    inferred_reason: str = ""
    from_parent: bool = False
    inferred_reason_en: str = ""

    @property
    def display(self) -> str:
        return format_partial_range(self.start, self.start_precision, self.end, self.end_precision)

    @property
    def start_iso(self) -> str:
        return iso_partial(self.start, self.start_precision)

    @property
    def end_iso(self) -> str:
        return iso_partial(self.end, self.end_precision)

    @property
    def inferred(self) -> bool:
        return bool(self.inferred_reason)

    @property
    def inferred_reason_shown(self) -> ReaderText:
        return in_reader_language(self.inferred_reason, self.inferred_reason_en)


class ConferenceQuerySet(PublicQuerySet, SearchableQuerySet):
    def in_year(self, year: int):
        return self.filter(start_date__year=year)

    def with_article_count(self):
        """Annotate ``article_count``: the published articles that mention each event."""
        return self.annotate(article_count=published_mentions(self.model))

    def in_series_order(self):
        """By number; unnumbered events after, by date."""
        return self.order_by(
            F("ordinal").asc(nulls_last=True), F("start_date").asc(nulls_last=True), "name_vi"
        )

    def newest_first(self):
        return self.order_by(F("start_date").desc(nulls_last=True), "name_vi")


class Conference(BilingualNameMixin, models.Model):
    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("conference")
        MEETING = "meeting", _("meeting")
        CONGRESS = "congress", _("congress")
        CEREMONY = "ceremony", _("ceremony")
        RECEPTION = "reception", _("reception")
        SESSION = "session", _("session")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")
        HYBRID = "hybrid", _("in person and online")

    series = models.ForeignKey(
        ConferenceSeries,
        verbose_name=_("series"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conferences",
    )
    ordinal = models.PositiveSmallIntegerField(
        _("ordinal"),
        null=True,
        blank=True,
        help_text=_("Its number in the series: 18 for “lần thứ 18”. Only with a series."),
    )
    name_vi = models.CharField(_("Vietnamese name"), max_length=400)
    name_en = models.CharField(_("English name"), max_length=400, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    start_date = models.DateField(_("start"), null=True, blank=True, db_index=True)
    start_precision = models.CharField(
        _("start precision"), max_length=5, choices=DatePrecision.choices, blank=True
    )
    end_date = models.DateField(_("end"), null=True, blank=True)
    end_precision = models.CharField(
        _("end precision"), max_length=5, choices=DatePrecision.choices, blank=True
    )
    dates_inferred_reason = models.TextField(
        _("why the dates are inferred"),
        blank=True,
        help_text=_(
            "Leave empty when the source states the dates. When any part of them (often the "
            "year) is worked out from context, say from what, in Vietnamese, for readers: it is "
            "shown on the public page."
        ),
    )
    dates_inferred_reason_en = models.TextField(
        _("why the dates are inferred (English)"),
        blank=True,
        help_text=_("The same reason in English, shown on the English pages."),
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    theme = models.TextField(
        _("theme"), blank=True, help_text=_("The “chủ đề”, quoted exactly, without quote marks.")
    )
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, blank=True)
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True)
    attendance_note = models.CharField(_("attendance note"), max_length=300, blank=True)
    organiser = models.ForeignKey(
        Agency,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conferences_organised",
    )
    part_of = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        help_text=_("For a session: the conference it belongs to."),
    )
    held_with = models.ManyToManyField(
        "self",
        verbose_name=_("held together with"),
        blank=True,
        symmetrical=True,
    )
    participants = models.ManyToManyField(
        Person, through="Participation", related_name="conferences", blank=True
    )
    other_names = models.JSONField(_("other names"), default=list, blank=True)
    search_names = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("One more at every save in the admin: a form opened on an older one is stale."),
    )

    objects = ConferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("conference or event")
        verbose_name_plural = _("conferences and events")
        ordering = ("-start_date", "series", "ordinal", "name_vi")
        constraints = [
            models.UniqueConstraint(
                fields=("series", "ordinal"),
                name="conference_ordinal_unique_in_series",
                violation_error_message=_("This series already has an event with this number."),
            ),
            models.CheckConstraint(
                condition=Q(ordinal__isnull=True) | Q(series__isnull=False),
                name="conference_ordinal_needs_series",
                violation_error_message=_(
                    "A number only makes sense within a series: choose the series."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ordinal__isnull=True) | Q(ordinal__gte=1),
                name="conference_ordinal_positive",
                violation_error_message=_("The number in the series starts at 1."),
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True, start_precision="")
                | Q(start_date__isnull=False, start_precision__in=DatePrecision.values),
                name="conference_start_precision_with_date",
                violation_error_message=_(
                    "Give the start date with its precision, or leave both empty."
                ),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True, end_precision="")
                | Q(end_date__isnull=False, end_precision__in=DatePrecision.values),
                name="conference_end_precision_with_date",
                violation_error_message=_(
                    "Give the end date with its precision, or leave both empty."
                ),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=False),
                name="conference_end_needs_start",
                violation_error_message=_("An end date needs a start date."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="conference_end_not_before_start",
                violation_error_message=_("The end date is before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(dates_inferred_reason="") | Q(start_date__isnull=False),
                name="conference_inferred_needs_date",
                violation_error_message=_(
                    "Say why the dates are inferred only when there is a start date."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(part_of=F("pk")),
                name="conference_not_part_of_itself",
                violation_error_message=_(
                    "An event cannot be part of itself: choose another one, or none."
                ),
            ),
        ]

    def __str__(self):
        return self.name_vi

    def save(self, *args, **kwargs):
        self.search_names = folded_names(self.name_vi, self.name_en, other_names=self.other_names)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("events:conference-detail", self.slug)

    def clean(self):
        errors = date_range_errors(
            self.start_date, self.start_precision, self.end_date, self.end_precision
        )
        if self.ordinal is not None and self.series_id is None:
            errors["series"] = _("A number only makes sense within a series: choose the series.")
        if self.dates_inferred_reason and self.start_date is None:
            errors.setdefault(
                "start_date", _("Give the inferred date, or clear why the dates are inferred.")
            )
        if errors:
            raise ValidationError(errors)

    @property
    def dates_inferred(self) -> bool:
        return bool(self.dates_inferred_reason)

    @property
    def dates_inferred_reason_shown(self) -> ReaderText:
        """Why the dates are inferred, in the page's language where the English is written."""
        return in_reader_language(self.dates_inferred_reason, self.dates_inferred_reason_en)

    @property
    def dates_display(self) -> str:
        """22–26/8/2016; empty when no source dates it."""
        return format_partial_range(
            self.start_date, self.start_precision, self.end_date, self.end_precision
        )

    @property
    def start_iso(self) -> str:
        return iso_partial(self.start_date, self.start_precision)

    def effective_dates(self) -> EventDates:
        """Its own dates; for an undated session, those of its conference, marked
        ``from_parent``. Reads ``part_of``: select it with the event (no query then)."""
        if self.start_date is None and self.part_of_id is not None:
            parent = self.part_of
            if parent.start_date is not None:
                return EventDates(
                    parent.start_date,
                    parent.start_precision,
                    parent.end_date,
                    parent.end_precision,
                    parent.dates_inferred_reason,
                    from_parent=True,
                    inferred_reason_en=parent.dates_inferred_reason_en,
                )
        return EventDates(
            self.start_date,
            self.start_precision,
            self.end_date,
            self.end_precision,
            self.dates_inferred_reason,
            inferred_reason_en=self.dates_inferred_reason_en,
        )

    @property
    def end_iso(self) -> str:
        return iso_partial(self.end_date, self.end_precision)

    @property
    def ordinal_display(self) -> str:
        if self.ordinal is None or self.series_id is None:
            return ""
        return self.series.format_ordinal(self.ordinal)

    @property
    def ordinal_label(self) -> str:
        """The number as running text reads it; empty outside a numbered series."""
        if self.ordinal is None or self.series_id is None:
            return ""
        return self.series.ordinal_label(self.ordinal)

    def previous_held(self) -> "Conference | None":
        """The member of the series before this one that the archive holds (one query)."""
        if self.ordinal is None or self.series_id is None:
            return None
        return self._neighbour(
            Conference.objects.public().filter(ordinal__lt=self.ordinal).order_by("-ordinal")
        )

    def next_held(self) -> "Conference | None":
        """The member of the series after this one that the archive holds (one query)."""
        if self.ordinal is None or self.series_id is None:
            return None
        return self._neighbour(
            Conference.objects.public().filter(ordinal__gt=self.ordinal).order_by("ordinal")
        )

    def _neighbour(self, queryset) -> "Conference | None":
        found = queryset.filter(series_id=self.series_id).first()
        if found is not None:
            found.series = self.series  # already loaded: no query per label
        return found

    def published_mentions(self):
        """Mentions of this event in published articles, newest article first."""
        return (
            self.mentions.filter(article__status=PUBLISHED)
            .select_related("article__publication")
            .order_by(F("article__date").desc(), "-article__pk")
        )


class ParticipationQuerySet(models.QuerySet):
    ROLE_ORDER = ("chair", "host", "speaker", "guest", "attendee")

    def _role_rank(self) -> Case:
        return Case(
            *(When(role=role, then=Value(i)) for i, role in enumerate(self.ROLE_ORDER)),
            default=Value(len(self.ROLE_ORDER)),
        )

    def by_role(self):
        """Who chaired or hosted first, then speakers, guests and those who attended."""
        return self.order_by(self._role_rank(), "person__sort_key", "person__name")

    def at_event(self, conference: "Conference", sessions: "list[Conference]" = ()):
        """Who took part in ``conference`` or in one of ``sessions`` (its public sessions),
        the conference's own first, then session by session, each by role."""
        own = Case(When(conference_id=conference.pk, then=Value(0)), default=Value(1))
        return self.filter(conference__in=[conference.pk, *(s.pk for s in sessions)]).order_by(
            own,
            F("conference__start_date").asc(nulls_last=True),
            "conference__name_vi",
            "conference_id",
            self._role_rank(),
            "person__sort_key",
            "person__name",
        )


class Participation(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("chaired")
        SPEAKER = "speaker", _("spoke")
        ATTENDEE = "attendee", _("attended")
        HOST = "host", _("host")
        GUEST = "guest", _("guest")

    conference = models.ForeignKey(
        Conference,
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="participations"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    position = models.ForeignKey(
        Position,
        verbose_name=_("title held"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        help_text=_("The title the person held at the event, where the source gives it."),
    )
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("For readers, in Vietnamese: what the source says the person did there."),
    )
    note_en = models.CharField(
        _("note (English)"),
        max_length=300,
        blank=True,
        help_text=_("The same note in English, shown on the English pages."),
    )

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ("conference", "role", "person__sort_key")
        constraints = [
            models.UniqueConstraint(
                fields=("conference", "person", "role"),
                name="participation_unique",
                violation_error_message=_(
                    "This person is already listed in this role at this event."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_role_display()}"

    @property
    def note_shown(self) -> ReaderText:
        return in_reader_language(self.note, self.note_en)
