from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("articles")

    def ready(self):
        from .fingerprints import connect_signals as connect_fingerprint_signals
        from .search_index import connect_signals

        connect_signals()
        connect_fingerprint_signals()
