# Two commands for a fresh machine: `make run` serves the console with demo data,
# `make test` runs the test suite. Both create the virtual environment first.
# `make bench` measures the console on a large PostgreSQL table.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
BENCH_SESSIONS ?= 1000000
BENCH_ARGS ?=

.PHONY: install run test lint format bench clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(INSTALLED)

# Links in emails and the printed sign-in address name the address served, unless
# CONSOLE_BASE_URL is set already.
run: export DJANGO_DEBUG ?= 1
run: export CONSOLE_BASE_URL ?= http://$(HOST):$(PORT)
run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo_sessions --if-empty
	$(BIN)/python manage.py create_demo_admin --url "$(CONSOLE_BASE_URL)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

# Load BENCH_SESSIONS sessions into PostgreSQL (once) and measure the console on them.
bench: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/console_bench
bench: export DJANGO_SECRET_KEY ?= $(shell $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')
bench: install
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(BIN)/python manage.py bench --sessions $(BENCH_SESSIONS) $(BENCH_ARGS)

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) build staticfiles
