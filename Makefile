# Herts Careers & Jobs Fairs. `make run` and `make test` work on a fresh machine with Python 3.11
# and Node.js/npm; every other step is here.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := .make
HOST ?= 127.0.0.1
PORT ?= 8000
# Both cores; the slow fuzz and benchmark-script tests run in .ci/run (or `make test-slow`).
PYTEST_ARGS ?= -n auto -m 'not slow'

.PHONY: run test test-slow lint typecheck install install-dev frontend messages migrate seed clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP)/install: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@mkdir -p $(STAMP) && touch $@

$(STAMP)/install-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	@mkdir -p $(STAMP) && touch $@ $(STAMP)/install

# GOV.UK Frontend and axe-core come from the npm registry; package-lock.json pins them.
$(STAMP)/npm: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@mkdir -p $(STAMP) && touch $@

$(STAMP)/frontend: $(STAMP)/npm static_src/build.mjs $(wildcard static_src/*.scss static_src/js/* static_src/js/*/*)
	npm run --silent build
	@mkdir -p $(STAMP) && touch $@

install: $(STAMP)/install
install-dev: $(STAMP)/install-dev
frontend: $(STAMP)/frontend

messages: $(STAMP)/install
	$(BIN)/python manage.py compile_translations

migrate: $(STAMP)/install
	$(BIN)/python manage.py migrate --no-input

seed: migrate
	$(BIN)/python manage.py seed_demo

# Links in e-mails printed to the console point at the address being served, unless SITE_URL says.
run: $(STAMP)/install frontend messages seed
	SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}" $(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: $(STAMP)/install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=config.settings.test

# Services, selectors, permission rules, every view module and the API.
TYPED := $(sort $(filter-out api/%,$(wildcard */services.py */services/*.py */selectors.py \
	*/permissions.py */views.py */*_views.py)))
typecheck: $(STAMP)/install-dev
	$(BIN)/mypy $(TYPED) api

test: $(STAMP)/install-dev frontend messages lint typecheck
	$(BIN)/pytest $(PYTEST_ARGS)

test-slow: $(STAMP)/install-dev frontend messages
	$(BIN)/pytest -m slow -rs

bench: $(STAMP)/install-dev frontend
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) $(STAMP) node_modules static/build staticfiles db.sqlite3* test-db.sqlite3*
