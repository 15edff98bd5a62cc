# Một Cửa — the two commands of the quick start are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := motcua.settings
# `make run` uses the database task backend and starts one worker beside the web server; the cache
# (throttles, progress) is a database table so that every server process shares it. HOST and PORT are
# passed on so that links, QR codes, e-mails and SMS name the address actually served
# (settings.public_url; MOTCUA_PUBLIC_URL, when set, wins).
RUN_ENV := MOTCUA_DEMO=1 MOTCUA_TASKS_BACKEND=django_tasks_db.DatabaseBackend MOTCUA_CACHE_URL=db MOTCUA_PLAIN_HTTP=1 MOTCUA_HOST=$(HOST) MOTCUA_PORT=$(PORT)

.PHONY: run dev test venv migrate demo static lint typecheck bench bench-scale durability clean system-packages messages

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

venv: $(BIN)/.installed

migrate: venv
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py createcachetable
	$(RUN_ENV) $(BIN)/python manage.py build_stats_summary --if-pending

demo: migrate
	$(RUN_ENV) $(BIN)/python manage.py load_demo_city

static: venv
	$(RUN_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0

# `make run`: the production server (gunicorn, one process per core, static files from whitenoise,
# DEBUG off unless MOTCUA_DEBUG=1) and beside it the task worker (django-tasks-db) with the periodic clock
# inside it (`run_worker`, decision 0051); all stop together. `make dev`: Django's autoreloading
# development server with DEBUG on instead.
run: demo static
	@mkdir -p var/log
	$(RUN_ENV) $(BIN)/python manage.py run_worker > var/log/worker.log 2>&1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	echo "Một Cửa: http://$(HOST):$(PORT)/ (worker: var/log/worker.log)"; \
	$(RUN_ENV) HOST=$(HOST) PORT=$(PORT) $(BIN)/gunicorn -c python:motcua.gunicorn_conf motcua.wsgi

dev: demo
	@mkdir -p var/log
	$(RUN_ENV) $(BIN)/python manage.py run_worker > var/log/worker.log 2>&1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	echo "Một Cửa (development): http://$(HOST):$(PORT)/"; \
	$(RUN_ENV) MOTCUA_DEBUG=$${MOTCUA_DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Chromium, poppler-utils, DejaVu fonts and Pango: installed when root with apt-get, otherwise the run
# stops at once naming them and the command that installs them (the browser and PDF tests need them).
system-packages:
	scripts/ensure-system-packages

test: venv system-packages
	$(BIN)/ruff check motcua tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# `make messages`: after wrapping or changing user-facing strings, regenerate the English catalogues (each
# app's locale/ and motcua/locale; translations carried over between them) and compile them; then fill in
# the new msgstr lines and run it again. tests/i18n fails while a wrapped string has no translation.
messages: venv system-packages
	PYTHON=$(BIN)/python scripts/make-messages

lint: venv
	$(BIN)/ruff check motcua tests bench

typecheck: venv
	$(BIN)/mypy

bench: venv
	$(BIN)/python bench/deadlines.py

# The serving benchmark at 1 M and 10 M dossiers (issue 10): DATABASE_URL must name a scratch PostgreSQL
# database (it is filled, ~50 GB at 10 M). Writes its table into docs/performance.md. SIZES to change sizes.
SIZES ?= 1000000,10000000
bench-scale: venv
	$(BIN)/pip install --quiet -e ".[bench]"
	$(BIN)/python bench/scale.py --sizes $(SIZES) --write

# On demand, not in `make test`: kill -9 of the app server during concurrent intakes (bench/durability.py;
# SQLite in a temporary folder, or a scratch PostgreSQL database given as DATABASE_URL).
durability: venv
	$(BIN)/python bench/durability.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
