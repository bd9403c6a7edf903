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
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from diplomacy_kb.dates import format_partial
from people.models import Agency, Person, Position

from .editorial import DuplicateArticleError, article_create_from_text, article_duplicates
from .editorial import suggest_links as find_suggestions
from .forms import ReviewForm, SourceForm
from .models import Article
from .ingest.parse import Convention


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
        try:
            suggestions = find_suggestions(
                text=arguments["text"],
                date=arguments["date"],
                title=source.cleaned_data.get("title", ""),
                title_in_text=arguments["title_in_text"],
            )
        except ValidationError as exc:
            source.add_error("text" if source.cleaned_data.get("text") else None, exc)
            return self._source_page(request, source)
        title = (data or {}).get("title") or suggestions.title
        duplicates = article_duplicates(
            source_url=arguments["source_url"] or suggestions.parsed.source_url, title=title
        )
        review = ReviewForm(
            suggestions,
            data,
            duplicates=duplicates,
            initial={"state": source.state()},
        )
        if data is not None and "save" in data and review.is_valid():
            accepted = review.accepted()
            if missing := self._missing_permissions(request, accepted):
                review.add_error(
                    None,
                    _("You may not add %(what)s. Untick the new ones, or ask an administrator.")
                    % {"what": ", ".join(missing)},
                )
                return self._review_page(request, source, suggestions, review, arguments)
            try:
                article = article_create_from_text(
                    user=request.user,
                    title=review.cleaned_data["title"],
                    accepted=accepted,
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
    def _missing_permissions(request, accepted) -> list[str]:
        """What the accepted suggestions would create that the user may not add."""
        wanted = {
            Person: any(p.person_id is None for p in accepted.people),
            Position: any(c.position_id is None for p in accepted.people for c in p.positions),
            Agency: any(c.agency_name for p in accepted.people for c in p.positions),
        }
        return [
            str(model._meta.verbose_name_plural)
            for model, needed in wanted.items()
            if needed
            and not request.user.has_perm(f"{model._meta.app_label}.add_{model._meta.model_name}")
        ]

    def _review_page(self, request, source, suggestions, review, arguments):
        return self._page(
            request,
            self.add_from_text_preview_template,
            {
                "source": source,
                "review": review,
                "suggestions": suggestions,
                "duplicates": [
                    (article, self._admin_url("change", article.pk))
                    for article in review.duplicates
                ],
                "source_url": arguments["source_url"] or suggestions.parsed.source_url,
                "article_date": format_partial(arguments["date"], arguments["date_precision"]),
                "kind_label": Article.Kind(arguments["kind"]).label,
                "convention_label": {
                    Convention.REPORT: _("a report: paragraphs, no questions and answers"),
                    Convention.DASH_ANSWERS: _(
                        "an interview: questions on their own lines, answers starting “- ”"
                    ),
                    Convention.LABELLED_ANSWERS: _(
                        "an interview: questions starting “- ”, answers after the speaker's name"
                    ),
                }.get(suggestions.parsed.convention, ""),
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
