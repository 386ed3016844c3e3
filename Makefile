# Improvement Tracker: `make run` serves the demo; `make test` runs every check CI runs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/improvement
# The server only: bench/serve_and_load.py makes (and drops) its own database improvement_bench.
BENCH_POSTGRES ?= postgres://postgres@127.0.0.1:5432
BENCH_ARGS ?=
# Extra options for load_demo (make run adds --through-worker).
DEMO_ARGS ?=
# 10: also ten times the data (200 plans; a plan of 2,000 milestones), with the ratios to 1x.
BENCH_SCALE ?= 1
# Tests never depend on the developer's shell: a fixed test-only key and DEBUG off.
TEST_ENV := DJANGO_SECRET_KEY=test-only-secret-key-not-for-use-anywhere-else-0123456789 DJANGO_DEBUG=false

.PHONY: help run test venv dev static migrate demo lint check pytest-sqlite pytest-postgres postgres chromium bench clean

help:
	@echo "make run    set up everything and serve the demo on http://$(HOST):$(PORT)/"
	@echo "make test   install test tools and run every check, on SQLite and PostgreSQL"
	@echo "make bench  serve a large county's data with gunicorn and load it (PostgreSQL, ~4 min)"
	@echo "            BENCH_SCALE=10: then ten times the data, with each page's ratio to 1x"

$(VENV)/.python-ok:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || { \
	  echo "Improvement Tracker needs Python 3.12 or newer (Django 6); '$(PYTHON)' is $$($(PYTHON) --version 2>&1)."; \
	  echo "With pyenv: 'pyenv install 3.12' (the .python-version file selects it), or run: make PYTHON=python3.12 ..."; \
	  exit 1; }
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@touch $@

$(VENV)/.installed: pyproject.toml $(VENV)/.python-ok
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[bench]"
	@touch $@

venv: $(VENV)/.installed
dev: $(VENV)/.installed-dev

static:
	@bash bin/build-static

migrate: venv
	DJANGO_DEBUG=true $(PY) manage.py migrate --noinput

demo: migrate
	DJANGO_DEBUG=true $(PY) manage.py load_demo --with-demo-accounts --with-editorial --with-board-report $(DEMO_ARGS)

# make run queues the demo's board report for the worker it starts, as a clerk's would be.
run: DEMO_ARGS := --through-worker
run: venv static demo
	@echo ""
	@echo "Improvement Tracker is at http://$(HOST):$(PORT)/  (Ctrl-C to stop it and its task worker)"
	@echo "Demo log-ins (password for each: jar-demo-2006):"
	@echo "  officer   an officer of the council, lead LM (Linda Maden): her milestones"
	@echo "  pct       an officer of the partner Hereford PCT, lead LR (Lyn Renton): reads the plan"
	@echo "  director  a director of the council: reads its plans, restricted ones too"
	@echo "  clerk     a clerk: issues board reports"
	@echo "  admin     an administrator: manages plans, people and accounts (/admin/)"
	@echo "The public page, with no sign-in: http://$(HOST):$(PORT)/public/jar-2006/"
	@echo ""
	@bash bin/run $(HOST):$(PORT)

lint: dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: dev
	$(TEST_ENV) $(PY) manage.py check --fail-level WARNING
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run

postgres:
	@bash bin/ensure-postgres

chromium:
	@bash bin/ensure-chromium

# One pytest-xdist worker per core (PYTEST_WORKERS=0 runs in one process): each has its own test
# database, and on PostgreSQL each run's names are its own (tests/settings.py).
PYTEST_WORKERS ?= auto
PYTEST := $(PY) -m pytest -n $(PYTEST_WORKERS)

pytest-sqlite: dev static chromium
	$(TEST_ENV) DATABASE_URL= $(PYTEST) -m "not postgres"

pytest-postgres: dev static chromium postgres
	$(TEST_ENV) DATABASE_URL=$(POSTGRES_URL) REQUIRE_POSTGRES=1 $(PYTEST)

# The two passes run side by side: the PostgreSQL pass waits on its server and the browser
# tests on Chromium, which leaves the cores idle a third of the time when they run in turn.
# Each pass's output is printed whole when it ends (--output-sync).
test: lint check
	@$(MAKE) --no-print-directory -j2 --output-sync=target pytest-sqlite pytest-postgres
	@echo "make test: every check passed on SQLite and PostgreSQL."

# Not part of `make test`: it takes minutes and measures, never asserts, wall-clock times.
bench: $(VENV)/.installed-bench static postgres
	$(PY) bench/serve_and_load.py --server $(BENCH_POSTGRES) --scale $(BENCH_SCALE) $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules static/dist staticfiles .pytest_cache
