# Two commands: `make lab` (open the kit in JupyterLab) and `make test` (run every test).
# Each creates .venv with the kit installed on first use, and reinstalls only when pyproject.toml changes.
# `make drill` serves the trainee drill with Voila; `make hub` starts JupyterHub from deploy/ for a local trial.
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
# JupyterHub's proxy is the npm package configurable-http-proxy, installed into .venv/node when npm exists
# (version 5 needs Node.js 20; older Node.js gets 4.6). Without npm the hub test skips and says so.
NODE_DIR  := $(VENV)/node
HUB_STAMP := $(VENV)/.hub-proxy
# Voila 0.5.13 never frees the kernel of a closed page (its shutdown request is refused: '_xsrf' argument
# missing, voila issue 1458), so the kernel manager culls kernels idle for DRILL_KERNEL_IDLE seconds,
# checked every 60 s, even with a page still connected (cull_connected: a page left open on the setup screen
# or the scorecard holds ~83 MiB all day). A running drill is never idle: its one-second timer talks to
# the kernel. A trainee whose kernel was culled reloads the page and resumes from the store.
DRILL_KERNEL_IDLE ?= 900
CULL_ARGS = --MappingKernelManager.cull_idle_timeout=$(DRILL_KERNEL_IDLE) \
  --MappingKernelManager.cull_interval=60 --MappingKernelManager.cull_connected=True
# Voila waits 4 s for a cell's output by default; on a loaded 2-core server a page then renders blank (as the
# hub config says too). Cells tagged lab-only (the notebooks' English narrative for JupyterLab readers) are left
# out of the app pages, which say what they need in the user's language. The browser's languages reach the page
# (HTTP_ACCEPT_LANGUAGE): an app opens in Chinese for a Chinese browser unless ?lang= says otherwise.
VOILA_ARGS = --VoilaExecutor.iopub_timeout=30 --TagRemovePreprocessor.enabled=True \
  '--TagRemovePreprocessor.remove_cell_tags={"lab-only"}' \
  '--VoilaConfiguration.http_header_envs=["Accept-Language"]'
HUB_PORT ?= 8000
HUB_PASSWORD ?=
export HUB_PASSWORD      # read by the recipe from the environment, so make never echoes it

.PHONY: lab test drill hub hub-install bench install clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip
	$(PIP) install -e '.[dev,scale]'
	@touch $(STAMP)

install: $(STAMP)

# The proxy for JupyterHub, once (this stamp: delete it, or run `make hub-install`, after installing npm).
$(HUB_STAMP):
	@if [ -x $(NODE_DIR)/node_modules/.bin/configurable-http-proxy ]; then :; \
	elif command -v npm >/dev/null 2>&1; then \
	  v=5; [ "$$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] 2>/dev/null || v=4.6; \
	  echo "npm: installing configurable-http-proxy@$$v into $(NODE_DIR)"; \
	  npm install --prefix $(NODE_DIR) --no-audit --no-fund --loglevel=error configurable-http-proxy@$$v; \
	else echo "npm not found: JupyterHub's proxy is not installed, the hub test will skip" \
	  "(Debian: apt-get install npm, then make hub-install)"; fi
	@mkdir -p $(VENV) && touch $@

hub-install:
	@rm -f $(HUB_STAMP)
	@$(MAKE) --no-print-directory $(HUB_STAMP)

lab: $(STAMP)
	$(VENV)/bin/jupyter lab --no-browser --ip=127.0.0.1 $(ROOT_FLAG) --ServerApp.root_dir=. \
	  --LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb $(LAB_ARGS)

test: $(STAMP) $(HUB_STAMP)
	$(PY) -m pytest --nbval-lax --doctest-modules -p no:cacheprovider $(PYTEST_ARGS) tests notebooks sim

drill: $(STAMP)
	$(VENV)/bin/voila notebooks/20_drill.ipynb --no-browser --Voila.ip=127.0.0.1 --strip_sources=True \
	  $(CULL_ARGS) $(VOILA_ARGS) $(DRILL_ARGS)

# A local trial of deploy/jupyterhub_config.py on 127.0.0.1:$(HUB_PORT): anyone signs in with any user name and
# HUB_PASSWORD (make hub HUB_PASSWORD=...); the user name "trainer" gets the trainer dashboard. State and
# results stay in .venv/hub. For a real server see deploy/README.md.
hub: $(STAMP) $(HUB_STAMP)
	@test "$${#HUB_PASSWORD}" -ge 8 || { echo "make hub needs HUB_PASSWORD=... (8 characters or more):" \
	  "the password every trial user signs in with"; exit 2; }
	DRILL_HUB_DATA=$(VENV)/hub DRILL_HUB_PORT=$(HUB_PORT) DRILL_HUB_AUTHENTICATOR=shared-password \
	  DRILL_HUB_PASSWORD="$$HUB_PASSWORD" DRILL_HUB_ALLOW_ALL=true DRILL_HUB_TRAINERS=trainer DRILL_HUB_SPAWNER=simple \
	  $(VENV)/bin/jupyterhub -f deploy/jupyterhub_config.py

bench: $(STAMP)
	@for b in benchmarks/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info
