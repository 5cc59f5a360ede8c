# Every target creates and fills the virtualenv itself, so a fresh clone needs only Python 3.11, make and git.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Every stack of the project: one Pulumi.<stack>.yaml each (Pulumi.yaml itself does not match).
STACKS := $(sort $(patsubst Pulumi.%.yaml,%,$(wildcard Pulumi.*.yaml)))

.PHONY: preview preview-stacks test lint docs bench clean

$(STAMP): requirements.txt policies/requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -r policies/requirements.txt
	@# The project itself, importable from the venv as `pip install -e .` would make it (a program the engine runs in
	@# its own process, like examples/consumer, imports `components` from its environment, not from the engine's).
	$(PY) -c "import os, sysconfig; open(os.path.join(sysconfig.get_paths()['purelib'], 'private-apis.pth'), 'w').write('$(CURDIR)\n')"
	touch $(STAMP)

## Offline preview of the dev stack with the policy pack (no Pulumi CLI, no AWS account needed).
preview: $(STAMP)
	$(PY) -m private_apis preview --stack dev --policy-pack policies

## Offline preview of every stack (each Pulumi.<stack>.yaml) with the policy pack; stops at the first stack that
## fails (exit 1: mandatory violations, 2: bad config or a failing program) and names it.
preview-stacks: $(STAMP)
	@test -n "$(STACKS)" || { echo "preview-stacks: no Pulumi.<stack>.yaml in $(CURDIR)" >&2; exit 2; }
	@for stack in $(STACKS); do \
		echo "==> preview --stack $$stack --policy-pack policies"; \
		$(PY) -m private_apis preview --stack $$stack --policy-pack policies || { status=$$?; \
			case $$status in 1) why="mandatory policy violations";; *) why="bad input, a failing program or pack";; esac; \
			echo "preview-stacks: stack '$$stack' FAILED (exit $$status: $$why)" >&2; exit $$status; }; \
	done

## The whole test suite, one worker per core (at most 4: most tests start an engine, a program and a pack), then ruff.
test: $(STAMP)
	$(PY) -m pytest -q -n auto --maxprocesses 4
	$(PY) -m ruff check .

lint: $(STAMP)
	$(PY) -m ruff check .

## docs/outputs.md from the output contract (components/contract.py), and each stack's architecture picture
## (docs/diagram-<stack>.svg, with its model as .json) from its offline preview with the pack; a test fails while
## either is stale.
docs: $(STAMP)
	$(PY) -c "from components.contract import render_markdown; open('docs/outputs.md', 'w').write(render_markdown())"
	@for stack in $(STACKS); do \
		$(PY) -m private_apis diagram --stack $$stack --policy-pack policies \
			--output docs/diagram-$$stack.svg --model docs/diagram-$$stack.json || exit $$?; \
	done

## Every figure of the README's speed table, each next to its floor, in one run (6 to 11 minutes on 2 cores);
## `make bench BENCH_FLAGS=--quick` runs each once at smaller sizes.
bench: $(STAMP)
	$(PY) -m private_apis.bench $(BENCH_FLAGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
