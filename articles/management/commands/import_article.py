import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from articles.ingest.batch import ArticleSource, BatchError, import_article, read_manifest


class Command(BaseCommand):
    help = (
        "Import articles from text files as drafts, every suggestion accepted, one "
        "transaction each; --dry-run writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="UTF-8 text files, one article each.")
        parser.add_argument("--manifest", help="A TOML file listing files with their metadata.")
        parser.add_argument("--publication", default="", help="The outlet (found or created).")
        parser.add_argument("--date", default="", help="2016-08-26, 2016-08, 2016, 26/8/2016.")
        parser.add_argument("--url", default="", help="The article's address, if printed.")
        parser.add_argument(
            "--kind", choices=("interview", "report"), default="", help="Else told from the text."
        )
        parser.add_argument("--title", default="", help="Else the text's first line.")
        parser.add_argument(
            "--no-title-line",
            action="store_true",
            help="The text does not start with its title (give --title).",
        )
        parser.add_argument("--title-inferred", default="", help="Why the title is inferred.")
        parser.add_argument("--date-inferred", default="", help="Why the date is inferred.")
        parser.add_argument("--dry-run", action="store_true", help="Report; write nothing.")
        parser.add_argument(
            "--allow-duplicates", action="store_true", help="Save even what the archive has."
        )
        parser.add_argument("--format", choices=("text", "json"), default="text")

    def handle(self, *args, files, manifest, dry_run, allow_duplicates, format, **options):
        with translation.override("en"):
            sources = self._sources(files, manifest, options)
            reports, failed = [], 0
            for source in sources:
                try:
                    report = import_article(
                        source, dry_run=dry_run, allow_duplicate=allow_duplicates
                    )
                except BatchError as exc:
                    failed += 1
                    reports.append({"file": exc.file, "error": exc.message})
                    if format == "text":
                        self.stderr.write(self.style.ERROR(str(exc)))
                    continue
                reports.append(report)
                if format == "text":
                    self._describe(report, dry_run)
        if format == "json":
            self.stdout.write(json.dumps(reports, ensure_ascii=False, indent=2))
        if failed:
            raise CommandError(f"{failed} of {len(sources)} articles not imported (see above)")

    def _sources(self, files, manifest, options) -> list[ArticleSource]:
        if manifest and files:
            raise CommandError("Give files or --manifest, not both.")
        if manifest:
            try:
                return read_manifest(Path(manifest))
            except BatchError as exc:
                raise CommandError(str(exc)) from None
        if not files:
            raise CommandError("Give at least one file, or --manifest FILE.")
        for name in ("publication", "date"):
            if not options[name].strip():
                raise CommandError(f"--{name} is required with files (or use --manifest).")
        return [
            ArticleSource(
                path=Path(file),
                publication=options["publication"],
                date=options["date"],
                url=options["url"],
                kind=options["kind"],
                title=options["title"],
                title_in_text=not options["no_title_line"],
                title_inferred=options["title_inferred"],
                date_inferred=options["date_inferred"],
            )
            for file in files
        ]

    def _describe(self, report, dry_run) -> None:
        segments = report["segments"]
        questions = sum(1 for s in segments if s["kind"] == "question")
        new = sum(1 for link in report["links"] if link["new"])
        line = (
            f"{report['file']}: “{report['title']}” ({report['kind']}), {len(segments)} "
            f"segments, {questions} questions, {len(report['links'])} links ({new} new), "
            f"{len(report['removed'])} lines removed"
        )
        for duplicate in report["duplicates"]:
            line += f"\n  already in the archive? “{duplicate['title']}” ({duplicate['reason']})"
        if dry_run:
            self.stdout.write(line + "\n  dry run: nothing saved")
        else:
            self.stdout.write(self.style.SUCCESS(f"{line}\n  saved as draft #{report['saved']}"))
