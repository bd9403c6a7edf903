from django.core.management.base import BaseCommand
from django.db import transaction

from articles.models import SearchEntry
from articles.search_index import rebuild


class Command(BaseCommand):
    help = "Rebuild the full-text search index from the database (safe to re-run)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--from-scratch",
            action="store_true",
            help="Empty the index first instead of correcting it in place.",
        )

    def handle(self, *args, from_scratch, **options):
        with transaction.atomic():
            writes = rebuild(from_scratch=from_scratch)
        total = SearchEntry.objects.count()
        self.stdout.write(
            self.style.SUCCESS(f"Search index rebuilt: {writes} rows written, {total} entries.")
        )
