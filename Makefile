# Two entry points on a fresh machine: `make demo` and `make test`. Everything else they need
# (virtualenv, Pulumi CLI, BIND9 for real DNS) is provisioned by the targets below.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The package accepts pulumi>=3.259,<4; the project venv keeps the oldest of them, the CLI is newer.
CONSTRAINTS := constraints/ci.txt
# A second venv with the newest pulumi SDK on PyPI, for `test-newest-sdk` (build/ is ignored).
NEWEST := build/venv-newest-sdk

.PHONY: test lint typecheck pytest test-newest-sdk demo demo-yaml demo-down bench pulumi dns-server schema dynamic clean \
	sdks nodejs-sdk typescript-quickstart native-python plugin

$(STAMP): pyproject.toml $(CONSTRAINTS)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c $(CONSTRAINTS) -e '.[dev,emulator]'
	touch $@

# Builds (once, cached in ~/.cache/pulumi-mail-domains) the CLI pinned in tools/pulumi-cli/go.mod.
pulumi: $(STAMP)
	@scripts/install-pulumi $(PY) >/dev/null

# BIND9 for the tests and the demo that verify records through real DNS queries.
dns-server:
	@scripts/install-dns-server

lint: $(STAMP)
	$(VENV)/bin/ruff check provider tests examples scripts benchmarks
	$(VENV)/bin/ruff format --check provider tests examples scripts benchmarks

# Strict mypy over every Python file (pyproject's [tool.mypy]): one run for all but the examples'
# __main__.py, then each of those on its own, since every one of them is the module __main__.
typecheck: $(STAMP)
	$(VENV)/bin/mypy
	for f in examples/*/__main__.py; do $(VENV)/bin/mypy "$$f" || exit 1; done

# The language tests also need the TypeScript quickstart built and the native-Python venv.
pytest: $(STAMP) pulumi dns-server typescript-quickstart native-python
	$(VENV)/bin/pytest

test: lint typecheck pytest test-newest-sdk

# Users may have a newer pulumi SDK than ours (for other providers): the unit tests and one engine
# smoke test run with the newest SDK on PyPI against the pinned CLI.
test-newest-sdk: pulumi dns-server
	test -x $(NEWEST)/bin/python || $(PYTHON) -m venv $(NEWEST)
	$(NEWEST)/bin/python -m pip install --quiet --upgrade pip
	$(NEWEST)/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager \
		-e '.[emulator]' pulumi 'pytest>=8' 'pytest-timeout>=2.3' 'hypothesis>=6.100'
	@$(NEWEST)/bin/python -c 'import pulumi, importlib.metadata as m; \
		print("test-newest-sdk: pulumi SDK", m.version("pulumi"))'
	$(NEWEST)/bin/python -m pytest -p no:cacheprovider tests/unit tests/engine/test_smoke.py

demo: $(STAMP) pulumi dns-server
	$(PY) scripts/demo.py up

# The YAML quickstart (examples/yaml-quickstart) through the native plugin, the same way.
demo-yaml: $(STAMP) pulumi dns-server
	$(PY) scripts/demo.py up --yaml

demo-down: $(STAMP) pulumi
	$(PY) scripts/demo.py down

bench: $(STAMP) pulumi native-python
	for b in benchmarks/*.py; do $(PY) $$b || exit 1; done

schema: $(STAMP)
	$(PY) scripts/generate_schema.py

# The dynamic classes of Python programs, generated from the same specs (checked by tests/schema).
dynamic: $(STAMP)
	$(PY) scripts/generate_dynamic.py

# The Node.js, Go and Python SDKs, generated from schema.json by Pulumi's own code generators
# (tools/sdk-gen, at the CLI's pkg/v3 version; checked by tests/sdks).
sdks:
	cd tools/sdk-gen && go run . ../../schema.json ../../sdk
	cd sdk/go && go mod tidy

VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
CLI_VERSION := $(shell sed -n 's#^\tgithub.com/pulumi/pulumi/pkg/v3 v\([^ ]*\).*#\1#p' tools/pulumi-cli/go.mod)

# The npm package @pulumi-mail-domains/mail-domains, compiled with tsc and packed (npm pack).
NODE_SDK := build/nodejs-sdk/pulumi-mail-domains-mail-domains-$(VERSION).tgz
nodejs-sdk: $(NODE_SDK)
$(NODE_SDK): $(shell find sdk/nodejs -type f -not -path '*/node_modules/*' -not -path '*/bin/*')
	rm -rf build/nodejs-sdk && mkdir -p build/nodejs-sdk && cp -r sdk/nodejs build/nodejs-sdk/src
	cd build/nodejs-sdk/src && npm install --no-audit --no-fund --loglevel=error && npx tsc
	cp sdk/nodejs/package.json sdk/nodejs/README.md build/nodejs-sdk/src/bin/
	cd build/nodejs-sdk/src/bin && npm pack --silent --pack-destination ../.. >/dev/null

# The TypeScript quickstart's node_modules (from npm, the SDK from its tarball) and compiled bin/.
TS_QUICKSTART := examples/typescript-quickstart
typescript-quickstart: $(TS_QUICKSTART)/bin/deploy.js
$(TS_QUICKSTART)/bin/deploy.js: $(NODE_SDK) $(wildcard $(TS_QUICKSTART)/*.ts $(TS_QUICKSTART)/*.json)
	rm -rf $(TS_QUICKSTART)/node_modules/@pulumi-mail-domains
	cd $(TS_QUICKSTART) && npm install --loglevel=error && npx tsc

# A venv for native-Python programs: the generated SDK with a pulumi SDK no newer than the CLI.
NATIVE_PY := build/venv-native-python
native-python: $(NATIVE_PY)/.installed
$(NATIVE_PY)/.installed: sdk/python/pyproject.toml tools/pulumi-cli/go.mod
	test -x $(NATIVE_PY)/bin/python || $(PYTHON) -m venv $(NATIVE_PY)
	$(NATIVE_PY)/bin/python -m pip install --quiet --upgrade pip
	$(NATIVE_PY)/bin/python -m pip install --quiet -e sdk/python 'pulumi<=$(CLI_VERSION)'
	touch $@

# The plugin archive `pulumi plugin install resource mail-domains VERSION --file ARCHIVE` takes.
PLUGIN_ARCHIVE := build/plugin/pulumi-resource-mail-domains-v$(VERSION)-linux-amd64.tar.gz
plugin: $(PLUGIN_ARCHIVE)
$(PLUGIN_ARCHIVE): $(STAMP) PulumiPlugin.yaml scripts/build-plugin $(shell find provider -name '*.py')
	scripts/build-plugin $(PY) build/plugin

clean:
	rm -rf $(VENV) $(NEWEST) .demo .pytest_cache .mypy_cache .ruff_cache \
		build/nodejs-sdk $(NATIVE_PY) build/plugin $(TS_QUICKSTART)/node_modules $(TS_QUICKSTART)/bin
