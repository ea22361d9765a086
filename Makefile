# Two commands (see README):  make serve  |  make test
# Everything is installed by the project's own files: a virtualenv from pyproject.toml,
# and Debian packages (chromium, chromedriver, rapper) by scripts/system-deps.sh.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha256sum | cut -c1-12)

.PHONY: serve test setup system-deps build bench bench-servers loadtest clean

serve: $(STAMP)
	$(BIN)/tipkg serve

test: $(STAMP) system-deps
	$(BIN)/python -m pytest -p no:cacheprovider

setup: $(STAMP) system-deps

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

system-deps:
	bash scripts/system-deps.sh

build: $(STAMP)
	$(BIN)/tipkg build

bench: $(STAMP)
	$(BIN)/python scripts/bench_queries.py

bench-servers: $(STAMP) system-deps
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python scripts/bench_servers.py $(ARGS)

loadtest: $(STAMP)
	$(BIN)/python scripts/loadtest.py

clean:
	rm -rf $(VENV) data var
