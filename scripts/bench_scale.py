#!/usr/bin/env python
"""Page times at scale: every public page type, cold (no page cache), through Django's test
client in this process, against the database DATABASE_URL names (a copy of a generated corpus:
see ``scripts/bench/corpus.py``). Not a test: nothing asserts.

    DATABASE_URL=sqlite:////tmp/corpus.sqlite3 .venv/bin/python scripts/bench_scale.py
    scripts/with-postgres .venv/bin/python scripts/bench_scale.py --load /tmp/corpus.sqlite3

Prints, per page, the median and 95th percentile in ms, the page's size and its queries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy_kb.settings")
os.environ["DJANGO_PAGE_CACHE_SECONDS"] = "0"  # cold: every page is made again
os.environ.setdefault("DJANGO_DB_REQUEST_TIMEOUT_MS", "0")  # time slow pages, do not stop them

PAGES = [
    ("home", "/"),
    ("articles", "/articles/"),
    ("articles, page 2,000", "/articles/?page=2000"),
    ("articles, a year", "/articles/?year=2015"),
    ("articles, an official", "/articles/?person={person}"),
    ("articles, a conference", "/articles/?conference={conference}"),
    ("articles, a common word", "/articles/?q=hợp tác"),
    ("articles, a rare word", "/articles/?q=matanzas"),
    ("search, a common word", "/search/?q=hợp tác"),
    ("search, a rare word", "/search/?q=matanzas"),
    ("officials A–Z", "/people/"),
    ("agencies", "/agencies/"),
    ("countries and bodies", "/countries/"),
    ("conferences", "/events/"),
    ("article", "{article}"),
    ("official", "{official}"),
]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered), max(1, round(p / 100 * len(ordered) + 0.5))) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=10, help="timed runs per page")
    parser.add_argument("--only", help="only these pages, by name, separated by |")
    parser.add_argument("--load", type=Path, help="copy this SQLite corpus into PostgreSQL first")
    args = parser.parse_args()

    import django

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils.encoding import iri_to_uri

    from articles.models import Article
    from events.models import Conference
    from people.models import Person

    if args.load:
        from bench.store import copy_to_postgres

        # Rows copied as they are, the kept counts with them: no trigger counts them again.
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
        print(f"copied in {copy_to_postgres(args.load):.1f} s", file=sys.stderr)
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
        try:
            from articles.summary import rebuild_counts
        except ImportError:  # older code, without kept counts
            pass
        else:
            print(f"counts checked: {rebuild_counts()} rows corrected", file=sys.stderr)
    call_command("migrate", verbosity=0)
    values = {
        "person": Person.objects.filter(slug__startswith="bui-thanh-son").first().slug,
        "conference": Conference.objects.order_by("pk").first().slug,
        "article": Article.objects.published().order_by("pk").first().get_absolute_url(),
        "official": Person.objects.filter(slug__startswith="bui-thanh-son")
        .first()
        .get_absolute_url(),
    }
    client = Client()
    published = Article.objects.published().count()
    print(f"{connection.vendor}, {published:,} published articles; ms, median / p95\n")
    print("| page | median | p95 | KB | queries |")
    print("| --- | --- | --- | --- | --- |")
    for name, path in PAGES:
        if args.only and name not in args.only.split("|"):
            continue
        path = iri_to_uri(path.format(**values))
        response = client.get(path)  # warm-up: templates, statement caches
        assert response.status_code == 200, (path, response.status_code)
        samples = []
        for _ in range(args.repeat):
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(path)
                samples.append((time.perf_counter() - start) * 1000)
        print(
            f"| {name} | {statistics.median(samples):.0f} | {percentile(samples, 95):.0f} "
            f"| {len(response.content) / 1024:.0f} | {len(queries)} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
