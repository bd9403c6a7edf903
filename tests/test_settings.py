"""Settings come from the environment; production refuses a development secret key."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def django_check(**env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


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
