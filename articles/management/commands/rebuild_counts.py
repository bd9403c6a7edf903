from django.core.management.base import BaseCommand, CommandError

from articles.summary import rebuild_counts, tables_hold_triggers


class Command(BaseCommand):
    help = "Recount the published articles kept per year, outlet, kind and entity (safe to re-run)."

    def handle(self, *args, **options):
        if not tables_hold_triggers():
            raise CommandError(
                "The triggers that keep the counts are missing: run `manage.py migrate articles` "
                "(migration 0011_tallies creates them), then this command again."
            )
        writes = rebuild_counts()
        self.stdout.write(self.style.SUCCESS(f"Counts rebuilt: {writes} rows written."))
