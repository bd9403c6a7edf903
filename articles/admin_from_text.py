"""The admin pages that add an article from its raw text, in three steps.

1. Paste the text (or upload a .txt file) with its outlet, date, URL and kind.
2. Preview: the segments as the parser made them and the links it suggests; staff
   correct a segment's kind or speaker, drop segments, untick suggestions, edit proposed
   new officials. A duplicate of an article already in the archive must be confirmed.
3. Save: a draft is created with everything linked, in one transaction, and the editor
   lands on its change page.

Nothing is kept in the session: step 1's data travels signed in a hidden field, and the
text is parsed (and the suggestions found) again at each step, so a page left open for a
day still works against the current archive.
"""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from diplomacy_kb.dates import format_partial
from people.models import Agency, Person, Position

from .forms import ReviewForm, SourceForm, carry_over, keep_from, kept_from, kept_value
from .ingest.duplicates import DuplicateArticleError, article_duplicates
from .ingest.save import MENTION_KINDS, article_create_from_text
from .ingest.segments import parse_text
from .ingest.suggest import suggest_links as find_suggestions
from .models import Article


class AddFromTextMixin:
    """For the Article ModelAdmin: an "Add from text" page next to the ordinary add form."""

    add_from_text_template = "admin/articles/article/add_from_text.html"
    add_from_text_preview_template = "admin/articles/article/add_from_text_preview.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "add-from-text/",
                self.admin_site.admin_view(self.add_from_text_view),
                name="{}_{}_add_from_text".format(*info),
            ),
            *super().get_urls(),
        ]

    def _admin_url(self, name: str, *args) -> str:
        opts = self.opts
        return reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_{name}", args=args
        )

    def add_from_text_url(self) -> str:
        return self._admin_url("add_from_text")

    def changelist_view(self, request, extra_context=None):
        extra_context = dict(extra_context or {})
        if self.has_add_permission(request):
            extra_context["add_from_text_url"] = self.add_from_text_url()
        return super().changelist_view(request, extra_context)

    # --- the view ------------------------------------------------------------------------------

    def add_from_text_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return self._source_page(request, SourceForm())
        if request.POST.get("step") != "review":
            source = SourceForm(request.POST, request.FILES)
            if not source.is_valid():
                return self._source_page(request, source)
            return self._preview(request, source, data=None)

        try:
            source = SourceForm.from_state(request.POST.get("state", ""))
        except signing.BadSignature:
            messages.error(
                request, _("The preview could not be read back. Paste the text again, please.")
            )
            return self._source_page(request, SourceForm())
        if not source.is_valid():
            return self._source_page(request, source)
        if "back" in request.POST:
            # Back to the text, as it was entered, to edit it.
            unbound = SourceForm(initial={**source.data, "text": source.cleaned_data["raw"]})
            return self._source_page(request, unbound)
        return self._preview(request, source, data=request.POST)

    def _preview(self, request, source: SourceForm, data):
        arguments = source.service_arguments()

        def suggest(keep):
            return find_suggestions(
                text=arguments["text"],
                date=arguments["date"],
                title=source.cleaned_data.get("title", ""),
                title_in_text=arguments["title_in_text"],
                kind=arguments["kind"],
                keep=keep,
            )

        try:
            # The lines the clean-up removes, each of which the editor may put back.
            removable = parse_text(
                text=arguments["text"],
                title_in_text=arguments["title_in_text"],
                kind=arguments["kind"],
            ).dropped
            removed = {line.line for line in removable}
            keep = keep_from(data, removed)
            suggestions = suggest(keep)
        except ValidationError as exc:
            source.add_error("text" if source.cleaned_data.get("text") else None, exc)
            return self._source_page(request, source)
        title = (data or {}).get("title") or suggestions.title
        duplicates = article_duplicates(
            source_url=arguments["source_url"] or suggestions.parsed.source_url,
            title=title,
            texts=[segment.text for segment in suggestions.segments],
        )
        text_changed = data is not None and keep != kept_from(data, removed)
        if text_changed:
            # Lines put back or removed again: the segments are drawn anew and start as the
            # parser reads them; every other choice follows its entity to its new key.
            try:
                before = suggest(kept_from(data, removed))
            except ValidationError:
                before = None
            fresh = ReviewForm(suggestions, duplicates=duplicates, removed=removable, keep=keep)
            data = carry_over(data, before, suggestions, fresh)
        if data is not None:
            data = data.dict() if hasattr(data, "dict") else dict(data)  # a QueryDict
            data["kept"] = kept_value(keep)  # what the segments below are drawn with
        review = ReviewForm(
            suggestions,
            data,
            duplicates=duplicates,
            removed=removable,
            keep=keep,
            initial={"state": source.state()},
        )
        if text_changed:
            messages.info(request, _("The text changed: check the segments below, then save."))
        elif data is not None and "save" in data and review.is_valid():
            accepted = review.accepted()
            if missing := self._missing_permissions(request, accepted):
                review.add_error(
                    None,
                    _("You may not add %(what)s. Untick the new ones, or ask an administrator.")
                    % {"what": ", ".join(missing)},
                )
                return self._review_page(request, source, suggestions, review, arguments)
            try:
                article = self._article_create_with_figures(
                    suggestions.segments,
                    request.POST,
                    user=request.user,
                    title=review.cleaned_data["title"],
                    title_inferred_reason=review.cleaned_data["title_inferred_reason"],
                    title_inferred_reason_en=review.cleaned_data["title_inferred_reason_en"],
                    accepted=accepted,
                    keep=keep,
                    allow_duplicate=bool(review.cleaned_data.get("confirm_duplicate")),
                    **arguments,
                )
            except DuplicateArticleError as exc:
                # Someone saved the same article since the preview was drawn.
                review.duplicates = exc.existing
                review.add_error(None, exc)
            except ValidationError as exc:
                review.add_error(None, exc)
            else:
                self.log_addition(request, article, [{"added": {}}])
                messages.success(
                    request,
                    _("The draft “%(title)s” was added. Check it, then publish it.")
                    % {"title": article.title},
                )
                return redirect(self._admin_url("change", article.pk))
        return self._review_page(request, source, suggestions, review, arguments)

    @staticmethod
    def _article_create_with_figures(segments, data, **arguments) -> Article:
        """The draft, and the key figures the editor kept (figures/review.py), all or nothing."""
        from figures.review import figure_rows, figures_create_from_review

        with transaction.atomic():
            article = article_create_from_text(**arguments)
            figures_create_from_review(article=article, rows=figure_rows(segments, data))
        return article

    @staticmethod
    def _missing_permissions(request, accepted) -> list[str]:
        """What the accepted suggestions would create that the user may not add."""
        wanted = {
            Person: any(p.person_id is None for p in accepted.people),
            Position: any(c.position_id is None for p in accepted.people for c in p.positions),
            Agency: any(c.agency_name for p in accepted.people for c in p.positions),
        }
        for choice in accepted.proposals:
            wanted[MENTION_KINDS[choice.kind][0]] = True
        return [
            str(model._meta.verbose_name_plural)
            for model, needed in wanted.items()
            if needed
            and not request.user.has_perm(f"{model._meta.app_label}.add_{model._meta.model_name}")
        ]

    def _review_page(self, request, source, suggestions, review, arguments):
        from figures.review import review_figures

        data = request.POST if request.POST.get("step") == "review" else None
        figures = review_figures(suggestions.segments, data)
        return self._page(
            request,
            self.add_from_text_preview_template,
            {
                "source": source,
                "review": review,
                "figures": figures,
                "suggestions": suggestions,
                "duplicates": [
                    (duplicate, self._admin_url("change", duplicate.article.pk))
                    for duplicate in review.duplicates
                ],
                "source_url": arguments["source_url"] or suggestions.parsed.source_url,
                "article_date": format_partial(arguments["date"], arguments["date_precision"]),
                "kind_label": Article.Kind(arguments["kind"]).label,
                "convention_label": (
                    _("a report: paragraphs, no questions and answers")
                    if not any(s.kind == "question" for s in suggestions.segments)
                    else _("an interview: questions and answers")
                ),
            },
        )

    def _source_page(self, request, form: SourceForm):
        return self._page(request, self.add_from_text_template, {"form": form})

    def _page(self, request, template: str, context: dict):
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "app_label": self.opts.app_label,
                "has_view_permission": self.has_view_permission(request),
                "title": _("Add an article from its text"),
                "form_url": self.add_from_text_url(),
                **context,
            },
        )
