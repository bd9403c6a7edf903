from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from diplomacy_kb.backups import BackupError, backup_create, counts


class Command(BaseCommand):
    help = "Back up everything the archive holds (but derived data) to one zip file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup to write, e.g. diplomacy-kb-2026-11-26.zip.")

    def handle(self, *args, file, verbosity, **options):
        progress = (lambda line: self.stdout.write(f"  {line}")) if verbosity > 1 else None
        with translation.override("en"):
            try:
                report = backup_create(path=Path(file), progress=progress)
            except BackupError as exc:
                raise CommandError(str(exc)) from None
        rows = counts(report.manifest)
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up to {report.path} ({report.size / 1_000_000:.1f} MB): "
                f"{rows['articles.article']} articles, {rows['people.person']} people, "
                f"{rows['events.conference']} conferences, {rows['reversion.revision']} "
                f"revisions, {rows['auth.user']} users; {sum(rows.values())} rows in all."
            )
        )
        self.stdout.write(f"Restore it into an empty, migrated database with: restore {file}")
