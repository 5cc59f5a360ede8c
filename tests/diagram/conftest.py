"""Fixtures of the diagram tests: the small insecure program's preview with the pack, once per session (the
shipped stacks' previews come from tests/conftest.py's ``stack_preview``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from private_apis.diagram.build import build_model
from private_apis.diagram.model import Model
from private_apis.engine.preview import PreviewOptions, PreviewResult, preview

ROOT = Path(__file__).resolve().parents[2]
INSECURE = Path(__file__).resolve().parent / "programs" / "insecure"


@pytest.fixture(scope="session")
def insecure_preview() -> PreviewResult:
    return preview(PreviewOptions(cwd=str(INSECURE), stack="dev", policy_packs=[str(ROOT / "policies")],
                                  in_process=True))


@pytest.fixture(scope="session")
def insecure_model(insecure_preview: PreviewResult) -> Model:
    return build_model(insecure_preview)


def urn_named(model: Model, name: str) -> str:
    """The one URN of the model ending in ``::name``."""
    urns = {urn for e in (*model.nodes, *model.boxes, *model.other) for urn in e.urns if urn.endswith(f"::{name}")}
    assert len(urns) == 1, (name, urns)
    return urns.pop()


def node_named(model: Model, label: str):
    found = [n for n in model.nodes if n.label == label]
    assert len(found) == 1, (label, [n.label for n in model.nodes])
    return found[0]


def box_named(model: Model, label: str):
    found = [b for b in model.boxes if b.label == label]
    assert len(found) == 1, (label, [b.label for b in model.boxes])
    return found[0]


def edges_by_label(model: Model) -> set[tuple[str, str, str, str]]:
    """Every edge as (source label, target label, kind, edge label)."""
    labels = {e.id: e.label for e in (*model.nodes, *model.boxes)}
    return {(labels[e.source], labels[e.target], e.kind, e.label) for e in model.edges}
