"""Template helpers: links that change one query-string parameter, language switch links."""

from django import template
from django.urls import translate_url

register = template.Library()


def _query(request, changes) -> str:
    params = request.GET.copy()
    params.pop("page", None)  # a changed filter starts again at the first page
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
    return _query(context["request"], [("add", key, value)])


@register.simple_tag(takes_context=True)
def query_remove(context, key, value):
    """The current query string without ``key=value``."""
    return _query(context["request"], [("remove", key, value)])


@register.simple_tag(takes_context=True)
def query_set(context, key, value):
    """The current query string with ``key`` set to ``value`` alone (removed when empty)."""
    return _query(context["request"], [("set", key, value)])


@register.simple_tag(takes_context=True)
def page_url(context, number):
    params = context["request"].GET.copy()
    params["page"] = str(number)
    return f"?{params.urlencode()}"


@register.simple_tag(takes_context=True)
def language_url(context, language_code):
    """This page in another language."""
    request = context.get("request")
    if request is None:
        return "/"
    return translate_url(request.get_full_path(), language_code)
