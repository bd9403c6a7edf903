"""People and the bodies they serve in: countries, multilateral bodies, agencies, officials."""

from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Substr
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from diplomacy_kb.addresses import slug_url
from diplomacy_kb.dates import DatePrecision, date_range_errors, format_partial, iso_partial
from diplomacy_kb.names import BilingualNameMixin, SearchableQuerySet, folded_names
from diplomacy_kb.text import NameOrder, name_sort_key
from diplomacy_kb.wikidata import wikidata_id_field

# Article.Status.PUBLISHED. The people app may not import articles, so its reads reach
# articles through reverse relations ("mentions", "answers") and this literal.
PUBLISHED = "published"
DRAFT = "draft"
# The way from a named row to the articles naming it (``public_q``'s usual path).
MENTIONS_PATH = "mentions__article"


class SubqueryCount(Subquery):
    """The number of rows of a correlated queryset, as an annotation (0 when none)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = models.IntegerField()

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset.order_by().values("pk"), **kwargs)


def published_mentions(model: type[models.Model]) -> Coalesce:
    """How many published articles mention each row of ``model``: its ``tally`` (kept by the
    database on every write, see ``articles.models.Tally``), 0 when it has none. A join on
    the row's key, not a count over its mentions: the same cost at any size of archive."""
    return Coalesce(F("tally__articles"), 0, output_field=models.IntegerField())


def public_q(model: type[models.Model], *paths: str) -> Q:
    """The rows of ``model`` the public may see: those a published article links (through
    one of ``paths``, each the way from a row to an article, as in a lookup), or that no
    draft links. What only a draft names (a new official, a new title, the agency of a new
    title) stays private until an article naming it is published."""

    def links(path: str, status: str) -> Q:
        if path == MENTIONS_PATH and _has_tally(model):
            # The row's kept counts (articles.models.Tally): one join, no subquery. An
            # article is a draft or published, so more mentions in all articles than in
            # published ones means a draft names the row.
            if status == PUBLISHED:
                return Q(tally__articles__gt=0)
            return Q(tally__named__gt=F("tally__articles"))
        # From the related table, not the row's own: one join less per row.
        first, rest = path.split("__", 1)
        relation = model._meta.get_field(first)
        related = relation.related_model._default_manager
        return Q(
            Exists(
                related.filter(**{relation.field.name: OuterRef("pk"), f"{rest}__status": status})
            )
        )

    # The kept counts first: where they decide, the subqueries after them are not run.
    ordered = sorted(paths, key=lambda path: path != MENTIONS_PATH)
    published = reduce(or_, (links(path, PUBLISHED) for path in ordered))
    drafted = reduce(or_, (links(path, DRAFT) for path in ordered))
    return published | ~drafted


def _has_tally(model: type[models.Model]) -> bool:
    """Whether ``model`` has kept counts of its mentions (``tally``, articles.models)."""
    try:
        model._meta.get_field("tally")
    except FieldDoesNotExist:
        return False
    return True


class PublicQuerySet(models.QuerySet):
    """``public()``: the rows the public may see (see ``public_q``); ``PUBLIC_PATHS`` names
    the ways from a row to the articles that link it."""

    PUBLIC_PATHS: tuple[str, ...] = (MENTIONS_PATH,)

    def public(self):
        return self.filter(public_q(self.model, *self.PUBLIC_PATHS))


def _letter_code(letter: str) -> str:
    return name_sort_key(letter, NameOrder.FAMILY_FIRST)[:2]


# An A-Z index files a name under the first letter of its sort key, in the order of the
# Vietnamese alphabet's 29 letters, where Ă, Â, Đ, Ê, Ô, Ơ and Ư are letters of their own
# (Đam under Đ, after Dung under D); F, J, W and Z occur only in foreign names.
INDEX_LETTERS: tuple[str, ...] = tuple(
    sorted(
        "A Ă Â B C D Đ E Ê F G H I J K L M N O Ô Ơ P Q R S T U Ư V W X Y Z".split(),
        key=_letter_code,
    )
)
LETTER_CODES: dict[str, str] = {letter: _letter_code(letter) for letter in INDEX_LETTERS}
_LETTER_BY_CODE = {code: letter for letter, code in LETTER_CODES.items()}


def index_letter(sort_key: str) -> str:
    """The index letter of a person's sort key; "#" for a name with no letter at all."""
    code = sort_key[:2]
    return _LETTER_BY_CODE.get(code) or (code[:1].upper() or "#")


class CountryQuerySet(PublicQuerySet, SearchableQuerySet):
    def with_counts(self):
        """``article_count`` (published), ``national_count`` and ``agency_count`` (public
        agencies, as ``AgencyQuerySet.of_country`` reads them: the home country's include
        those recorded without a country)."""
        agencies = Agency.objects.public()
        # The agencies without a country are counted once, for the home country's row only.
        without_country = Case(
            When(code=settings.HOME_COUNTRY_CODE, then=SubqueryCount(agencies.without_country())),
            default=Value(0),
        )
        return self.annotate(
            article_count=published_mentions(self.model),
            national_count=SubqueryCount(
                Person.objects.public().filter(nationality=OuterRef("pk"))
            ),
            agency_count=SubqueryCount(agencies.filter(country=OuterRef("pk"))) + without_country,
        )


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
    wikidata_id = wikidata_id_field()
    search_names = models.TextField(editable=False, default="")

    objects = CountryQuerySet.as_manager()

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ("name_vi",)
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2}$"),
                name="country_code_two_capitals",
                violation_error_message=_(
                    "The code is two capital letters (ISO 3166-1 alpha-2), e.g. VN."
                ),
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
        return slug_url("people:country-detail", self.slug)

    def conferences_named_alongside(self):
        """Conferences named in the published articles that mention this country, most
        shared first, with ``shared``: in how many (one aggregate query)."""
        mention = Country._meta.get_field("mentions").related_model
        article = mention._meta.get_field("article").related_model
        conference = article._meta.get_field("conferences").related_model
        articles = self.mentions.filter(not_in_drafts()).values("article")
        # The filter comes before the annotation, so Count sees only those articles.
        return (
            conference.objects.filter(mentions__article__in=articles)
            .annotate(shared=Count("mentions"))
            .select_related("series")
            .order_by("-shared", F("start_date").desc(nulls_last=True), "name_vi")
        )


class BodyQuerySet(PublicQuerySet, SearchableQuerySet):
    def with_counts(self):
        """``article_count``: the published articles that mention the body."""
        return self.annotate(article_count=published_mentions(self.model))


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
    wikidata_id = wikidata_id_field()
    search_names = models.TextField(editable=False, default="")

    objects = BodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("multilateral body")
        verbose_name_plural = _("multilateral bodies")
        ordering = ("name_vi",)
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="body_not_own_parent",
                violation_error_message=_(
                    "A body cannot be part of itself: choose another one, or none."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.name_vi} ({self.abbreviation})" if self.abbreviation else self.name_vi

    def save(self, *args, **kwargs):
        self.search_names = folded_names(
            self.name_vi, self.name_en, self.abbreviation, other_names=self.other_names
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("people:body-detail", self.slug)


class AgencyQuerySet(PublicQuerySet, SearchableQuerySet):
    # An agency a draft only implies (the embassy of a new ambassador) is private too.
    PUBLIC_PATHS = ("mentions__article", "positions__attestations__article")

    def roots(self):
        return self.filter(parent__isnull=True)

    def without_country(self):
        """The agencies recorded without a country: the home country's (see
        ``settings.HOME_COUNTRY_CODE``)."""
        return self.filter(country__isnull=True)

    def of_country(self, country: "Country"):
        """The agencies of ``country``: those recorded with it and, for the home country,
        those recorded without a country (a Vietnamese ministry has none)."""
        if country.code == settings.HOME_COUNTRY_CODE:
            return self.filter(Q(country=country) | Q(country__isnull=True))
        return self.filter(country=country)

    def top_level_first(self, country: "Country"):
        """In the order a bounded list of ``country``'s agencies shows them: those at the
        top of its part of the tree first (``top_level``: no parent, a parent of another
        country, or one the public may not see yet), then the most mentioned, then by name."""
        parents = Agency.objects.public().of_country(country).filter(pk=OuterRef("parent"))
        return self.annotate(top_level=~Exists(parents)).order_by(
            F("top_level").desc(), published_mentions(self.model).desc(), "name_vi", "pk"
        )

    def with_child_count(self):
        """``child_count``: the public agencies directly under each one."""
        return self.annotate(
            child_count=SubqueryCount(Agency.objects.public().filter(parent=OuterRef("pk")))
        )

    def with_page_counts(self):
        """``article_count`` (published) and ``child_count``: what an agency's page shows
        of itself and of the agencies under it."""
        return self.with_child_count().annotate(article_count=published_mentions(self.model))

    def with_counts(self):
        """``article_count`` (published), ``person_count`` (people who held a position
        there) and ``child_count``."""
        # From the agency's own positions (its index), each person once: not every public
        # person tested against the agency's positions.
        people = (
            Position.objects.public()
            .filter(Exists(Person.objects.public().filter(pk=OuterRef("person"))))
            .filter(agency=OuterRef("pk"))
            .order_by()
            .values("agency")
            .annotate(n=Count("person", distinct=True))
            .values("n")
        )
        return self.with_page_counts().annotate(person_count=Coalesce(Subquery(people), 0))


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
        help_text=_(
            "Only for foreign bodies, e.g. the country an embassy represents. Empty means "
            "Viet Nam: a Vietnamese agency, at home or abroad, has none."
        ),
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
    wikidata_id = wikidata_id_field()
    search_names = models.TextField(editable=False, default="")

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ("name_vi",)
        constraints = [
            # The same name may recur under different parents (Vụ Hợp tác Quốc tế of each
            # ministry) but not twice under one parent, nor twice at the top.
            models.UniqueConstraint(
                fields=("parent", "name_vi"),
                name="agency_unique_in_parent",
                violation_error_message=_(
                    "Its parent agency already has an agency with this Vietnamese name."
                ),
            ),
            models.UniqueConstraint(
                fields=("name_vi",),
                condition=Q(parent__isnull=True),
                name="agency_unique_root_name",
                violation_error_message=_(
                    "A top-level agency with this Vietnamese name already exists."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="agency_not_own_parent",
                violation_error_message=_(
                    "An agency cannot be its own parent: choose another one, or none."
                ),
            ),
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
        return slug_url("people:agency-detail", self.slug)

    @property
    def qualified_name(self) -> str:
        """``display_name``, with the ministry's for a department whose name ministries share:
        "Vụ Hợp tác Quốc tế (Bộ Xây dựng)". Select the parent with the agency."""
        if self.parent_id and self.kind == self.Kind.MINISTRY_DEPARTMENT:
            return f"{self.display_name} ({self.parent.display_name})"
        return self.display_name

    def ancestors(self) -> list["Agency"]:
        """The chain of parents, the root first: two queries whatever the depth."""
        parent_of = dict(Agency.objects.values_list("pk", "parent_id"))
        chain: list[int] = []
        pk = self.parent_id
        while pk is not None and pk not in chain and pk != self.pk:
            chain.append(pk)
            pk = parent_of.get(pk)
        found = Agency.objects.in_bulk(chain)
        return [found[pk] for pk in reversed(chain) if pk in found]


class PersonQuerySet(PublicQuerySet, SearchableQuerySet):
    def by_given_name(self):
        return self.order_by("sort_key", "name")

    def in_letter(self, letter: str):
        """People filed under ``letter`` of the index (see ``INDEX_LETTERS``)."""
        return self.filter(sort_key__startswith=LETTER_CODES[letter])

    def letter_counts(self) -> dict[str, int]:
        """How many of these people each index letter holds, in one aggregate query."""
        rows = (
            self.order_by()
            .annotate(code=Substr("sort_key", 1, 2))
            .values("code")
            .annotate(n=Count("pk"))
            .values_list("code", "n")
        )
        counts: dict[str, int] = {}
        for code, n in rows:
            letter = index_letter(code)
            counts[letter] = counts.get(letter, 0) + n
        return counts

    def with_counts(self):
        """``article_count``: the published articles that mention the person."""
        return self.annotate(article_count=published_mentions(self.model))

    def with_detail_counts(self):
        """``interview_count``: the published articles interviewing the person, from its
        tally (kept by the database, see ``articles.models.PersonTally``)."""
        return self.annotate(
            interview_count=Coalesce(F("tally__interviews"), 0, output_field=models.IntegerField())
        )

    def with_positions(self):
        """Prefetch each person's positions, annotated with their attestations (see
        ``Position.latest_of``); call ``attach_attesting_articles`` on the result."""
        return self.prefetch_related(
            models.Prefetch(
                "positions",
                queryset=Position.objects.public()
                .select_related("agency__parent")
                .with_attestations(),
            )
        )

    def mentioned_with(self, person: "Person"):
        """People named in the same published articles as ``person``, most shared first,
        with ``shared``: how many such articles, read from the counts the database keeps
        for each two officials (``articles.models.PersonPairTally``)."""
        # One filter() call: the annotation reads the row the filter joined.
        return (
            self.filter(paired_tallies__person=person, paired_tallies__articles__gt=0)
            .annotate(shared=F("paired_tallies__articles"))
            .order_by("-shared", "sort_key", "name")
        )


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
    wikidata_id = wikidata_id_field()
    search_names = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("One more at every save in the admin: a form opened on an older one is stale."),
    )

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
        return slug_url("people:person-detail", self.slug)

    @property
    def initial(self) -> str:
        """The letter the person is filed under in an A-Z index (given name for Vietnamese).

        A letter of the Vietnamese alphabet: Vũ Đức Đam is under Đ, Đào Ngọc Dung under D.
        """
        return index_letter(self.sort_key)

    def latest_positions(self) -> list["Position"]:
        """The latest known position(s): those with the latest evidence, attested by the
        newest published article or dated latest. Several when one article gives the
        person several titles. Uses ``with_positions`` and ``attach_attesting_articles``."""
        positions = list(self.positions.all())
        dated = [p for p in positions if p.latest_evidence is not None]
        if not dated:
            return positions[-1:]
        latest = max(p.latest_evidence for p in dated)
        return [p for p in dated if p.latest_evidence == latest]

    def latest_answers(self, shown: int) -> tuple[int, list]:
        """How many answers the person gives in published articles, one per question (a
        paragraph continuing the person's answer just before it is not one more), and the
        first paragraphs of the newest ``shown`` of them, newest article first, each with
        ``question``: the text of the question it answers.

        The places of the answers are read once (narrow rows, without their text) and the
        runs counted here; only the paragraphs shown are read whole."""
        segment = Person._meta.get_field("answers").related_model
        places = list(
            self.answers.filter(not_in_drafts(), kind="answer")
            .order_by()
            .values_list("pk", "article_id", "position", "article__date")
        )
        taken = {(article, position) for _pk, article, position, _date in places}
        openings = [row for row in places if (row[1], row[2] - 1) not in taken]
        openings.sort(key=lambda row: (row[3], row[1], -row[2]), reverse=True)
        ids = [row[0] for row in openings[:shown]]
        if not ids:
            return len(openings), []
        question = (
            segment.objects.filter(
                article=OuterRef("article"), position__lt=OuterRef("position"), kind="question"
            )
            .order_by("-position")
            .values("text")[:1]
        )
        found = (
            segment.objects.filter(pk__in=ids)
            .annotate(question=Subquery(question))
            .select_related("article__publication")
            .defer("article__folded_text")
            .in_bulk()
        )
        return len(openings), [found[pk] for pk in ids]


def in_published(field: str = "article") -> Exists:
    """Whether the article a row's ``field`` names is published, as a correlated EXISTS
    rather than a join: the row's own index (a person's mentions, a speaker's answers) is
    then read first, where with a join SQLite may start from every published article."""
    article = Person._meta.get_field("articles").related_model
    return Exists(article.objects.filter(pk=OuterRef(field), status=PUBLISHED))


def not_in_drafts(field: str = "article") -> Q:
    """Whether the article a row's ``field`` names is published, as "not a draft": the
    drafts' ids are read from the list's index (status first, see ``Article.Meta``) once
    and looked up as a set, so the rows' own index (a country's mentions) is read first and
    no article row is read. Where the articles' rows are read anyway (their dates, to sort
    them), a join on the status costs nothing more."""
    article = Person._meta.get_field("articles").related_model
    return ~Q(**{f"{field}__in": article.objects.filter(status=DRAFT).values("pk")})


class PositionQuerySet(PublicQuerySet):
    PUBLIC_PATHS = ("attestations__article",)

    def with_attestations(self):
        """``attested_count``: the published articles that give this title, and the ids of
        the first and last of them (``attach_attesting_articles`` loads those)."""
        mention = Position._meta.get_field("attestations").related_model
        published = mention.objects.filter(positions=OuterRef("pk"), article__status=PUBLISHED)
        first = published.order_by("article__date", "article__pk").values("article")[:1]
        last = published.order_by("-article__date", "-article__pk").values("article")[:1]
        return self.annotate(
            attested_count=SubqueryCount(published),
            first_attesting_id=Subquery(first),
            last_attesting_id=Subquery(last),
        )

    def newest_first(self):
        return self.order_by(F("start_date").desc(nulls_last=True), "-pk")


def attach_attesting_articles(positions: Iterable["Position"]) -> None:
    """Load, in one query, the first and last attesting article of positions read with
    ``with_attestations`` and set them as ``first_attesting`` and ``last_attesting``."""
    positions = list(positions)
    ids = {
        pk
        for p in positions
        for pk in (getattr(p, "first_attesting_id", None), getattr(p, "last_attesting_id", None))
        if pk is not None
    }
    article = Person._meta.get_field("articles").related_model
    # Their dates, titles and addresses are shown, never their text.
    found = article.objects.defer("folded_text").in_bulk(ids) if ids else {}
    for p in positions:
        p.first_attesting = found.get(getattr(p, "first_attesting_id", None))
        p.last_attesting = found.get(getattr(p, "last_attesting_id", None))


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

    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ("person", "start_date", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=("person", "title_vi", "agency", "start_date"),
                name="position_unique_per_person",
                violation_error_message=_(
                    "This person already holds this title in this agency from this start."
                ),
            ),
            # NULLs are distinct in a unique index: undated positions need their own rule.
            models.UniqueConstraint(
                fields=("person", "title_vi", "agency"),
                condition=Q(start_date__isnull=True),
                name="position_unique_undated",
                violation_error_message=_(
                    "This person already holds this title in this agency, undated."
                ),
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True, start_precision="")
                | Q(start_date__isnull=False, start_precision__in=DatePrecision.values),
                name="position_start_precision_with_date",
                violation_error_message=_(
                    "Give the start date with its precision, or leave both empty."
                ),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True, end_precision="")
                | Q(end_date__isnull=False, end_precision__in=DatePrecision.values),
                name="position_end_precision_with_date",
                violation_error_message=_(
                    "Give the end date with its precision, or leave both empty."
                ),
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="position_end_not_before_start",
                violation_error_message=_("The end date is before the start date."),
            ),
        ]

    def __str__(self):
        return f"{self.person.name}: {self.title_vi}, {self.agency.name_vi}"

    def get_absolute_url(self):
        return self.person.get_absolute_url()

    def clean(self):
        # A position may be known to have ended without a known start.
        errors = date_range_errors(
            self.start_date,
            self.start_precision,
            self.end_date,
            self.end_precision,
            end_needs_start=False,
        )
        if errors:
            raise ValidationError(errors)

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

    @property
    def latest_evidence(self):
        """The latest date the archive knows the position for: its end or start, or the
        date of the newest published article giving it (after ``attach_attesting_articles``).
        """
        last = getattr(self, "last_attesting", None)
        dates = [d for d in (self.end_date, self.start_date, last and last.date) if d]
        return max(dates, default=None)

    @property
    def span(self):
        """(from, to) for a timeline: the dates in office where known, else the first and
        last attesting articles' dates."""
        first = getattr(self, "first_attesting", None)
        last = getattr(self, "last_attesting", None)
        start = self.start_date or (first and first.date)
        end = self.end_date or (last and last.date) or start
        return start, end
