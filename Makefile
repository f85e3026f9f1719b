# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test lint sysdeps bench installer clean

run: $(STAMP)
	@sh tools/sysdeps.sh gui
	$(VENV)/bin/paizhu-desktop

# Lint first: a ruff or mypy finding fails the build before the tests run.
test: lint
	@sh tools/sysdeps.sh offscreen
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

# Style and import order (ruff), then types (mypy --strict); settings in pyproject.toml.
lint: $(STAMP)
	$(PY) -m ruff check src tests bench
	$(PY) -m mypy

bench: $(STAMP)
	@sh tools/sysdeps.sh offscreen
	for b in bench/bench_*.py; do QT_QPA_PLATFORM=offscreen $(PY) $$b || exit 1; done

# The distributable folder (PyInstaller onedir) and its tar.gz, built in a venv of its own.
installer:
	PYTHON=$(PYTHON) sh installer/build.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[pdf,test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .mypy_cache .ruff_cache
