# Both targets set themselves up on a fresh machine: only Python 3.11+, make and a JDK needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test load check lint clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Validate the curated data, build the store, then serve it on http://127.0.0.1:5000
run: $(STAMP)
	$(BIN)/techties load
	$(BIN)/techties serve

test: $(STAMP)
	$(BIN)/ruff check server tests
	$(BIN)/python -m pytest

load: $(STAMP)
	$(BIN)/techties load

check: $(STAMP)
	$(BIN)/techties check

clean:
	rm -rf $(VENV) var
