# Every target creates and fills the virtualenv itself, so a fresh clone needs only Python 3.11, make and git.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: preview test lint bench clean

$(STAMP): requirements.txt policies/requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -r policies/requirements.txt
	touch $(STAMP)

## Offline preview of the dev stack with the policy pack (no Pulumi CLI, no AWS account needed).
preview: $(STAMP)
	$(PY) -m private_apis preview --stack dev --policy-pack policies

## The whole test suite, then ruff.
test: $(STAMP)
	$(PY) -m pytest -q
	$(PY) -m ruff check .

lint: $(STAMP)
	$(PY) -m ruff check .

## Speed figures: preview against the bare program evaluation, and pack throughput.
bench: $(STAMP)
	$(PY) -m private_apis.bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
