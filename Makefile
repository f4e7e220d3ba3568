# Every target creates .venv itself, so each works on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup plan test scan lint typecheck clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[all,dev]'
	touch $(STAMP)

setup: $(STAMP) ## create .venv and install the project with every extra

plan: $(STAMP) ## plan every stack offline into build/
	$(BIN)/python -m stacks plan

test: $(STAMP) ## run the test suite
	$(BIN)/python -m pytest -n 2

scan: $(STAMP) ## render every workload (Knative as Deployment shims) and scan it with checkov
	test -x .venv-scan/bin/checkov || ($(PYTHON) -m venv .venv-scan && .venv-scan/bin/pip install --quiet 'checkov>=3.2,<4')
	$(BIN)/python scripts/checkov_scan.py --checkov .venv-scan/bin/checkov

lint: $(STAMP) ## ruff over the repository
	$(BIN)/ruff check .

typecheck: $(STAMP) ## mypy --strict over the installed package (a copy in build/typecheck; see pyproject.toml)
	$(BIN)/python scripts/typecheck.py

clean:
	rm -rf build dist *.egg-info
