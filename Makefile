# Techniek Dichtbij. Two commands for a newcomer: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in e-mails and the printed logins point at the server `make run` starts (unless SITE_URL is set).
RUN_SITE_URL = $${SITE_URL:-http://$(HOST):$(PORT)}
# DEBUG is off unless asked for (production); the development targets ask for it. `make serve`,
# `make bench` and `make loadtest` set DEBUG=false themselves.
export DEBUG ?= true

.PHONY: run install migrate data demo test test-fast lint format check bench messages clean

$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py setup_roles

data: migrate
	$(PY) manage.py load_reference_data

demo: data
	$(PY) manage.py load_demo_content --if-empty
	SITE_URL=$(RUN_SITE_URL) $(PY) manage.py create_demo_users
	@# Real initiatives from public sources, in review (never published, never overwritten).
	$(PY) manage.py load_public_inventory

## Set everything up (idempotent, fast on a second run) and serve on http://$(HOST):$(PORT)/
run: demo
	@echo
	@echo "Techniek Dichtbij draait op http://$(HOST):$(PORT)/ (beheer: http://$(HOST):$(PORT)/admin/)"
	@echo
	@# The task worker (e-mail, imports, snapshots) and the scheduler of recurring jobs run beside
	@# the server and stop with it.
	trap 'kill 0' EXIT INT TERM; export SITE_URL=$(RUN_SITE_URL); \
		$(PY) manage.py run_worker --interval 1 & $(PY) manage.py run_scheduler & \
		$(PY) manage.py runserver $(HOST):$(PORT)

## The whole suite (SQLite by default; set DATABASE_URL for PostgreSQL)
test: install
	$(PY) -m pytest -q

test-fast: install
	$(PY) -m pytest -q -m "not browser"

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

## Rebuild the translation catalogues (needs gettext) and compile them
messages: install
	# English only: the Dutch catalogue holds Dutch for other apps' strings (admin, simple-history, axes,
	# import-export), which makemessages would mark obsolete, as they are not in this project's source.
	$(PY) manage.py makemessages --locale en --ignore ".venv/*" --ignore "tests/*"
	$(PY) manage.py makemessages --domain djangojs --locale en --locale nl --ignore ".venv/*" --ignore "staticfiles/*"
	$(PY) manage.py compilemessages --ignore ".venv/*"

clean:
	rm -rf $(VENV) staticfiles

## Production configuration locally: collectstatic, migrate, gunicorn on http://$(HOST):$(SERVE_PORT)/
## (PostgreSQL when DATABASE_URL is set; plain http on loopback, so HTTPS redirect/HSTS/secure cookies off)
SERVE_PORT ?= 8000
SERVE_ENV = DEBUG=false SECRET_KEY=$${SECRET_KEY:-local-serve-only-$$(hostname)-not-a-production-secret-key-0123456789} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} SECURE_SSL_REDIRECT=false SECURE_HSTS_SECONDS=0 SECURE_COOKIES=false
.PHONY: serve loadtest lighthouse audit
serve: install
	$(SERVE_ENV) $(PY) manage.py collectstatic --no-input -v0
	$(SERVE_ENV) $(PY) manage.py migrate --no-input -v0
	@# As production runs it: gunicorn, one task worker and the scheduler (docs/operations.md "Background work").
	trap 'kill 0' EXIT INT TERM; $(SERVE_ENV) $(PY) manage.py run_worker --no-reload & \
		$(SERVE_ENV) $(PY) manage.py run_scheduler & \
		$(SERVE_ENV) GUNICORN_BIND=$(HOST):$(SERVE_PORT) $(VENV)/bin/gunicorn -c portal/gunicorn.conf.py portal.wsgi

## Load test (wrk on loopback against gunicorn + PostgreSQL): LOADTEST_ARGS="--seconds 60 --connections 50"
LOAD_DB ?= techniek_load
LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/$(LOAD_DB)
LOADTEST_ARGS ?=
# The shared cache production uses (docs/operations.md): Redis when one answers on loopback, else per-process memory.
LOAD_REDIS_URL ?= $(shell command -v redis-cli >/dev/null && redis-cli -h 127.0.0.1 ping 2>/dev/null | grep -q PONG && echo redis://127.0.0.1:6379/15)
loadtest: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
	-psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='$(LOAD_DB)'" | grep -q 1 || psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE $(LOAD_DB)"
	DATABASE_URL=$(LOAD_DATABASE_URL) $(SERVE_ENV) $(PY) manage.py migrate --no-input -v0
	DATABASE_URL=$(LOAD_DATABASE_URL) $(SERVE_ENV) $(PY) manage.py collectstatic --no-input -v0
	DATABASE_URL=$(LOAD_DATABASE_URL) REDIS_URL=$(LOAD_REDIS_URL) $(SERVE_ENV) BENCH_VIEWS=true LOG_LEVEL=WARNING PYTHONUNBUFFERED=1 $(PY) manage.py loadtest $(LOADTEST_ARGS)

## Page weight and Lighthouse mobile scores (home, search, detail) under gunicorn; installs
## lighthouse 12.8 into .lighthouse/ on first use. Not part of `make test`.
LIGHTHOUSE_DIR ?= .lighthouse
lighthouse: install
	@test -x $(LIGHTHOUSE_DIR)/node_modules/.bin/lighthouse || npm install --prefix $(LIGHTHOUSE_DIR) --no-audit --no-fund --silent lighthouse@12.8.2
	-psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='$(LOAD_DB)'" | grep -q 1 || psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE $(LOAD_DB)"
	DATABASE_URL=$(LOAD_DATABASE_URL) $(SERVE_ENV) $(PY) manage.py migrate --no-input -v0
	DATABASE_URL=$(LOAD_DATABASE_URL) $(SERVE_ENV) $(PY) manage.py collectstatic --no-input -v0
	DATABASE_URL=$(LOAD_DATABASE_URL) $(SERVE_ENV) BENCH_VIEWS=true LOG_LEVEL=WARNING PYTHONUNBUFFERED=1 $(PY) manage.py lighthouse --lighthouse-bin $(LIGHTHOUSE_DIR)/node_modules/.bin/lighthouse

## Dependency audit of requirements.txt (pip-audit in its own venv; also run by .ci/run)
audit:
	bash .ci/audit

## Benchmarks (PostgreSQL by default: that is what production runs)
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/techniek_bench
BENCH_DATABASE_NAME = $(lastword $(subst /, ,$(BENCH_DATABASE_URL)))
# Production settings (DEBUG off) on plain http in-process, with the bare baseline view switched on.
BENCH_ENV = DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=false SECRET_KEY=bench ALLOWED_HOSTS=testserver,127.0.0.1 \
	SECURE_SSL_REDIRECT=false SECURE_COOKIES=false BENCH_VIEWS=true LOG_LEVEL=WARNING ADMIN_REQUIRE_2FA=false
# BENCH_BASELINE=<git ref>: the search bench also times that commit next to this tree, interleaved
# (its own worktree and bench database; portal/devtools/benchmarks/baseline.py).
BENCH_BASELINE ?=
bench: install
	-psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='$(BENCH_DATABASE_NAME)'" | grep -q 1 || psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE $(BENCH_DATABASE_NAME)"
	$(BENCH_ENV) $(PY) manage.py migrate --no-input -v0
	$(BENCH_ENV) $(PY) manage.py collectstatic --no-input -v0
	$(BENCH_ENV) BENCH_BASELINE=$(BENCH_BASELINE) $(PY) manage.py bench $(BENCH)
