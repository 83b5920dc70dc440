# The two commands of the README: `make lab` and `make test`. Everything else is for maintainers.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8888
# pytest-xdist workers; notebooks stay whole on one worker (--dist loadfile)
JOBS ?= 2
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export PYTHONHASHSEED := 0
export MPLBACKEND := Agg

# The "as of" date (handbook.policy.today()) is pinned where outputs are compared or published, so they are
# deterministic: tests, nbval, notebook execution, the site. `make lab` and `make app` use today in Asia/Shanghai.
PINNED_TODAY := 2026-11-21
test unit nbval notebooks notebook docs drill drill-ci: export HANDBOOK_TODAY := $(PINNED_TODAY)

.PHONY: setup lab test unit nbval notebooks notebook check-notebooks lint requirements docs app bench clean drill drill-ci

# (Re)install only when requirements.txt or pyproject.toml changed since the last install.
$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	@touch $@

setup: $(STAMP)


# JupyterLab for trainees: trusted notebooks (calculators drawn), project settings (lab/), one address printed.
lab: setup
	$(PY) tools/start_lab.py --port $(PORT)

test: setup
	$(VENV)/bin/ruff check --quiet handbook tests tools benchmarks app docs/conf.py
	$(PY) -m pytest -n $(JOBS) --dist loadfile
	$(PY) -m handbook drill $(DRILLS) --ci --workers $(JOBS)

unit: setup
	$(PY) -m pytest -n $(JOBS) --dist loadfile tests

nbval: setup
	$(PY) -m pytest -n $(JOBS) --dist loadfile notebooks

# Re-execute every notebook in place (or one: make notebook NB=notebooks/01-....ipynb).
notebooks: setup
	$(PY) tools/nbtools.py execute notebooks/*.ipynb

notebook: setup
	$(PY) tools/nbtools.py execute $(NB)

# Change drills (handbook/drill.py): each policy change of $(DRILLS) applied as an overlay, the notebooks that
# read it re-executed into a scratch folder ($(JOBS) at a time), and what they teach checked. Exit 1 on a violation.
# `make test` (hence CI) runs only the drills marked `ci: true`; `make drill-ci` runs just those.
DRILLS ?= drills.yaml
drill: setup
	$(PY) -m handbook drill $(DRILLS) --workers $(JOBS)

drill-ci: setup
	$(PY) -m handbook drill $(DRILLS) --ci --workers $(JOBS)

check-notebooks: setup
	$(PY) tools/nbtools.py check notebooks/*.ipynb

lint: setup
	$(VENV)/bin/ruff check handbook tests tools benchmarks app docs/conf.py

requirements:
	uv pip compile requirements.in -o requirements.txt --python-version 3.11 --no-header

# Every benchmark prints its figures with targets (see benchmarks/*.py for what each measures).
bench: setup
	$(PY) benchmarks/imports.py
	$(PY) benchmarks/interaction.py
	@if [ -f benchmarks/audit.py ]; then $(PY) benchmarks/audit.py; fi
	$(PY) benchmarks/suite.py --whole

clean:
	rm -rf _build tests/artifacts

# The static site, offline, from the committed notebooks (nothing executed; warnings fail it): _build/html
docs: setup
	$(PY) tools/build_docs.py _build/html

# The notebooks as apps (Voilà, code hidden) on http://127.0.0.1:$(APP_PORT)/ only; README "App mode"
# (APP_ARGS: app/serve.py options, e.g. APP_ARGS="--pool-for 04-fake-shipping.ipynb=20 --max-kernels 30")
APP_PORT ?= 8866
APP_ARGS ?=
app: setup
	$(PY) app/serve.py --port $(APP_PORT) $(APP_ARGS)

# Maintainers: refresh the vendored widget JavaScript from npm (the only step that needs the network)
.PHONY: vendor-js
vendor-js: setup
	$(PY) tools/vendor_widgets_js.py
