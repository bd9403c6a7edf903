from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from diplomacy_kb.admin import KBAdmin

from .models import FigureTopic, KeyFigure


@admin.register(FigureTopic)
class FigureTopicAdmin(KBAdmin):
    list_display = ("name_vi", "name_en", "unit")
    search_fields = ("name_vi", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_vi",)}
    fields = ("name_vi", "name_en", "slug", "unit", "description")


@admin.register(KeyFigure)
class KeyFigureAdmin(KBAdmin):
    list_display = ("as_written", "topic", "article", "anchor", "value", "qualifier")
    list_filter = ("qualifier", "topic")
    list_select_related = ("topic", "article", "segment")
    search_fields = ("as_written", "topic__name_vi", "topic__name_en", "article__slug")
    autocomplete_fields = ("article", "segment", "topic")
    fields = ("article", "segment", "as_written", "value", "qualifier", "unit", "topic")

    @admin.display(description=_("anchor"), ordering="segment__position")
    def anchor(self, obj):
        return obj.segment.anchor
