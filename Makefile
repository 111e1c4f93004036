# The README's two Quick-start commands, `make demo` and `make test`, and the steps they need.
# Every target may be run again: each step does its work only when it is missing or stale.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends

.PHONY: demo picture test chromium neo4j-local clean

## demo: validate the seed dataset, draw its map and rank its actors (no database needed)
demo: $(VENV)/.installed
	$(BIN)/graphkit validate
	$(BIN)/graphkit map --out build/map.html
	$(BIN)/graphkit centrality --top 10
	@echo "Open build/map.html in a web browser to explore the map (it works offline)."

## picture: the README's picture, the map `make demo` writes, drawn by a headless Chromium
picture: $(VENV)/.installed-test chromium
	$(BIN)/graphkit map --out build/map.html --png docs/map.png

## test: the whole suite, against a real Neo4j (started by the tests) and a real Chromium
test: $(VENV)/.installed-test chromium neo4j-local
	$(BIN)/python -m pytest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

## chromium: Debian's Chromium, for the browser tests of the maps
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		$(SUDO) apt-get update -q && $(APT_INSTALL) chromium fonts-liberation; \
	fi

## neo4j-local: Java and Maven, and the Neo4j launcher built from Maven Central
neo4j-local:
	@if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then \
		$(SUDO) apt-get update -q && $(APT_INSTALL) openjdk-17-jdk-headless maven; \
	fi
	bash tools/neo4j-local/neo4j-local build

clean:
	rm -rf build tools/neo4j-local/target
