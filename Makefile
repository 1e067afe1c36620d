# Storyline — `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
WRK      := /usr/bin/wrk

.DEFAULT_GOAL := help
.PHONY: help demo test bench bench-scale fuzz load clean

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
	$(BIN)/storyline brief --db storyline.duckdb

# The browser tests drive Debian's chromium (Playwright's own browser downloads are never used).
$(CHROMIUM):
	apt-get update && apt-get install -y chromium

test: $(STAMP) | $(CHROMIUM)  ## install with the test extras and run the whole test suite
	$(BIN)/python -m pytest -q

bench: $(STAMP)  ## throughput and memory of each stage, and the peers they are measured against
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/run.py

bench-scale: $(STAMP)  ## Dask against local processes; client memory and link time against stores of 10k, 100k and 1M articles (long)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/run.py --scale

FUZZ_SECONDS ?= 600
fuzz: $(STAMP)  ## hypothesis properties over readers, cleaner, numbers, store for FUZZ_SECONDS (600) in all
	$(BIN)/python -m tests.fuzz.run --seconds $(FUZZ_SECONDS)

# make load drives the server with Debian's wrk (load.py falls back to Python clients without it).
$(WRK):
	apt-get update && apt-get install -y wrk

load: $(STAMP) | $(WRK)  ## 50 concurrent clients for 30 s against storyline serve on 1,000+ articles (loopback): p50/p99, errors
	$(BIN)/python benchmarks/load.py

clean:  ## remove the virtualenv, the demo database and caches
	rm -rf $(VENV) storyline.duckdb storyline.duckdb.wal .pytest_cache .hypothesis tests/artifacts benchmarks/.load
