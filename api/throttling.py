"""A rate limit per client address for anonymous API clients."""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from diplomacy_kb.middleware import client_ip_address


class ArchiveAnonRateThrottle(AnonRateThrottle):
    """DRF's anonymous throttle (counts kept in the ``default`` cache), with two changes:

    - the client is the address the login lock-out uses (``DJANGO_CLIENT_IP_HEADER``), not
      the whole X-Forwarded-For header, which a client could vary to escape the limit;
    - the rate is read from the settings at each request, not once at import, so that a
      test (or a settings change) takes effect.
    """

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_ip_address(request) or ""
