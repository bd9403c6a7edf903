from django import template

from figures.models import KeyFigure

register = template.Library()


@register.simple_tag
def article_key_figures(article) -> list[KeyFigure]:
    """The figures ``article`` states, in reading order: one query, whatever their number.
    The page showing them decides whether the article may be seen (drafts: staff only)."""
    return list(
        KeyFigure.objects.filter(article=article)
        .select_related("topic", "segment")
        .order_by("segment__position", "pk")
    )
