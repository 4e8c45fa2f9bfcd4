# The two commands of README.md, and the set-up both share.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: seed test install lint bench clean

# Install exactly what CI tested: the lock, then the project itself without re-resolving.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

## Seed the embedded SQLite file with the default (full) profile and print a summary.
seed: $(STAMP)
	$(BIN)/terp-seed seed

## Run the whole test suite (integration tests use TERP_TEST_MYSQL_URL, default local MariaDB).
test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check terp_seed terp_seed_tests scripts
	$(BIN)/dg check defs

## Whole seed against its floor (raw DDL + LOAD DATA) on light, full, large; medians of 3.
## Stress on demand: make bench BENCH_ARGS=--stress
bench: $(STAMP)
	$(BIN)/python scripts/bench_seed.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) terp_seed.sqlite terp_seed.sqlite.next
