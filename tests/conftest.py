from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import caches as django_caches
from django.test import override_settings
from django.utils import translation

from articles.roles import EDITOR_GROUP
from tests.seed_snapshot import seeded_database

SEED_FILE = Path(settings.SEED_FILE)
FILE_CACHE = "django.core.cache.backends.filebased.FileBasedCache"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Vietnamese: a request under /en/ leaves English active in the
    test's thread, which would change what ``reverse()`` returns afterwards."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seeded(db):
    """The five seed articles, imported the way `manage.py import_seed` does (the first
    time in a run; later tests get the same rows back faster, see tests/seed_snapshot.py)."""
    return seeded_database(SEED_FILE)


@pytest.fixture
def editor(db, django_user_model):
    """A staff user in the Editors group (articles.roles), as the migrations create it."""
    user = django_user_model.objects.create_user("bientap", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(scope="session", autouse=True)
def _own_http_cache(tmp_path_factory):
    """This test run's own caches, in files as by default (even with REDIS_URL set, whose
    server the tests must not empty): runs on other databases, or by other people in the
    same checkout, never share pages or the archive marker with it."""
    caches = {
        alias: {**config, "BACKEND": FILE_CACHE, "LOCATION": str(tmp_path_factory.mktemp(alias))}
        for alias, config in settings.CACHES.items()
    }
    with override_settings(CACHES=caches):
        yield


@pytest.fixture(autouse=True)
def _empty_http_cache():
    """The database is rolled back after each test, the page cache is not: each test starts
    without kept pages (within a test, every write makes them unreachable, as in use)."""
    for cache in django_caches.all():
        cache.clear()
