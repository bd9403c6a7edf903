"""People and the bodies they serve in: countries, multilateral bodies, agencies, officials."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from diplomacy_kb.dates import DatePrecision, format_partial, iso_partial
from diplomacy_kb.names import BilingualNameMixin, SearchableQuerySet, folded_names
from diplomacy_kb.text import NameOrder, name_sort_key


class Country(BilingualNameMixin, models.Model):
    code = models.CharField(
        _("code"),
        max_length=2,
        unique=True,
        help_text=_("ISO 3166-1 alpha-2 code in capitals, e.g. VN, US, DZ."),
    )
    name_vi = models.CharField(
        _("Vietnamese name"), max_length=200, help_text=_('As Vietnamese writes it: "Hoa Kỳ".')
    )
    name_en = models.CharField(_("English name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    other_names = models.JSONField(
        _("other names"),
        default=list,
        blank=True,
        help_text=_('Other spellings found in the press, e.g. "Mỹ" for the United States.'),
    )
    search_names = models.TextField(editable=False, default="")

    objects = SearchableQuerySet.as_manager()

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ("name_vi",)
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2}$"), name="country_code_two_capitals"
            ),
        ]

    def __str__(self):
        return self.name_vi

    def save(self, *args, **kwargs):
        self.search_names = folded_names(
            self.name_vi, self.name_en, self.code, other_names=self.other_names
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:country-detail", kwargs={"slug": self.slug})


class Body(BilingualNameMixin, models.Model):
    """A multilateral organisation, one of its organs, a forum, an agreement or a subregion."""

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("international organisation")
        ORGAN = "organ", _("organ of an organisation")
        FORUM = "forum", _("forum")
        AGREEMENT = "agreement", _("agreement")
        SUBREGION = "subregion", _("subregion")

    name_vi = models.CharField(_("Vietnamese name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The body this one belongs to: the UN for the Security Council."),
    )
    other_names = models.JSONField(_("other names"), default=list, blank=True)
    search_names = models.TextField(editable=False, default="")

    objects = SearchableQuerySet.as_manager()

    class Meta:
        verbose_name = _("multilateral body")
        verbose_name_plural = _("multilateral bodies")
        ordering = ("name_vi",)
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="body_not_own_parent"),
        ]

    def __str__(self):
        return f"{self.name_vi} ({self.abbreviation})" if self.abbreviation else self.name_vi

    def save(self, *args, **kwargs):
        self.search_names = folded_names(
            self.name_vi, self.name_en, self.abbreviation, other_names=self.other_names
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:body-detail", kwargs={"slug": self.slug})


class AgencyQuerySet(SearchableQuerySet):
    def roots(self):
        return self.filter(parent__isnull=True)


class Agency(BilingualNameMixin, models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("government")
        MINISTRY = "ministry", _("ministry")
        MINISTRY_DEPARTMENT = "ministry_department", _("ministry department")
        PROVINCIAL_DEPARTMENT = "provincial_department", _("provincial department")
        PARTY_BODY = "party_body", _("party body")
        LEGISLATURE = "legislature", _("legislature")
        STEERING_COMMITTEE = "steering_committee", _("steering committee")
        INTERGOVERNMENTAL_COMMITTEE = (
            "intergovernmental_committee",
            _("intergovernmental committee"),
        )
        EMBASSY = "embassy", _("embassy or mission")
        NEWS_AGENCY = "news_agency", _("news agency")
        NEWS_OUTLET = "news_outlet", _("news outlet")
        OTHER = "other", _("other")

    name_vi = models.CharField(_("Vietnamese name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=40, blank=True)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_(
            "ASCII, unique. A department whose name other ministries share carries its "
            "ministry in the slug: vu-hop-tac-quoc-te-bo-xay-dung."
        ),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The body this one belongs to: the ministry of a department."),
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
        help_text=_("Only for foreign bodies, e.g. the country an embassy represents."),
    )
    collective = models.BooleanField(
        _("collective"),
        default=False,
        help_text=_(
            "Tick when the name stands for a class of bodies named together, such as every "
            "province's Sở Ngoại vụ, rather than one body."
        ),
    )
    other_names = models.JSONField(_("other names"), default=list, blank=True)
    search_names = models.TextField(editable=False, default="")

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ("name_vi",)
        constraints = [
            # The same name may recur under different parents (Vụ Hợp tác Quốc tế of each
            # ministry) but not twice under one parent, nor twice at the top.
            models.UniqueConstraint(fields=("parent", "name_vi"), name="agency_unique_in_parent"),
            models.UniqueConstraint(
                fields=("name_vi",),
                condition=Q(parent__isnull=True),
                name="agency_unique_root_name",
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="agency_not_own_parent"),
        ]

    def __str__(self):
        if self.parent_id and self.kind == self.Kind.MINISTRY_DEPARTMENT:
            return f"{self.name_vi} ({self.parent.name_vi})"
        return self.name_vi

    def save(self, *args, **kwargs):
        self.search_names = folded_names(
            self.name_vi, self.name_en, self.abbreviation, other_names=self.other_names
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:agency-detail", kwargs={"slug": self.slug})


class PersonQuerySet(SearchableQuerySet):
    def by_given_name(self):
        return self.order_by("sort_key", "name")


class Person(models.Model):
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("As written, with diacritics and in the order of the source: Bùi Thanh Sơn."),
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    name_order = models.CharField(
        _("name order"),
        max_length=20,
        choices=[
            (NameOrder.VIETNAMESE, _("Vietnamese: family name first, sorted by given name")),
            (NameOrder.WESTERN, _("Western: surname last, sorted by surname")),
            (NameOrder.FAMILY_FIRST, _("Family name first, sorted by family name")),
        ],
        default=NameOrder.VIETNAMESE,
    )
    sort_key = models.CharField(
        _("sort key"),
        max_length=600,
        editable=False,
        db_index=True,
        help_text=_("Computed from the name and name order."),
    )
    nationality = models.ForeignKey(
        Country,
        verbose_name=_("nationality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nationals",
    )
    other_names = models.JSONField(
        _("other spellings"),
        default=list,
        blank=True,
        help_text=_("Other spellings of the name met in the press."),
    )
    search_names = models.TextField(editable=False, default="")

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ("sort_key", "name")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.sort_key = name_sort_key(self.name, self.name_order)
        self.search_names = folded_names(self.name, other_names=self.other_names)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:person-detail", kwargs={"slug": self.slug})

    @property
    def initial(self) -> str:
        """The letter the person is filed under in an A-Z index (given name for Vietnamese)."""
        return (self.sort_key[:1] or "#").upper()


class Position(models.Model):
    """A title a person held in an agency, from and to dates where known.

    Where no start or end is known, the position is known only as of the dates of the
    articles that attest it (``attestations``, recorded on the article's mentions).
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="positions"
    )
    title_vi = models.CharField(
        pgettext_lazy("of a position", "title"),
        max_length=200,
        db_index=True,
        help_text=_("As written: Thứ trưởng."),
    )
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="positions",
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    start_precision = models.CharField(
        _("start precision"), max_length=5, choices=DatePrecision.choices, blank=True
    )
    end_date = models.DateField(_("end"), null=True, blank=True)
    end_precision = models.CharField(
        _("end precision"), max_length=5, choices=DatePrecision.choices, blank=True
    )

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ("person", "start_date", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=("person", "title_vi", "agency", "start_date"),
                name="position_unique_per_person",
            ),
            # NULLs are distinct in a unique index: undated positions need their own rule.
            models.UniqueConstraint(
                fields=("person", "title_vi", "agency"),
                condition=Q(start_date__isnull=True),
                name="position_unique_undated",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True, start_precision="")
                | Q(start_date__isnull=False, start_precision__in=DatePrecision.values),
                name="position_start_precision_with_date",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True, end_precision="")
                | Q(end_date__isnull=False, end_precision__in=DatePrecision.values),
                name="position_end_precision_with_date",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="position_end_not_before_start",
            ),
        ]

    def __str__(self):
        return f"{self.person.name}: {self.title_vi}, {self.agency.name_vi}"

    def get_absolute_url(self):
        return self.person.get_absolute_url()

    @property
    def display_title(self) -> str:
        if (get_language() or "").startswith("en") and self.title_en:
            return self.title_en
        return self.title_vi

    @property
    def is_dated(self) -> bool:
        return self.start_date is not None or self.end_date is not None

    @property
    def start_display(self) -> str:
        return format_partial(self.start_date, self.start_precision)

    @property
    def end_display(self) -> str:
        return format_partial(self.end_date, self.end_precision)

    @property
    def start_iso(self) -> str:
        return iso_partial(self.start_date, self.start_precision)

    @property
    def end_iso(self) -> str:
        return iso_partial(self.end_date, self.end_precision)
