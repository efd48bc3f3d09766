PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: install install-all demo test bench train

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

install: $(PY)
	$(PY) -m pip install -q -e '.[dev]'

install-all: $(PY)
	$(PY) -m pip install -q -e '.[dev,ray,train]'

demo: install
	$(VENV)/bin/newsevents run examples/ --db demo.duckdb
	$(VENV)/bin/newsevents events --db demo.duckdb --format table

test: install-all
	$(VENV)/bin/ruff check src tests benchmarks
	RAY_AUTH_MODE=disabled $(VENV)/bin/pytest -q

bench: install-all
	$(PY) benchmarks/run.py

# Fine-tune the event-type model on the team's corpus and PLOVER GSR (CC BY-SA 4.0, so the model
# is too); writes src/newsevents/data/models/event_types/. About 10 minutes on 2 cores.
train: install-all
	$(VENV)/bin/newsevents train --corpus training/corpus --extra ../shared/dev/plover_gsr.jsonl --licence CC-BY-SA-4.0
