"""Where the page benchmark's corpus lives: a SQLite file in .bench/, made once per size and
generator version and reused, and a copy of it loaded into PostgreSQL."""

from __future__ import annotations

import importlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
BENCH_DIR = ROOT / ".bench"
# Bump when the generated rows change: older corpus files are then made again.
GENERATOR_VERSION = 1
APPS = ("people", "events", "articles")


def corpus_path(articles: int) -> Path:
    return BENCH_DIR / f"corpus-{articles}-v{GENERATOR_VERSION}.sqlite3"


def ensure_corpus(articles: int) -> tuple[Path, dict]:
    """The corpus file for this size, made first if missing; with what making it took."""
    path = corpus_path(articles)
    info = path.with_suffix(".json")
    if not (path.exists() and info.exists()):
        BENCH_DIR.mkdir(exist_ok=True)
        partial = path.with_suffix(".partial")
        for leftover in BENCH_DIR.glob(partial.name + "*"):
            leftover.unlink()
        print(f"Generating the corpus ({articles:,} articles) into {partial} ...", file=sys.stderr)
        # A process of its own, whose Django settings name the new file.
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "bench_pages.py"), "--generate", str(partial)],
            env={
                **os.environ,
                "DATABASE_URL": f"sqlite:///{partial}",
                "BENCH_ARTICLES": str(articles),
                # The page cache's marker follows every write: keep it out of ~/.cache.
                "DJANGO_CACHE_DIR": str(BENCH_DIR / "cache" / "generate"),
            },
            check=True,
        )
        partial.rename(path)
        path.with_suffix(".partial.json").rename(info)
    return path, json.loads(info.read_text())


def generate(partial: Path, articles: int) -> None:
    """Run in the process whose database is ``partial``: migrate, import the seeds, generate,
    link, index with the project's rebuild, and add Datasette's full-text table."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from articles.search_index import rebuild
    from articles.services import seed_import
    from bench.corpus import build, link_entities

    steps = {}
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    seed_import(path=Path(settings.SEED_FILE))
    steps["migrate and seeds"] = time.perf_counter() - start

    start = time.perf_counter()
    sizes = build(articles)
    sizes.update(link_entities())
    steps["generate (bulk inserts)"] = time.perf_counter() - start
    print(f"  generated in {steps['generate (bulk inserts)']:.1f} s", file=sys.stderr)

    start = time.perf_counter()
    rebuild()
    steps["search index (rebuild)"] = time.perf_counter() - start
    print(f"  indexed in {steps['search index (rebuild)']:.1f} s", file=sys.stderr)

    start = time.perf_counter()
    with connection.cursor() as cursor:
        # For Datasette only (the site uses articles_searchentry_fts): the articles' folded
        # text, the way sqlite-utils' enable-fts makes a table's FTS5 companion.
        cursor.execute(
            "CREATE VIRTUAL TABLE articles_article_fts USING fts5("
            "title, folded_text, content='articles_article', content_rowid='id')"
        )
        cursor.execute("INSERT INTO articles_article_fts(articles_article_fts) VALUES('rebuild')")
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM articles_searchentry")
        sizes["index entries"] = cursor.fetchone()[0]
    connection.close()
    # One file, nothing left in the write-ahead log: Datasette opens it immutable.
    with sqlite3.connect(partial) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("PRAGMA journal_mode=DELETE")
    steps["Datasette FTS table, ANALYZE"] = time.perf_counter() - start
    partial.with_suffix(".partial.json").write_text(
        json.dumps({"articles": articles, "sizes": sizes, "seconds": steps}, indent=1)
    )


def migrate_sqlite(corpus: Path) -> None:
    """Apply migrations newer than the corpus file (Django is set up on it), choose the words
    whose absences are kept if the corpus has none yet, and gather the statistics again."""
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    try:  # what the first publish after such a migration does
        from articles.word_absences import keep
    except ImportError:  # older code, without it
        pass
    else:
        keep()
    connection.close()
    with sqlite3.connect(corpus) as db:
        # The statistics of indexes the migrations added, as a corpus built now has them.
        db.execute("ANALYZE")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def copy_to_postgres(sqlite_file: Path) -> float:
    """Load the corpus into the PostgreSQL database Django is set up with (migrated here):
    the tables of the three apps, copied row for row (COPY), sequences reset. Returns seconds."""
    from django.apps import apps
    from django.core.management import call_command, get_commands
    from django.core.management.color import no_style
    from django.db import connection, transaction

    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    models = [
        model
        for label in APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy  # not the database views
    ]
    tables = [model._meta.db_table for model in models]
    quote = connection.ops.quote_name
    source = sqlite3.connect(sqlite_file)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in tables)} CASCADE")
        # As pg_restore --disable-triggers: rows that were consistent in SQLite fire no
        # per-row trigger (foreign-key checks, the counts' upserts) while they are copied.
        cursor.execute("SET LOCAL session_replication_role = replica")
        for table in tables:
            cursor.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = %s AND is_generated = 'NEVER'",
                [table],
            )
            target = {row[0] for row in cursor.fetchall()}
            columns = [row[1] for row in source.execute(f"PRAGMA table_info({quote(table)})")]
            columns = [c for c in columns if c in target]
            names = ", ".join(quote(c) for c in columns)
            rows = source.execute(f"SELECT {names} FROM {quote(table)}")
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
    if "rebuild_counts" in get_commands():  # the counts the skipped triggers would keep
        call_command("rebuild_counts", verbosity=0)
    for module in ("word_index", "answer_words"):  # the articles' and answers' words
        try:
            refill = importlib.import_module(f"articles.{module}").refill
        except ImportError:  # older code, without it
            continue
        refill()
    with connection.cursor() as cursor:
        # What autovacuum does soon after a bulk load: the statistics, and the map of pages
        # every transaction sees, without which an index-only read still visits the rows.
        cursor.execute("VACUUM ANALYZE")
    source.close()
    return time.perf_counter() - start
