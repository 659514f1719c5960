# The two commands of the README: `make run` opens the program, `make test` runs
# every test. Both make the virtual environment in .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench bench-window package-smoke clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/smolevents

# Tests never need a display: Qt draws offscreen.
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/export.py

# The window over 20 000 events: start-up, search while typing, scrolling, memory.
bench-window: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/window.py

# The Windows build's spec built on Linux and its frozen program checked offscreen
# (own environment in .venv-package; see packaging/README.md).
package-smoke:
	PYTHON=$(PYTHON) packaging/smoke.sh

clean:
	rm -rf $(VENV) .venv-package build dist .pytest_cache
