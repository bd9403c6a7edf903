"""What every request goes through besides Django's own middleware.

- ``SecurityHeadersMiddleware``: Permissions-Policy and Cross-Origin-Resource-Policy.
- ``RequireCollectedStaticFilesMiddleware``: the web process refuses to start without the
  collected static files (instead of answering every page with a 500).
- ``RejectNulCharactersMiddleware``: a NUL character in the address gets a 400.
- ``RequestTimeLimitMiddleware``: each request's database work has a time limit; past it
  the query is stopped and the page answers 503.
"""

import logging
import re
import sqlite3
import time
from contextlib import ExitStack
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, MiddlewareNotUsed
from django.db import OperationalError, connections
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found

logger = logging.getLogger(__name__)


class SecurityHeadersMiddleware:
    """Send the Permissions-Policy (settings.PERMISSIONS_POLICY: the browser features no page
    may use) and Cross-Origin-Resource-Policy headers, which Django does not send itself."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = {}
        if settings.PERMISSIONS_POLICY:
            self.headers["Permissions-Policy"] = ", ".join(
                f"{feature}=({' '.join(allowed)})"
                for feature, allowed in settings.PERMISSIONS_POLICY.items()
            )
        if settings.CROSS_ORIGIN_RESOURCE_POLICY:
            self.headers["Cross-Origin-Resource-Policy"] = settings.CROSS_ORIGIN_RESOURCE_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        for header, value in self.headers.items():
            response.headers.setdefault(header, value)
        return response


class RequireCollectedStaticFilesMiddleware:
    """Stop the web server at start when the static files have not been collected.

    With debug off, every page names its stylesheets through whitenoise's manifest: without
    ``manage.py collectstatic`` each would fail with a 500. A middleware is built once, when a
    web server (gunicorn, runserver, the test client) loads the site, and never by other
    management commands, so this is the place to refuse; it then leaves the chain.
    ``manage.py check --deploy`` reports the same (diplomacy_kb.checks).
    """

    def __init__(self, get_response):
        from diplomacy_kb.checks import static_files_errors

        errors = static_files_errors()
        if errors:
            raise ImproperlyConfigured("\n".join(f"{e.msg} {e.hint}" for e in errors))
        raise MiddlewareNotUsed


class RejectNulCharactersMiddleware:
    """Answer 400 with an explanation when the address holds a NUL character (%00).

    No page has a use for one, and PostgreSQL refuses NUL in text, so it is stopped here
    rather than in every form and filter.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return render(
                request,
                "400.html",
                {
                    "message": _(
                        "The address contains a NUL character (%00). Remove it and try again."
                    )
                },
                status=400,
            )
        return self.get_response(request)


def client_ip_address(request) -> str | None:
    """The client's address for the login lockout (django-axes): behind a reverse proxy, the
    right-most address of settings.CLIENT_IP_HEADER (the one the proxy itself added; those
    to its left come from the client and could be forged), else the connection's address."""
    if settings.CLIENT_IP_HEADER:
        forwarded = request.META.get(settings.CLIENT_IP_HEADER, "")
        addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
        if addresses:
            return addresses[-1]
    return request.META.get("REMOTE_ADDR")


# --- The database time limit of a request ---------------------------------------------------

# When the current request's database work must stop (time.monotonic()); None outside a
# request, so management commands are never cut.
_deadline: ContextVar[float | None] = ContextVar("request_database_deadline", default=None)

# SQLite calls the progress handler every this many virtual-machine instructions: here about
# every half millisecond of SQLite work, at a cost of about 1 % of its speed.
SQLITE_PROGRESS_STEPS = 10_000

# PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout (or by a cancel request).
QUERY_CANCELED = "57014"


class RequestTimeLimitExceeded(OperationalError):
    """A query the request would have started after its time limit had passed."""


def _past_deadline() -> bool:
    deadline = _deadline.get()
    return deadline is not None and time.monotonic() >= deadline


def _interrupt_past_deadline() -> int:
    return 1 if _past_deadline() else 0  # non-zero makes SQLite abort the statement


def limit_sqlite_connection(sender, connection, **kwargs):
    """connection_created receiver: SQLite aborts a statement ("interrupted") once the
    request it runs for is past its time limit. Outside a request the handler does nothing."""
    if connection.vendor == "sqlite":
        connection.connection.set_progress_handler(_interrupt_past_deadline, SQLITE_PROGRESS_STEPS)


def set_postgresql_statement_timeout(milliseconds: int) -> None:
    """Give every PostgreSQL connection this process opens from now on a statement_timeout:
    the server itself cancels a statement that runs longer. Passed as a connection option,
    it costs no query. Only web processes call this (see RequestTimeLimitMiddleware)."""
    for alias in connections:
        if connections[alias].vendor != "postgresql":
            continue
        options = connections.settings[alias].setdefault("OPTIONS", {})
        kept = re.sub(r"\s*-c\s*statement_timeout=\S*", "", options.get("options", "")).strip()
        options["options"] = f"{kept} -c statement_timeout={milliseconds}".strip()


def _refuse_past_deadline(execute, sql, params, many, context):
    if _past_deadline():
        raise RequestTimeLimitExceeded("the request's database time limit has passed")
    return execute(sql, params, many, context)


def is_time_limit_error(exception: BaseException) -> bool:
    if isinstance(exception, RequestTimeLimitExceeded):
        return True
    if not isinstance(exception, OperationalError):
        return False
    cause = exception.__cause__
    if getattr(cause, "sqlstate", None) == QUERY_CANCELED:  # psycopg
        return True
    return isinstance(cause, sqlite3.OperationalError) and str(cause) == "interrupted"


class RequestTimeLimitMiddleware:
    """Each request's database work stops after settings.DB_REQUEST_TIMEOUT_MS, and the page
    answers 503 with templates/503.html instead of keeping a worker and the database busy.

    - SQLite: a progress handler (installed on every connection by DiplomacyKbConfig.ready)
      interrupts the running statement once the request's deadline has passed.
    - PostgreSQL: ``statement_timeout``, given to the connections of the web process as a
      connection option when this middleware is built (a middleware is built only by a web
      server or the test client, never by a management command); the server cancels the
      statement. Connections are opened lazily, during the first request of each worker,
      so all the web process's connections have it; no request pays a query for it.
    - Both: no query starts once the request's deadline has passed.

    It is the innermost middleware: the session and messages saved by the middleware above it
    are not cut.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.limit = settings.DB_REQUEST_TIMEOUT_MS / 1000
        if not self.limit:
            raise MiddlewareNotUsed
        set_postgresql_statement_timeout(settings.DB_REQUEST_TIMEOUT_MS)

    def __call__(self, request):
        token = _deadline.set(time.monotonic() + self.limit)
        try:
            with ExitStack() as wrappers:
                for connection in connections.all():
                    wrappers.enter_context(connection.execute_wrapper(_refuse_past_deadline))
                return self.get_response(request)
        finally:
            _deadline.reset(token)

    def process_exception(self, request, exception):
        if not is_time_limit_error(exception):
            return None
        _deadline.set(None)  # whatever the error page needs is not cut
        logger.warning(
            "%s %s stopped: its database work took longer than %d ms (DJANGO_DB_REQUEST_"
            "TIMEOUT_MS); answered 503",
            request.method,
            request.get_full_path()[:200],
            settings.DB_REQUEST_TIMEOUT_MS,
        )
        return render(request, "503.html", status=503)


class SiteNotFoundPageMiddleware:
    """With DEBUG on, Django answers an unknown address with its technical 404 page, which
    lists the project's URL patterns: a reader of a development or demonstration server
    should meet the site's own page, as in production. Only 404s that are HTML become it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and response.get("Content-Type", "").startswith("text/html")
            and not getattr(response, "is_site_page", False)
        ):
            response = page_not_found(request, Http404())
            response.is_site_page = True
        return response
