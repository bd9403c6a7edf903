#!/usr/bin/env python
"""Page benchmark: every public page type under the production server, against Datasette.

    .venv/bin/python scripts/bench_pages.py [--articles 100000] [--rounds 10]       # SQLite
    scripts/with-postgres .venv/bin/python scripts/bench_pages.py                   # PostgreSQL
    scripts/with-postgres .venv/bin/python scripts/bench_pages.py --load            # make load

Generates (once per size, kept in .bench/) a corpus of published articles plus one draft for
every twenty (bench/corpus.py, the generator `make bench` uses too) linked to the seeds'
officials, agencies, countries and conferences, and indexes it with the project's rebuild.
On PostgreSQL the same rows are copied into the database DATABASE_URL names.

Then serves the site with gunicorn as `make serve` does (debug off, collected static files)
and Datasette on the same SQLite file, and times each page over new connections, round-robin
over the page list after a warm-up: a cold pass (the page cache off,
DJANGO_PAGE_CACHE_SECONDS=0) and, where the settings have a page cache, a warm pass (its
default, a fresh cache). Prints a Markdown table (medians and 95th percentiles in ms, queries
per page counted in-process, bytes, ratios to Datasette's matching page and to the floor, a
trivial view) and requests per second for a cached page
against the static file (wrk). Also saved to .bench/results-*.md. Not a test.

--load: 64 connections for 60 s over the public page mix (wrk with scripts/load.lua),
printing requests per second, the 95th percentile and the errors.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy_kb.settings")

COMMON, RARE = "hợp tác", "matanzas"
SETTINGS_FILE = ROOT / "diplomacy_kb" / "settings.py"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    rank = max(1, round(p / 100 * len(ordered) + 0.5))  # nearest rank
    return ordered[min(rank, len(ordered)) - 1]


def site_pages() -> list[tuple[str, str, str | None]]:
    """(label, path, the Datasette page it compares with) for each public page type."""
    from django.db.models import Count
    from django.urls import reverse

    from articles.models import Article, Publication
    from events.models import Conference, ConferenceSeries
    from people.models import Agency, Country

    def most_mentioned(model):
        return model.objects.annotate(n=Count("mentions")).order_by("-n", "pk").first()

    article = Article.objects.published().filter(kind="interview").order_by("pk").last()
    official = "bui-thanh-son-0"  # the generated minister, in about one article in fifty
    conference = most_mentioned(Conference)
    outlet = Publication.objects.order_by("pk").first().slug
    series = ConferenceSeries.objects.annotate(n=Count("conferences")).order_by("-n").first()
    manifest = json.loads((ROOT / ".bench" / "static" / "staticfiles.json").read_text())
    stylesheet = manifest["paths"]["css/site.css"]
    articles = reverse("articles:list")
    return [
        ("home", reverse("home"), None),
        ("articles, unfiltered", articles, "ds table"),
        ("articles by official", f"{articles}?person={official}", "ds filtered"),
        ("articles by year", f"{articles}?year=2015", "ds filtered"),
        ("articles by conference", f"{articles}?conference={conference.slug}", "ds filtered"),
        ("articles by kind", f"{articles}?kind=report", None),
        ("articles, a range of dates", f"{articles}?date_from=2005-03-01&date_to=2014-12-31", None),
        ("articles of an outlet by title", f"{articles}?publication={outlet}&sort=title", None),
        (f"articles, common word `{COMMON}`", f"{articles}?{urlencode({'q': COMMON})}", "ds fts"),
        (f"articles, rare word `{RARE}`", f"{articles}?q={RARE}", "ds fts rare"),
        ("article", article.get_absolute_url(), None),
        ("official", reverse("people:person-detail", args=[official]), None),
        ("agency", most_mentioned(Agency).get_absolute_url(), None),
        ("country", most_mentioned(Country).get_absolute_url(), None),
        ("conference", conference.get_absolute_url(), None),
        ("series", series.get_absolute_url(), None),
        ("officials A–Z", reverse("people:person-list"), None),
        ("agencies", reverse("people:agency-list"), None),
        ("conferences", reverse("events:conference-list"), None),
        (f"search, common word `{COMMON}`", f"/search/?{urlencode({'q': COMMON})}", "ds fts"),
        (f"search, rare word `{RARE}`", f"/search/?q={RARE}", "ds fts rare"),
        ("who said what", reverse("answers"), None),
        ("who said what, an official", f"{reverse('answers')}?person={official}", None),
        (f"who said what, `{RARE}`", f"{reverse('answers')}?q={RARE}", None),
        (f"who said what, `{COMMON}`", f"{reverse('answers')}?{urlencode({'q': COMMON})}", None),
        ("sitemap index", reverse("sitemap"), None),
        ("sitemap, articles", reverse("sitemap-section", args=["articles"]), None),
        ("API: articles", reverse("api:article-list"), None),
        (f"API: articles, `{RARE}`", f"{reverse('api:article-list')}?q={RARE}", None),
        ("API: an official", reverse("api:person-detail", args=[official]), None),
        ("export: a year, CSV", f"{reverse('articles:export', args=['csv'])}?year=2015", None),
        (
            "export: an official, JSON",
            f"{reverse('articles:export', args=['json'])}?person={official}",
            None,
        ),
        ("floor: `/healthz`", reverse("healthz"), None),
        ("static file (hashed CSS)", f"/static/{stylesheet}", None),
    ]


def datasette_pages(name: str) -> list[tuple[str, str, str]]:
    table = (
        f"/{name}/articles_article?status__exact=published&_facet=publication_id&_facet=kind"
        "&_facet_date=date&_size=20&_sort_desc=date"
    )
    year = "date__gte=2015-01-01&date__lt=2016-01-01"
    return [
        ("ds table", "Datasette: faceted table", table),
        ("ds filtered", "Datasette: faceted, one year", f"{table}&{year}"),
        ("ds fts", "Datasette: faceted, full-text `hop tac`", f"{table}&_search=hop+tac"),
        ("ds fts rare", f"Datasette: faceted, full-text `{RARE}`", f"{table}&_search={RARE}"),
    ]


def count_queries(pages) -> dict[str, tuple[int, int]]:
    """(status, queries) for each site page, through Django's test client in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client, counts = Client(), {}
    for label, path, _ in pages:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        counts[label] = (response.status_code, len(queries))
    return counts


def time_pass(targets, *, rounds: int, warmup: int) -> dict[str, dict]:
    """Round-robin over ``targets`` (key, port, path): ``warmup`` rounds, then ``rounds``."""
    from bench.servers import fetch

    results = {key: {"ms": [], "statuses": set()} for key, _, _ in targets}
    for round_number in range(warmup + rounds):
        for key, port, path in targets:
            status, headers, body, ms = fetch(port, path)
            entry = results[key]
            entry["statuses"].add(status)
            if status < 400 or "bytes" not in entry:  # the size of the page, not of an error
                entry["bytes"], entry["headers"] = len(body), headers
            if round_number >= warmup:
                entry["ms"].append(ms)
        print(f"  round {round_number + 1}/{warmup + rounds}", file=sys.stderr, flush=True)
    for entry in results.values():
        entry["p50"] = percentile(entry["ms"], 50)
        entry["p95"] = percentile(entry["ms"], 95)
    return results


def wrk(url: str, *, seconds: int, connections: int = 16, script: list | None = None) -> str:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    result = subprocess.run(
        [*command, *(script or [])[:2], url, *(script or [])[2:]],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def requests_per_second(output: str) -> float:
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


# The settings' switch for the server-side page cache (diplomacy_kb/http_cache.py): 0 is off.
PAGE_CACHE_OFF = {"DJANGO_PAGE_CACHE_SECONDS": "0"}


def page_cache_note() -> str | None:
    if "DJANGO_PAGE_CACHE_SECONDS" not in SETTINGS_FILE.read_text():
        return (
            "The settings do not read DJANGO_PAGE_CACHE_SECONDS (no page cache): the pages "
            "were timed once, uncached; a warm pass runs once they do."
        )
    return None


def describe_server() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT version()")
        else:
            cursor.execute("SELECT 'SQLite ' || sqlite_version()")
        return cursor.fetchone()[0].split(" on ")[0].split(",")[0]


def setup(args) -> dict:
    """Corpus, Django set up on it (debug off, page cache off), static files collected."""
    from bench.servers import site_environment
    from bench.store import BENCH_DIR, copy_to_postgres, ensure_corpus, migrate_sqlite

    corpus, made = ensure_corpus(args.articles)
    postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql"))
    database_url = os.environ["DATABASE_URL"] if postgres else f"sqlite:///{corpus}"
    static = BENCH_DIR / "static"
    env = site_environment(
        database_url=database_url, static_root=static, secret_key=secrets.token_urlsafe(50)
    )
    env["DJANGO_DB_REQUEST_TIMEOUT_MS"] = str(args.db_timeout_ms)
    # The page cache's files: this run's own, so no page kept by an earlier run is served.
    cache = BENCH_DIR / "cache" / f"run-{os.getpid()}"
    shutil.rmtree(cache, ignore_errors=True)
    env["DJANGO_CACHE_DIR"] = str(cache)
    os.environ.update(env, **PAGE_CACHE_OFF)

    import django

    django.setup()
    # Settings are read: the servers started next choose their own page cache.
    del os.environ["DJANGO_PAGE_CACHE_SECONDS"]
    from django.core.management import call_command

    shutil.rmtree(static, ignore_errors=True)
    call_command("collectstatic", interactive=False, verbosity=0)
    loaded = None
    if not postgres:
        # A corpus made before the latest migrations gets them (Datasette reads it after).
        migrate_sqlite(corpus)
    if postgres:
        print("Copying the corpus into PostgreSQL ...", file=sys.stderr, flush=True)
        loaded = copy_to_postgres(corpus)
    return {"corpus": corpus, "made": made, "env": env, "loaded": loaded, "postgres": postgres}


def header(context, title: str) -> list[str]:
    from django.db import connection

    made, sizes = context["made"], context["made"]["sizes"]
    steps = "; ".join(f"{step} {seconds:.1f} s" for step, seconds in made["seconds"].items())
    lines = [
        f"## {title}, {connection.vendor} ({describe_server()})",
        "",
        f"{datetime.date.today().isoformat()}; {os.cpu_count()} CPU cores shared with other "
        f"work ({platform.machine()}), Python {platform.python_version()}; load average "
        f"{os.getloadavg()[0]:.2f} at the end. Corpus: {sizes['published']:,} published articles "
        f"(+{sizes['drafts']:,} drafts), {sizes['segments']:,} segments, {sizes['words']:,} "
        f"words, {sizes['people']:,} generated officials, {sizes['index entries']:,} index "
        f"entries. Made once and reused (`{context['corpus'].name}`): {steps}.",
    ]
    if context["loaded"] is not None:
        lines[-1] += f" Copied into PostgreSQL in {context['loaded']:.1f} s."
    return [*lines, ""]


def bench(args) -> list[str]:
    from bench.servers import datasette, gunicorn

    context = setup(args)
    work = context["corpus"].parent
    pages = site_pages()
    queries = count_queries(pages)
    note = page_cache_note()
    passes = {}
    with datasette(work / context["corpus"].name, work=work) as (ds_port, ds_name):
        ds_pages = datasette_pages(ds_name)
        ds_targets = [(key, ds_port, path) for key, _, path in ds_pages]
        modes = [("cold", PAGE_CACHE_OFF)]
        if note is None:
            modes.append(("warm", {}))
        for mode, extra in modes:
            print(f"Timing, {mode} ...", file=sys.stderr, flush=True)
            with gunicorn({**context["env"], **extra}, log=work / f"gunicorn-{mode}.log") as port:
                targets = [(label, port, path) for label, path, _ in pages] + ds_targets
                passes[mode] = time_pass(targets, rounds=args.rounds, warmup=args.warmup)
                if mode == modes[-1][0]:
                    rps = burst(port, pages, args.rps_seconds)

    cold = passes["cold"]
    floor = cold["floor: `/healthz`"]["p50"]
    lines = header(context, "Page benchmark")
    lines.append(
        f"Each page over a new connection, round-robin over all pages, {args.warmup} warm-up "
        f"round(s) then {args.rounds} timed; ms to the last byte, median (p50) and 95th "
        "percentile (p95). Cold: gunicorn with the page cache off (DJANGO_PAGE_CACHE_SECONDS=0); "
        "warm: its default, a fresh cache filled by the warm-up round. Queries: the same "
        "address once through Django's test client in-process. × Datasette: p50 over the p50 "
        "of Datasette's matching page (the list against its faceted table; words against its "
        "full-text search); × floor: over `/healthz`. Database time limit per request: "
        f"{args.db_timeout_ms} ms."
    )
    if note:
        lines.append(f"\n{note}")
    warm = passes.get("warm")
    lines += ["", "| page | p50 ms | p95 ms |" + (" warm p50 | warm p95 |" if warm else "")]
    lines[-1] += " queries | bytes | status | × Datasette | × floor |"
    lines.append("|" + " --- |" * (lines[-1].count("|") - 1))
    ds_p50 = {key: cold[key]["p50"] for key, _, _ in ds_pages}
    for label, _, ds_key in pages:
        entry = cold[label]
        count = queries[label][1]
        statuses = "/".join(str(s) for s in sorted(all_statuses(passes, label)))
        row = [label, f"{entry['p50']:.1f}", f"{entry['p95']:.1f}"]
        if warm:
            row += [f"{warm[label]['p50']:.1f}", f"{warm[label]['p95']:.1f}"]
        ratio = f"{entry['p50'] / ds_p50[ds_key]:.2f}" if ds_key else "—"
        row += [str(count), f"{entry['bytes']:,}", statuses, ratio, f"{entry['p50'] / floor:.1f}"]
        lines.append("| " + " | ".join(row) + " |")
    for key, label, _ in ds_pages:
        entry = cold[key]
        row = [label, f"{entry['p50']:.1f}", f"{entry['p95']:.1f}"]
        if warm:
            row += [f"{warm[key]['p50']:.1f}", f"{warm[key]['p95']:.1f}"]
        statuses = "/".join(str(s) for s in sorted(all_statuses(passes, key)))
        row += ["—", f"{entry['bytes']:,}", statuses, "1", f"{entry['p50'] / floor:.1f}"]
        lines.append("| " + " | ".join(row) + " |")
    lines += ["", *rps]
    return lines


def all_statuses(passes: dict, key: str) -> set[int]:
    """The statuses a page answered with, in every pass (an error in one shows)."""
    return set().union(*(results[key]["statuses"] for results in passes.values()))


def burst(port: int, pages, seconds: int) -> list[str]:
    """Requests per second, 16 connections (wrk): a public page, the floor, the static file."""
    if not shutil.which("wrk"):
        return ["(requests per second skipped: wrk not found; Debian: apt-get install wrk)"]
    paths = {label: path for label, path, _ in pages}
    rows = [
        ("home page (cached where the page cache is on)", paths["home"]),
        ("floor: `/healthz`", paths["floor: `/healthz`"]),
        ("static file (hashed CSS)", paths["static file (hashed CSS)"]),
    ]
    results = []
    for label, path in rows:
        print(f"  wrk {path}", file=sys.stderr, flush=True)
        output = wrk(f"http://127.0.0.1:{port}{path}", seconds=seconds)
        results.append((label, requests_per_second(output)))
    static = results[-1][1]
    lines = [
        f"Requests per second, wrk, 2 threads, 16 connections, {seconds} s each, "
        "on the last server above:",
        "",
        "| address | requests/s | share of the static file's |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {label} | {rate:,.0f} | {rate / static:.0%} |" for label, rate in results]
    return lines


def load(args) -> list[str]:
    """`make load`: wrk over the public page mix, production settings (page cache as default)."""
    import random

    from bench.servers import fetch, gunicorn

    if not shutil.which("wrk"):
        raise SystemExit("make load needs wrk: apt-get install wrk (Debian)")
    context = setup(args)
    from articles.models import Article
    from people.models import Person

    work = context["corpus"].parent
    rng = random.Random(7)
    # The page mix: not the floor, and not the downloads, which stream thousands of rows
    # each (seconds of a worker) and are timed by the page benchmark instead.
    pages = [
        path
        for label, path, _ in site_pages()
        if "floor" not in label and not label.startswith("export:")
    ]
    published = list(Article.objects.published().values_list("slug", flat=True))
    people = list(Person.objects.public().values_list("slug", flat=True))
    paths = pages + [f"/articles/{slug}/" for slug in rng.sample(published, 100)]
    paths += [f"/people/{slug}/" for slug in rng.sample(people, min(30, len(people)))]
    paths += [f"/articles/?year={year}" for year in range(2005, 2025)]
    url_file = work / "load-paths.txt"
    url_file.write_text("\n".join(paths) + "\n")

    env = {k: v for k, v in context["env"].items() if k != "DJANGO_DB_REQUEST_TIMEOUT_MS"}
    if args.page_cache_off:
        env.update(PAGE_CACHE_OFF)
    with gunicorn(env, log=work / "gunicorn-load.log") as port:
        bad = [(p, s) for p in paths if (s := fetch(port, p)[0]) >= 400]  # also warms up
        print(f"Loading for {args.duration} s ...", file=sys.stderr, flush=True)
        output = wrk(
            f"http://127.0.0.1:{port}",
            seconds=args.duration,
            connections=args.connections,
            script=["-s", str(ROOT / "scripts" / "load.lua"), "--", str(url_file)],
        )
    stats = dict(
        (name, int(value))
        for name, value in re.findall(r"^(\w+) (\d+)$", output, flags=re.MULTILINE)
    )
    errors = sum(v for k, v in stats.items() if k.startswith("errors_"))
    error_list = ", ".join(
        f"{k.removeprefix('errors_')} {v}" for k, v in stats.items() if k.startswith("errors_")
    )
    met = not errors and stats["p95_us"] < 1e6
    rps = stats["requests"] / (stats["duration_us"] / 1e6)
    lines = header(context, "Load test")
    workers = os.environ.get("WEB_CONCURRENCY") or f"2 × {os.cpu_count()} cores + 1"
    lines += [
        f"wrk, 2 threads, {args.connections} connections, {args.duration} s, rotating over "
        f"{len(paths)} public addresses (the page types, 100 articles, 30 officials, 20 years "
        f"of the list) against gunicorn ({workers} workers, production settings, the default "
        "database time limit), each address fetched once before. Page cache: "
        + (
            "off (DJANGO_PAGE_CACHE_SECONDS=0)."
            if args.page_cache_off
            else "as configured, so the fetch before fills it: this is the warm site."
        ),
        "",
        "| requests | requests/s | p50 ms | p95 ms | p99 ms | max ms | errors |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        f"| {stats['requests']:,} | {rps:,.1f} | {stats['p50_us'] / 1000:.0f} "
        f"| {stats['p95_us'] / 1000:.0f} | {stats['p99_us'] / 1000:.0f} "
        f"| {stats['max_us'] / 1000:.0f} | {errors} |",
        "",
        f"Errors: {error_list} (status: answers other than 2xx/3xx). Target, no errors and "
        f"p95 under 1 s: {'met' if met else 'NOT met'}.",
    ]
    if bad:
        lines.append(f"Before the load, {len(bad)} addresses failed: {bad[:5]}")
    if page_cache_note():
        lines.append("No page cache in these settings yet: every request was rendered.")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, help="published articles")
    parser.add_argument("--rounds", type=int, default=10, help="timed rounds over every page")
    parser.add_argument("--warmup", type=int, default=1, help="untimed rounds first")
    parser.add_argument("--rps-seconds", type=int, default=10, help="each wrk burst")
    parser.add_argument(
        "--db-timeout-ms",
        type=int,
        default=60_000,
        help="the site's database time limit per request while timing (production: 5000)",
    )
    parser.add_argument("--load", action="store_true", help="the load test (make load)")
    parser.add_argument("--duration", type=int, default=60, help="--load: seconds")
    parser.add_argument("--connections", type=int, default=64, help="--load: connections")
    parser.add_argument(
        "--page-cache-off", action="store_true", help="--load: every page rendered afresh"
    )
    parser.add_argument("--generate", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.generate:  # the corpus step, in a process of its own (bench/store.py)
        import django

        django.setup()
        from bench.store import generate

        generate(args.generate, int(os.environ["BENCH_ARTICLES"]))
        return

    start = time.perf_counter()
    lines = load(args) if args.load else bench(args)
    lines.append(f"\n(The whole run took {time.perf_counter() - start:.0f} s.)")
    text = "\n".join(lines) + "\n"
    print(text)
    from django.db import connection

    kind = ("load-uncached" if args.page_cache_off else "load") if args.load else "pages"
    out = ROOT / ".bench" / f"results-{kind}-{connection.vendor}-{args.articles}.md"
    out.write_text(text)
    print(f"Saved to {out.relative_to(ROOT)}", file=sys.stderr)
    shutil.rmtree(ROOT / ".bench" / "cache" / f"run-{os.getpid()}", ignore_errors=True)


if __name__ == "__main__":
    main()
