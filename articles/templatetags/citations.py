"""``{% article_citation article %}``: the readable citation printed on an article's page.

It leaves out the date accessed: the page may be served from a cache on a later day. The
citation page and the downloads (articles.citation_views) state it."""

from django import template

from articles.citations import Citation
from diplomacy_kb.linked_data import base_url

register = template.Library()


@register.simple_tag(takes_context=True)
def article_citation(context, article) -> str:
    return Citation(article=article, base_url=base_url(context["request"]), accessed=None).text()
