from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from articles.services import seed_import

SEED_FILE = Path(settings.SEED_FILE)


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
    """The five seed articles, imported the way `manage.py import_seed` does."""
    return seed_import(path=SEED_FILE)
