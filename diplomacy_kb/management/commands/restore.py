from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from diplomacy_kb.backups import BackupError, backup_restore, counts


class Command(BaseCommand):
    help = "Restore a backup made by `backup` into an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup to restore (a .zip made by `backup`).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace what the database holds with the backup (it is deleted).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Read the whole backup and check it against this database; write nothing.",
        )

    def handle(self, *args, file, force, check, verbosity, **options):
        progress = (lambda line: self.stdout.write(f"  {line}")) if verbosity > 1 else None
        with translation.override("en"):
            try:
                report = backup_restore(
                    path=Path(file), force=force, check_only=check, progress=progress
                )
            except BackupError as exc:
                raise CommandError(str(exc)) from None
        manifest, rows = report.manifest, counts(report.manifest)
        made = f"made {manifest['created']} from {manifest['database']}"
        if check:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{file} is a whole backup ({made}, {sum(rows.values())} rows) that this "
                    "database can take. Nothing was written."
                )
            )
            return
        if report.replaced:
            replaced = sum(report.replaced.values())
            self.stdout.write(self.style.WARNING(f"Deleted the {replaced} rows it held before."))
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(warning))
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {file} ({made}): {rows['articles.article']} articles, "
                f"{rows['people.person']} people, {rows['events.conference']} conferences, "
                f"{rows['reversion.revision']} revisions, {rows['auth.user']} users; "
                f"{sum(rows.values())} rows in all, as the manifest counts them. Search index "
                f"rebuilt ({report.search_entries} entries); text fingerprints of "
                f"{report.fingerprinted} articles rebuilt."
            )
        )
        self.stdout.write("Sessions are not backed up: users log in again.")
