# Two commands for a new machine: `make serve` (build and preview the site) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
ADDR ?= 127.0.0.1:8000

.PHONY: serve build check test bench clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/sotay serve --addr $(ADDR)

build: $(STAMP)
	$(BIN)/sotay build

check: $(STAMP)
	$(BIN)/sotay check --strict

# The search modules' tests run in Node (no packages needed); an empty tests/js/ fails.
test: $(STAMP)
	$(BIN)/python -m pytest
	test -n "$(wildcard tests/js/*.test.mjs)"
	node --test tests/js/

bench: $(STAMP)
	$(BIN)/python tests/bench/build.py
	$(BIN)/python tests/bench/search.py
	$(BIN)/python tests/bench/serve.py

clean:
	rm -rf site $(VENV) .bench-out
