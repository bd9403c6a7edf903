"""View helpers every public page uses."""

from django.core.paginator import Paginator


class PublicViewMixin:
    """The public archive is read-only: GET and HEAD, anything else is 405."""

    http_method_names = ["get", "head"]


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

    def paginate_queryset(self, queryset, page_size):
        paginator = Paginator(queryset, page_size, allow_empty_first_page=True)
        try:
            number = int(self.request.GET.get("page", "1"))
        except ValueError:
            number = 1
        page = paginator.page(min(max(number, 1), paginator.num_pages))
        return paginator, page, page.object_list, page.has_other_pages()
