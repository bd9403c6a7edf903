import re

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as delete_selected_action
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from diplomacy_kb.admin import KBAdmin, KBInline, SlugFilledForm
from diplomacy_kb.admin_versions import ParentVersionMixin, VersionedAdmin, lock_version

from .admin_from_text import AddFromTextMixin
from .models import (
    AgencyMention,
    Article,
    BodyMention,
    ConferenceMention,
    Correction,
    CountryMention,
    Document,
    DocumentMention,
    PersonMention,
    Publication,
    Segment,
)
from .search import article_entry_ids, in_id_set, parse_query
from .services import anchors, article_folded_text
from .views import ArticleDetailView

MENTIONS = (
    "person_mentions",
    "agency_mentions",
    "country_mentions",
    "body_mentions",
    "conference_mentions",
    "document_mentions",
)

# An article is edited with its text and its links, so a version of the article holds its
# segments and mentions, and restoring it restores them. (SearchEntry is not registered in
# the admin at all: the search index is derived from these rows and kept by
# articles.search_index, so staff never edit it.)
for model in (
    Segment,
    PersonMention,
    AgencyMention,
    CountryMention,
    BodyMention,
    ConferenceMention,
    DocumentMention,
):
    reversion.register(model)
reversion.register(Article, follow=("segments", *MENTIONS))


@admin.register(Publication)
class PublicationAdmin(KBAdmin):
    list_display = ("name", "owner", "article_count")
    ordering = ("name",)  # explicit: counting articles groups the rows
    list_select_related = ("owner__parent",)
    search_fields = ("name", "slug")
    autocomplete_fields = ("owner",)
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "owner")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=models.Count("articles"))

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


@admin.register(Document)
class DocumentAdmin(KBAdmin):
    list_display = ("name_vi", "number", "kind", "issuer", "conference")
    list_filter = ("kind",)
    list_select_related = ("issuer__parent", "conference")
    search_fields = ("search_names", "number", "slug")
    autocomplete_fields = ("issuer", "conference")
    prepopulated_fields = {"slug": ("name_vi",)}
    fields = (
        "kind",
        "number",
        "name_vi",
        "name_en",
        "slug",
        "issuer",
        "conference",
        "other_names",
        "wikidata_id",
    )


# --- the article form and its inlines ---------------------------------------------------------


class SegmentForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "anchor" in self.fields:
            self.fields["anchor"].required = False
            self.fields["anchor"].help_text = _(
                "Leave empty for a new segment: q3 for the third question, a3 for its answer."
            )


class SegmentFormSet(BaseInlineFormSet):
    """An article's text: blank anchors are filled in the house way (q1, a1, a1-2, p1...),
    and rows can be renumbered (a paragraph inserted between 3 and 4) in one save."""

    # Rows that move are parked here first; positions are unique within an article.
    PARKED = 2_000_000_000

    def clean(self):
        kept = [
            form
            for form in self.forms
            if form.is_valid() and form.cleaned_data and not self._should_delete_form(form)
        ]
        kept.sort(key=lambda form: form.cleaned_data.get("position") or 0)
        taken = {form.cleaned_data["anchor"] for form in kept if form.cleaned_data.get("anchor")}
        usual = anchors([Segment(kind=form.cleaned_data["kind"]) for form in kept])
        for form, anchor in zip(kept, usual, strict=True):
            if form.cleaned_data.get("anchor"):
                continue
            candidate = free_anchor(anchor, taken)
            taken.add(candidate)
            form.cleaned_data["anchor"] = form.instance.anchor = candidate
        super().clean()

    def save_existing_objects(self, commit=True):
        if commit:
            moving = [
                form.instance.pk
                for form in self.initial_forms
                if form.instance.pk
                and (
                    self._should_delete_form(form)
                    or {"position", "anchor"} & set(form.changed_data)
                )
            ]
            # Out of the way of the rows saved before them; their own save then puts them
            # in place. update() sends no signal: the saves that follow re-index the text.
            for i, pk in enumerate(moving):
                Segment.objects.filter(pk=pk).update(position=self.PARKED + i, anchor=f"~{i}")
        return super().save_existing_objects(commit)


def free_anchor(anchor: str, taken: set[str]) -> str:
    """``anchor``, or the next free one like it: p4 after p3 (paragraphs, captions and
    subheadings are just counted); a2-2 after a2 (a question's answers are numbered
    by the question)."""
    counted = re.fullmatch(r"([pch])(\d+)", anchor)
    candidate, n = anchor, 1
    while candidate in taken:
        n += 1
        if counted:
            candidate = f"{counted[1]}{int(counted[2]) + n - 1}"
        else:
            candidate = f"{anchor}-{n}"
    return candidate


class SegmentInline(KBInline, admin.TabularInline):
    model = Segment
    form = SegmentForm
    formset = SegmentFormSet
    fields = ("position", "kind", "text", "speaker", "speaker_label", "photo_credit", "anchor")
    autocomplete_fields = ("speaker",)
    ordering = ("position",)
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 70})},
    }

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker")


class PersonMentionInline(KBInline, admin.TabularInline):
    model = PersonMention
    fields = ("person", "role", "positions")
    autocomplete_fields = ("person", "positions")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


class AgencyMentionInline(KBInline, admin.TabularInline):
    model = AgencyMention
    autocomplete_fields = ("agency",)


class CountryMentionInline(KBInline, admin.TabularInline):
    model = CountryMention
    autocomplete_fields = ("country",)


class BodyMentionInline(KBInline, admin.TabularInline):
    model = BodyMention
    autocomplete_fields = ("body",)


class ConferenceMentionInline(KBInline, admin.TabularInline):
    model = ConferenceMention
    autocomplete_fields = ("conference",)


class DocumentMentionInline(KBInline, admin.TabularInline):
    model = DocumentMention
    autocomplete_fields = ("document",)


class CorrectionInline(KBInline, admin.TabularInline):
    """The article's public change log, read-only: entries are written by saving the article
    with a correction note; a mistaken one can be deleted here."""

    model = Correction
    fields = ("made_at", "note", "editor_name")
    readonly_fields = fields
    ordering = ("made_at", "pk")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("editor")

    @admin.display(description=_("editor"))
    def editor_name(self, obj):
        # The name alone: a link would lead editors to the users' admin, which is not theirs.
        return obj.editor.get_username() if obj.editor else self.get_empty_value_display()


class ArticleAdminForm(SlugFilledForm):
    """Refuses, until confirmed, an article that looks like one already in the archive:
    the same source URL, or a title equal after folding. On a published article, a
    correction note adds an entry to its public change log (see ArticleAdmin.save_related)."""

    # The status the article will have once saved; ArticleAdmin.get_form sets it.
    status_after_save = Article.Status.DRAFT

    save_anyway = forms.BooleanField(
        label=_("Save anyway"),
        required=False,
        widget=forms.HiddenInput,
        help_text=_("Tick only if this really is a different article from the one named above."),
    )
    correction_note = forms.CharField(
        label=_("Correction note"),
        required=False,
        max_length=Correction._meta.get_field("note").max_length,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 70}),
        help_text=_(
            "For a published article: say in a sentence, in Vietnamese, what this save "
            "corrects. The note is listed publicly at the foot of the article, with today's "
            "date, and in the feeds. Edits saved without a note are not listed."
        ),
    )

    def clean_correction_note(self):
        note = self.cleaned_data["correction_note"]
        if note and self.status_after_save != Article.Status.PUBLISHED:
            raise ValidationError(
                _(
                    "A draft's changes are not public, so there is nothing to list: leave the "
                    "note empty, or save and publish."
                ),
                code="draft",
            )
        return note

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and not {"title", "source_url"} & set(self.changed_data):
            return cleaned_data
        title = cleaned_data.get("title") or ""
        source_url = cleaned_data.get("source_url") or ""
        duplicates = list(
            Article.objects.duplicates_of(
                title=title, source_url=source_url, exclude_pk=self.instance.pk
            ).select_related("publication")[:5]
        )
        if duplicates and not cleaned_data.get("save_anyway"):
            self.fields["save_anyway"].widget = forms.CheckboxInput()
            raise ValidationError(duplicate_message(duplicates, source_url=source_url))
        return cleaned_data


def duplicate_message(duplicates: list[Article], *, source_url: str) -> str:
    """Names and links the articles an editor may be about to add a second time."""
    items = format_html_join(
        "",
        '<li><a href="{}">{}</a> ({}, {}): {}</li>',
        (
            (
                reverse("admin:articles_article_change", args=[article.pk]),
                article.title,
                article.publication.name,
                article.date_display,
                gettext("the same source URL")
                if source_url and article.source_url == source_url.strip()
                else gettext("the same title"),
            )
            for article in duplicates
        ),
    )
    return format_html(
        "{}<ul>{}</ul>{}",
        gettext("The archive already has this article:"),
        items,
        gettext("If this really is another article, tick “Save anyway” and save again."),
    )


# --- the article admin ---------------------------------------------------------------------------


class ArticlePreviewView(ArticleDetailView):
    """The public article page, drafts included, for staff only (see ArticleAdmin)."""

    template_name = "admin/articles/article/preview.html"

    def get_articles(self):
        return Article.objects.all()


# AddFromTextMixin adds the "Add from text" pages; VersionedAdmin refuses stale saves.
@admin.register(Article)
class ArticleAdmin(AddFromTextMixin, VersionedAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    change_list_template = "admin/articles/article/change_list.html"
    list_display = ("title", "publication", "date_column", "kind", "status", "site_link")
    list_filter = ("status", "kind", "publication", "date_precision")
    list_select_related = ("publication",)
    # The words of a search go to the full-text index (drafts included), not a scan of every
    # article's text: see get_search_results. The slug and the original address are matched
    # as typed.
    search_fields = ("slug", "source_url")
    search_help_text = _(
        "Words of the title or text, without diacritics if you like (drafts included); or part "
        "of the slug or of the original address."
    )
    autocomplete_fields = ("publication",)
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "date"

    def get_search_results(self, request, queryset, search_term):
        """The articles whose title or text holds the words (the search index, as on the
        public site but with the drafts), or whose slug or original address holds the term."""
        by_address, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        query = parse_query(search_term)
        if not query:
            return by_address, may_have_duplicates
        ids = article_entry_ids(query, drafts=True)
        if not ids:
            return by_address, may_have_duplicates
        by_words = queryset.filter(in_id_set('"articles_article"."id"', ids))
        return by_words | by_address, may_have_duplicates

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ("status", "seed_file", "created_at", "updated_at")
    compared_readonly_fields = ("status",)  # published since the form was opened: stale
    actions = ("publish", "unpublish", "delete_selected")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "save_anyway",
                    "title",
                    "title_en",
                    "summary_en",
                    "slug",
                    "kind",
                    "status",
                )
            },
        ),
        (
            _("Source"),
            {"fields": ("publication", "source_url", "source_credit", "byline", "photo_credits")},
        ),
        (
            _("Date"),
            {
                "fields": (
                    ("date", "date_precision"),
                    "date_inferred_reason",
                    "date_inferred_reason_en",
                )
            },
        ),
        (
            _("Public change log"),
            {
                "fields": ("correction_note",),
                "description": _(
                    "The corrections listed at the foot of the article are below, after the "
                    "text and its links; a mistaken one can be deleted there."
                ),
            },
        ),
        (
            _("Record"),
            {
                "classes": ("collapse",),
                "fields": (
                    "title_inferred_reason",
                    "title_inferred_reason_en",
                    "seed_file",
                    "created_at",
                    "updated_at",
                ),
            },
        ),
    )
    inlines = (
        SegmentInline,
        PersonMentionInline,
        AgencyMentionInline,
        CountryMentionInline,
        BodyMentionInline,
        ConferenceMentionInline,
        DocumentMentionInline,
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:  # a new article has nothing to correct
            fieldsets = [f for f in fieldsets if "correction_note" not in f[1]["fields"]]
        return fieldsets

    def get_inlines(self, request, obj):
        inlines = super().get_inlines(request, obj)
        return (*inlines, CorrectionInline) if obj is not None else inlines

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.status_after_save = self.requested_status(request) or (
            obj.status if obj is not None else Article.Status.DRAFT
        )
        return form

    # --- list columns

    @admin.display(description=_("date"), ordering="date")
    def date_column(self, obj):
        return obj.date_display

    @admin.display(description=_("on the site"))
    def site_link(self, obj):
        label = _("View") if obj.is_published else _("Preview")
        return format_html('<a href="{}">{}</a>', self.view_on_site(obj), label)

    def view_on_site(self, obj):
        """The public page; for a draft, which the public cannot see, the staff preview."""
        if obj.is_published:
            return obj.get_absolute_url()
        return reverse(f"{self.admin_site.name}:articles_article_preview", args=[obj.pk])

    # --- publishing

    def has_publish_permission(self, request):
        return request.user.has_perm(f"{self.opts.app_label}.publish_article")

    def has_delete_permission(self, request, obj=None):
        # Editors may delete drafts; a published article is part of the public record.
        if obj is not None and obj.is_published and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    @staticmethod
    def requested_status(request) -> str | None:
        """The status asked for by the form's "Save and publish" / "Save and unpublish"."""
        if request.method != "POST":
            return None
        if "_publish" in request.POST:
            return Article.Status.PUBLISHED
        if "_unpublish" in request.POST:
            return Article.Status.DRAFT
        return None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if self.requested_status(request) and not self.has_publish_permission(request):
            raise PermissionDenied
        context = {"can_publish": self.has_publish_permission(request)}
        context.update(extra_context or {})
        return super().changeform_view(request, object_id, form_url, context)

    def save_model(self, request, obj, form, change):
        status = self.requested_status(request)
        if status:
            obj.status = status
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The admin's article search reads the folded title and text.
        article = form.instance
        texts = list(article.segments.order_by("position").values_list("text", flat=True))
        folded = article_folded_text(article.title, texts)
        if folded != article.folded_text:
            article.folded_text = folded
            Article.objects.filter(pk=article.pk).update(folded_text=folded)
            if reversion.is_active():
                reversion.add_to_revision(article)  # the version holds the text as saved
        # In the save's transaction: a save that fails records no correction.
        note = form.cleaned_data.get("correction_note")
        if note and change and article.is_published:
            correction = Correction(article=article, note=note, editor=request.user)
            correction.full_clean()
            correction.save()

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        if self.requested_status(request) and not add:
            message.append(self._status_change())
        return message

    @staticmethod
    def _status_change() -> dict:
        # Stored untranslated, like Django's own change messages, and translated on display.
        with translation.override(None):
            label = str(capfirst(Article._meta.get_field("status").verbose_name))
        return {"changed": {"fields": [label]}}

    def _status_done(self, request, obj):
        if obj.is_published:
            text = _("“%(title)s” is saved and published: the public can read it.")
        else:
            text = _("“%(title)s” is saved and back to draft: the public cannot see it.")
        self.message_user(request, text % {"title": obj.title}, messages.SUCCESS)
        change_url = reverse(f"{self.admin_site.name}:articles_article_change", args=[obj.pk])
        return HttpResponseRedirect(change_url)

    def response_add(self, request, obj, post_url_continue=None):
        if self.requested_status(request):
            return self._status_done(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if self.requested_status(request):
            return self._status_done(request, obj)
        return super().response_change(request, obj)

    @admin.action(description=_("Publish the selected articles"), permissions=["publish"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Article.Status.PUBLISHED)

    @admin.action(description=_("Unpublish the selected articles"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, Article.Status.DRAFT)

    def _set_status(self, request, queryset, status):
        changed = 0
        for pk in list(queryset.exclude(status=status).values_list("pk", flat=True)):
            # One revision per article: restoring one never reverts the others.
            with reversion.create_revision():
                reversion.set_user(request.user)
                changed += self._set_status_of(request, pk, status)
        if status == Article.Status.PUBLISHED:
            text = ngettext(
                "%(count)d article published.", "%(count)d articles published.", changed
            )
        else:
            text = ngettext(
                "%(count)d article back to draft.", "%(count)d articles back to draft.", changed
            )
        self.message_user(request, text % {"count": changed}, messages.SUCCESS)

    def _set_status_of(self, request, pk, status) -> bool:
        # A change like any other: the version moves on, so a form opened before it is stale.
        version = lock_version(Article, {"pk": pk})
        article = Article.objects.filter(pk=pk).first()
        if article is None or article.status == status:
            return False  # deleted, or set so by someone else, in the meantime
        article.status, article.version = status, version + 1
        article.save(update_fields=["status", "version", "updated_at"])
        self.log_change(request, article, [self._status_change()])
        return True

    @admin.action(description=_("Delete selected %(verbose_name_plural)s"), permissions=["delete"])
    def delete_selected(self, request, queryset):
        if not request.user.is_superuser:
            published = queryset.filter(status=Article.Status.PUBLISHED).count()
            if published:
                text = ngettext(
                    "%(count)d of the selected articles is published and cannot be deleted: "
                    "unpublish it first, or ask an administrator.",
                    "%(count)d of the selected articles are published and cannot be deleted: "
                    "unpublish them first, or ask an administrator.",
                    published,
                )
                self.message_user(request, text % {"count": published}, messages.ERROR)
                return None
        return delete_selected_action(self, request, queryset)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Restoring a version may change the status: that is publishing too.
        if request.method == "POST" and not self.has_publish_permission(request):
            version = get_object_or_404(Version, pk=version_id, object_id=unquote(object_id))
            current = self.get_object(request, unquote(object_id))
            if current is not None and version.field_dict.get("status") != current.status:
                raise PermissionDenied
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if request.method == "POST" and not self.has_publish_permission(request):
            version = get_object_or_404(Version, pk=version_id)
            if version.field_dict.get("status") == Article.Status.PUBLISHED:
                raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    # --- the staff preview

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        """The article exactly as its public page shows it, drafts included, with a banner."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return ArticlePreviewView.as_view()(request, pk=article.pk)


# --- the rows that hang off an article, each also listed on its own -----------------------------


def _on_site(segment: Segment) -> str:
    article = segment.article
    if article.is_published:
        return segment.get_absolute_url()
    preview = reverse("admin:articles_article_preview", args=[article.pk])
    return f"{preview}#{segment.anchor}"


@admin.register(Segment)
class SegmentAdmin(ParentVersionMixin, KBAdmin):
    versioned_parent = "article"
    list_display = ("article", "position", "kind", "opening", "speaker")
    list_filter = ("kind",)
    list_select_related = ("article", "speaker")
    search_fields = ("text", "speaker__search_names", "article__slug", "anchor")
    autocomplete_fields = ("article", "speaker")
    fields = (
        "article",
        "position",
        "kind",
        "text",
        "speaker",
        "speaker_label",
        "photo_credit",
        "anchor",
    )

    @admin.display(description=_("text"))
    def opening(self, obj):
        return obj.text if len(obj.text) <= 80 else f"{obj.text[:79]}…"

    def view_on_site(self, obj):
        return _on_site(obj)


class MentionAdmin(ParentVersionMixin, KBAdmin):
    versioned_parent = "article"
    autocomplete_fields = ("article",)
    list_select_related = ("article",)


@admin.register(PersonMention)
class PersonMentionAdmin(MentionAdmin):
    list_display = ("person", "role", "article")
    list_filter = ("role",)
    list_select_related = ("article", "person")
    search_fields = ("person__search_names", "article__slug")
    autocomplete_fields = ("article", "person", "positions")
    fields = ("article", "person", "role", "positions")


@admin.register(AgencyMention)
class AgencyMentionAdmin(MentionAdmin):
    list_display = ("agency", "article")
    list_select_related = ("article", "agency__parent")
    search_fields = ("agency__search_names", "article__slug")
    autocomplete_fields = ("article", "agency")


@admin.register(CountryMention)
class CountryMentionAdmin(MentionAdmin):
    list_display = ("country", "article")
    list_select_related = ("article", "country")
    search_fields = ("country__search_names", "article__slug")
    autocomplete_fields = ("article", "country")


@admin.register(BodyMention)
class BodyMentionAdmin(MentionAdmin):
    list_display = ("body", "article")
    list_select_related = ("article", "body")
    search_fields = ("body__search_names", "article__slug")
    autocomplete_fields = ("article", "body")


@admin.register(ConferenceMention)
class ConferenceMentionAdmin(MentionAdmin):
    list_display = ("conference", "article")
    list_select_related = ("article", "conference")
    search_fields = ("conference__search_names", "article__slug")
    autocomplete_fields = ("article", "conference")


@admin.register(DocumentMention)
class DocumentMentionAdmin(MentionAdmin):
    list_display = ("document", "article")
    list_select_related = ("article", "document")
    search_fields = ("document__search_names", "article__slug")
    autocomplete_fields = ("article", "document")
