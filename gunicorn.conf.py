"""gunicorn's settings for the production server (`make serve`), read from the environment.

gunicorn loads this file by itself when it starts in this folder; the README's "Production"
section lists the variables. Django's own settings come from diplomacy_kb/settings.py.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "diplomacy_kb.wsgi:application"
bind = [f"{os.environ.get('HOST', '').strip() or '127.0.0.1'}:{_int('PORT', 8000)}"]

# Synchronous workers, each one request at a time: the pages are database- and CPU-bound,
# so 2 × cores + 1 keeps every core busy while some workers wait on the database.
workers = _int("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1)
# A worker silent for this long is killed and replaced (the database time limit per request,
# DJANGO_DB_REQUEST_TIMEOUT_MS, stops a slow page well before).
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Recycle each worker after about this many requests, so that no slow leak can grow; the
# jitter keeps them from restarting all at once. 0 turns it off.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10

# Load the site once in the master before forking: a configuration error (a weak secret
# key, static files not collected) stops the server at start with its message, and the
# workers share the loaded code. Django opens no database connection while loading.
preload_app = True

# The reverse proxy in front (nginx) runs on the same host; its X-Forwarded-* headers are
# trusted from there only. Django reads the scheme through DJANGO_SECURE_PROXY_SSL_HEADER.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# The proxy usually logs requests; GUNICORN_ACCESS_LOG=- writes them to standard output.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "").strip() or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# gunicorn 25+ opens a control socket in the user's home folder by default; one shared path
# would clash between two servers on one host (a benchmark beside the site), and nothing
# here uses it.
control_socket_disable = True


def when_ready(server):
    """In the master, before the workers are forked: each starts with the templates compiled,
    and what is loaded set aside from garbage collection (diplomacy_kb/warmup.py)."""
    import django

    django.setup()
    from diplomacy_kb.warmup import set_aside, warm

    server.log.info("Compiled %d templates before starting the workers", warm())
    server.log.info("Set %d objects aside from garbage collection", set_aside())
