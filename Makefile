# Two commands for a new machine: `make serve` (build and preview the site) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
ADDR ?= 127.0.0.1:8000

.PHONY: serve build check test bench clean system-deps

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

# Debian packages the tests drive: Chromium (browser and PDF tests), poppler (reading PDFs back)
# Node.js (the search modules' tests) and nginx (the sample intranet policy, run for real).
# Installed with apt when run as root.
DEBIAN_PACKAGES := chromium:chromium poppler-utils:pdftoppm poppler-utils:pdftotext nodejs:node \
    nginx-light:nginx

system-deps:
	@missing=$$(for pair in $(DEBIAN_PACKAGES); do \
	    command -v $${pair#*:} >/dev/null 2>&1 || echo $${pair%%:*}; done | sort -u | tr '\n' ' '); \
	if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = 0 ]; then \
	        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	    else \
	        echo "Thiếu gói Debian cho bộ kiểm thử, hãy chạy: sudo apt-get install -y $$missing"; exit 1; \
	    fi; \
	fi

# The search modules' tests run in Node (no packages needed); an empty tests/js/ fails.
test: $(STAMP) system-deps
	$(BIN)/python -m pytest -m 'not alone'
	$(BIN)/python -m pytest -m alone -n 0
	test -n "$(wildcard tests/js/*.test.mjs)"
	node --test tests/js/

bench: $(STAMP)
	$(BIN)/python tests/bench/build.py
	$(BIN)/python tests/bench/search.py
	$(BIN)/python tests/bench/serve.py

clean:
	rm -rf site $(VENV) .bench-out
