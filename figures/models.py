"""Figures an article states ("187 nước", "gần 300 văn bản hợp tác"), each tied to the
sentence that states it and to what it counts (a topic), so a topic's figures can be
followed over time."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Segment
from diplomacy_kb.names import BilingualNameMixin


class FigureTopicQuerySet(models.QuerySet):
    def public(self):
        """Topics a published article states a figure of (the topic page's rule): a topic
        only drafts state stays private."""
        stated = KeyFigure.objects.public().filter(topic=models.OuterRef("pk"))
        return self.filter(models.Exists(stated))


class FigureTopic(BilingualNameMixin, models.Model):
    """What a figure counts: "countries with diplomatic relations with Viet Nam"."""

    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    name_vi = models.CharField(
        _("Vietnamese name"),
        max_length=300,
        help_text=_('What is counted, in Vietnamese: "Nước có quan hệ ngoại giao với Việt Nam".'),
    )
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    unit = models.CharField(
        _("unit"),
        max_length=100,
        blank=True,
        help_text=_('The usual unit, in Vietnamese: "nước", "đối tác", "lượt".'),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Optional: what exactly is counted, for readers, in Vietnamese."),
    )

    objects = FigureTopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("figure topic")
        verbose_name_plural = _("figure topics")
        ordering = ("name_vi", "pk")
        constraints = [
            models.CheckConstraint(
                condition=~Q(name_vi=""),
                name="figuretopic_name_not_empty",
                violation_error_message=_("Say what the topic counts."),
            ),
        ]

    def __str__(self):
        return self.name_vi

    def get_absolute_url(self):
        return reverse("figures:topic", kwargs={"slug": self.slug})


class KeyFigureQuerySet(models.QuerySet):
    def public(self):
        """Figures of published articles only: a draft's figures stay private."""
        return self.filter(article__status=Article.Status.PUBLISHED)

    def by_date(self):
        return self.order_by("article__date", "article_id", "segment__position", "pk")


class KeyFigure(models.Model):
    """A number an article states, as written, with the sentence that states it."""

    class Qualifier(models.TextChoices):
        EXACT = "exact", _("exactly")
        NEARLY = "nearly", _("nearly")
        ABOUT = "about", _("about")
        MORE_THAN = "more_than", _("more than")
        LESS_THAN = "less_than", _("less than")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="figures"
    )
    # A figure is part of its sentence: when the sentence goes (the text rewritten), so does it.
    segment = models.ForeignKey(
        Segment,
        verbose_name=_("sentence"),
        on_delete=models.CASCADE,
        related_name="figures",
        help_text=_("The paragraph, question or answer that states the figure."),
    )
    topic = models.ForeignKey(
        FigureTopic,
        verbose_name=_("topic"),
        on_delete=models.PROTECT,
        related_name="figures",
        help_text=_("What the figure counts."),
    )
    value = models.DecimalField(
        _("value"),
        max_digits=20,
        decimal_places=3,
        help_text=_('The number, in full: 2000 for "2.000", 1500000 for "1,5 triệu".'),
    )
    qualifier = models.CharField(
        _("qualifier"),
        max_length=10,
        choices=Qualifier.choices,
        default=Qualifier.EXACT,
        help_text=_(
            'As the text says it: "gần" is nearly, "khoảng" about, "hơn" or "trên" more than.'
        ),
    )
    unit = models.CharField(
        _("unit"), max_length=100, blank=True, help_text=_('As printed: "nước", "lượt cán bộ".')
    )
    as_written = models.CharField(
        _("as written"),
        max_length=300,
        help_text=_('The words of the text, exactly: "gần 300 văn bản hợp tác".'),
    )
    seed_key = models.SlugField(
        _("seed key"),
        max_length=200,
        blank=True,
        editable=False,
        help_text=_("The seed file's key for a figure it records; empty for the editors' ones."),
    )

    objects = KeyFigureQuerySet.as_manager()

    class Meta:
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        ordering = ("article", "segment__position", "pk")
        indexes = [
            models.Index(fields=("topic", "article"), name="keyfigure_topic_article"),
            models.Index(fields=("article", "segment"), name="keyfigure_article_segment"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=("seed_key",),
                condition=~Q(seed_key=""),
                name="keyfigure_unique_seed_key",
            ),
            models.UniqueConstraint(
                fields=("segment", "topic", "as_written"),
                name="keyfigure_unique_in_segment",
                violation_error_message=_("This sentence already has this figure for this topic."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="keyfigure_value_not_negative",
                violation_error_message=_("A figure is a count or a share: zero or more."),
            ),
            models.CheckConstraint(
                condition=Q(qualifier__in=["exact", "nearly", "about", "more_than", "less_than"]),
                name="keyfigure_qualifier_valid",
                violation_error_message=_("Choose the qualifier the text uses."),
            ),
            models.CheckConstraint(
                condition=~Q(as_written=""),
                name="keyfigure_as_written_not_empty",
                violation_error_message=_("Copy the figure's words from the text."),
            ),
        ]

    def __str__(self):
        return self.as_written

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.article.slug}) + (
            f"#{self.segment.anchor}"
        )

    def clean(self):
        errors = {}
        segment = None
        if self.segment_id is not None:
            segment = Segment.objects.filter(pk=self.segment_id).only("article_id", "text").first()
        if segment is not None:
            if self.article_id is not None and segment.article_id != self.article_id:
                errors["segment"] = _("The sentence must belong to the figure's article.")
            elif self.as_written and self.as_written not in segment.text:
                errors["as_written"] = _(
                    "These words do not occur in the sentence chosen; copy them from its text."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def is_percentage(self) -> bool:
        return self.unit.strip() in {"%", "phần trăm"}

    @property
    def value_display(self) -> str:
        """The value without trailing zeros: "187", "1,5" in Vietnamese, "1.5" in English."""
        return number_display(self.value)


def number_display(value: Decimal) -> str:
    normal = value.normalize()
    places = max(0, -normal.as_tuple().exponent)
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
