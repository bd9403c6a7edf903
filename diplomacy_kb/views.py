"""View helpers every public page uses."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt


def public_rows(model):
    """The rows of ``model`` the public site shows: published articles; for the other models
    with a draft rule, ``.public()``; otherwise every row."""
    manager = model._default_manager
    if hasattr(manager, "published"):
        return manager.published()
    queryset = manager.all()
    return queryset.public() if hasattr(queryset, "public") else queryset


class PublicViewMixin:
    """The public archive is read-only: GET and HEAD, anything else is 405."""

    http_method_names = ["get", "head"]

    @classmethod
    def as_view(cls, **initkwargs):
        # A read-only page changes nothing, so CSRF has nothing to protect here; without the
        # exemption a POST would get the CSRF check's 403 instead of the honest 405.
        return csrf_exempt(super().as_view(**initkwargs))


class ClampedPaginationMixin:
    """Pagination that never fails on a bad ``page``: "abc" and 0 give the first page,
    a number past the end gives the last. ``per_page`` may ask for up to ``max_per_page``."""

    paginate_by = 20
    max_per_page = 100

    def get_paginate_by(self, queryset):
        try:
            wanted = int(self.request.GET.get("per_page", ""))
        except ValueError:
            return self.paginate_by
        return max(1, min(wanted, self.max_per_page))

    def asked_page(self) -> tuple[str, int | None]:
        """The ``page`` parameter as given, and as a number (None if it is not one)."""
        asked = self.request.GET.get("page", "").strip()
        try:
            return asked, int(asked or "1")
        except ValueError:
            return asked, None

    @staticmethod
    def shown_page(number: int | None, pages: int) -> int:
        """The page shown for the page asked: not a number or below 1, the first; past the
        end, the last of ``pages``."""
        return min(max(number or 1, 1), pages)

    def paginate_queryset(self, queryset, page_size):
        paginator = Paginator(queryset, page_size, allow_empty_first_page=True)
        asked, number = self.asked_page()
        shown = self.shown_page(number, paginator.num_pages)
        self.page_notice = ""
        if asked and number != shown:
            self.page_notice = _(
                "There is no page “%(asked)s”: showing page %(shown)s of %(total)s."
            ) % {"asked": asked[:20], "shown": shown, "total": paginator.num_pages}
        page = paginator.page(shown)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_notice"] = getattr(self, "page_notice", "")
        return context


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token: the site's own 403 page, saying what to do."""
    message = _(
        "The form was sent without a valid security token: it may have expired, or come "
        "from another site. Go back, reload the page and send the form again."
    )
    return render(request, "403.html", {"message": message}, status=403)


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a sign-in while a username and address are locked out (too many
    wrong passwords): 429 with the site's page saying why and for how long."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    message = ngettext(
        "This account is locked after too many failed sign-in attempts from your address. "
        "Try again in %(minutes)d minute, or ask an administrator to unlock it.",
        "This account is locked after too many failed sign-in attempts from your address. "
        "Try again in %(minutes)d minutes, or ask an administrator to unlock it.",
        minutes,
    ) % {"minutes": minutes}
    return render(request, "403.html", {"message": message}, status=429)


def favicon(request):
    """/favicon.ico, which browsers ask for whatever a page names: the site's icon."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
