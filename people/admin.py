import reversion
from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from diplomacy_kb.admin import KBAdmin, KBInline
from diplomacy_kb.admin_versions import ParentVersionMixin, VersionedAdmin

from .models import Agency, Body, Country, Person, Position

# A person's positions are edited with the person, so a version of the person holds them
# and restoring it restores them. Other models are registered by their VersionAdmin.
reversion.register(Position)
reversion.register(Person, follow=("positions",))


@admin.register(Country)
class CountryAdmin(KBAdmin):
    list_display = ("name_vi", "name_en", "code")
    search_fields = ("search_names", "code", "slug")
    prepopulated_fields = {"slug": ("code",)}
    fields = ("code", "name_vi", "name_en", "slug", "other_names", "wikidata_id")


@admin.register(Body)
class BodyAdmin(KBAdmin):
    list_display = ("name_vi", "abbreviation", "kind", "parent")
    list_filter = ("kind",)
    list_select_related = ("parent",)
    search_fields = ("search_names", "slug")
    autocomplete_fields = ("parent",)
    prepopulated_fields = {"slug": ("name_vi",)}
    fields = (
        "name_vi",
        "name_en",
        "abbreviation",
        "slug",
        "kind",
        "parent",
        "other_names",
        "wikidata_id",
    )


@admin.register(Agency)
class AgencyAdmin(KBAdmin):
    list_display = ("name_vi", "abbreviation", "kind", "parent", "country", "collective")
    list_filter = ("kind", "collective")
    list_select_related = ("parent__parent", "country")
    search_fields = ("search_names", "slug")
    autocomplete_fields = ("parent", "country")
    prepopulated_fields = {"slug": ("name_vi",)}
    fields = (
        "name_vi",
        "name_en",
        "abbreviation",
        "slug",
        "kind",
        "parent",
        "country",
        "collective",
        "other_names",
        "wikidata_id",
    )

    def get_queryset(self, request):
        # str() of a department names its ministry: autocomplete lists need the parent too.
        return super().get_queryset(request).select_related("parent")


class PositionInline(KBInline, admin.TabularInline):
    model = Position
    fields = (
        "title_vi",
        "title_en",
        "agency",
        "start_date",
        "start_precision",
        "end_date",
        "end_precision",
        "slug",
    )
    autocomplete_fields = ("agency",)
    slug_from = ("person", "title_vi", "agency")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agency__parent")


@admin.register(Person)
class PersonAdmin(VersionedAdmin):
    list_display = ("name", "nationality", "name_order", "position_count")
    ordering = ("sort_key", "name")  # explicit: counting positions groups the rows
    list_filter = ("name_order", ("nationality", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("nationality",)
    search_fields = ("search_names", "slug")
    autocomplete_fields = ("nationality",)
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "name_order", "nationality", "other_names", "wikidata_id")
    inlines = (PositionInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(position_count=Count("positions"))

    @admin.display(description=_("positions"), ordering="position_count")
    def position_count(self, obj):
        return obj.position_count


@admin.register(Position)
class PositionAdmin(ParentVersionMixin, KBAdmin):
    versioned_parent = "person"
    list_display = ("person", "title_vi", "agency", "start_display", "end_display")
    list_filter = ("agency__kind", "start_precision")
    list_select_related = ("person", "agency__parent")
    search_fields = ("person__search_names", "title_vi", "title_en", "agency__search_names", "slug")
    autocomplete_fields = ("person", "agency")
    fields = (
        "person",
        "title_vi",
        "title_en",
        "agency",
        "slug",
        "start_date",
        "start_precision",
        "end_date",
        "end_precision",
    )
    slug_from = ("person", "title_vi", "agency")

    def get_queryset(self, request):
        # __str__ names the person and the agency: autocomplete lists need them.
        return super().get_queryset(request).select_related("person", "agency__parent")

    @admin.display(description=_("start"), ordering="start_date")
    def start_display(self, obj):
        return obj.start_display

    @admin.display(description=_("end"), ordering="end_date")
    def end_display(self, obj):
        return obj.end_display
