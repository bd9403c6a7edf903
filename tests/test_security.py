"""Safe to run in public: each request's database work has a time limit; staff sign-in is
throttled and staff sessions end after a working day idle; the admin's address is
configurable; every response carries the security headers; the site works behind a TLS proxy.

The settings a deployment gets from its environment are read in a subprocess
(``tests.test_settings.settings_from_env``) and applied here, so these tests exercise the values
the environment really produces.
"""

import functools
import importlib
import os
import re
import subprocess
import sys
from datetime import timedelta
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.test import Client
from django.urls import clear_url_caches, reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

import diplomacy_kb.urls
from diplomacy_kb.middleware import (
    client_ip_address,
    is_time_limit_error,
    set_postgresql_statement_timeout,
)
from tests.factories import ArticleFactory
from tests.pages import public_pages
from tests.test_html_validity import vnu  # noqa: F401  (the Nu HTML Checker fixture)
from tests.test_settings import ROOT, STRONG_KEY, settings_from_env

POSTGRESQL = connection.vendor == "postgresql"

# --- The database time limit of a request ---------------------------------------------------

# A query that runs for seconds unless it is stopped: ten million rows counted on SQLite (about
# ten seconds on this machine), five seconds of sleep on PostgreSQL.
SLOW_QUERY = (
    "SELECT pg_sleep(5)"
    if POSTGRESQL
    else "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000000) "
    "SELECT count(*) FROM n"
)
# The limit these tests set: far below SLOW_QUERY, far above a page's ordinary queries.
LIMIT_MS = 500
# Longer than the limit set here, and finite: what a management command may take.
LONG_QUERY = (
    "SELECT 1000000 FROM pg_sleep(1)"
    if POSTGRESQL
    else "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000) "
    "SELECT count(*) FROM n"
)


# On PostgreSQL the time-limit tests run in a transactional database, so that they may close
# the connection: the statement_timeout is an option of the connections opened after the web
# middleware was built, as in a web server's worker.
time_limit_database = pytest.mark.django_db(transaction=POSTGRESQL)


@pytest.fixture
def time_limit(settings):
    """Set DJANGO_DB_REQUEST_TIMEOUT_MS for this test (in milliseconds); the next Client
    builds its middleware with it."""
    original = settings.DB_REQUEST_TIMEOUT_MS

    def set_limit(milliseconds):
        settings.DB_REQUEST_TIMEOUT_MS = milliseconds
        if POSTGRESQL:
            connection.close()

    yield set_limit
    if POSTGRESQL:  # the next tests' connections get the usual limit
        set_postgresql_statement_timeout(original)
        connection.close()


@pytest.fixture
def slow_page(monkeypatch):
    """An article whose page runs SLOW_QUERY (for its related articles): ``.url`` is its
    address, ``.outcome`` what became of the query ("finished" or the error that stopped it)."""
    page = SimpleNamespace(url=None, outcome=[])

    def slow_related_articles(article, **kwargs):
        with connection.cursor() as cursor:
            try:
                cursor.execute(SLOW_QUERY)
            except Exception as error:
                page.outcome.append(error)
                raise
        page.outcome.append("finished")
        return []

    monkeypatch.setattr("articles.views.related_articles", slow_related_articles)
    page.url = ArticleFactory(title="Bài viết chạy chậm").get_absolute_url()
    return page


def shown_in(language, message):
    with translation.override(language):
        return escape(gettext(message))


@time_limit_database
@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_page_past_the_database_time_limit_gets_the_friendly_503(
    time_limit, slow_page, language, caplog
):
    time_limit(LIMIT_MS)
    prefix = "/en" if language == "en" else ""
    response = Client().get(prefix + slow_page.url)
    assert response.status_code == 503
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{shown_in(language, 'The page took too long')}</h1>" in html
    assert shown_in(language, "Go to the home page") in html
    assert "Bài viết chạy chậm" not in html
    # The operators' log says which request was stopped and why.
    assert f"GET {prefix}{slow_page.url} stopped" in caplog.text
    assert f"longer than {LIMIT_MS} ms" in caplog.text


@time_limit_database
def test_the_limit_stops_the_query_itself(time_limit, slow_page):
    time_limit(LIMIT_MS)
    assert Client().get(slow_page.url).status_code == 503
    # The slow query did not finish: the database stopped it (SQLite's progress handler
    # interrupted it, PostgreSQL's statement_timeout cancelled it).
    (error,) = slow_page.outcome
    assert is_time_limit_error(error), error
    assert str(error.__cause__).startswith("interrupted" if not POSTGRESQL else "canceling")
    with connection.cursor() as cursor:
        if POSTGRESQL:
            # The server cancels the statement itself: the web connection carries the limit.
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == f"{LIMIT_MS}ms"
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%%'"
            )
            assert cursor.fetchone()[0] == 0
        else:
            # SQLite's progress handler interrupted the statement; the connection goes on.
            cursor.execute("SELECT count(*) FROM articles_article")
            assert cursor.fetchone()[0] == 1


@time_limit_database
def test_the_503_page_is_valid_html(time_limit, slow_page, vnu):  # noqa: F811
    time_limit(LIMIT_MS)
    documents = {
        language: Client().get(prefix + slow_page.url).content.decode()
        for language, prefix in (("vi", ""), ("en", "/en"))
    }
    assert vnu(documents) == {"vi": [], "en": []}


def test_a_normal_page_is_not_cut(client, db):
    assert django_settings.DB_REQUEST_TIMEOUT_MS == 5000  # the default: a few seconds
    article = ArticleFactory(title="Bài viết bình thường")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Bài viết bình thường" in response.content.decode()


# On PostgreSQL the limit belongs to the web process's connections, and a command runs in a
# process of its own: the next test shows it there. In one process only SQLite can show it.
@time_limit_database
def _command_after_a_cut_request_is_not_cut(time_limit, slow_page, capsys):
    time_limit(LIMIT_MS)
    assert Client().get(slow_page.url).status_code == 503
    call_command(
        "shell",
        command="from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        f"    cursor.execute({LONG_QUERY!r})\n"
        "    print('counted', cursor.fetchone()[0])",
    )
    assert "counted 1000000" in capsys.readouterr().out


if not POSTGRESQL:
    test_a_management_command_after_a_cut_request_is_not_cut = (
        _command_after_a_cut_request_is_not_cut
    )


def test_a_management_command_is_not_cut(tmp_path):
    code = (
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        f"    cursor.execute({LONG_QUERY!r})\n"
        "    print('counted', cursor.fetchone()[0])\n"
        "    if connection.vendor == 'postgresql':\n"
        "        cursor.execute('SHOW statement_timeout')\n"
        "        print('statement_timeout', cursor.fetchone()[0])\n"
    )
    environment = {**os.environ, "DJANGO_DB_REQUEST_TIMEOUT_MS": "1"}
    if not POSTGRESQL:
        environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'command.sqlite3'}"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "counted 1000000" in result.stdout
    if POSTGRESQL:
        assert "statement_timeout 0" in result.stdout


# --- Staff sign-in: throttling and sessions -------------------------------------------------

PASSWORD = "a correct horse battery staple"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)


def sign_in(client, password, language=""):
    return client.post(
        language + reverse("admin:login"),
        {"username": "editor", "password": password, "next": reverse("admin:index")},
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def lock_out(client):
    for attempt in range(django_settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"wrong {attempt}")
    assert AccessAttempt.objects.exists()


def test_fifty_wrong_passwords_lock_the_account_and_then_the_right_one_fails(client, editor):
    statuses = [sign_in(client, f"wrong {attempt}").status_code for attempt in range(50)]
    limit = django_settings.AXES_FAILURE_LIMIT
    assert limit == 5
    # The sign-in form answers the first wrong passwords; from the limit on, the lockout.
    assert statuses == [200] * (limit - 1) + [429] * (50 - limit + 1)
    response = sign_in(client, PASSWORD, language="/en")
    assert response.status_code == 429
    assert not signed_in(client)
    html = response.content.decode()
    assert "This account is locked after too many failed sign-in attempts" in html
    assert "Try again in 30 minutes, or ask an administrator to unlock it." in html
    assert client.get(reverse("admin:index")).status_code == 302  # to the sign-in page


def test_the_right_password_signs_in_after_the_cool_off(client, editor):
    lock_out(client)
    assert sign_in(client, PASSWORD).status_code == 429
    # Half an hour and a minute go by.
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - django_settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    )
    response = sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert signed_in(client)


def test_an_administrator_unlocks_an_account_with_axes_reset_username(client, editor):
    lock_out(client)
    call_command("axes_reset_username", "editor")
    assert sign_in(client, PASSWORD).status_code == 302
    assert signed_in(client)


def test_the_lockout_holds_the_username_from_that_address_only(client, editor):
    lock_out(client)
    assert sign_in(client, PASSWORD).status_code == 429
    elsewhere = Client(REMOTE_ADDR="203.0.113.7")
    assert sign_in(elsewhere, PASSWORD).status_code == 302
    assert signed_in(elsewhere)


def test_behind_a_proxy_the_address_is_the_one_the_proxy_added(settings, rf):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.4", REMOTE_ADDR="127.0.0.1")
    assert client_ip_address(request) == "127.0.0.1"
    settings.CLIENT_IP_HEADER = settings_from_env(DJANGO_CLIENT_IP_HEADER="X-Forwarded-For")[
        "CLIENT_IP_HEADER"
    ]
    # The right-most address is the one the proxy added; the rest came from the client.
    assert client_ip_address(request) == "198.51.100.4"


def test_a_staff_session_idle_for_a_working_day_is_signed_out(client, editor):
    age = timedelta(seconds=django_settings.SESSION_COOKIE_AGE)
    assert age == timedelta(hours=8)
    client.force_login(editor)
    before = timezone.now()
    assert client.get(reverse("admin:index")).status_code == 200
    session = Session.objects.get()
    assert before + age <= session.expire_date <= timezone.now() + age
    # Eight hours and a second without a request.
    Session.objects.update(expire_date=F("expire_date") - age - timedelta(seconds=1))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_each_request_starts_the_working_day_again(client, editor):
    client.force_login(editor)
    # Seven hours and 59 minutes without a request: one minute left.
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=1))
    before = timezone.now()
    assert client.get(reverse("admin:index")).status_code == 200
    age = timedelta(seconds=django_settings.SESSION_COOKIE_AGE)
    assert Session.objects.get().expire_date >= before + age


# --- The admin's address --------------------------------------------------------------------


@pytest.fixture
def admin_at(settings):
    """Serve the admin at another address, as DJANGO_ADMIN_URL would."""
    original = settings.ADMIN_URL

    def move(address):
        settings.ADMIN_URL = settings_from_env(DJANGO_ADMIN_URL=address)["ADMIN_URL"]
        importlib.reload(diplomacy_kb.urls)
        clear_url_caches()

    yield move
    settings.ADMIN_URL = original
    importlib.reload(diplomacy_kb.urls)
    clear_url_caches()


def test_the_admin_answers_at_the_configured_address_and_not_at_the_default(
    client, editor, admin_at
):
    admin_at("/ban-bien-tap/")
    assert reverse("admin:index") == "/ban-bien-tap/"
    html = client.get("/ban-bien-tap/login/").content.decode()
    assert '<html lang="vi"' in html
    assert 'href="/en/ban-bien-tap/login/"' in html  # the same page in English
    response = sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/ban-bien-tap/"
    assert client.get("/ban-bien-tap/").status_code == 200
    assert 'action="/en/ban-bien-tap/logout/"' in client.get("/en/ban-bien-tap/").content.decode()
    for old in ("/admin/", "/admin/login/", "/en/admin/", "/en/admin/login/"):
        response = client.get(old)
        assert response.status_code == 404, old
    assert "Page not found" in client.get("/en/admin/").content.decode()


# --- Security headers -----------------------------------------------------------------------

STRICT_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def directives(policy: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


@pytest.mark.parametrize("address", ["/", "/en/articles/", "/admin/login/", "/khong-co-trang-nay/"])
def test_every_response_carries_the_security_headers(client, db, address):
    response = client.get(address)
    assert directives(response["Content-Security-Policy"]) == STRICT_POLICY
    assert "unsafe" not in response["Content-Security-Policy"]
    assert "Content-Security-Policy-Report-Only" not in response
    permissions = response["Permissions-Policy"].split(", ")
    assert {"camera=()", "geolocation=()", "microphone=()", "payment=()"} <= set(permissions)
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response  # not over plain HTTP


def test_the_policy_can_be_sent_report_only(client, db, settings):
    from_env = settings_from_env(
        DJANGO_CSP_REPORT_ONLY="1", DJANGO_CSP_REPORT_URI="https://reports.example/csp"
    )
    settings.CONTENT_SECURITY_POLICY = from_env["CONTENT_SECURITY_POLICY"]
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = from_env["CONTENT_SECURITY_POLICY_REPORT_ONLY"]
    response = client.get("/")
    assert "Content-Security-Policy" not in response
    assert directives(response["Content-Security-Policy-Report-Only"]) == {
        **STRICT_POLICY,
        "report-uri": "https://reports.example/csp",
    }


class InlineCode(HTMLParser):
    """Collects what a strict Content-Security-Policy blocks: inline scripts, <style> blocks,
    style and event-handler attributes, javascript: addresses."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        script_type = (attributes.get("type") or "text/javascript").lower()
        if tag == "script" and "src" not in attributes and "json" not in script_type:
            self.found.append(f"line {self.getpos()[0]}: inline <script>")
        if tag == "style":
            self.found.append(f"line {self.getpos()[0]}: <style> block")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"line {self.getpos()[0]}: <{tag} {name}=…>")
            elif name in ("href", "src", "action") and (value or "").startswith("javascript:"):
                self.found.append(f"line {self.getpos()[0]}: <{tag} {name}=javascript:…>")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def test_the_checker_finds_inline_code():
    html = (
        '<script>alert(1)</script><script src="/s.js"></script><style>p{}</style>'
        '<p style="color:red" onclick="x()"><a href="javascript:void(0)">a</a>'
        '<script type="application/json">{}</script>'
    )
    assert len(inline_code(html)) == 5


def test_the_public_pages_have_no_inline_script_or_style(client, seeded):
    found = {}
    for label, address in public_pages():
        if problems := inline_code(client.get(address).content.decode()):
            found[label] = problems
    assert found == {}


def test_the_admin_pages_have_no_inline_script_or_style(admin_client, seeded):
    from articles.models import Article

    article = Article.objects.first()
    found = {}
    for address in (
        reverse("admin:login"),
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_add_from_text"),
    ):
        if problems := inline_code(admin_client.get(address).content.decode()):
            found[address] = problems
    assert found == {}


# --- HTTPS, and behind a TLS proxy ----------------------------------------------------------

BEHIND_TLS_PROXY = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": STRONG_KEY,
    "DJANGO_ALLOWED_HOSTS": "archive.example,archive.internal",
    "DJANGO_HTTPS": "1",
    "DJANGO_SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://archive.example",
}
SECURITY_SETTINGS = (
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "CSRF_TRUSTED_ORIGINS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
)


@functools.cache
def production_settings():
    return settings_from_env(**BEHIND_TLS_PROXY)


@pytest.fixture
def behind_tls_proxy(settings):
    """The settings of a deployment behind a TLS proxy, from its environment (BEHIND_TLS_PROXY)."""
    for name in SECURITY_SETTINGS:
        value = production_settings()[name]
        setattr(settings, name, tuple(value) if name == "SECURE_PROXY_SSL_HEADER" else value)


def test_plain_http_is_redirected_to_https_and_https_gets_hsts(behind_tls_proxy, db):
    client = Client(HTTP_HOST="archive.example")
    response = client.get("/articles/?year=2020")
    assert response.status_code == 301
    assert response["Location"] == "https://archive.example/articles/?year=2020"
    response = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_staff_sign_in_works_behind_the_tls_proxy_with_csrf_checks(behind_tls_proxy, editor):
    # The proxy passes its own host name and X-Forwarded-Proto; the browser's Origin is the
    # public address, which CSRF_TRUSTED_ORIGINS names.
    client = Client(
        enforce_csrf_checks=True,
        HTTP_HOST="archive.internal",
        headers={"X-Forwarded-Proto": "https"},
    )
    login = reverse("admin:login")
    page = client.get(reverse("admin:index"), follow=True)  # to the sign-in page
    assert page.status_code == 200
    assert page.cookies["csrftoken"]["secure"]
    html = page.content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    form = {
        "username": "editor",
        "password": PASSWORD,
        "csrfmiddlewaretoken": token,
        "next": re.search(r'name="next" value="([^"]+)"', html)[1],
    }

    forged = client.post(login, form, headers={"Origin": "https://elsewhere.example"})
    assert forged.status_code == 403
    assert not signed_in(client)

    response = client.post(login, form, headers={"Origin": "https://archive.example"})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert response.cookies["sessionid"]["secure"]
    assert signed_in(client)
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize(
    "path", ["/", "/articles/?q=hợp+tác", "/en/officials/", "/api/v1/articles/"]
)
def test_a_host_the_site_does_not_serve_gets_a_400_not_a_500(client, db, settings, path):
    # With debug off, ALLOWED_HOSTS names the site's hosts; a request for another (a scanner,
    # a misrouted proxy) is refused as a bad request, whose page must not name that host.
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["archive.example"]
    client.raise_request_exception = False
    response = client.get(path, HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert b"evil.example" not in response.content
