# Baton: `make run` starts a demo server, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgresql://postgres@localhost/test
export BATON_TEST_PG_URL ?= $(PG_URL)

.PHONY: run install web wheel test lint unit test-web test-sqlite test-postgres fuzz fuzz-ci bench clean

# The web app (web/: Vite + React + TypeScript) builds into the Python package, which
# serves it at `/`; a wheel carries the build, so the target machine needs no Node.js.
WEB_DIST := src/baton/webapp/dist/index.html
WEB_SOURCES := $(shell find web/src web/public web/scripts -type f 2>/dev/null) \
	web/index.html web/vite.config.ts web/tsconfig.json web/package.json

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

web/node_modules/.installed: web/package-lock.json
	@command -v npm >/dev/null || { echo "Node.js (>= 20.19) and npm are needed to build the web app" >&2; exit 1; }
	cd web && npm ci --no-audit --no-fund
	@touch $@

$(WEB_DIST): web/node_modules/.installed $(WEB_SOURCES)
	cd web && npm run build

web: $(WEB_DIST)

install: $(VENV)/.installed $(WEB_DIST)

# A wheel with the web app inside (installed without Node.js). `build/` goes first: setuptools
# would otherwise also ship files an earlier build left there (old asset bundles).
wheel: $(VENV)/.installed $(WEB_DIST)
	rm -rf build
	$(BIN)/pip wheel . --no-deps -w dist

run: install
	$(BIN)/baton db upgrade
	$(BIN)/baton serve --demo --port 8080

lint: $(VENV)/.installed-test web/node_modules/.installed
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	cd web && npm run typecheck && npm run lint

test-web: web/node_modules/.installed
	cd web && npm test

# The suite runs in PYTEST_WORKERS processes (pytest-xdist; each PostgreSQL worker gets its own
# database beside the test one). Many tests wait on server processes, so more workers than cores
# still pays on a 2-core machine.
PYTEST_WORKERS ?= 3
PYTEST_PARALLEL := -n $(PYTEST_WORKERS) --dist worksteal

# The browser journeys (tests/browser) drive Debian's chromium, installed here if missing.
test-sqlite: $(VENV)/.installed-test $(WEB_DIST)
	scripts/ensure-chromium.sh
	BATON_TEST_DB=sqlite $(BIN)/pytest -q $(PYTEST_PARALLEL)

# On PostgreSQL only the tests that touch a database run again.
test-postgres: $(VENV)/.installed-test $(WEB_DIST)
	scripts/ensure-chromium.sh
	@if scripts/ensure-postgres.sh; then \
		BATON_TEST_DB=postgresql $(BIN)/pytest -q -m db $(PYTEST_PARALLEL); \
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

test: lint test-web test-sqlite test-postgres fuzz-ci

bench: $(VENV)/.installed-test $(WEB_DIST)
	@scripts/ensure-chromium.sh || echo "(no chromium: the web bench is skipped)"
	@for script in $$(ls bench/*_bench.py 2>/dev/null); do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache web/node_modules src/baton/webapp/dist
