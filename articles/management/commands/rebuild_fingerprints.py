from django.core.management.base import BaseCommand, CommandError

from articles.ingest.duplicates import rebuild_fingerprints
from articles.models import FingerprintBand


class Command(BaseCommand):
    help = "Recompute the text fingerprints that find duplicate articles (safe to re-run)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=500,
            help="Articles read and written at a time (memory use follows it).",
        )

    def handle(self, *args, batch_size, **options):
        if batch_size < 1:
            raise CommandError(f"--batch-size must be 1 or more, not {batch_size}.")
        read, changed = rebuild_fingerprints(batch_size=batch_size)
        fingerprinted = FingerprintBand.objects.values("article_id").distinct().count()
        message = f"Text fingerprints rebuilt: {read} articles read, {changed} updated"
        if fingerprinted < read:
            message += f", {read - fingerprinted} too short to compare"
        self.stdout.write(self.style.SUCCESS(message + "."))
