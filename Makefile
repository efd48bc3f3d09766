PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: install demo test lint bench

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

install: $(PY)
	$(PY) -m pip install -q -e '.[dev]'

demo: install
	$(VENV)/bin/newsevents run examples/ --db demo.duckdb
	$(VENV)/bin/newsevents events --db demo.duckdb --format table

test: install
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/pytest -q

bench: install
	$(PY) benchmarks/bench_throughput.py
