from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from articles.seed import SeedError
from articles.services import seed_import


class Command(BaseCommand):
    help = (
        "Import the curated seed articles (fixtures/seed.toml and its texts); safe to re-run: "
        "rows edited or deleted since the last import are kept as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            default=str(settings.SEED_FILE),
            help="The seed file (default: fixtures/seed.toml).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check everything and report what would change, without writing.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "Overwrite rows edited since the last import with the seed's values, and "
                "re-create deleted ones, listing each; with --dry-run, only list them."
            ),
        )

    def handle(self, *args, path, dry_run, force, **options):
        # The command speaks English, whatever the site's default language.
        with translation.override("en"):
            try:
                report = seed_import(path=Path(path), dry_run=dry_run, force=force)
            except SeedError as exc:
                raise CommandError(str(exc)) from None
        for line in report.lines():
            self.stdout.write(f"  {line}")
        for status, note in report.notes:
            style = self.style.WARNING if status == "kept" else None
            self.stdout.write(f"  {note}", style_func=style)
        recorded = report.count("recorded")
        if recorded:
            self.stdout.write(
                f"{recorded} rows already held the seed's values but had no record of an "
                "import (imported by an earlier version of it, or entered by hand): recorded."
            )
        if report.kept:
            self.stdout.write(
                self.style.WARNING(
                    f"Kept {report.kept} rows as they are (see above); import_seed --force "
                    "overwrites them, --force --dry-run shows what it would change."
                )
            )
        if dry_run:
            verdict = "would change the database" if report.changed else "would change nothing"
            self.stdout.write(self.style.WARNING(f"Dry run: the import {verdict}; nothing saved."))
        elif report.changed_rows:
            self.stdout.write(self.style.SUCCESS("Imported the seed articles."))
        elif report.kept:
            self.stdout.write(self.style.SUCCESS("Nothing else to do: the rest matches the seed."))
        else:
            self.stdout.write(self.style.SUCCESS("Nothing to do: the database already matches."))
