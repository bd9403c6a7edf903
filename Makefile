# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install run serve migrate seed test test-postgres test-all lint format clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

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

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
