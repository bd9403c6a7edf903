import reversion
from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from diplomacy_kb.admin import KBAdmin, KBInline
from diplomacy_kb.admin_versions import ParentVersionMixin, VersionedAdmin

from .models import Conference, ConferenceSeries, Participation

# Participants are edited with their conference, so a version of the conference holds them.
reversion.register(Participation)
reversion.register(Conference, follow=("participations",))


@admin.register(ConferenceSeries)
class ConferenceSeriesAdmin(KBAdmin):
    list_display = ("name_vi", "name_en", "numbering", "organiser", "conference_count")
    ordering = ("name_vi",)  # explicit: counting events groups the rows
    list_filter = ("numbering",)
    list_select_related = ("organiser__parent",)
    search_fields = ("search_names", "slug")
    autocomplete_fields = ("organiser",)
    prepopulated_fields = {"slug": ("name_vi",)}
    fields = ("name_vi", "name_en", "slug", "numbering", "organiser", "other_names", "wikidata_id")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(conference_count=Count("conferences"))

    @admin.display(description=_("events held"), ordering="conference_count")
    def conference_count(self, obj):
        return obj.conference_count


class ParticipationInline(KBInline, admin.TabularInline):
    model = Participation
    fields = ("person", "role", "position", "note", "note_en")
    autocomplete_fields = ("person", "position")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("person", "position__person", "position__agency__parent")
        )


@admin.register(Conference)
class ConferenceAdmin(VersionedAdmin):
    list_display = ("name_vi", "series", "ordinal_display", "dates", "kind", "format")
    list_filter = ("kind", "format", "series")
    list_select_related = ("series",)
    search_fields = ("search_names", "slug")
    autocomplete_fields = ("series", "organiser", "part_of", "held_with")
    prepopulated_fields = {"slug": ("name_vi",)}
    date_hierarchy = "start_date"
    inlines = (ParticipationInline,)
    fieldsets = (
        (None, {"fields": ("name_vi", "name_en", "slug", "kind", "series", "ordinal")}),
        (
            _("Dates"),
            {
                "fields": (
                    ("start_date", "start_precision"),
                    ("end_date", "end_precision"),
                    "dates_inferred_reason",
                    "dates_inferred_reason_en",
                )
            },
        ),
        (
            _("Details"),
            {
                "fields": (
                    "place",
                    "theme",
                    "format",
                    ("attendance", "attendance_note"),
                    "organiser",
                    "part_of",
                    "held_with",
                    "other_names",
                )
            },
        ),
    )

    @admin.display(description=_("number"), ordering="ordinal")
    def ordinal_display(self, obj):
        return obj.ordinal_display

    @admin.display(description=_("dates"), ordering="start_date")
    def dates(self, obj):
        return obj.dates_display


@admin.register(Participation)
class ParticipationAdmin(ParentVersionMixin, KBAdmin):
    versioned_parent = "conference"
    list_display = ("person", "role", "conference", "position")
    list_filter = ("role",)
    list_select_related = ("person", "conference", "position__person", "position__agency")
    search_fields = ("person__search_names", "conference__search_names")
    autocomplete_fields = ("conference", "person", "position")
    fields = ("conference", "person", "role", "position", "note", "note_en")
