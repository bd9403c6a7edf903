"""Settings for Diplomacy KB, read from the environment with safe development defaults.

The README's "Configuration" and "Operations and security" sections list every variable.
The main ones:

DATABASE_URL          sqlite:///path or postgres://user:pass@host:port/name
                      (default: db.sqlite3 in the project folder)
DJANGO_DEBUG          "1"/"true" for development (default), "0"/"false" in production
DJANGO_SECRET_KEY     required when debug is off: 50+ random characters
DJANGO_ALLOWED_HOSTS  comma-separated host names (default with debug on: localhost names)
DJANGO_HTTPS          "1" behind TLS: redirect to https, HSTS, secure cookies
"""

import hashlib
import importlib.util
import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

DEVELOPMENT_SECRET_KEY = "django-insecure-development-key-do-not-use-in-production"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    normalized = value.strip().lower()
    if normalized in {"1", "true", "yes", "on"}:
        return True
    if normalized in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off; got {value!r}.")


def env_number(name: str, default: float, *, minimum: float = 0) -> float:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number; got {value!r}.") from None
    if not number >= minimum:  # also refuses nan
        raise ImproperlyConfigured(f"{name} must be at least {minimum:g}; got {value!r}.")
    return number


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def secret_key_problem(key: str) -> str | None:
    """Why ``key`` would be a weak secret key in production, or None if it is not."""
    if not key:
        return "is missing"
    if key == DEVELOPMENT_SECRET_KEY or key.startswith("django-insecure"):
        return "is the development key"
    if "changeme" in key.lower().replace("-", "").replace("_", ""):
        return 'contains "changeme"'
    if len(key) < 50:
        return f"is {len(key)} characters long (at least 50 are needed)"
    if len(set(key)) < 5:
        return "has fewer than 5 different characters"
    return None


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip()
if DEBUG:
    SECRET_KEY = SECRET_KEY or DEVELOPMENT_SECRET_KEY
elif problem := secret_key_problem(SECRET_KEY):
    raise ImproperlyConfigured(
        f"DJANGO_SECRET_KEY {problem}. With DJANGO_DEBUG off the site refuses to start with a "
        "weak key: set DJANGO_SECRET_KEY to a long random value, e.g. the output of: "
        'python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS and DEBUG:
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "reversion",
    "axes",
    "csp",
    "diplomacy_kb",
    "people",
    "events",
    "articles",
    "figures",
    "datapackage",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "diplomacy_kb.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "diplomacy_kb.middleware.RequireCollectedStaticFilesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the session, locale, CSRF, auth and messages middleware, to see the cookies and
    # headers they add; inside the security and CSP middleware, whose headers a page served
    # from the cache gets afresh.
    "diplomacy_kb.http_cache.HttpCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "diplomacy_kb.middleware.SiteNotFoundPageMiddleware",
    "diplomacy_kb.middleware.RejectNulCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # A page's old address (its slug changed) answers 301 to the new one, in its language.
    "diplomacy_kb.old_addresses.OldAddressMiddleware",
    # Innermost, so that its time limit covers the view and the template, not the session
    # save of the middleware above.
    "diplomacy_kb.middleware.RequestTimeLimitMiddleware",
]

ROOT_URLCONF = "diplomacy_kb.urls"
CSRF_FAILURE_VIEW = "diplomacy_kb.views.csrf_failure"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "diplomacy_kb.wsgi.application"

SQLITE_MMAP_BYTES = 0x7FFF0000  # SQLITE_MAX_MMAP_SIZE's default: a larger value is lowered to it

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Foreign keys and a busy timeout; WAL keeps readers and the importer out of each other's way.
    # The file is read through a memory map (up to SQLite's default bound of 2 GiB): each request
    # opens a connection whose own page cache starts empty, and would otherwise copy every page
    # it reads from the system's cache (a third of a busy list page's time at 100,000 articles).
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            f"PRAGMA mmap_size={SQLITE_MMAP_BYTES};",
        }
    )
    # The connection is kept from one request to the next (CONN_MAX_AGE, 60 s as on
    # PostgreSQL): a gunicorn worker serves one request at a time, and a new connection per
    # request started with nothing of the file cached or mapped and its schema unread (the
    # list with a common word at 100,000 articles: 161 → 125 ms under gunicorn). SQLite sees
    # other processes' writes at the start of each transaction, as any connection does.
else:
    # PostgreSQL's parallel workers per query (max_parallel_workers_per_gather), 0 by default:
    # a page's queries read a few thousand rows by index, where starting workers costs more
    # than it saves (a common word's others: 60 ms with two workers, 40 ms without), and under
    # load the workers take the cores the web workers need.
    parallel = int(env_number("DJANGO_DB_PARALLEL_WORKERS", 0))
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = (
        f"{options.get('options', '')} -c max_parallel_workers_per_gather={parallel}".strip()
    )

# The database work of one web request stops after this many milliseconds and the page
# answers 503 (diplomacy_kb.middleware.RequestTimeLimitMiddleware); 0 turns the limit off.
# Management commands (imports, rebuilds) are never cut.
DB_REQUEST_TIMEOUT_MS = int(env_number("DJANGO_DB_REQUEST_TIMEOUT_MS", 5000))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- HTTP caching (diplomacy_kb/http_cache.py) -------------------------------------------------

# How long browsers and proxies may keep a public page before asking again (the answer to
# that question is usually a 304). Anonymous visitors only; 0: ask every time.
CACHE_MAX_AGE = int(env_number("DJANGO_CACHE_MAX_AGE", 60))
# How long the server keeps a rendered page; every change to the archive makes the kept
# pages unreachable at once, so this only bounds the disk or memory used. 0: no page cache.
PAGE_CACHE_SECONDS = int(env_number("DJANGO_PAGE_CACHE_SECONDS", 86_400))

# Two caches: "default" holds the archive's marker (its last change), "pages" the rendered
# pages, so that trimming the pages never drops the marker. Their keys are set apart by
# database, so that two sites (or a site and its tests) sharing a cache never mix pages.
_database = DATABASES["default"]
_cache_namespace = hashlib.sha256(
    "|".join(str(_database.get(k) or "") for k in ("ENGINE", "HOST", "PORT", "NAME")).encode()
).hexdigest()[:12]
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    # Several machines, or a cache that survives a deployment: one Redis for all.
    if importlib.util.find_spec("redis") is None:
        raise ImproperlyConfigured(
            "REDIS_URL is set but the redis package is not installed: pip install redis "
            "(or unset REDIS_URL to keep the cache in files)."
        )
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"diplomacy-kb:{_cache_namespace}:{alias}",
        }
        for alias in ("default", "pages")
    }
else:
    # Files, shared by every web process and management command of one machine: no write to
    # the archive's database for a page view (on SQLite it would wait for an import's lock).
    _cache_dir = os.environ.get("DJANGO_CACHE_DIR", "").strip() or os.path.join(
        os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.expanduser("~/.cache"),
        "diplomacy-kb",
    )
    CACHE_DIR = Path(_cache_dir) / _cache_namespace
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_DIR / "default",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_DIR / "pages",
            # Past this many pages a third are dropped (reaching it takes a crawler).
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Staff sign-in and sessions --------------------------------------------------------------

# The admin's address, so that it is not where every robot looks first. Both the Vietnamese
# (/<ADMIN_URL>) and the English (/en/<ADMIN_URL>) admin follow it.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "").strip().strip("/") + "/"
if ADMIN_URL == "/":
    ADMIN_URL = "admin/"
if any(c.isspace() or c in "?#%\\" for c in ADMIN_URL) or ADMIN_URL.startswith("en/"):
    raise ImproperlyConfigured(
        f"DJANGO_ADMIN_URL must be a plain path such as 'staff/' (not under 'en/'); "
        f"got {ADMIN_URL!r}."
    )

# django-axes: after LOGIN_FAILURE_LIMIT wrong passwords for one username from one address,
# that pair is locked out for the cool-off (each further try starts it again). Unlock early
# with `manage.py axes_reset_username NAME` (or axes_reset_ip, axes_reset).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env_number("DJANGO_LOGIN_FAILURE_LIMIT", 5, minimum=1))
AXES_COOLOFF_TIME = timedelta(minutes=env_number("DJANGO_LOGIN_COOLOFF_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "diplomacy_kb.views.login_locked_out"
AXES_CLIENT_IP_CALLABLE = "diplomacy_kb.middleware.client_ip_address"
# The attempts are not shown in the admin (its pages would need a Vietnamese translation);
# the axes_list_attempts and axes_reset* commands show and clear them.
AXES_ENABLE_ADMIN = False
# Behind a reverse proxy every request comes from the proxy's address: name the header in
# which the proxy passes the client's (its right-most address is used), e.g. X-Forwarded-For.
_client_ip_header = os.environ.get("DJANGO_CLIENT_IP_HEADER", "").strip()
CLIENT_IP_HEADER = (
    "HTTP_" + _client_ip_header.upper().replace("-", "_").removeprefix("HTTP_")
    if _client_ip_header
    else None
)

# A staff session ends after a working day without a request; each request starts the
# day again. Anonymous visitors have no session, so the public pages write nothing.
SESSION_COOKIE_AGE = int(env_number("DJANGO_SESSION_IDLE_HOURS", 8, minimum=0.01) * 3600)
SESSION_SAVE_EVERY_REQUEST = True

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", "").strip() or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- HTTP security headers and TLS ----------------------------------------------------------

# DJANGO_HTTPS=1 for a site served over TLS (directly or behind a TLS proxy): plain-HTTP
# requests are redirected, browsers are told to use HTTPS only (HSTS), cookies are secure.
HTTPS = env_bool("DJANGO_HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = int(env_number("DJANGO_HSTS_SECONDS", 31_536_000)) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", HTTPS or not DEBUG)

# Behind a TLS proxy: the header the proxy sets on HTTPS requests ("X-Forwarded-Proto", its
# value "https"; or "Name=value"). Only when the proxy always sets or strips it.
_proxy_ssl_header = os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", "").strip()
if _proxy_ssl_header:
    _name, _, _value = _proxy_ssl_header.partition("=")
    _name = _name.strip().upper().replace("-", "_").removeprefix("HTTP_")
    SECURE_PROXY_SSL_HEADER = (f"HTTP_{_name}", _value.strip() or "https")

# Origins (with their scheme) from which forms may be posted when they differ from the
# address the request arrives at, e.g. https://archive.example behind a proxy.
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# diplomacy_kb.middleware.SecurityHeadersMiddleware sends these two.
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

# Content-Security-Policy (django-csp 4): everything from the site itself, no inline script
# or style. DJANGO_CSP_REPORT_ONLY=1 sends it as Content-Security-Policy-Report-Only (the
# browser reports what it would block, to DJANGO_CSP_REPORT_URI if set, and blocks nothing).
_csp = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if _csp_report_uri := os.environ.get("DJANGO_CSP_REPORT_URI", "").strip():
    _csp["DIRECTIVES"]["report-uri"] = [_csp_report_uri]
if env_bool("DJANGO_CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY = None
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _csp
else:
    CONTENT_SECURITY_POLICY = _csp

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# The seed fixtures: the curated file and the raw texts it names.
SEED_FILE = BASE_DIR / "fixtures" / "seed.toml"

# The archive's own country (ISO 3166-1 alpha-2): an agency recorded without a country is
# one of its agencies (Agency.country is set only for foreign bodies).
HOME_COUNTRY_CODE = "VN"

# --- The data download (datapackage/: `manage.py export_data`, the /data/ page) ---------------

# Where `export_data` writes the package by default, and from where /data/ serves it.
DATA_PACKAGE_DIR = Path(
    os.environ.get("DJANGO_DATA_PACKAGE_DIR", "").strip() or BASE_DIR / "var" / "data-package"
)
# The package's licences, as Frictionless lists them (/data/ links them), and the note on
# the rights in it, written into its description.
DATA_PACKAGE_LICENSES = [
    {
        "name": "CC-BY-4.0",
        "title": "Creative Commons Attribution 4.0 International",
        "path": "https://creativecommons.org/licenses/by/4.0/",
    }
]
DATA_PACKAGE_RIGHTS = (
    "The metadata (the tables, the links between articles and what they name) is released "
    "under CC BY 4.0; the articles' texts remain the copyright of the outlets that published "
    "them, each credited in its row."
)

# --- The JSON API (api/: Django REST framework, drf-spectacular) --------------------------------

INSTALLED_APPS += ["rest_framework", "drf_spectacular", "api"]
# Inside the security and CSP middleware, outside the HTTP cache: the CORS headers of /api/
# reach the responses the cache serves and its 304s too.
MIDDLEWARE.insert(
    MIDDLEWARE.index("csp.middleware.CSPMiddleware") + 1, "api.middleware.ApiMiddleware"
)

# Requests an anonymous client (one address, see DJANGO_CLIENT_IP_HEADER) may make to the API:
# "120/min", "5/s", "2000/hour", "20000/day". Past it the API answers 429 with Retry-After.
API_ANON_RATE = os.environ.get("DJANGO_API_ANON_RATE", "").strip() or "120/min"
if not re.fullmatch(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)", API_ANON_RATE):
    raise ImproperlyConfigured(
        "DJANGO_API_ANON_RATE must be a number of requests per second, minute, hour or day, "
        f'such as "120/min" or "5000/day"; got {API_ANON_RATE!r}.'
    )

REST_FRAMEWORK = {
    # Read-only and anonymous: JSON only (no browsable API, whose pages the CSP would break),
    # no request bodies, no sign-in.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ArchiveAnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": API_ANON_RATE},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "URL_FORMAT_OVERRIDE": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Diplomacy KB API",
    "DESCRIPTION": (
        "A read-only JSON API over the public archive of Vietnamese press articles on Viet "
        "Nam's foreign affairs: articles, interview answers, officials, agencies, countries, "
        "multilateral bodies, conference series, conferences and policy documents. Drafts "
        "never appear."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/",
    # Several models have a "kind": one enumeration name each.
    "ENUM_NAME_OVERRIDES": {
        "ArticleKindEnum": "articles.models.Article.Kind",
        "SegmentKindEnum": "articles.models.Segment.Kind",
        "DocumentKindEnum": "articles.models.Document.Kind",
        "AgencyKindEnum": "people.models.Agency.Kind",
        "BodyKindEnum": "people.models.Body.Kind",
        "ConferenceKindEnum": "events.models.Conference.Kind",
    },
}
