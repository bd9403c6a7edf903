"""System checks for a deployment (``manage.py check --deploy``)."""

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.checks import Error, Tags, register
from django.core.files.storage import storages
from django.utils.module_loading import import_string

COLLECTSTATIC_HINT = (
    "Run `python manage.py collectstatic --no-input` with the server's settings "
    "(DJANGO_DEBUG=0, and DJANGO_STATIC_ROOT if it is set) before starting the server."
)


def static_files_errors() -> list[Error]:
    """With a manifest storage (debug off), the manifest collectstatic writes must exist and
    name every static file: a page naming a file it lacks would fail with a 500."""
    backend = import_string(settings.STORAGES["staticfiles"]["BACKEND"])
    if not issubclass(backend, ManifestFilesMixin):
        return []
    where = f"{settings.STATIC_ROOT}/{backend.manifest_name}"
    try:
        storage = storages["staticfiles"]  # reads the manifest
        if storage.read_manifest() is None:
            return [
                Error(
                    f"The static files have not been collected: {where} is missing.",
                    hint=COLLECTSTATIC_HINT,
                    id="diplomacy_kb.E001",
                )
            ]
        collected, _hash = storage.load_manifest()
    except ValueError as error:
        return [
            Error(
                f"{where} cannot be read: {error}.", hint=COLLECTSTATIC_HINT, id="diplomacy_kb.E001"
            )
        ]
    ignore_patterns = apps.get_app_config("staticfiles").ignore_patterns
    missing = sorted(
        {
            f"{source.prefix}/{path}" if getattr(source, "prefix", None) else path
            for finder in get_finders()
            for path, source in finder.list(ignore_patterns)
        }
        - set(collected)
    )
    if missing:
        shown = ", ".join(missing[:5]) + (
            f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        )
        return [
            Error(
                f"The static files were collected before these were added: {shown}.",
                hint=COLLECTSTATIC_HINT,
                id="diplomacy_kb.E002",
            )
        ]
    return []


@register(Tags.staticfiles, deploy=True)
def check_static_files_collected(app_configs, **kwargs):
    return static_files_errors()
