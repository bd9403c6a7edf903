"""Cursor pagination: stable however the archive grows while a client pages through it."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

MAX_PAGE_SIZE = 100
BIGINT = 2**63


class ArchiveCursorPagination(CursorPagination):
    """``?cursor=`` from the ``next`` and ``previous`` links; ``?page_size=`` up to 100.

    The order is the view's ``cursor_ordering()``: unique (it ends with the id) and on columns
    of the listed table. A page size that is not a positive whole number gets a 400; one above
    the cap is capped. A cursor that was not made here gets a 404 saying so, whatever it holds
    (a position that is no date, a NUL character, a number past the database's range)."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    invalid_cursor_message = gettext_lazy(
        "The cursor is not one this API gave: follow the “next” and “previous” links."
    )

    def paginate_queryset(self, queryset, request, view=None):
        self.model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def get_ordering(self, request, queryset, view):
        return tuple(view.cursor_ordering())

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        try:
            size = int(value.strip())
        except ValueError:
            size = 0
        if size < 1:
            raise ValidationError(
                {
                    "errors": {
                        self.page_size_query_param: [
                            _("Give the page size as a whole number from 1 to %(max)s.")
                            % {"max": self.max_page_size}
                        ]
                    }
                }
            )
        return min(size, self.max_page_size)

    def decode_cursor(self, request):
        cursor = super().decode_cursor(request)
        if cursor is None or cursor.position is None:
            return cursor
        field = self.model._meta.get_field(self.ordering[0].lstrip("-"))
        try:
            value = field.to_python(cursor.position)
        except (DjangoValidationError, TypeError, ValueError):
            raise NotFound(self.invalid_cursor_message) from None
        if "\x00" in cursor.position or (isinstance(value, int) and not -BIGINT <= value < BIGINT):
            raise NotFound(self.invalid_cursor_message)
        return cursor
