"""What every app's admin shares: search that ignores diacritics, ASCII slugs filled in
when left blank, filters with counts, and a history of every change (django-reversion).
For the rows two editors may change at once, ``admin_versions.VersionedAdmin`` adds saves
that never silently undo another's.

No model is registered here (``people``, ``events`` and ``articles`` register their own);
only the site's titles are set.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import lookup_spawns_duplicates
from django.db.models import Q
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from diplomacy_kb.names import unique_slug
from diplomacy_kb.text import fold, slugify

admin.site.site_header = _("Diplomacy KB")
admin.site.site_title = _("Diplomacy KB")
admin.site.index_title = _("Editorial work")

# Columns that hold their row's names (or text) folded: the search term is folded too.
FOLDED_COLUMNS = frozenset({"search_names", "folded_text"})


def search_terms(search_term: str) -> list[str]:
    """The words of an admin search, a quoted phrase counting as one, as Django splits them."""
    terms = []
    for bit in smart_split(search_term):
        if bit[:1] in ('"', "'") and bit[-1:] == bit[:1] and len(bit) > 1:
            bit = unescape_string_literal(bit)
        if bit.strip():
            terms.append(bit)
    return terms


class FoldedSearchMixin:
    """Admin search where "bui thanh son" finds Bùi Thanh Sơn.

    Every word must occur in one of ``search_fields``. A field ending in a folded column
    (``search_names``, ``folded_text``) is matched with the word folded, a ``slug`` with
    the word made a slug, any other field case-insensitively as typed. The changelist's
    search box and the autocomplete widgets both search this way.
    """

    def get_search_results(self, request, queryset, search_term):
        terms = search_terms(search_term)
        fields = self.get_search_fields(request)
        if not terms or not fields:
            return queryset, False
        match = Q()
        for term in terms:
            folded, slug = fold(term).strip(), slugify(term)
            any_field = Q()
            for field in fields:
                column = field.rsplit("__", 1)[-1]
                if column in FOLDED_COLUMNS:
                    any_field |= Q(**{f"{field}__contains": folded})
                elif column == "slug":
                    if slug:
                        any_field |= Q(**{f"{field}__contains": slug})
                else:
                    any_field |= Q(**{f"{field}__icontains": term})
            match &= any_field
        may_have_duplicates = any(lookup_spawns_duplicates(self.opts, f) for f in fields)
        return queryset.filter(match), may_have_duplicates


class SlugFilledForm(forms.ModelForm):
    """A form whose ``slug`` may be left empty: it is then made, in ASCII, from the fields
    named in ``slug_sources`` (set by the admin), and made unique."""

    slug_sources: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields and self.slug_sources:
            self.fields["slug"].required = False

    def clean(self):
        cleaned_data = super().clean()
        if "slug" not in self.fields or not self.slug_sources or cleaned_data.get("slug"):
            return cleaned_data
        if any(name in self.errors for name in (*self.slug_sources, "slug")):
            return cleaned_data  # the editor has those to fix first
        text = " ".join(str(cleaned_data.get(name) or "") for name in self.slug_sources)
        base = slugify(text)
        if base:
            cleaned_data["slug"] = unique_slug(self._meta.model, base, exclude_pk=self.instance.pk)
        else:
            self.add_error("slug", _("Give a slug: the name has no letter or digit to make one."))
        return cleaned_data


class SlugFromMixin:
    """Hands the form the fields its slug is made from: ``slug_from``, or else the fields
    the slug is prepopulated from in the browser."""

    form = SlugFilledForm
    slug_from: tuple[str, ...] = ()

    def _slug_sources(self, request, obj=None) -> tuple[str, ...]:
        return tuple(self.slug_from or self.get_prepopulated_fields(request, obj).get("slug", ()))

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.slug_sources = self._slug_sources(request, obj)
        return form


class KBAdmin(FoldedSearchMixin, SlugFromMixin, VersionAdmin):
    """The base of every model admin: folded search, slugs, facet counts, and history
    (who changed what and when, with the earlier versions to compare and restore)."""

    show_facets = admin.ShowFacets.ALWAYS
    list_per_page = 50
    history_latest_first = True

    def changelist_view(self, request, extra_context=None):
        # VersionAdmin wraps the whole list page in one revision (for list_editable, which
        # these admins do not use). Actions record a revision for each object they change
        # instead, so restoring one article never reverts another published alongside it.
        context = {"has_change_permission": self.has_change_permission(request)}
        context.update(extra_context or {})
        return admin.ModelAdmin.changelist_view(self, request, context)


class KBInline(SlugFromMixin):
    """Inlines: slugs filled in too, no empty rows beyond the one "add another" adds."""

    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.slug_sources = self._slug_sources(request, obj)
        return formset
