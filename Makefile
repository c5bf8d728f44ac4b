# The two commands: `make book` and `make test`. Both set up .venv first.
# Every target is listed, with what it does and how long it takes, in README.md.
PYTHON ?= python3
# Let Python cache compiled modules (and pytest its rewritten test modules)
# even where the environment forbids it: each test run saves seconds.
unexport PYTHONDONTWRITEBYTECODE
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HTML := _build/html/index.html
NB ?=

.PHONY: setup book pdf handout lab-check test test-bundle test-slow test-cpus test-fresh check-pins test-floor test-newest check notebooks format lint lint-workflows dist lab bench clean distclean

# Set-up: a virtual environment with the pinned requirements and lossbook
# (editable). Re-run whenever requirements.txt or pyproject.toml change.
# Refuses a Python older than 3.11 before creating anything, and rebuilds a
# .venv that another interpreter made.
$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
	  { echo "The book needs Python >= 3.11; '$(PYTHON)' is $$($(PYTHON) -V 2>&1). Run: make PYTHON=python3.11 ..."; exit 1; }
	@if [ -x $(BIN)/python ] && [ "$$($(BIN)/python -c 'import sys; print(sys.version)')" != "$$($(PYTHON) -c 'import sys; print(sys.version)')" ]; then \
	  echo "Rebuilding $(VENV): another Python made it."; rm -rf $(VENV); fi
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	# Build matplotlib's font cache now, so its one-time notice never lands in a notebook.
	MPLBACKEND=Agg $(BIN)/python -c "import matplotlib.pyplot"
	touch $(STAMP)

setup: $(STAMP)

## make book: build the notebook bundles, then the HTML book from the outputs
## stored in the notebooks (the bundles are offered on every page), in
## English (_build/html) and in Chinese (_build/html/zh, from locales/).
book: $(STAMP)
	$(BIN)/python -m tools.bundle
	$(BIN)/jupyter-book build . --builder html -W -n --keep-going
	$(BIN)/python -m tools.i18n build zh_CN
	@echo "The book is at file://$(CURDIR)/$(HTML) (中文版: file://$(CURDIR)/_build/html/zh/index.html)"

## make pdf: the whole book as one PDF (Sphinx's LaTeX builder, xelatex),
## numbered as the HTML: _build/log-loss-book.pdf, and the Chinese edition's,
## _build/log-loss-book-zh.pdf. Needs Debian's TeX
## packages (.ci/packages.txt); tools.preflight names any that is missing
## before the build starts.
pdf: $(STAMP)
	$(BIN)/python -m tools.preflight pdf
	$(BIN)/jupyter-book build . --builder pdflatex
	cp _build/latex/log-loss-book.pdf _build/log-loss-book.pdf
	$(BIN)/python -m tools.i18n pdf zh_CN
	@echo "The PDFs are at $(CURDIR)/_build/log-loss-book.pdf and $(CURDIR)/_build/log-loss-book-zh.pdf (make book offers them in the download menu)"

## make handout: every exercise, numbered as in the book, without solutions:
## _build/handout/exercises.pdf and _build/handout/html/html/index.html, and
## the Chinese edition's in _build/handout-zh/.
handout: $(STAMP)
	$(BIN)/python -m tools.preflight handout
	$(BIN)/python -m tools.handout
	$(BIN)/python -m tools.handout zh_CN

## make test: lint and format check, unit tests and doctests, nbval on every
## chapter (executed once), the numbers guard, the strict build and the
## browser checks.
test: $(STAMP) lint
	$(BIN)/python -m pytest -n 2 --dist loadscope

## make test-bundle: the student's path: the notebook bundle unzipped outside
## the repository, installed into a fresh environment from its own
## requirements.txt, every chapter run and compared (CI runs it).
test-bundle: $(STAMP)
	$(BIN)/python -m pytest -p no:xdist -m bundle tests/test_bundle.py

## make test-slow: the checks too slow for `make test` (CI runs them).
test-slow: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadscope -m slow tests

## make test-cpus: every chapter re-run under other CPU code paths (OpenBLAS
## core types, NumPy without its newest vector loops) and compared with the
## stored notebooks by the book's rule (tools/compare.py). CI runs it.
test-cpus: $(STAMP)
	$(BIN)/python -m tools.cpu_variants

## make test-fresh: the README's claim, on a bare Debian 12 (debootstrap,
## minbase, with python3, python3-venv, make and git): a clean clone of the
## committed HEAD, .ci/install-packages, then make book, make test, make pdf
## and make handout with Debian's own Python. Needs root. CI runs it.
test-fresh:
	bash .ci/fresh

## make check-pins: every pin of requirements-lab.txt (which includes
## requirements.txt) has a wheel for the oldest Python the book supports
## (PYTHON_FLOOR, the floor of pyproject.toml's requires-python) and the pins
## resolve together there; and the reader's pins (requirements-reader.txt, the
## bundle's requirements.txt) install as pinned on Linux x86-64 and aarch64,
## Windows x86-64, macOS x86-64 and arm64, for Python PYTHON_FLOOR and the
## newest the pins support (tools/pins.py, which names the platform and the
## package of any pin that fails or any package pip would install unpinned).
## Dry runs only: asks the package index, installs nothing. CI runs it.
PYTHON_FLOOR := 3.11.0
check-pins: $(STAMP)
	@if $(BIN)/python -m pip install --dry-run --quiet --ignore-installed \
	    --only-binary=:all: --python-version $(PYTHON_FLOOR) -r requirements-lab.txt \
	    > $(VENV)/check-pins.log 2>&1; then \
	  echo "requirements-lab.txt: the pins install on Python $(PYTHON_FLOOR)"; \
	else \
	  grep -v "^WARNING: Location" $(VENV)/check-pins.log; \
	  echo "requirements-lab.txt: the pins do not install on Python $(PYTHON_FLOOR)"; exit 1; \
	fi
	$(BIN)/python -m tools.pins requirements-reader.txt

## make test-floor / make test-newest: lossbook's own tests (every module's,
## the conventions, the doctests) in a separate environment: with the oldest
## NumPy the package declares (pyproject.toml: numpy>=1.26), and on the newest
## Python >= 3.11 on this machine. CI runs both.
NUMPY_FLOOR := 1.26.4
PACKAGE_TESTS := lossbook tests/test_conventions.py \
  $(patsubst lossbook/%.py,tests/test_%.py,$(filter-out lossbook/_%,$(wildcard lossbook/*.py)))
NEWEST_PYTHON ?= $(shell for p in $$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV) \
  $$(command -v python3.14 python3.13 python3.12); do \
  if "$$p" -c 'import sys, venv' 2>/dev/null; then echo $$p; break; fi; done)

.venv-floor/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv --clear .venv-floor
	grep -v '^numpy==' requirements.txt > .venv-floor/requirements.txt
	.venv-floor/bin/python -m pip install --quiet -r .venv-floor/requirements.txt numpy==$(NUMPY_FLOOR)
	.venv-floor/bin/python -m pip install --quiet --no-deps -e .
	touch $@

test-floor: .venv-floor/.installed
	.venv-floor/bin/python -c "import numpy; print('NumPy', numpy.__version__)"
	.venv-floor/bin/python -m pytest -n 2 -q $(PACKAGE_TESTS)

.venv-newest/.installed: requirements.txt pyproject.toml
	@test -n "$(NEWEST_PYTHON)" || { echo "no Python 3.12 or newer found; set NEWEST_PYTHON=/path/to/python3.x"; exit 1; }
	$(NEWEST_PYTHON) -m venv --clear .venv-newest
	.venv-newest/bin/python -m pip install --quiet -r requirements.txt
	.venv-newest/bin/python -m pip install --quiet --no-deps -e .
	touch $@

test-newest: .venv-newest/.installed
	.venv-newest/bin/python -c "import sys; print('Python', sys.version.split()[0])"
	.venv-newest/bin/python -m pytest -n 2 -q $(PACKAGE_TESTS)

## make check NB=log-loss: one chapter's whole loop: sync it with its twin,
## execute it, re-check it with nbval, and run its numbers and structure tests.
check: $(STAMP)
	@test -n "$(NB)" || { echo "usage: make check NB=<chapter>, e.g. NB=log-loss"; exit 2; }
	$(BIN)/python -m tools.run_notebooks $(NB)
	$(BIN)/python -m pytest -p no:xdist -q book/$(NB).ipynb \
	  tests/test_sources.py tests/test_structure.py tests/test_prose_numbers.py tests/test_syllabus.py \
	  $(wildcard tests/test_numbers_$(subst -,_,$(NB)).py) \
	  -k "$(NB).ipynb or [$(NB)] or $(NB): or $(subst -,_,$(NB))"

## make notebooks: sync every chapter with its twin and re-execute it (after
## editing a chapter or the package), then redraw the chapter map; writes
## nothing unless every chapter ran. NB=log-loss does one chapter.
notebooks: $(STAMP)
	$(BIN)/python -m tools.run_notebooks $(NB)
	$(BIN)/python -m tools.chapter_map

## make format: format and fix all code, chapter cells included, then re-sync the twins.
format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	for nb in book/*.ipynb; do $(BIN)/jupytext --quiet --sync $$nb; done

## make lint: what `make test` checks first: ruff's lint and format check,
## and mypy on lossbook's typed signatures.
lint: $(STAMP) lint-workflows
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## make lint-workflows: the GitHub workflows pass zizmor (a static security
## auditor; offline) and the workflow schema (vendored in check-jsonschema).
lint-workflows: $(STAMP)
	$(BIN)/zizmor --offline --quiet .github/workflows/
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml

## make dist: build lossbook's wheel and sdist into dist/ (what the release
## workflow publishes and the notebook bundle ships) and check them.
dist: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --outdir dist .
	$(BIN)/twine check --strict dist/*

## make lab: open the chapters in JupyterLab, running on the book's
## environment, with jupyterlab-myst rendering their MyST (admonitions,
## exercises, math); LAB_ARGS passes options through, e.g.
## make lab LAB_ARGS="--no-browser --port 8888".
$(VENV)/.lab: $(STAMP) requirements-lab.txt
	$(BIN)/python -m pip install --quiet -r requirements-lab.txt
	touch $@

lab: $(VENV)/.lab
	$(BIN)/jupyter lab book/ $(LAB_ARGS)

## make lab-check: JupyterLab installs from the pins with jupyterlab-myst
## enabled and compatible (jupyterlab-myst 2.7 needs JupyterLab < 4.6, whose
## @jupyter/ydoc is 3.x), so the chapters' MyST renders. CI runs it.
lab-check: $(VENV)/.lab
	$(BIN)/jupyter labextension list > $(VENV)/labextensions.txt 2>&1
	grep -E "jupyterlab-myst .*enabled" $(VENV)/labextensions.txt
	! grep -E "not compatible|X\\b" $(VENV)/labextensions.txt

## make bench: time and measure lossbook against NumPy and scikit-learn (one
## core); writes book/data/benchmark.json, read by the Numerics appendix.
bench: $(STAMP)
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(BIN)/python -m benchmarks.bench

clean:
	rm -rf _build build dist *.egg-info

distclean: clean
	rm -rf $(VENV) .venv-floor .venv-newest
