# Two entry points on a fresh machine: `make demo` and `make test`. Everything else they need
# (virtualenv, Pulumi CLI, BIND9 for real DNS) is provisioned by the targets below.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: test lint typecheck pytest demo demo-down bench pulumi dns-server schema clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,emulator]'
	touch $@

# Builds (once, cached in ~/.cache/pulumi-mail-domains) the CLI matching the pulumi SDK.
pulumi: $(STAMP)
	@scripts/install-pulumi $(PY) >/dev/null

# BIND9 for the tests and the demo that verify records through real DNS queries.
dns-server:
	@scripts/install-dns-server

lint: $(STAMP)
	$(VENV)/bin/ruff check provider tests examples scripts benchmarks
	$(VENV)/bin/ruff format --check provider tests examples scripts benchmarks

typecheck: $(STAMP)
	$(VENV)/bin/mypy

pytest: $(STAMP) pulumi dns-server
	$(VENV)/bin/pytest

test: lint typecheck pytest

demo: $(STAMP) pulumi dns-server
	$(PY) scripts/demo.py up

demo-down: $(STAMP) pulumi
	$(PY) scripts/demo.py down

bench: $(STAMP) pulumi
	for b in benchmarks/*.py; do $(PY) $$b || exit 1; done

schema: $(STAMP)
	$(PY) scripts/generate_schema.py

clean:
	rm -rf $(VENV) .demo .pytest_cache .mypy_cache .ruff_cache
