from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from datapackage.export import DESCRIPTOR, ZIP_FILE, ExportError, package_export


class Command(BaseCommand):
    help = "Write the public data package (Frictionless: datapackage.json, CSV, JSON, a zip)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="The folder to write it to (default: settings.DATA_PACKAGE_DIR, which /data/ "
            "serves; DJANGO_DATA_PACKAGE_DIR sets it).",
        )

    def handle(self, *args, output, verbosity, **options):
        output = output or settings.DATA_PACKAGE_DIR
        progress = (lambda line: self.stdout.write(f"  {line}")) if verbosity > 1 else None
        try:
            report = package_export(output=output, progress=progress)
        except ExportError as exc:
            raise CommandError(str(exc)) from None
        descriptor = report.descriptor
        rows = sum(r.get("rows", 0) for r in descriptor["resources"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Data package {descriptor['version']} written to {report.path}: "
                f"{len(descriptor['resources']) - 1} tables, {rows} rows; {DESCRIPTOR} and "
                f"{ZIP_FILE} ({report.zip_bytes / 1_000_000:.1f} MB)."
            )
        )
