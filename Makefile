# Two commands do all the set-up: `make run` and `make test`.
#
# Prerequisites besides Python 3.11+ and make: for `make test`, the HTML and accessibility
# tests need Java 17+ (`java` on PATH, Debian: default-jre-headless), Debian's `chromium`
# (/usr/bin/chromium; Playwright's own browser downloads are not used) and Node.js with npm
# (Debian: nodejs npm). `make install` runs `npm ci` for the pinned vnu-jar and axe-core.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
RUN_STAMP := $(VENV)/.run-installed-stamp
NODE_STAMP := node_modules/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install install-run run serve migrate seed test test-postgres test-all messages lint format clean

# Every Python package, pip and setuptools included, comes from requirements-dev.lock: exact
# versions with their hashes (pip refuses a file whose hash differs). Then the project itself,
# without dependencies. `pip check` fails if pyproject.toml needs what the lock lacks.
$(STAMP): pyproject.toml requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	@$(PY) -m pip check || { echo "make: requirements-dev.lock lacks a dependency of pyproject.toml: run make lock" >&2; exit 1; }
	touch $(STAMP)

## lock: resolve pyproject.toml's dependencies again into requirements-dev.lock (with the dev
## tools), requirements.lock (production) and requirements-bench.lock (the `bench` extra, for
## the benchmark targets only): exact versions and hashes, for Python 3.11+ on every platform.
## Versions already locked are kept unless LOCK_ARGS=--upgrade (all) or
## LOCK_ARGS="--upgrade-package django" (one). Needs PyPI; then `make install`.
.PHONY: lock
UV ?= $(VENV)/bin/uv
LOCK_TOOLS := pip 'setuptools>=69'
LOCK_FLAGS := --generate-hashes --universal --python-version 3.11 --custom-compile-command "make lock" --quiet
lock:
	@test -x $(UV) || { echo "make: $(UV) not found: run make install first (or UV=/path/to/uv make lock)" >&2; exit 1; }
	printf '%s\n' $(LOCK_TOOLS) | $(UV) pip compile pyproject.toml - --extra dev $(LOCK_FLAGS) $(LOCK_ARGS) -o requirements-dev.lock
	printf '%s\n' $(LOCK_TOOLS) | $(UV) pip compile pyproject.toml - -c requirements-dev.lock $(LOCK_FLAGS) -o requirements.lock
	$(UV) pip compile pyproject.toml --extra bench -c requirements-dev.lock $(LOCK_FLAGS) $(LOCK_ARGS) -o requirements-bench.lock

# The test tools from npm. --ignore-scripts: vnu-jar's postinstall would try to download a JDK;
# vnu.jar itself ships in the package. Without npm, `make run` still works and the HTML and
# browser tests fail saying what is missing.
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  echo "npm ci --ignore-scripts --no-audit --no-fund"; \
	  npm ci --ignore-scripts --no-audit --no-fund && touch $(NODE_STAMP); \
	else \
	  echo "make: npm not found, so vnu-jar and axe-core are not installed (make test needs them)" >&2; \
	fi

install: $(STAMP) $(NODE_STAMP)

# What serving needs and nothing more: the production lock (requirements.lock, no test tools)
# and the project. `make run` and `make serve` use it; `make test` adds the rest.
$(RUN_STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(RUN_STAMP)

install-run: $(RUN_STAMP)

migrate: install-run
	$(PY) manage.py migrate --no-input

seed: migrate
	$(PY) manage.py import_seed

## run: set up everything on SQLite and serve http://127.0.0.1:8000 (another port or address:
## make run PORT=8080 HOST=0.0.0.0)
run: seed
	@echo "make run: serving http://$(HOST):$(PORT)/ (admin at /admin/); another port: make run PORT=8080; stop with Ctrl-C"
	DJANGO_RUNSERVER_HIDE_WARNING=true $(PY) manage.py runserver $(HOST):$(PORT)

## serve: the production server on $(HOST):$(PORT): debug off, migrations applied, static
## files collected (hashed, compressed, served by whitenoise), then gunicorn with the settings
## of gunicorn.conf.py (WEB_CONCURRENCY workers, default 2 x cores + 1). The secret key is
## DJANGO_SECRET_KEY; without it, the one in .secret_key (git-ignored, owner-only), which the
## first `make serve` writes with a random key, so that sessions survive a restart. Several
## servers behind one proxy must share a key: set DJANGO_SECRET_KEY on each. Set
## DJANGO_ALLOWED_HOSTS to the site's host names (default: the local ones), and the database
## with DATABASE_URL (default: the SQLite file db.sqlite3).
SECRET_KEY_FILE := .secret_key
DJANGO_ALLOWED_HOSTS ?= localhost,127.0.0.1,[::1]
serve: install-run
	@if [ -z "$$DJANGO_SECRET_KEY" ] && [ ! -s $(SECRET_KEY_FILE) ]; then \
	  (umask 077 && $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $(SECRET_KEY_FILE)) && \
	  echo "make serve: DJANGO_SECRET_KEY is not set, so a new random key was written to $(SECRET_KEY_FILE) (git-ignored): keep that file, or signed-in staff are signed out. To choose the key, set DJANGO_SECRET_KEY." >&2; \
	fi
	export DJANGO_DEBUG=0 DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat $(SECRET_KEY_FILE))}" \
	  DJANGO_ALLOWED_HOSTS='$(DJANGO_ALLOWED_HOSTS)' HOST='$(HOST)' PORT='$(PORT)' && \
	$(PY) manage.py migrate --no-input && \
	$(PY) manage.py collectstatic --no-input -v0 && \
	exec $(VENV)/bin/gunicorn

## test: the whole suite on SQLite
test: install
	$(PY) -m pytest $(PYTEST_ARGS)

## test-postgres: the whole suite on a throwaway PostgreSQL cluster on 127.0.0.1
test-postgres: install
	scripts/with-postgres $(PY) -m pytest $(PYTEST_ARGS)

test-all: test test-postgres

## bench: time typical searches on a generated corpus of 10,000 articles (SQLite; not a test)
.PHONY: bench bench-postgres
bench: install
	$(PY) scripts/bench_search.py

## bench-postgres: the same benchmark on a throwaway PostgreSQL cluster
bench-postgres: install
	scripts/with-postgres $(PY) scripts/bench_search.py

## bench-pages: time every public page type under gunicorn (debug off) against Datasette on
## the same SQLite file, on a generated corpus of 100,000 articles (kept in .bench/ for the
## next run); BENCH_ARGS="--articles 1000 --rounds 3" for a quick run. Not a test.
## bench-pages-postgres: the same on a throwaway PostgreSQL cluster (Datasette stays on the
## SQLite copy).
.PHONY: bench-pages bench-pages-postgres load
BENCH_STAMP := $(VENV)/.bench-installed-stamp
BENCH_ARGS ?=
$(BENCH_STAMP): $(STAMP) requirements-bench.lock
	$(PY) -m pip install --quiet --require-hashes -r requirements-bench.lock
	touch $(BENCH_STAMP)

bench-pages: install $(BENCH_STAMP)
	$(PY) scripts/bench_pages.py $(BENCH_ARGS)

bench-pages-postgres: install $(BENCH_STAMP)
	scripts/with-postgres $(PY) scripts/bench_pages.py $(BENCH_ARGS)

## load: 64 connections for 60 s over the public page mix against gunicorn on a throwaway
## PostgreSQL cluster holding the 100,000-article corpus; prints requests per second, the 95th
## percentile latency and the errors. Needs wrk (Debian: apt-get install wrk). Shorter:
## LOAD_ARGS="--duration 10 --articles 1000".
LOAD_ARGS ?=
load: install
	@command -v wrk >/dev/null 2>&1 || { echo "make load: wrk not found; install it (Debian: apt-get install wrk)" >&2; exit 1; }
	scripts/with-postgres $(PY) scripts/bench_pages.py --load $(LOAD_ARGS)

## eval: score the importer on the real press texts of fixtures/eval/ (a fresh SQLite file
## with the seeds; prints per article and overall)
.PHONY: eval
EVAL_DB := $(CURDIR)/.eval.sqlite3
eval: install
	rm -f $(EVAL_DB)
	DATABASE_URL=sqlite:///$(EVAL_DB) $(PY) manage.py migrate --no-input -v0
	DATABASE_URL=sqlite:///$(EVAL_DB) $(PY) manage.py import_seed >/dev/null
	DATABASE_URL=sqlite:///$(EVAL_DB) $(PY) manage.py evaluate_ingestion $(EVAL_ARGS)
	rm -f $(EVAL_DB)

## export-data: write the public data package (Frictionless: datapackage.json, a CSV file per
## table, one JSON file and a zip) to DATA_PACKAGE_DIR (default var/data-package), which
## /data/ serves. Another folder: make export-data EXPORT_ARGS="--output /srv/data"
.PHONY: export-data
EXPORT_ARGS ?=
export-data: install
	$(PY) manage.py export_data $(EXPORT_ARGS)

## messages: collect the interface strings into the Vietnamese catalogue, and compile it
messages: install
	$(PY) manage.py makemessages -l vi --no-location -i ".venv/*" -i "node_modules/*" -i "tests/*"
	$(PY) manage.py compilemessages -l vi -i ".venv" -i "node_modules"

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
