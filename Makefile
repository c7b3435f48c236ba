# rodtrad – the single entry point. `make demo` runs the product, `make test` checks everything.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_PYTHON_DOWNLOADS := never
RODTRAD := .venv/bin/rodtrad
PYTEST_WORKERS ?= auto

.PHONY: help setup demo serve test test-deps test-suite lint format messages bench reliability clean

help:
	@echo "make demo   – set up, migrate, load the demo data and serve at http://127.0.0.1:8000"
	@echo "make test   – set up, install test dependencies, lint and run the whole test suite"
	@echo "make lint   – ruff, formatting, translations and type checks"
	@echo "make bench  – run the benchmarks in bench/"
	@echo "make reliability – concurrency, crash, database outage and backup round trip (about 5 min)"

setup:
	@scripts/setup.sh

demo: setup
	@DEBUG=1 $(RODTRAD) migrate --verbosity 0
	@DEBUG=1 $(RODTRAD) demo
	@echo "Serving rodtrad at http://127.0.0.1:8000 (Ctrl-C stops it)"
	@scripts/serve-demo.sh

test-deps:
	@scripts/install-test-deps.sh

test: setup test-deps lint test-suite

test-suite: setup
	.venv/bin/pytest -n $(PYTEST_WORKERS) --durations=15 -q

lint: setup
	.venv/bin/ruff check rodtrad tests bench scripts
	.venv/bin/ruff format --check rodtrad tests bench scripts
	.venv/bin/python scripts/check_translations.py
	DEBUG=1 .venv/bin/mypy rodtrad

format: setup
	.venv/bin/ruff check --fix rodtrad tests bench scripts
	.venv/bin/ruff format rodtrad tests bench scripts

messages: setup
	DEBUG=1 $(RODTRAD) makemessages -l sv --no-location --no-obsolete --ignore=.venv --ignore=.tools --ignore=tests --ignore=var
	DEBUG=1 $(RODTRAD) compilemessages --ignore=.venv --ignore=.tools --verbosity 0

bench: setup
	.venv/bin/python bench/run.py

reliability: setup
	.venv/bin/python bench/reliability/run_all.py

clean:
	rm -rf .venv .tools var/static
