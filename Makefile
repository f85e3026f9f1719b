# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test lint sysdeps bench installer installer-kylin deb icons glibc-report test-compat clean

run: $(STAMP)
	@sh tools/sysdeps.sh gui
	$(VENV)/bin/paizhu-desktop

# Lint first: a ruff or mypy finding fails the build before the tests run.
test: lint
	@sh tools/sysdeps.sh offscreen
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n auto --dist worksteal

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

# The same folder for Kylin V10 / UOS 20 (glibc 2.28), built on this newer Linux: CPython
# compiled with zig for glibc 2.28, manylinux_2_28 wheels (PySide6 6.9.3), the desktop's own
# libraries left to the system; fails unless glibc_report.py finds nothing above 2.28.
# CPU-heavy the first time (~20 min on 2 cores); the build is cached in build/glibc228/.
# Then `make deb` packages it. Not part of `make test`.
installer-kylin:
	PYTHON=$(PYTHON) sh installer/build_glibc228.sh

# A .deb for Kylin / UOS / Debian built from the folder above (dpkg-deb); installs under
# /opt/paizhu-desktop. `make deb` reuses dist/paizhu-desktop when it is already built.
deb:
	@test -x dist/paizhu-desktop/paizhu || $(MAKE) installer
	$(PYTHON) installer/deb/build_deb.py

# Re-render the PNG sizes and the ICO from the SVG source (rsvg-convert, icotool).
icons:
	sh installer/icons.sh

# Which glibc each ELF file of the built folder needs; fails for a Kylin V10 / UOS 20 label
# when anything needs more than 2.28.
glibc-report:
	$(PYTHON) installer/glibc_report.py dist/paizhu-desktop --target kylin-v10

# The whole suite on the oldest Qt the glibc 2.28 targets can install: PySide6 6.9.3, whose
# QtPdf is still inside PySide6-Addons (no PySide6-Pdf wheel before 6.12), in a venv of its own.
COMPAT_VENV ?= installer/.compat-venv
COMPAT_QT   ?= 6.9.3
test-compat:
	@sh tools/sysdeps.sh offscreen
	test -x $(COMPAT_VENV)/bin/python || $(PYTHON) -m venv $(COMPAT_VENV)
	$(COMPAT_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(COMPAT_VENV)/bin/python -m pip install --quiet 'PySide6-Essentials==$(COMPAT_QT)' \
	    'PySide6-Addons==$(COMPAT_QT)' -e '.[test]'
	$(COMPAT_VENV)/bin/python -c 'import PySide6, PySide6.QtPdf; print("PySide6", PySide6.__version__)'
	QT_QPA_PLATFORM=offscreen $(COMPAT_VENV)/bin/python -m pytest -p no:cacheprovider -n auto --dist worksteal

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[pdf,test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .mypy_cache .ruff_cache
