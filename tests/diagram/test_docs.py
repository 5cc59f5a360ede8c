"""docs/diagram-<stack>.svg and .json are each shipped stack's picture and model (`make docs`): a stale model
fails here. The models are compared, never the rendered bytes."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from private_apis.diagram.build import build_model
from tests.diagram.conftest import ROOT

STACKS = sorted(p.name[len("Pulumi."):-len(".yaml")] for p in ROOT.glob("Pulumi.*.yaml"))


def test_every_stack_file_is_pictured():
    assert STACKS == ["dev", "native", "prod"]
    assert sorted(p.stem for p in (ROOT / "docs").glob("diagram-*.json")) == [f"diagram-{s}" for s in STACKS]


@pytest.mark.parametrize("stack", STACKS)
def test_committed_model_is_current(stack, stack_preview):
    committed = json.loads((ROOT / "docs" / f"diagram-{stack}.json").read_text())
    assert build_model(stack_preview(stack)).to_json() == committed, (
        f"docs/diagram-{stack}.json is stale: run `make docs` and commit docs/diagram-{stack}.*")


@pytest.mark.parametrize("stack", STACKS)
def test_committed_picture_draws_its_model(stack):
    committed = json.loads((ROOT / "docs" / f"diagram-{stack}.json").read_text())
    root = ET.parse(ROOT / "docs" / f"diagram-{stack}.svg").getroot()
    drawn = {g.get("data-id") for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("data-id")}
    assert {n["id"] for n in committed["nodes"]} | {b["id"] for b in committed["boxes"]} <= drawn
    edges = [(g.get("data-source"), g.get("data-target")) for g in root.iter("{http://www.w3.org/2000/svg}g")
             if (g.get("class") or "").startswith("edge ")]
    assert sorted(edges) == sorted((e["source"], e["target"]) for e in committed["edges"])


def test_readme_shows_the_dev_stack():
    readme = (ROOT / "README.md").read_text()
    assert "](docs/diagram-dev.svg)" in readme
    assert readme.index("docs/diagram-dev.svg") > readme.index("make test ")
