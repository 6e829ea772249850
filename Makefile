# The two commands of the README: `make app` and `make test`. Both create and use .venv.
PY ?= python3.11
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: app test setup
setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(VENV)/bin/python || $(PY) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet --require-hashes -r requirements.lock
	$(VENV)/bin/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# Listens on 127.0.0.1 only; `make app HOST=0.0.0.0` exposes it (see README, "Command line").
HOST ?= 127.0.0.1
app: $(STAMP)
	$(VENV)/bin/lemniscaat serve --host $(HOST)

test: $(STAMP)
	bash scripts/test.sh
