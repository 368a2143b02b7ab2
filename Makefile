# archlint — two commands on a fresh machine:
#   make demo   set everything up, lint blueprints/ and draw their diagrams
#   make test   set everything up and run the test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PLUGIN_STAMP := $(VENV)/.test-plugin

.PHONY: demo test setup lint render bench docs clean upgrade-deps fuzz

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt scripts/system-deps.sh
	./scripts/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq -c constraints.txt -e '.[pure,test]'
	$(BIN)/python -m compileall -q linter  # start-up: bytecode exists even where PYTHONDONTWRITEBYTECODE is set
	touch $(STAMP)

demo: setup
	$(BIN)/archlint lint blueprints/ --fail-on never
	$(BIN)/archlint render blueprints/

# The tests install an example plugin package through its entry point.
$(PLUGIN_STAMP): $(STAMP) tests/custom/plugin_pkg/pyproject.toml
	$(BIN)/python -m pip install -qq -c constraints.txt -e tests/custom/plugin_pkg
	touch $(PLUGIN_STAMP)

# The tests check Mermaid output with the real Mermaid parser (npm, pinned in package-lock.json).
MERMAID_STAMP := tests/mermaid/node_modules/.installed
$(MERMAID_STAMP): tests/mermaid/package.json tests/mermaid/package-lock.json
	./scripts/system-deps.sh node
	cd tests/mermaid && npm ci --no-audit --no-fund --silent
	touch $(MERMAID_STAMP)

test: setup $(PLUGIN_STAMP) $(MERMAID_STAMP)
	$(BIN)/ruff check linter tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

# A longer fuzzing run than the bounded one in `make test` (FUZZ_EXAMPLES per test, random seed).
FUZZ_EXAMPLES ?= 3000
fuzz: setup $(PLUGIN_STAMP) $(MERMAID_STAMP)
	ARCHLINT_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -p no:cacheprovider tests/test_fuzz_cli.py tests/test_properties.py

lint: setup
	$(BIN)/archlint lint blueprints/

render: setup
	$(BIN)/archlint render blueprints/

bench: setup
	$(BIN)/python bench/bench_lint.py

docs: setup
	$(BIN)/archlint schema --output docs/blueprint.schema.json
	$(BIN)/python -m linter.docgen

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .hypothesis tests/mermaid/node_modules

# Newest releases allowed by pyproject.toml: reinstall without the pins, test, record them.
upgrade-deps:
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -e '.[pure,test]' -e tests/custom/plugin_pkg
	touch $(STAMP) $(PLUGIN_STAMP)
	$(BIN)/python -m pytest
	{ sed -n '1,2p' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable | grep -v '^#'; } > constraints.new
	mv constraints.new constraints.txt
