# Baton: `make run` starts a demo server, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgresql://postgres@localhost/test
export BATON_TEST_PG_URL ?= $(PG_URL)

.PHONY: run install test lint unit test-sqlite test-postgres fuzz fuzz-ci bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Baton needs Python >= 3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/baton db upgrade
	$(BIN)/baton serve --demo --port 8080

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

test-sqlite: $(VENV)/.installed-test
	BATON_TEST_DB=sqlite $(BIN)/pytest -q

# On PostgreSQL only the tests that touch a database run again.
test-postgres: $(VENV)/.installed-test
	@if scripts/ensure-postgres.sh; then \
		BATON_TEST_DB=postgresql $(BIN)/pytest -q -m db; \
	elif [ "$${CI:-}" = "true" ]; then \
		echo "PostgreSQL unreachable at $(BATON_TEST_PG_URL): failing (CI=true)" >&2; exit 1; \
	else \
		echo "!!! PostgreSQL unreachable at $(BATON_TEST_PG_URL): PostgreSQL run SKIPPED" >&2; \
	fi

# Schemathesis over the OpenAPI document (tests/fuzz): no operation may answer 5xx.
# `make fuzz` explores with fresh random seeds for FUZZ_SECONDS; `fuzz-ci` (part of `make test`)
# is a short repeatable pass of FUZZ_CI_EXAMPLES examples per operation and strategy.
FUZZ_SECONDS ?= 300
FUZZ_CI_EXAMPLES ?= 4
fuzz: $(VENV)/.installed-test
	FUZZ_SECONDS=$(FUZZ_SECONDS) $(BIN)/pytest -q -s -m fuzz tests/fuzz

fuzz-ci: $(VENV)/.installed-test
	FUZZ_EXAMPLES=$(FUZZ_CI_EXAMPLES) $(BIN)/pytest -q -m fuzz tests/fuzz

test: lint test-sqlite test-postgres fuzz-ci

bench: $(VENV)/.installed-test
	@for script in $$(ls bench/*_bench.py 2>/dev/null); do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
