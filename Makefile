# The two commands of the README: `make run` opens the program, `make test` runs
# every test. Both go through scripts/dev.py, which makes .venv with $(PYTHON)
# (checking its version, remaking a .venv built by another Python) and installs
# with the versions pinned in constraints.txt. Windows runs the same script.
PYTHON ?= python3

.PHONY: run test bench bench-window package-smoke clean

run:
	$(PYTHON) scripts/dev.py run

test:
	$(PYTHON) scripts/dev.py test

bench:
	$(PYTHON) scripts/dev.py bench

# The window over 20 000 events: start-up, search while typing, scrolling, memory.
bench-window:
	$(PYTHON) scripts/dev.py bench benchmarks/window.py

# The Windows build's spec built on Linux and its frozen program checked offscreen
# (own environment in .venv-package; see packaging/README.md).
package-smoke:
	PYTHON=$(PYTHON) packaging/smoke.sh

clean:
	rm -rf .venv .venv-package build dist .pytest_cache
