from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from articles.ingest.evaluation import evaluate


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


class Command(BaseCommand):
    help = "Score the ingestion on the hand-annotated texts of fixtures/eval/ (run on the seeds)."

    def add_arguments(self, parser):
        parser.add_argument(
            "folder", nargs="?", default=str(Path(settings.BASE_DIR) / "fixtures" / "eval")
        )
        parser.add_argument("--verbose", action="store_true", help="List misses and extras.")

    def handle(self, *args, folder, verbose, **options):
        with translation.override("en"):
            scores, total = evaluate(Path(folder))
        header = (
            f"{'text':<58} {'Q/A':>9} {'speakers':>9} {'furniture':>10} {'wrong':>5} "
            f"{'links':>9} {'precision':>9} {'new':>7}"
        )
        self.stdout.write(header)
        for score in [*scores, total]:
            self.stdout.write(
                f"{score.name[:58]:<58} {score.pairs_right:>4}/{score.pairs:<4} "
                f"{score.speakers_right:>4}/{score.answers:<4} "
                f"{score.furniture_removed:>5}/{score.furniture:<4} {score.removed_wrongly:>5} "
                f"{score.links_found:>4}/{score.links:<4} "
                f"{score.produced_right:>4}/{score.produced:<4} "
                f"{score.new_people_found:>3}/{score.new_people:<3}"
            )
            if verbose and score is not total:
                for line in score.missed:
                    self.stdout.write(f"    missed  {line}")
                for line in score.extra:
                    self.stdout.write(f"    extra   {line}")
        self.stdout.write("")
        for name, value in total.figures().items():
            self.stdout.write(f"{name:>18}: {_percent(value)}")
        self.stdout.write(f"{'false Q/A':>18}: {total.false_qa}")
        self.stdout.write(f"{'text removed':>18}: {total.removed_wrongly} lines")
