"""The project's own rows: the addresses pages had before their slug changed."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class OldSlug(models.Model):
    """A slug a public page was once reached by. Its old address answers 301 to the page's
    address now (diplomacy_kb.old_addresses), so links and citations keep working."""

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of page"), on_delete=models.CASCADE
    )
    slug = models.CharField(_("old slug"), max_length=200)
    object_id = models.PositiveBigIntegerField(_("row"))
    replaced_at = models.DateTimeField(_("replaced"), auto_now=True)

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")
        constraints = [
            models.UniqueConstraint(fields=("content_type", "slug"), name="old_slug_unique"),
        ]

    def __str__(self):
        return f"{self.content_type.model}: {self.slug}"
