# Two commands for a newcomer: `make run` (demo on http://127.0.0.1:8000) and `make test`.
# Without DATABASE_URL / REDIS_URL both start an embedded PostgreSQL and Redis under .local/.
# `make dev` is `make run` with DEBUG=1 (Django's debug pages, static files from the sources).

SHELL := /bin/bash
PYTHON ?= python3
PORT ?= 8000
# The address load_demo_data prints and e-mails link to; follows PORT unless set.
SITE_URL ?= http://127.0.0.1:$(PORT)
PYTEST_ARGS ?=
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run dev test stop lint prerequisites install

# The demo runs as production does (DEBUG=0: the app's German 404/403/500 pages), with values
# fit only for a demo on this machine: keys made once for this checkout (.local/demo-keys.env,
# never in the repository, so nobody can deploy with them), plain-http cookies, the server on
# 127.0.0.1 only. `make dev` uses the same keys, so both read the same demo data.
DEMO_KEYS := .local/demo-keys.env
DEMO_ENV := set -a && . ./$(DEMO_KEYS) && set +a && \
	ALLOWED_HOSTS=127.0.0.1,localhost SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0 \
	SECURE_HSTS_PRELOAD=0 SITE_URL=$(SITE_URL)
run: DEMO_DEBUG := 0
dev: DEMO_DEBUG := 1

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

$(DEMO_KEYS):
	@mkdir -p $(dir $@)
	@$(PYTHON) -c 'import base64, os, secrets; print("SECRET_KEY=" + secrets.token_urlsafe(50)); print("FIELD_ENCRYPTION_KEY=" + base64.urlsafe_b64encode(os.urandom(32)).decode())' > $@
	@chmod 600 $@

run dev: install $(DEMO_KEYS)
	$(DEMO_ENV) DEBUG=$(DEMO_DEBUG) $(PY) manage.py migrate --noinput
	@if [ -d locale ]; then $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules; \
	else echo "Kein Ordner locale/: compilemessages übersprungen."; fi
	@# Without DEBUG, WhiteNoise serves the collected (hashed, compressed) static files.
	@if [ "$(DEMO_DEBUG)" = 0 ]; then $(MAKE) --no-print-directory staticfiles/staticfiles.json; fi
	$(DEMO_ENV) DEBUG=$(DEMO_DEBUG) $(PY) manage.py load_demo_data
	@echo "Web auf http://127.0.0.1:$(PORT)/ – Celery-Worker und -Beat laufen mit. Beenden mit Strg+C."
	$(DEMO_ENV) DEBUG=$(DEMO_DEBUG) WEB_PORT=$(PORT) $(VENV)/bin/honcho -f Procfile.dev start

# Collected again only when a static file or a front-end package changed.
staticfiles/staticfiles.json: $(shell find static -type f) package-lock.json $(DEMO_KEYS)
	$(DEMO_ENV) DEBUG=0 $(PY) manage.py collectstatic --noinput --clear -v0

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
