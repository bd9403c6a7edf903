"""The production server as `make serve` runs it: gunicorn with debug off, a migrated SQLite
file and the collected static files, which whitenoise serves hashed, compressed and cached
for good."""

import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str, headers: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve")
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "DJANGO_CACHE_DIR": str(tmp / "cache"),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    log = (tmp / "gunicorn.log").open("w+")
    process = subprocess.Popen([GUNICORN], cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                _get(port, "/healthz")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    pytest.fail(f"gunicorn did not start:\n{log.read()}")
                time.sleep(0.1)
        yield port, tmp / "static"
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def test_home_page_is_served_with_debug_off(server):
    port, _ = server
    status, _, body = _get(port, "/")
    assert status == 200
    assert "Diplomacy KB" in body.decode()

    status, _, body = _get(port, "/no-such-page/")
    assert status == 404
    # Django's debug 404 page lists the URL patterns it tried.
    assert b"URLconf" not in body
    assert b"DEBUG = True" not in body


def test_health_check_answers_in_plain_text(server):
    port, _ = server
    status, headers, body = _get(port, "/healthz")
    assert status == 200
    assert headers["Content-Type"].startswith("text/plain")
    assert body == b"ok\n"


def test_hashed_static_file_is_compressed_and_cached_for_good(server):
    port, static_root = server
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    assert hashed != "css/site.css"

    status, headers, body = _get(port, f"/static/{hashed}", {"Accept-Encoding": "gzip, br"})
    assert status == 200
    assert headers["Content-Encoding"] in {"gzip", "br"}
    cache_control = headers["Cache-Control"]
    assert "immutable" in cache_control
    max_age = int(cache_control.split("max-age=")[1].split(",")[0])
    assert max_age >= 365 * 24 * 3600

    status, headers, plain = _get(port, f"/static/{hashed}")
    assert status == 200
    assert "Content-Encoding" not in headers
    assert len(body) < len(plain)


def test_the_workers_start_with_every_template_compiled(server):
    """gunicorn's master compiles the site's templates before it forks the workers
    (gunicorn.conf.py's when_ready, diplomacy_kb/warmup.py), and says how many; then sets
    what it loaded aside from garbage collection."""
    from diplomacy_kb.warmup import template_names

    _port, static_root = server
    log = (static_root.parent / "gunicorn.log").read_text()
    compiled = [
        line for line in log.splitlines() if "templates before starting the workers" in line
    ]
    assert len(compiled) == 1, log
    count = int(compiled[0].split("Compiled ")[1].split()[0])
    assert count >= len(template_names()) - 5  # all but a few fragments compiled in context
    assert log.index("templates before starting the workers") < log.index("Booting worker")
    set_aside = [line for line in log.splitlines() if "aside from garbage collection" in line]
    assert len(set_aside) == 1 and int(set_aside[0].split("Set ")[1].split()[0]) > 10000, log
    assert log.index("aside from garbage collection") < log.index("Booting worker")
