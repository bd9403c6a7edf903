"""``{% feed_url %}``: the address of the Atom (or RSS) feed of new articles for a view;
``{% list_citations_url "bib" %}``: the citations of the list's articles.

With parameters it names them (``{% feed_url person=person.slug %}``: an official's feed);
without, it is the feed of the article list the page shows, with the list's filters and
without its paging or order."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

register = template.Library()

# The article list's parameters that choose articles (articles.filters.ArticleFilter).
LIST_FILTERS = (
    "q",
    "publication",
    "kind",
    "year",
    "date_from",
    "date_to",
    "person",
    "agency",
    "country",
    "body",
    "conference",
    "document",
)


def _list_pairs(context) -> list[tuple[str, str]]:
    query = context["request"].GET
    return [(name, value) for name in LIST_FILTERS for value in query.getlist(name)[:10]]


@register.simple_tag(takes_context=True)
def feed_url(context, kind="atom", **params):
    url = reverse("feed-rss" if kind == "rss" else "feed-atom")
    if params:
        pairs = [(name, value) for name, value in params.items() if value]
    else:
        pairs = _list_pairs(context)
    return f"{url}?{urlencode(pairs)}" if pairs else url


@register.simple_tag(takes_context=True)
def list_citations_url(context, fmt):
    """The citations of every article the list shows (all its pages), in ``fmt``."""
    url = reverse("articles:list-citations", kwargs={"fmt": fmt})
    pairs = _list_pairs(context)
    return f"{url}?{urlencode(pairs)}" if pairs else url
