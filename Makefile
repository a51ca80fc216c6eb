# Two commands: `make lab` (open the kit in JupyterLab) and `make test` (run every test).
# Each creates .venv with the kit installed on first use, and reinstalls only when pyproject.toml changes.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PIP    := $(PY) -m pip --disable-pip-version-check -q
# JupyterLab refuses to run as root without this flag (containers, CI).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
LAB_ARGS ?=
DRILL_ARGS ?=
PYTEST_ARGS ?=

.PHONY: lab test drill bench install clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip
	$(PIP) install -e '.[dev,scale]'
	@touch $(STAMP)

install: $(STAMP)

lab: $(STAMP)
	$(VENV)/bin/jupyter lab --no-browser --ip=127.0.0.1 $(ROOT_FLAG) --ServerApp.root_dir=. \
	  --LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb $(LAB_ARGS)

test: $(STAMP)
	$(PY) -m pytest --nbval-lax --doctest-modules -p no:cacheprovider $(PYTEST_ARGS) tests notebooks sim

drill: $(STAMP)
	$(VENV)/bin/voila notebooks/20_drill.ipynb --no-browser --Voila.ip=127.0.0.1 --strip_sources=True $(DRILL_ARGS)

bench: $(STAMP)
	@for b in benchmarks/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info
