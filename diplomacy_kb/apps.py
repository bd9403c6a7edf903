from django.apps import AppConfig
from django.db.backends.signals import connection_created


class DiplomacyKbConfig(AppConfig):
    name = "diplomacy_kb"

    def ready(self):
        from diplomacy_kb import checks  # noqa: F401  (registers the deployment checks)
        from diplomacy_kb.http_cache import watch_connection
        from diplomacy_kb.middleware import limit_sqlite_connection
        from diplomacy_kb.old_addresses import connect_signals as keep_old_addresses

        connection_created.connect(limit_sqlite_connection, dispatch_uid="limit_sqlite_connection")
        keep_old_addresses()  # a changed slug's old address redirects to the new one
        # Every write to the archive's tables makes the cached pages unreachable.
        connection_created.connect(watch_connection, dispatch_uid="http_cache_watch_connection")
