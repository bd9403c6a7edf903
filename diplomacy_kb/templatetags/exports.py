"""``{% export_query %}``: the query string of a list's CSV and JSON downloads.

The list's own parameters as the page applies them (see ``kb._carried``), less those it
ignores with a message (the download would refuse them) and its paging: a download holds every
row of every page.
"""

from django import template

from .kb import _carried

register = template.Library()

_NOT_FOR_EXPORT = ("page", "per_page", "more")


@register.simple_tag(takes_context=True)
def export_query(context):
    params = _carried(context)
    for name in (*_NOT_FOR_EXPORT, *_ignored(context.get("filter"))):
        params.pop(name, None)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else ""


def _ignored(filterset) -> set[str]:
    """The parameters the page ignores: rejected values, one-value filters given twice."""
    if filterset is None or not filterset.is_bound:
        return set()
    names = set(filterset.form.errors)
    names |= set(getattr(filterset, "repeated", {}))  # diplomacy_kb.filters.LimitedValuesMixin
    names |= {item.name for item in getattr(filterset, "dropped", [])}  # people.filters
    return names
