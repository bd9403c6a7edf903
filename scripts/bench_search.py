#!/usr/bin/env python
"""Search benchmark: a generated corpus of 10,000+ articles, typical searches timed.

    .venv/bin/python scripts/bench_search.py                           # SQLite, a temp file
    scripts/with-postgres .venv/bin/python scripts/bench_search.py     # PostgreSQL

Builds a throwaway database with Django's test-database machinery (SQLite: a file in a
temporary folder; PostgreSQL: ``test_<name>`` on the server DATABASE_URL names, dropped at
the end), generates published articles with Vietnamese text (reports and interviews, names
with diacritics, common and rare words), indexes them with ``rebuild()`` and times each query
through the real code: ``search()`` (the results page's engine), the article list's queryset
with ``q`` (count and first page), and both pages through Django's test client. Prints the
median and 95th percentile in milliseconds, as a Markdown table. Not a test: nothing asserts.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy_kb.settings")

QUERIES = [
    ("name without diacritics", "bui thanh son"),
    ("phrase", '"hội nhập quốc tế"'),
    ("two words", "da nang"),
    ("word with exclusion", "hoi nhap -asean"),
    ("rare word", "matanzas"),
    ("common word", "hợp tác"),
]

# --- timing ---------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    rank = max(1, round(p / 100 * len(ordered) + 0.5))  # nearest rank
    return ordered[min(rank, len(ordered)) - 1]


def timed(function, repeat: int) -> tuple[float, float]:
    function()  # warm up: caches, prepared plans, template loading
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), percentile(samples, 95)


def run(args) -> None:
    import django

    # Pages are served from the finders; whitenoise would warn that nothing was collected.
    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment, teardown_test_environment

    tmp = None
    if connection.vendor == "sqlite":
        tmp = tempfile.TemporaryDirectory(prefix="bench-search-")
        connection.settings_dict["TEST"]["NAME"] = str(Path(tmp.name) / "bench.sqlite3")
    setup_test_environment(debug=False)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        from bench.corpus import build
        from django.http import QueryDict

        from articles.filters import ArticleFilter
        from articles.models import Article, SearchEntry
        from articles.search import parse_query, search
        from articles.search_index import rebuild

        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT version()")
            else:
                cursor.execute("SELECT 'SQLite ' || sqlite_version()")
            server = cursor.fetchone()[0].split(" on ")[0].split(",")[0]

        print(f"Generating {args.articles} published articles ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        sizes = build(args.articles)
        generated = time.perf_counter() - start
        print("Indexing ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        rebuild()
        indexed = time.perf_counter() - start
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        entries = SearchEntry.objects.count()

        client = Client()

        def list_queryset(q):
            data = QueryDict(mutable=True)
            data["q"] = q
            qs = ArticleFilter(data, queryset=Article.objects.published().newest_first()).qs
            return qs.count(), list(qs[:20])

        paths = [
            ("search()", lambda q: search(parse_query(q))),
            ("list queryset", list_queryset),
            ("results page", lambda q: client.get("/search/", {"q": q})),
            ("list page", lambda q: client.get("/articles/", {"q": q})),
        ]
        rows = []
        for label, q in QUERIES:
            matched = list_queryset(q)[0]
            timings = [
                timed(lambda function=function, q=q: function(q), args.repeat)
                for _, function in paths
            ]
            rows.append((label, q, matched, timings))
            print(f"  {label}: done", file=sys.stderr, flush=True)

        today = datetime.date.today().isoformat()
        print(f"## Search benchmark, {connection.vendor} ({server})\n")
        print(
            f"{today}; {os.cpu_count()} CPU cores, {platform.machine()}, Python "
            f"{platform.python_version()}. Corpus: {sizes['published']:,} published articles "
            f"(+{sizes['drafts']:,} drafts), {sizes['segments']:,} segments, "
            f"{sizes['words']:,} words, {sizes['people']:,} officials; {entries:,} index entries. "
            f"Generated in {generated:.1f} s; index built (`rebuild()`) in {indexed:.1f} s. "
            f"Each figure: {args.repeat} runs after one warm-up, in ms, median / 95th percentile."
            "\n"
        )
        header = "| query | articles found | " + " | ".join(p for p, _ in paths) + " |"
        print(header)
        print("|" + " --- |" * (2 + len(paths)))
        for label, q, matched, timings in rows:
            cells = " | ".join(f"{median:.1f} / {p95:.1f}" for median, p95 in timings)
            print(f"| {label}: `{q}` | {matched:,} | {cells} |")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
        if tmp:
            tmp.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="published articles")
    parser.add_argument("--repeat", type=int, default=30, help="timed runs per query and path")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
