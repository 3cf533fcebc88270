# Two commands for a newcomer: `make run` (demo on http://127.0.0.1:8000) and `make test`.
# Without DATABASE_URL / REDIS_URL both start an embedded PostgreSQL and Redis under .local/.

SHELL := /bin/bash
PYTHON ?= python3
PORT ?= 8000
# The address load_demo_data prints and e-mails link to; follows PORT unless set.
SITE_URL ?= http://127.0.0.1:$(PORT)
PYTEST_ARGS ?=
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test stop lint prerequisites install

prerequisites:
	@PYTHON="$(PYTHON)" bin/check-prerequisites

# Reinstall only when pyproject.toml / package-lock.json changed (stamp files).
$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

install: prerequisites
	@$(MAKE) --no-print-directory $(VENV)/.installed node_modules/.installed

run: install
	$(PY) manage.py migrate --noinput
	@if [ -d locale ]; then $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules; \
	else echo "Kein Ordner locale/: compilemessages übersprungen."; fi
	SITE_URL=$(SITE_URL) $(PY) manage.py load_demo_data
	@echo "Web auf http://127.0.0.1:$(PORT)/ – Celery-Worker und -Beat laufen mit. Beenden mit Strg+C."
	SITE_URL=$(SITE_URL) WEB_PORT=$(PORT) $(VENV)/bin/honcho -f Procfile.dev start

test: install
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Browser tests need Debian's chromium: apt-get install chromium"; exit 1; fi
	$(PY) -m pytest $(PYTEST_ARGS)

# Stops the embedded PostgreSQL and Redis (they outlive `make run` and `make test`).
stop:
	@if [ -x $(PY) ]; then $(PY) -m rheine_integration.embedded; fi

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
