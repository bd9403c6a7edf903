from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from articles.seed import SeedError
from articles.services import seed_import


class Command(BaseCommand):
    help = "Import the curated seed articles (fixtures/seed.toml and its texts); safe to re-run."

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

    def handle(self, *args, path, dry_run, **options):
        # The command speaks English, whatever the site's default language.
        with translation.override("en"):
            try:
                report = seed_import(path=Path(path), dry_run=dry_run)
            except SeedError as exc:
                raise CommandError(str(exc)) from None
            for line in report.lines():
                self.stdout.write(f"  {line}")
        if dry_run:
            verdict = "would change the database" if report.changed else "would change nothing"
            self.stdout.write(self.style.WARNING(f"Dry run: the import {verdict}; nothing saved."))
        elif report.changed:
            self.stdout.write(self.style.SUCCESS("Imported the seed articles."))
        else:
            self.stdout.write(self.style.SUCCESS("Nothing to do: the database already matches."))
