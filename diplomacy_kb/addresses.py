"""The addresses of the pages about one thing (an article, an official, an agency …), built
without resolving the route each time.

``reverse()`` walks the route table on every call, 30–40 µs; the officials A–Z asks for two
hundred addresses (each official, the agencies of their titles, the articles attesting
them), a list for a hundred. Here each route's address is worked out once per language
(and script prefix) with a stand-in slug, which the real one replaces: a slug the route's
``slug`` converter takes needs no escaping, so the result is what ``reverse()`` gives. Any
other value goes through ``reverse()`` itself.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")  # django.urls.converters.SlugConverter's
_STAND_IN = "slug-stand-in"


@lru_cache(maxsize=512)
def _address(viewname: str, language: str | None, prefix: str) -> str:
    return reverse(viewname, kwargs={"slug": _STAND_IN})


def slug_url(viewname: str, slug: str) -> str:
    """``reverse(viewname, kwargs={"slug": slug})``, from the route's address kept for the
    active language."""
    if not isinstance(slug, str) or not _SLUG.match(slug):
        return reverse(viewname, kwargs={"slug": slug})
    address = _address(viewname, get_language(), get_script_prefix())
    return address.replace(_STAND_IN, slug, 1)


@receiver(setting_changed)
def _forget(setting, **kwargs):
    """A test that changes the routes or the languages gets addresses made afresh."""
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "FORCE_SCRIPT_NAME"}:
        _address.cache_clear()
