"""Settings come from the environment; production refuses a weak secret key and starts only
with its static files collected; `check --deploy` finds nothing to warn about; the lock files
pin every dependency pyproject.toml declares."""

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
STRONG_KEY = "Zq3v-7Lw9_kT2xN8pR4sB6yH1dF5gJ0cM-eU7aW3iO9nX2bV6tY4rE8qS1uK5hP0"
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": STRONG_KEY,
    "DJANGO_ALLOWED_HOSTS": "archive.example",
    "DJANGO_HTTPS": "1",
}


def environment(**env) -> dict[str, str]:
    """This process's environment without its DJANGO_ variables, plus ``env``."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "diplomacy_kb.settings",
        **env,
    }


def manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(**env),
        capture_output=True,
        text=True,
        check=False,
    )


def django_check(**env):
    return manage("check", **env)


# The settings settings_from_env() reports (as JSON; a timedelta as seconds).
REPORTED = (
    "DEBUG ALLOWED_HOSTS ADMIN_URL DB_REQUEST_TIMEOUT_MS SESSION_COOKIE_AGE "
    "SESSION_SAVE_EVERY_REQUEST AXES_FAILURE_LIMIT AXES_COOLOFF_TIME CLIENT_IP_HEADER "
    "SECURE_SSL_REDIRECT SECURE_HSTS_SECONDS SECURE_HSTS_INCLUDE_SUBDOMAINS SECURE_HSTS_PRELOAD "
    "SECURE_PROXY_SSL_HEADER CSRF_TRUSTED_ORIGINS SESSION_COOKIE_SECURE CSRF_COOKIE_SECURE "
    "CONTENT_SECURITY_POLICY CONTENT_SECURITY_POLICY_REPORT_ONLY STATIC_ROOT"
).split()


def settings_from_env(**env) -> dict:
    """The settings a process started with this environment gets (no other DJANGO_ variable)."""
    script = (
        "import json\n"
        "from django.conf import settings\n"
        f"names = {REPORTED!r}\n"
        "print(json.dumps({n: getattr(settings, n, None) for n in names}, default=lambda v: "
        "v.total_seconds() if hasattr(v, 'total_seconds') else str(v)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment(**env),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    "secret", [None, "", "django-insecure-development-key-do-not-use-in-production"]
)
def test_debug_off_refuses_a_missing_or_development_secret_key(secret):
    env = {"DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "archive.example"}
    if secret is not None:
        env["DJANGO_SECRET_KEY"] = secret
    result = django_check(**env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_debug_off_starts_with_a_real_secret_key():
    result = django_check(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="a-long-random-production-value-0123456789-abcdefghij",
        DJANGO_ALLOWED_HOSTS="archive.example",
    )
    assert result.returncode == 0, result.stderr


def test_a_malformed_debug_flag_is_named():
    result = django_check(DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be" in result.stderr


def test_database_url_selects_the_backend(monkeypatch):
    import dj_database_url

    config = dj_database_url.parse("postgres://kb:secret@db.internal:5432/archive")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
            "'diplomacy_kb.settings'); from django.conf import settings; "
            "print(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'])",
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": "postgres://kb:secret@db.internal:5432/archive"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "archive"]


@pytest.mark.parametrize("url", ["sqlite:////tmp/archive.sqlite3", "postgres://kb@db/archive"])
def test_a_workers_database_connection_is_kept_between_requests(url):
    """On both databases: a new connection per request started cold (on SQLite, nothing of
    the file mapped or cached, its schema unread)."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; "
            "print(settings.DATABASES['default']['CONN_MAX_AGE'])",
        ],
        cwd=ROOT,
        env=environment(DATABASE_URL=url),
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(result.stdout) == 60


@pytest.mark.parametrize(("value", "expected"), [(None, "0"), ("2", "2")])
def test_postgresql_runs_each_query_in_one_process_unless_told(value, expected):
    env = {"DATABASE_URL": "postgres://kb:secret@db.internal:5432/archive"}
    if value is not None:
        env["DJANGO_DB_PARALLEL_WORKERS"] = value
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; "
            "print(settings.DATABASES['default']['OPTIONS']['options'])",
        ],
        cwd=ROOT,
        env=environment(**env),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["-c", f"max_parallel_workers_per_gather={expected}"]
    assert "must be a number" in django_check(**{**env, "DJANGO_DB_PARALLEL_WORKERS": "x"}).stderr


# --- Production: a strong secret key, collected static files, no deployment warnings ---------


@pytest.mark.parametrize(
    ("secret", "problem"),
    [
        ("Zq3v-7Lw9_kT2xN8pR4sB6yH1dF5gJ0c", "is 32 characters long (at least 50 are needed)"),
        ("ab" * 30, "has fewer than 5 different characters"),
        ("changeme-" + STRONG_KEY, 'contains "changeme"'),
        ("Change_Me" + STRONG_KEY, 'contains "changeme"'),
        ("django-insecure-" + STRONG_KEY, "is the development key"),
    ],
)
def test_debug_off_refuses_a_weak_secret_key_and_says_how_to_make_one(secret, problem):
    result = django_check(
        DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="archive.example", DJANGO_SECRET_KEY=secret
    )
    assert result.returncode != 0
    assert f"DJANGO_SECRET_KEY {problem}." in result.stderr
    assert 'python -c "import secrets; print(secrets.token_urlsafe(50))"' in result.stderr
    assert secret not in result.stderr  # the key itself is never printed


def test_debug_on_accepts_the_development_key():
    assert settings_from_env(DJANGO_DEBUG="1")["DEBUG"] is True


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory):
    """STATIC_ROOT after `manage.py collectstatic` with production settings."""
    root = tmp_path_factory.mktemp("staticfiles")
    result = manage("collectstatic", "--no-input", "-v0", **PRODUCTION, DJANGO_STATIC_ROOT=root)
    assert result.returncode == 0, result.stderr
    assert (root / "staticfiles.json").is_file()
    return root


def test_check_deploy_gives_no_warning_with_production_settings(collected_static):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
        DJANGO_STATIC_ROOT=str(collected_static),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def start_web_app(**env):
    """Load the WSGI application the way gunicorn does."""
    return subprocess.run(
        [sys.executable, "-c", "import diplomacy_kb.wsgi; print('ready to serve')"],
        cwd=ROOT,
        env=environment(**env),
        capture_output=True,
        text=True,
        check=False,
    )


def test_without_collected_static_files_the_server_refuses_to_start(tmp_path):
    env = {**PRODUCTION, "DJANGO_STATIC_ROOT": str(tmp_path)}
    check = manage("check", "--deploy", **env)
    assert check.returncode != 0
    assert "(diplomacy_kb.E001) The static files have not been collected" in check.stderr
    assert "manage.py collectstatic" in check.stderr
    web = start_web_app(**env)
    assert web.returncode != 0
    assert "ready to serve" not in web.stdout
    assert "The static files have not been collected" in web.stderr
    assert "manage.py collectstatic" in web.stderr


def test_with_the_static_files_collected_the_server_starts(collected_static):
    web = start_web_app(**PRODUCTION, DJANGO_STATIC_ROOT=str(collected_static))
    assert web.returncode == 0, web.stderr
    assert "ready to serve" in web.stdout


def test_static_files_added_since_collectstatic_are_named(collected_static, tmp_path):
    manifest = json.loads((collected_static / "staticfiles.json").read_text())
    del manifest["paths"]["css/site.css"]
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    check = manage("check", "--deploy", **PRODUCTION, DJANGO_STATIC_ROOT=str(tmp_path))
    assert check.returncode != 0
    assert "(diplomacy_kb.E002)" in check.stderr
    assert "css/site.css" in check.stderr
    assert "manage.py collectstatic" in check.stderr


# --- What the environment sets ---------------------------------------------------------------


def test_the_defaults_are_safe():
    settings = settings_from_env()
    assert settings["ADMIN_URL"] == "admin/"
    assert settings["DB_REQUEST_TIMEOUT_MS"] == 5000
    assert settings["SESSION_COOKIE_AGE"] == 8 * 3600
    assert settings["SESSION_SAVE_EVERY_REQUEST"] is True
    assert settings["AXES_FAILURE_LIMIT"] == 5
    assert settings["AXES_COOLOFF_TIME"] == 30 * 60
    assert settings["CLIENT_IP_HEADER"] is None
    assert settings["SECURE_SSL_REDIRECT"] is False  # development: plain HTTP
    assert settings["SECURE_HSTS_SECONDS"] == 0
    assert settings["SECURE_PROXY_SSL_HEADER"] is None
    assert settings["CSRF_TRUSTED_ORIGINS"] == []
    assert settings["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["default-src"] == ["'self'"]
    assert settings["CONTENT_SECURITY_POLICY_REPORT_ONLY"] is None


def test_production_over_https_gets_hsts_redirects_and_secure_cookies():
    settings = settings_from_env(**PRODUCTION)
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SECURE_HSTS_SECONDS"] == 31_536_000
    assert settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert settings["SECURE_HSTS_PRELOAD"] is True
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["CSRF_COOKIE_SECURE"] is True
    assert settings["ALLOWED_HOSTS"] == ["archive.example"]


def test_every_setting_of_this_issue_follows_its_variable():
    settings = settings_from_env(
        **PRODUCTION,
        DJANGO_HSTS_SECONDS="3600",
        DJANGO_HSTS_INCLUDE_SUBDOMAINS="0",
        DJANGO_HSTS_PRELOAD="no",
        DJANGO_SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://archive.example, https://www.archive.example",
        DJANGO_ADMIN_URL="/ban-bien-tap/",
        DJANGO_DB_REQUEST_TIMEOUT_MS="2500",
        DJANGO_SESSION_IDLE_HOURS="4",
        DJANGO_LOGIN_FAILURE_LIMIT="10",
        DJANGO_LOGIN_COOLOFF_MINUTES="15",
        DJANGO_CLIENT_IP_HEADER="X-Real-IP",
        DJANGO_CSP_REPORT_ONLY="1",
        DJANGO_STATIC_ROOT="/srv/archive/static",
    )
    assert settings["SECURE_HSTS_SECONDS"] == 3600
    assert settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert settings["SECURE_HSTS_PRELOAD"] is False
    assert settings["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert settings["CSRF_TRUSTED_ORIGINS"] == [
        "https://archive.example",
        "https://www.archive.example",
    ]
    assert settings["ADMIN_URL"] == "ban-bien-tap/"
    assert settings["DB_REQUEST_TIMEOUT_MS"] == 2500
    assert settings["SESSION_COOKIE_AGE"] == 4 * 3600
    assert settings["AXES_FAILURE_LIMIT"] == 10
    assert settings["AXES_COOLOFF_TIME"] == 15 * 60
    assert settings["CLIENT_IP_HEADER"] == "HTTP_X_REAL_IP"
    assert settings["CONTENT_SECURITY_POLICY"] is None
    assert settings["CONTENT_SECURITY_POLICY_REPORT_ONLY"]["DIRECTIVES"]["script-src"] == ["'self'"]
    assert settings["STATIC_ROOT"] == "/srv/archive/static"
    custom = settings_from_env(DJANGO_SECURE_PROXY_SSL_HEADER="X-Forwarded-Ssl=on")
    assert custom["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_SSL", "on"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_DB_REQUEST_TIMEOUT_MS": "soon"}, "DJANGO_DB_REQUEST_TIMEOUT_MS must be a number"),
        ({"DJANGO_LOGIN_FAILURE_LIMIT": "0"}, "DJANGO_LOGIN_FAILURE_LIMIT must be at least 1"),
        ({"DJANGO_SESSION_IDLE_HOURS": "-1"}, "DJANGO_SESSION_IDLE_HOURS must be at least"),
        ({"DJANGO_ADMIN_URL": "en/admin/"}, "DJANGO_ADMIN_URL must be a plain path"),
        ({"DJANGO_ADMIN_URL": "quản trị/"}, "DJANGO_ADMIN_URL must be a plain path"),
        ({"DJANGO_HTTPS": "maybe"}, "DJANGO_HTTPS must be"),
    ],
)
def test_a_malformed_value_is_named(env, message):
    result = django_check(**env)
    assert result.returncode != 0
    assert message in result.stderr


# --- Reproducible installs -------------------------------------------------------------------


def pins(lock_file: str) -> dict[str, set[str]]:
    """{package: its locked versions} of a lock file; every entry must carry its hashes."""
    text = re.sub(r"\\\n", " ", (ROOT / lock_file).read_text())
    found: dict[str, set[str]] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        requirement_text, *hashes = line.split("--hash=")
        requirement = Requirement(requirement_text)
        assert hashes, f"{lock_file}: {requirement.name} has no hash"
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"{lock_file}: {requirement} is not pinned"
        found.setdefault(canonicalize_name(requirement.name), set()).add(specifier.version)
    return found


def test_the_lock_files_pin_every_dependency_of_pyproject_with_hashes():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = [Requirement(r) for r in project["dependencies"]]
    dev = [Requirement(r) for r in project["optional-dependencies"]["dev"]]
    production, development = pins("requirements.lock"), pins("requirements-dev.lock")
    for lock_file, locked, requirements in (
        ("requirements.lock", production, runtime),
        ("requirements-dev.lock", development, runtime + dev),
    ):
        for requirement in requirements:
            name = canonicalize_name(requirement.name)
            assert name in locked, f"{lock_file} lacks {name}: run `make lock`"
            for version in locked[name]:
                assert requirement.specifier.contains(version, prereleases=True), (
                    f"{lock_file} pins {name} {version}, outside {requirement}: run `make lock`"
                )
            assert {"pip", "setuptools"} <= set(locked)  # what `make install` runs with
    assert "psycopg-binary" in production  # psycopg[binary]
    assert all(development[name] == versions for name, versions in production.items())


def test_every_direct_dependency_has_an_upper_bound():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for text in project["dependencies"] + project["optional-dependencies"]["dev"]:
        operators = {specifier.operator for specifier in Requirement(text).specifier}
        assert operators & {"<", "<=", "==", "~="}, f"{text} has no upper bound"
