# The two commands: `make book` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HTML := _build/html/index.html

.PHONY: setup book test notebooks lab bench clean

# Set-up: a virtual environment with the pinned requirements and lossbook
# (editable). Re-run whenever requirements.txt or pyproject.toml change.
$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	# Build matplotlib's font cache now, so its one-time notice never lands in a notebook.
	MPLBACKEND=Agg $(BIN)/python -c "import matplotlib.pyplot"
	touch $(STAMP)

setup: $(STAMP)

## make book: build the HTML book from the outputs stored in the notebooks.
book: $(STAMP)
	$(BIN)/jupyter-book build . --builder html -W -n --keep-going
	@echo "The book is at file://$(CURDIR)/$(HTML)"

## make test: unit tests, doctests, nbval on every notebook, the strict build
## and the structural checks.
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadscope

## make notebooks: re-execute every notebook in place (after editing a chapter
## or the package) and redraw the chapter map; commit the result.
notebooks: $(STAMP)
	$(BIN)/python -m tools.run_notebooks
	$(BIN)/python -m tools.chapter_map

## make lab: open the notebooks in JupyterLab, running on the book's environment.
$(VENV)/.lab: $(STAMP) requirements-lab.txt
	$(BIN)/python -m pip install --quiet -r requirements-lab.txt
	touch $@

lab: $(VENV)/.lab
	$(BIN)/jupyter lab book/

## make bench: time and measure lossbook against NumPy and scikit-learn (one
## core); writes book/data/benchmark.json, read by the Numerics appendix.
bench: $(STAMP)
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(BIN)/python benchmarks/bench.py

clean:
	rm -rf _build
