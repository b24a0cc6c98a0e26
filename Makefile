# faceaging: `make demo` and `make test` are the two commands a new user needs.
SHELL := /bin/bash
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
PYTHON ?= python3
NB_WORKERS ?= 2

.PHONY: test-latest dist install test test-nbs check-readme check-outputs check-cells check-docs export clean readme docs docs-check browser demo bench outputs

install: $(STAMP)

# Re-installs only when the dependency declarations change.
$(STAMP): settings.ini setup.py
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip setuptools wheel
	$(PY) -m pip install -q -e ".[dev]"
	@touch $(STAMP)

test: install test-nbs check-readme check-outputs check-cells check-docs

# Every notebook's tests (nbdev's test_nb), longest first on NB_WORKERS workers with the cores shared out; prints each notebook's time.
test-nbs:
	MPLBACKEND=Agg $(PY) tools/test_notebooks.py --workers $(NB_WORKERS)

check-readme:
	$(PY) tools/make_readme.py --check

# Every visible cell that draws has its figure saved (the docs show saved outputs).
check-outputs:
	$(PY) tools/check_outputs.py

# The chapters' style rules a reader sees: code cells of at most 20 lines, no deprecation warning in a saved output.
check-cells:
	$(PY) tools/check_cells.py

# nbdev's docs processing (what the deploy workflow runs before quarto) must not fail: an import cell that also runs code would.
check-docs:
	$(PY) tools/docs.py proc

export: install
	$(BIN)/nbdev_export

clean: install
	$(BIN)/nbdev_clean

readme: install
	$(PY) tools/make_readme.py

# Re-run notebooks with a Jupyter kernel so the saved outputs (the docs) are fresh; then strip metadata.
outputs: install
	$(PY) tools/run_notebooks.py $(NBS)
	$(BIN)/nbdev_clean
	$(PY) tools/make_readme.py

# The docs site in _docs/: quarto's (nbdev_docs) where quarto is installed, else the offline preview (tools/docs.py).
docs: install
	$(PY) tools/docs.py build

# The notebooks' tests against the newest releases (fastai, fastcore, torch, numpy, pandas, ...) in a second environment,
# LATEST, without nbdev 2 (which holds fastcore at 1.x): tools/test_notebooks.py runs the cells with execnb there. First,
# a check that installing faceaging next to those releases changes none of them. Not part of `make test`.
LATEST ?= .venv-latest
test-latest:
	@test -x $(LATEST)/bin/python || $(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install -q --upgrade pip
	$(LATEST)/bin/python -m pip install -q --upgrade --upgrade-strategy eager -e ".[test]"
	@$(LATEST)/bin/python -c "import importlib.metadata as m, sys; print('test-latest: Python', sys.version.split()[0], '|', ', '.join(f'{p} {m.version(p)}' for p in ('torch', 'torchvision', 'fastai', 'fastcore', 'numpy', 'pandas', 'execnb', 'nbdev')))"
	$(LATEST)/bin/python tools/install_check.py --python $(LATEST)/bin/python
	MPLBACKEND=Agg $(LATEST)/bin/python tools/test_notebooks.py --workers $(NB_WORKERS)

# The wheel and the sdist in dist/ (python -m build), each installed in a new environment that runs tools/smoke.py.
dist: install
	rm -rf dist
	$(PY) -m build --outdir dist . >/dev/null
	$(PY) tools/dist_check.py dist

# Headless Chromium, from Debian's packages, when missing.
browser:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Every page of the built site opened in headless Chromium: broken links and images, tracebacks, empty outputs and
# show_doc, missing figures, undocumented exports. Screenshots of the index and chapter 08 go to _docs_shots/.
docs-check: docs browser
	$(PY) tools/docs_check.py --self-test --screenshots _docs_shots

demo: install
	$(BIN)/faceaging_demo

# Every benchmark with --quick: tiny sizes, each under a minute, each printing its ratio against its baseline (checks that they run; a measurement needs the full size).
bench: install
	for b in bench/*.py; do echo "== $$b --quick"; t=$$(date +%s); $(PY) $$b --quick || exit 1; echo "   ($$(( $$(date +%s) - t )) s)"; done
