"""``{% feed_url %}``: the address of the Atom (or RSS) feed of new articles for a view;
``{% list_citations_url "bib" %}``: the citations of the list's articles.

With parameters it names them (``{% feed_url person=person.slug %}``: an official's feed);
without, it is the feed of the article list the page shows: the list's parameters as the page
applies them, as its downloads take them (``exports.export_query``)."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from .exports import export_query

register = template.Library()


@register.simple_tag(takes_context=True)
def feed_url(context, kind="atom", **params):
    url = reverse("feed-rss" if kind == "rss" else "feed-atom")
    if not params:  # the list's own view, as its downloads take it
        return url + export_query(context)
    pairs = [(name, value) for name, value in params.items() if value]
    return f"{url}?{urlencode(pairs)}" if pairs else url


@register.simple_tag(takes_context=True)
def list_citations_url(context, fmt):
    """The citations of every article the list shows (all its pages), in ``fmt``."""
    return reverse("articles:list-citations", kwargs={"fmt": fmt}) + export_query(context)
