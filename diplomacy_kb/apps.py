from django.apps import AppConfig
from django.db.backends.signals import connection_created


class DiplomacyKbConfig(AppConfig):
    name = "diplomacy_kb"

    def ready(self):
        from diplomacy_kb import checks  # noqa: F401  (registers the deployment checks)
        from diplomacy_kb.middleware import limit_sqlite_connection

        connection_created.connect(limit_sqlite_connection, dispatch_uid="limit_sqlite_connection")
