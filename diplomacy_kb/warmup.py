"""What a web worker would otherwise do on its first request of each kind, done once in the
gunicorn master before it forks the workers (``when_ready`` in gunicorn.conf.py, with
``preload_app``): every worker starts with the site's templates compiled, its addresses
resolved and both languages' translations loaded. A worker's first visit to a page type
cost 25–120 ms more than the next (compiling that page's templates), on every worker and
again after each worker is replaced (``GUNICORN_MAX_REQUESTS``).

Then what is loaded is set aside from the garbage collector (``gc.freeze``): a worker's
collections, several a request on a page that reads thousands of rows, no longer walk the
site's code and compiled templates each time (a few milliseconds a page), and leave the
pages the master's objects are in shared with it rather than copied into each worker.

Nothing here opens a database connection: one opened in the master would be shared by the
forked workers.
"""

from __future__ import annotations

import gc
import logging
from pathlib import Path

from django.conf import settings
from django.template import TemplateSyntaxError, engines
from django.template.utils import get_app_template_dirs
from django.urls import reverse
from django.utils import translation

logger = logging.getLogger(__name__)

TEMPLATE_SUFFIXES = (".html", ".txt", ".xml")


def template_names() -> list[str]:
    """The names of the templates of the site's folders and its apps' (admin's included)."""
    folders = [Path(folder) for template in settings.TEMPLATES for folder in template["DIRS"]]
    folders += [Path(folder) for folder in get_app_template_dirs("templates")]
    return sorted(
        {
            path.relative_to(folder).as_posix()
            for folder in folders
            for path in folder.rglob("*")
            if path.suffix in TEMPLATE_SUFFIXES
        }
    )


def warm() -> int:
    """Compile every template into the template engines' caches, resolve the addresses and
    load the translations; return how many templates were compiled."""
    compiled = 0
    for engine in engines.all():
        for name in template_names():
            try:
                engine.get_template(name)
            except TemplateSyntaxError as error:  # a fragment that only compiles in context
                logger.debug("not compiled in advance: %s (%s)", name, error)
            else:
                compiled += 1
    for code, _name in settings.LANGUAGES:
        with translation.override(code):  # the addresses are kept per language
            translation.gettext("Articles")
            reverse("home")
    return compiled


def set_aside() -> int:
    """Move every object the process holds out of the garbage collector's reach, for good
    (``gc.freeze``); return how many are now set aside."""
    gc.freeze()
    return gc.get_freeze_count()
