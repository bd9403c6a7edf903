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
NODE_STAMP := node_modules/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install run serve migrate seed test test-postgres test-all messages lint format clean

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
## tools) and requirements.lock (production): exact versions and hashes, for Python 3.11+ on
## every platform. Versions already locked are kept unless LOCK_ARGS=--upgrade (all) or
## LOCK_ARGS="--upgrade-package django" (one). Needs PyPI; then `make install`.
.PHONY: lock
UV ?= $(VENV)/bin/uv
LOCK_TOOLS := pip 'setuptools>=69'
LOCK_FLAGS := --generate-hashes --universal --python-version 3.11 --custom-compile-command "make lock" --quiet
lock:
	@test -x $(UV) || { echo "make: $(UV) not found: run make install first (or UV=/path/to/uv make lock)" >&2; exit 1; }
	printf '%s\n' $(LOCK_TOOLS) | $(UV) pip compile pyproject.toml - --extra dev $(LOCK_FLAGS) $(LOCK_ARGS) -o requirements-dev.lock
	printf '%s\n' $(LOCK_TOOLS) | $(UV) pip compile pyproject.toml - -c requirements-dev.lock $(LOCK_FLAGS) -o requirements.lock

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

migrate: install
	$(PY) manage.py migrate --no-input

seed: migrate
	$(PY) manage.py import_seed

## run: set up everything on SQLite and serve http://127.0.0.1:8000
run: seed
	$(PY) manage.py runserver $(HOST):$(PORT)

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
