# Storyline — `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help demo test bench bench-scale fuzz clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)  ## analyse examples/seeds into storyline.duckdb and print what was found
	$(BIN)/storyline add examples/seeds --db storyline.duckdb
	$(BIN)/storyline show --db storyline.duckdb
	$(BIN)/storyline ledger --db storyline.duckdb --min-claims 2

test: $(STAMP)  ## install with the test extras and run the whole test suite
	$(BIN)/python -m pytest -q

bench: $(STAMP)  ## throughput and memory of each stage, and the peers they are measured against
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/run.py

bench-scale: $(STAMP)  ## Dask against local processes, and flat client memory at 100k and 1M articles (long)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/run.py --scale

FUZZ_SECONDS ?= 600
fuzz: $(STAMP)  ## hypothesis properties over readers, cleaner, numbers, store for FUZZ_SECONDS (600) in all
	$(BIN)/python -m tests.fuzz.run --seconds $(FUZZ_SECONDS)

clean:  ## remove the virtualenv, the demo database and caches
	rm -rf $(VENV) storyline.duckdb storyline.duckdb.wal .pytest_cache .hypothesis
