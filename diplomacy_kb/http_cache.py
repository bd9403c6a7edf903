"""HTTP caching of the public pages for anonymous visitors.

- The *archive marker*: a random token and the time of the archive's last change, kept in
  the ``default`` cache (shared by every web process and the importers). Every write to a
  table of ``people``, ``events`` or ``articles`` makes a new token; nothing else does.
- ``HttpCacheMiddleware``: an anonymous GET or HEAD of a public page gets
  ``Cache-Control: public, max-age=settings.CACHE_MAX_AGE``, an ``ETag`` and a
  ``Last-Modified`` derived from the marker, and is kept in the ``pages`` cache under the
  marker's token, the page's language and its full address; a conditional GET answers 304.
  Every other response is ``private, no-store``.

Writes are caught where they reach the database, by an execute wrapper on every connection
(``watch_connection``, connected to ``connection_created`` by DiplomacyKbConfig.ready):
model saves and deletes, ``bulk_create``, ``QuerySet.update()``, raw SQL, the importers and
``manage.py restore`` alike, so no code path can forget to invalidate. Inside a transaction
the token changes at once (for the connection's own later reads) and again when the
transaction commits (a page another process rendered from the data as it was before the
commit, and kept under the first new token, is then out of reach); rolled back, the
transaction has only cost a cache miss. A token is random, never a counter, so two
processes changing it at the same moment can never make an older token current again.
"""

import functools
import hashlib
import logging
import re
import threading
import time
import uuid
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import cc_delim_re, get_conditional_response, patch_cache_control
from django.utils.http import http_date

logger = logging.getLogger(__name__)

MARKER_CACHE = "default"
PAGE_CACHE = "pages"
MARKER_KEY = "archive-changed"

# The apps whose rows the public pages show; any write to one of their tables is a change.
ARCHIVE_APPS = ("people", "events", "articles")

# Kept with a page: every header the view and the middleware inside this one set, but these,
# which are set anew from the marker each time. (A response that sets a cookie is not kept.)
FRESH_HEADERS = {"cache-control", "etag", "expires", "last-modified"}

_thread = threading.local()


def _now() -> float:
    return time.time()


# --- The archive marker -----------------------------------------------------------------------


@dataclass(frozen=True)
class Marker:
    token: str
    changed_at: float  # seconds since the epoch


def archive_marker() -> Marker:
    """The archive's current marker; a new one if the cache has lost it (a new token leaves
    every page kept so far out of reach, so a lost marker costs misses, never stale pages)."""
    cache = caches[MARKER_CACHE]
    value = cache.get(MARKER_KEY)
    if value is None:
        value = (uuid.uuid4().hex, _now())
        if not cache.add(MARKER_KEY, value, timeout=None):
            value = cache.get(MARKER_KEY) or value
    _thread.read_since_change = True
    return Marker(*value)


def _new_token() -> None:
    try:
        caches[MARKER_CACHE].set(MARKER_KEY, (uuid.uuid4().hex, _now()), timeout=None)
    except Exception:
        # The page cache is most likely down too; say so loudly, the change itself stands.
        logger.exception("The archive changed but its marker could not be renewed")
    _thread.read_since_change = False


def _new_token_after_commit() -> None:
    _new_token()


def archive_changed(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Make every kept page unreachable: called after each write to an archive table."""
    connection = connections[using]
    if not connection.in_atomic_block:
        _new_token()  # autocommit: the write is committed already
        return
    # run_on_commit holds (savepoint ids, callback, robust); a savepoint rolled back takes
    # its callbacks with it, so the next write registers again.
    if not any(entry[1] is _new_token_after_commit for entry in connection.run_on_commit):
        connection.on_commit(_new_token_after_commit, robust=True)
        _new_token()
    elif getattr(_thread, "read_since_change", True):
        # This connection has read a page since the last new token: its next read must see
        # the rows written since. Other connections see them only after the commit.
        _new_token()


# --- Catching the writes ----------------------------------------------------------------------

_WRITE = re.compile(
    r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+[`"]?(\w+)',
    re.IGNORECASE,
)
_TRUNCATE = re.compile(r"\s*TRUNCATE\b", re.IGNORECASE)
_QUOTED_NAME = re.compile(r'"(\w+)"')


@functools.cache
def archive_tables() -> frozenset[str]:
    tables = set()
    for label in ARCHIVE_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            tables.add(model._meta.db_table)
    return frozenset(tables)


def _is_archive_table(table: str) -> bool:
    # The prefix also covers tables no model describes, like the full-text index.
    return table in archive_tables() or table.startswith(tuple(f"{a}_" for a in ARCHIVE_APPS))


def writes_archive(sql: str) -> bool:
    """Whether the statement writes rows of the archive (INSERT, UPDATE, DELETE, TRUNCATE)."""
    head = sql[:12].lstrip()[:6].upper()
    if head not in ("INSERT", "UPDATE", "DELETE", "REPLAC", "TRUNCA"):
        return False  # SELECT, SAVEPOINT, ...: the common case, decided on six characters
    if _TRUNCATE.match(sql):
        return any(_is_archive_table(name) for name in _QUOTED_NAME.findall(sql))
    match = _WRITE.match(sql)
    return bool(match) and _is_archive_table(match[1])


def _archive_write_watcher(alias: str):
    def watch(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if writes_archive(sql):
            archive_changed(using=alias)
        return result

    watch.watches_archive = True
    return watch


def watch_connection(sender, connection, **kwargs):
    """connection_created receiver: every write to an archive table renews the marker.

    Put first in the list: ``connection.execute_wrapper()`` (the request time limit) pops
    the last wrapper when it ends, which must stay its own."""
    if not any(getattr(w, "watches_archive", False) for w in connection.execute_wrappers):
        connection.execute_wrappers.insert(0, _archive_write_watcher(connection.alias))


# --- The middleware ---------------------------------------------------------------------------


def page_language(request) -> str:
    """The language LocaleMiddleware will choose for ``request``, decided the same way."""
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    i18n_patterns_used, prefixed_default_language = is_language_prefix_patterns_used(urlconf)
    from_path = translation.get_language_from_path(request.path_info)
    if i18n_patterns_used and not from_path and not prefixed_default_language:
        return settings.LANGUAGE_CODE
    return translation.get_language_from_request(request, check_path=i18n_patterns_used)


def language_from_path(request) -> bool:
    """Whether the address alone decides the page's language (i18n_patterns), as here: then
    the browser's Accept-Language and the language cookie change nothing."""
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    i18n_patterns_used, prefixed_default_language = is_language_prefix_patterns_used(urlconf)
    return i18n_patterns_used and (
        not prefixed_default_language or bool(translation.get_language_from_path(request.path_info))
    )


def admin_paths() -> tuple[str, ...]:
    prefixes = [""] + [f"/{code}" for code, _ in settings.LANGUAGES]
    return tuple(f"{prefix}/{settings.ADMIN_URL}" for prefix in prefixes)


def _private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


def _rejected_part_of_query(request, response) -> bool:
    """The page ignored some of the query string and says so."""
    if not request.GET:
        return False
    context = getattr(response, "context_data", None) or {}
    if context.get("ignored"):
        return True
    for name in ("filter", "filterset"):
        filterset = context.get(name)
        if filterset is not None and getattr(filterset, "is_bound", True):
            if getattr(filterset, "ignored", None):
                return True
    return False


class HttpCacheMiddleware:
    """Public pages cached for anonymous visitors, by browsers, proxies and the server.

    Placed outside the session, locale, CSRF, authentication and messages middleware, so that
    it sees the cookies and headers they add; inside the security and CSP middleware, so that
    a page served from the cache still gets their headers as they are now.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.anonymous_read(request):
            return _private(self.get_response(request))
        try:
            address = request.build_absolute_uri()
        except DisallowedHost:
            return _private(self.get_response(request))  # CommonMiddleware answers 400
        marker = archive_marker()
        language = page_language(request)
        digest = hashlib.sha256(f"{marker.token}|{language}|{address}".encode()).hexdigest()
        key = f"page:{digest}"
        cache = caches[PAGE_CACHE] if settings.PAGE_CACHE_SECONDS else None

        entry = self._cache_get(cache, key)
        if entry is not None:
            response = HttpResponse(entry[0], status=200)
            for header, value in entry[1]:
                response.headers[header] = value
        else:
            response = self.get_response(request)
            if not self.public_page(request, response):
                if self.view_decided(response):
                    return response
                return _private(response)
            if cache is not None and request.method == "GET":
                headers = [
                    (header, value)
                    for header, value in response.headers.items()
                    if header.lower() not in FRESH_HEADERS
                ]
                self._cache_set(cache, key, (response.content, headers))

        response.headers["Cache-Control"] = f"public, max-age={settings.CACHE_MAX_AGE}"
        self.patch_vary(request, response)
        response.headers["ETag"] = f'W/"{digest[:32]}"'
        last_modified = self.last_modified(marker)
        if last_modified is not None:
            response.headers["Last-Modified"] = http_date(last_modified)
        conditional = get_conditional_response(
            request, etag=response["ETag"], last_modified=last_modified, response=response
        )
        if conditional.status_code >= 400:
            return _private(conditional)
        return conditional

    @staticmethod
    def anonymous_read(request) -> bool:
        """A GET or HEAD outside the admin, without a session or messages cookie: the page can
        neither differ by visitor nor be the answer meant for a signed-in user."""
        return (
            request.method in ("GET", "HEAD")
            and not request.path_info.startswith(admin_paths())
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and CookieStorage.cookie_name not in request.COOKIES
        )

    @staticmethod
    def public_page(request, response) -> bool:
        """Whether the answer may be kept and shared: a plain 200 page that sets no cookie,
        used no CSRF token, shows no message, and accepted its whole query string."""
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if response.has_header("Cache-Control"):
            return False  # the view decided itself (see view_decided)
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False
        storage = getattr(request, "_messages", None)
        if storage is not None and (storage.used or storage.added_new):
            return False
        match = request.resolver_match
        if match is not None and "admin" in match.namespaces:
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        return not _rejected_part_of_query(request, response)

    @staticmethod
    def view_decided(response) -> bool:
        """A page whose view set its own Cache-Control (e.g. never_cache) keeps it."""
        return (
            response.status_code == 200
            and response.has_header("Cache-Control")
            and not response.cookies
        )

    @staticmethod
    def patch_vary(request, response) -> None:
        """Vary on Cookie: a session cookie turns the page into a private answer, so a copy
        kept for an anonymous visitor must not be reused once they sign in. Not on
        Accept-Language when the address decides the language (LocaleMiddleware adds it to
        the pages without a language prefix regardless): /en/... is English and the rest
        Vietnamese whatever the browser asks, and the address is part of every cache key."""
        fields = [f for f in cc_delim_re.split(response.get("Vary", "")) if f]
        if language_from_path(request):
            fields = [f for f in fields if f.lower() != "accept-language"]
        if "cookie" not in {f.lower() for f in fields}:
            fields.append("Cookie")
        response.headers["Vary"] = ", ".join(fields)

    @staticmethod
    def last_modified(marker: Marker) -> int | None:
        """The second of the last change, once that second is over. Within it, another change
        could follow under the same one-second date, and a client sending it back in
        If-Modified-Since would get a 304 for a page that changed: then the ETag alone."""
        second = int(marker.changed_at)
        return second if second < int(_now()) else None

    @staticmethod
    def _cache_get(cache, key):
        if cache is None:
            return None
        try:
            return cache.get(key)
        except Exception:
            logger.exception("The page cache could not be read; the page is rendered")
            return None

    @staticmethod
    def _cache_set(cache, key, entry) -> None:
        try:
            cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
        except Exception:
            logger.exception("The page could not be kept in the page cache")
