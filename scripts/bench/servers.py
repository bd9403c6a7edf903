"""The servers a benchmark runs against, on 127.0.0.1: the site under gunicorn as `make serve`
runs it, and Datasette. Each runs as a subprocess and is stopped (its process group) on exit."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(port: int, path: str, headers: dict | None = None, timeout: float = 120):
    """GET on a new connection: (status, headers, body, milliseconds to the last byte)."""
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Connection": "close", **(headers or {})})
        response = connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - start) * 1000
        return response.status, dict(response.getheaders()), body, elapsed
    finally:
        connection.close()


@contextmanager
def running(command: list, *, env: dict, port: int, ready_path: str, log: Path, name: str):
    """Start ``command``, wait until ``ready_path`` answers, stop it on leaving."""
    with log.open("w") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=out, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                fetch(port, ready_path, timeout=60)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"{name} did not start; its log:\n{log.read_text()}") from None
                time.sleep(0.2)
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def site_environment(*, database_url: str, static_root: Path, secret_key: str) -> dict:
    """The production settings (debug off) for gunicorn and for the in-process test client."""
    return {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secret_key,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_STATIC_ROOT": str(static_root),
        "DATABASE_URL": database_url,
    }


@contextmanager
def gunicorn(env: dict, *, log: Path, workers: int | None = None):
    port = free_port()
    env = {**os.environ, **env, "HOST": "127.0.0.1", "PORT": str(port)}
    if workers:
        env["WEB_CONCURRENCY"] = str(workers)
    with running(
        [str(BIN / "gunicorn")], env=env, port=port, ready_path="/healthz", log=log, name="gunicorn"
    ) as port:
        yield port


@contextmanager
def datasette(database: Path, *, work: Path):
    """Datasette on the SQLite file, the articles table faceted like the site's list and
    searchable through an FTS5 table over its folded text (made by the corpus step)."""
    name = database.stem
    metadata = {
        "databases": {
            name: {
                "tables": {
                    "articles_article": {"fts_table": "articles_article_fts", "fts_pk": "id"},
                    "articles_searchentry": {
                        "fts_table": "articles_searchentry_fts",
                        "fts_pk": "id",
                    },
                }
            }
        }
    }
    meta = work / "datasette-metadata.json"
    meta.write_text(json.dumps(metadata))
    port = free_port()
    command = [
        str(BIN / "datasette"),
        "serve",
        "--immutable",
        str(database),
        "-h",
        "127.0.0.1",
        "-p",
        str(port),
        "-m",
        str(meta),
        # Its defaults (1 s per query, 200 ms per facet) would silently drop facets on a
        # large table; the site computes no facet suggestions, so neither does Datasette.
        *("--setting", "sql_time_limit_ms", "60000"),
        *("--setting", "facet_time_limit_ms", "60000"),
        *("--setting", "suggest_facets", "off"),
    ]
    with running(
        command,
        env=dict(os.environ),
        port=port,
        ready_path="/-/versions.json",
        log=work / "datasette.log",
        name="Datasette",
    ) as port:
        yield port, name
