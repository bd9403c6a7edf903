"""Template helpers: links that change one query-string parameter, language switch links."""

from django import template
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import QueryDict
from django.urls import translate_url

register = template.Library()


# What a link may carry over from the address: the page's own parameters, values of a sane
# length. An address padded with unknown parameters or huge values (ignored by the page,
# with a message) is not copied into every link, which would make the page that much larger.
_PAGE_PARAMS = {"q", "page", "per_page", "sort", "more", "order"}
_MAX_VALUE = 500  # the longest a search may be; slugs are shorter
_MAX_VALUES = 10  # per parameter (diplomacy_kb.filters.MAX_FILTER_VALUES)


def _carried(context) -> QueryDict:
    """The request's parameters a link carries over (see above), a copy to change."""
    return _copied(_carried_as_given(context))


def _carried_as_given(context) -> QueryDict:
    """The same, not to be changed: worked out once per page (a list's every facet value
    links to it changed) and kept on the request with what it came from, as the view may
    replace ``request.GET`` before rendering."""
    request, filterset = context["request"], context.get("filter")
    try:
        given = request.GET
    except (TooManyFieldsSent, RequestDataTooBig):  # the 400 page of such an address
        return QueryDict()
    kept = getattr(request, "_carried_params", None)
    if kept is None or kept[0] is not given or kept[1] is not filterset:
        kept = (given, filterset, carried_params(request, filterset))
        request._carried_params = kept
    return kept[2]


def _copied(params: QueryDict) -> QueryDict:
    """A mutable copy of ``params``: its lists copied, its strings shared (``copy()``
    deep-copies every value, a good part of a facet link's cost)."""
    out = QueryDict(mutable=True)
    for key, values in params.lists():
        out.setlist(key, list(values))
    return out


def carried_params(request, filterset=None) -> QueryDict:
    """The parameters of ``request`` a link on its page carries over: the filterset's and
    the page's own, of sane lengths (see above)."""
    filters = getattr(filterset, "filters", None)
    known = set(filters) | _PAGE_PARAMS if filters else None
    try:
        params = request.GET.copy()
    except (TooManyFieldsSent, RequestDataTooBig):  # the 400 page of such an address
        return QueryDict(mutable=True)
    for key in list(params):
        values = [v for v in params.getlist(key) if len(v) <= _MAX_VALUE][:_MAX_VALUES]
        if (known is not None and key not in known) or len(key) > 40 or not values:
            del params[key]
        else:
            params.setlist(key, values)
    return params


def _query(context, changes) -> str:
    return changed_query(_carried_as_given(context), changes)


def changed_query(carried: QueryDict, changes) -> str:
    """The query string of ``carried`` (left as it is) with ``changes`` made: each
    ``(action, key, value)``, the action "add", "remove" or "set" (the value alone, or none
    if empty); and the page reset, as a changed filter starts again at the first page."""
    params = _copied(carried)
    params.pop("page", None)
    for action, key, value in changes:
        values = [v for v in params.getlist(key) if v != str(value)]
        if action == "add":
            values.append(str(value))
        if action == "set":
            values = [str(value)] if value not in (None, "") else []
        params.setlist(key, values)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def query_add(context, key, value):
    """The current query string with ``key=value`` added (and the page reset)."""
    return _query(context, [("add", key, value)])


@register.simple_tag(takes_context=True)
def query_remove(context, key, value):
    """The current query string without ``key=value``."""
    return _query(context, [("remove", key, value)])


@register.simple_tag(takes_context=True)
def query_set(context, key, value):
    """The current query string with ``key`` set to ``value`` alone (removed when empty)."""
    return _query(context, [("set", key, value)])


@register.simple_tag(takes_context=True)
def page_url(context, number):
    params = _carried(context)
    params["page"] = str(number)
    return f"?{params.urlencode()}"


@register.simple_tag(takes_context=True)
def language_url(context, language_code):
    """This page in another language."""
    request = context.get("request")
    if request is None:
        return "/"
    query = _carried(context).urlencode()
    return translate_url(request.path + (f"?{query}" if query else ""), language_code)
