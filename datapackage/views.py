"""The /data/ page, about the latest data package, and its files."""

import datetime
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from diplomacy_kb.linked_data import base_url

from .export import DESCRIPTOR, JSON_RESOURCE, ZIP_FILE, read_descriptor


def _folder() -> Path:
    return Path(settings.DATA_PACKAGE_DIR)


def _files(descriptor: dict) -> set[str]:
    """The only names /data/<name> serves: the package's own files."""
    paths = {r.get("path") for r in descriptor.get("resources", []) if isinstance(r, dict)}
    return {p for p in paths if isinstance(p, str)} | {DESCRIPTOR, ZIP_FILE}


@csrf_exempt  # GET and HEAD only: anything else is a 405, not the CSRF check's 403
@require_safe
@never_cache  # a new export changes the page without a change to the database
def data_package(request):
    descriptor = read_descriptor(_folder())
    context = {"descriptor": descriptor}
    if descriptor is not None:
        try:
            created = datetime.datetime.fromisoformat(descriptor["created"])
            zip_bytes = (_folder() / ZIP_FILE).stat().st_size
        except (KeyError, TypeError, ValueError, OSError):
            created, zip_bytes = None, None
        resources = descriptor.get("resources", [])
        context.update(
            created=created,
            zip_bytes=zip_bytes,
            tables=[r for r in resources if r.get("profile") == "tabular-data-resource"],
            whole=next((r for r in resources if r.get("name") == JSON_RESOURCE), None),
            licenses=descriptor.get("licenses", []),
            zip_name=ZIP_FILE,
            descriptor_name=DESCRIPTOR,
            origin=base_url(request),
        )
    return render(request, "datapackage/index.html", context)


@csrf_exempt  # GET and HEAD only: anything else is a 405, not the CSRF check's 403
@require_safe
@never_cache
def data_file(request, name):
    descriptor = read_descriptor(_folder())
    if descriptor is None or name not in _files(descriptor):
        raise Http404("No such file in the data package.")
    try:
        file = open(_folder() / name, "rb")  # FileResponse closes it
    except OSError:
        raise Http404("No such file in the data package.") from None
    download = name.rsplit("/", 1)[-1]
    if name == ZIP_FILE:
        download = f"diplomacy-kb-data-{descriptor.get('version', '')}.zip"
    content_types = {".csv": "text/csv; charset=utf-8", ".json": "application/json"}
    return FileResponse(
        file,
        as_attachment=name == ZIP_FILE,
        filename=download,
        content_type=content_types.get(Path(name).suffix),
    )
