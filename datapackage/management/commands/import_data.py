from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from datapackage.load import LoadError, package_import


class Command(BaseCommand):
    help = "Load a data package made by export_data (its folder or zip) into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The package's folder or zip file.")

    def handle(self, *args, path, verbosity, **options):
        progress = (lambda line: self.stdout.write(f"  {line}")) if verbosity > 1 else None
        try:
            report = package_import(path=path, progress=progress)
        except LoadError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Data package {report.descriptor.get('version')} loaded from {path}: "
                f"{len(report.rows)} tables, {sum(report.rows.values())} rows; the search "
                "index, the fingerprints and the counts rebuilt."
            )
        )
