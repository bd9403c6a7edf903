"""``{% json_ld "article" article %}``: a page's schema.org JSON-LD, in a data block.

A ``<script type="application/ld+json">`` block is data, never run, so the strict
Content-Security-Policy allows it; ``<``, ``>`` and ``&`` are escaped in the JSON so that no
value can end the block."""

import json

from django import template
from django.core.exceptions import DisallowedHost
from django.utils.encoding import iri_to_uri
from django.utils.safestring import mark_safe

from diplomacy_kb import linked_data, wikidata

register = template.Library()

_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

BUILDERS = {
    "article": lambda base, obj, related: linked_data.article_data(base, obj),
    "person": lambda base, obj, related: linked_data.person_data(base, obj, related or ()),
    "conference": lambda base, obj, related: linked_data.conference_data(base, obj, related or ()),
    "series": lambda base, obj, related: linked_data.series_data(base, obj, related or ()),
    "agency": lambda base, obj, related: linked_data.agency_data(base, obj),
    "country": lambda base, obj, related: linked_data.country_data(base, obj),
    "body": lambda base, obj, related: linked_data.body_data(base, obj),
    "document": lambda base, obj, related: linked_data.document_data(base, obj),
    "website": lambda base, obj, related: linked_data.website_data(base),
}


@register.simple_tag(takes_context=True)
def json_ld(context, kind, obj=None, related=None):
    data = BUILDERS[kind](linked_data.base_url(context["request"]), obj, related)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


@register.simple_tag(takes_context=True)
def canonical_url(context, obj=None):
    """The absolute, canonical (Vietnamese) address of ``obj``, or of the page itself. On
    the page that refuses a host not in ALLOWED_HOSTS (a 400), the page's path alone: the
    host it was asked for is not the site's to name."""
    request = context["request"]
    try:
        if obj is not None:
            return linked_data.canonical(linked_data.base_url(request), obj)
        return request.build_absolute_uri(request.path)
    except DisallowedHost:
        return iri_to_uri(request.path)


@register.filter
def wikidata_url(qid):
    """``{{ obj.wikidata_id|wikidata_url }}``: the address of the item's Wikidata page."""
    return wikidata.wikidata_url(qid)
