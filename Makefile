PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: install install-all demo test bench

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

install: $(PY)
	$(PY) -m pip install -q -e '.[dev]'

install-all: $(PY)
	$(PY) -m pip install -q -e '.[dev,ray]'

demo: install
	$(VENV)/bin/newsevents run examples/ --db demo.duckdb
	$(VENV)/bin/newsevents events --db demo.duckdb --format table

test: install-all
	$(VENV)/bin/ruff check src tests benchmarks
	RAY_AUTH_MODE=disabled $(VENV)/bin/pytest -q

bench: install-all
	$(PY) benchmarks/run.py
