"""``{% feed_url %}``: the address of the Atom (or RSS) feed of new articles for a view.

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


@register.simple_tag(takes_context=True)
def feed_url(context, kind="atom", **params):
    url = reverse("feed-rss" if kind == "rss" else "feed-atom")
    if params:
        pairs = [(name, value) for name, value in params.items() if value]
    else:
        query = context["request"].GET
        pairs = [(name, value) for name in LIST_FILTERS for value in query.getlist(name)[:10]]
    return f"{url}?{urlencode(pairs)}" if pairs else url
