"""``{% article_citation article %}``: the readable citation printed on an article's page.

It leaves out the date accessed: the page may be served from a cache on a later day. The
citation page and the downloads (articles.citation_views) state it."""

from django import template

from articles.citations import Citation

register = template.Library()


@register.simple_tag(takes_context=True)
def article_citation(context, article) -> str:
    request = context["request"]
    base_url = request.build_absolute_uri("/").rstrip("/")
    return Citation(article=article, base_url=base_url, accessed=None).text()
