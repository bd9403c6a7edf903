from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The read-only JSON API at /api/: the public archive's data for programs."""

    name = "api"
    verbose_name = _("JSON API")

    def ready(self):
        from . import schema  # noqa: F401 -- registers the filters' OpenAPI extension
