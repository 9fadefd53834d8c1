# Comanda: `make run` brings the whole system up locally; `make test` runs every test.
# Both install what they need first (a virtualenv in .venv with the pinned requirements).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
PORT ?= 8080
HOST ?= 127.0.0.1

include make/infra.mk

.PHONY: bench bench-lighthouse install lint typecheck test test-unit test-services test-integration test-stack test-browser test-js typecheck-js run seed clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade 'pip<26.3'
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# Each group runs in its own pytest process: in-process moto (unit, integration,
# infrastructure) and the moto *server* of the local stack (devstack, e2e, browser) must not
# share one. The unit/services/integration, infrastructure, e2e, fuzz and browser groups are spread over two pytest-xdist
# workers (XDIST; the machine has two cores, and one process holds one GIL): every worker is a
# process of its own, with its own in-process moto or its own local stack on free ports, so the
# tests of one worker never see the other's data. `--dist loadfile` keeps a file's tests in one
# worker, in their order. devstack's tests are shorter than a second stack's start-up: one process.
# `make test XDIST=` runs each group in one process. The browser group waits on pages more than
# it computes (one core's worth over two workers): three workers, each with its own stack.
XDIST ?= -n 2
BROWSER_XDIST ?= $(if $(XDIST),-n 3)
test: lint typecheck test-unit-integration test-infrastructure test-stack test-browser test-js

# Ruff's rules and mypy's settings are in pyproject.toml (strict on domain/, services/ and ports.py).
lint: $(STAMP)
	$(VENV)/bin/ruff check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy

# The rules on in-memory repositories (tests/services, no AWS) and the HTTP contract on moto.
test-unit-integration: $(STAMP)
	$(PY) -m pytest -q $(XDIST) --dist loadfile tests/unit tests/services tests/integration

test-infrastructure: $(STAMP) $(CHECKOV_STAMP)
	$(PY) -m pytest -q $(XDIST) tests/infrastructure

test-stack: $(STAMP)
	$(PY) -m pytest -q tests/devstack
	$(PY) -m pytest -q $(XDIST) --dist loadfile tests/e2e
	$(PY) -m pytest -q $(XDIST) tests/fuzz

# axe-core (pinned in package.json) is injected into the pages by tests/browser/axe.py.
test-browser: $(STAMP) $(NODE_STAMP)
	bash scripts/ensure-chromium.sh
	$(PY) -m pytest -q $(BROWSER_XDIST) --dist loadfile tests/browser

# The pages' modules are checked by TypeScript (tsc --noEmit over their // @ts-check JSDoc;
# tsconfig.json), pinned in package.json and installed from the lockfile on first use.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(NODE_STAMP)

typecheck-js: $(NODE_STAMP)
	node_modules/.bin/tsc --noEmit -p tsconfig.json

test-js: typecheck-js
	node --test tests/unit_js/

test-unit: $(STAMP)
	$(PY) -m pytest -q tests/unit

test-services: $(STAMP)
	$(PY) -m pytest -q tests/services

test-integration: $(STAMP)
	$(PY) -m pytest -q tests/integration

# The whole system on one origin (pages, /api, /ws) with the demo chain; Ctrl-C stops it.
run: $(STAMP)
	@$(PY) -m devstack --port $(PORT) --host $(HOST)

# Every benchmark, one after the other (bench/README.md): figures, and
# two checks that fail the target (dynamo_ops.py: a Scan; load.py: an order lost, repeated or 5xx).
bench: $(STAMP)
	bash scripts/ensure-chromium.sh
	$(PY) bench/handler_cpu.py
	$(PY) bench/dynamo_ops.py
	$(PY) bench/coldstart.py
	$(PY) bench/page_weight.py
	$(PY) bench/push_latency.py
	$(PY) bench/wait_estimate.py
	$(PY) bench/load.py

# Lighthouse 12.2.3 (mobile preset) on the diner's entry and menu pages, median of 3 (bench/README.md).
# Not part of `make bench` or `make test`: it installs its own pinned Lighthouse (bench/lighthouse/).
LIGHTHOUSE_STAMP := bench/lighthouse/node_modules/.installed
$(LIGHTHOUSE_STAMP): bench/lighthouse/package.json bench/lighthouse/package-lock.json
	cd bench/lighthouse && npm ci --no-audit --no-fund
	touch $(LIGHTHOUSE_STAMP)

bench-lighthouse: $(STAMP) $(LIGHTHOUSE_STAMP)
	bash scripts/ensure-chromium.sh
	$(PY) bench/lighthouse.py --runs 3

clean:
	rm -rf $(VENV) $(CHECKOV_VENV) .pytest_cache node_modules
