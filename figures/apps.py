from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    name = "figures"
    verbose_name = _("key figures")

    def ready(self):
        # The seed import's sections for key figures (figures/seed.py registers them).
        from . import seed  # noqa: F401
