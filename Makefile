# Một Cửa — the two commands of the quick start are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := motcua.settings

.PHONY: run test venv migrate demo lint typecheck bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

venv: $(BIN)/.installed

migrate: venv
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	MOTCUA_DEMO=1 $(BIN)/python manage.py load_demo_city

run: demo
	MOTCUA_DEMO=1 MOTCUA_DEBUG=$${MOTCUA_DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: venv
	$(BIN)/ruff check motcua tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check motcua tests bench

typecheck: venv
	$(BIN)/mypy

bench: venv
	$(BIN)/python bench/deadlines.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
