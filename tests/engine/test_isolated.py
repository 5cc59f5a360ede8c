"""The program in a process of its own (the CLI's way, and the engine's default) records the same graph as the
program run in the test's process: same resources, inputs, outputs, dependencies and stack outputs, for every shipped
stack. Dependency lists are compared as sets (the SDK gathers them in sets) and property dependencies without any
resource are left out (the real runtime sends them for every input, the mock runtime only for some)."""

from __future__ import annotations

import pytest

from private_apis.engine.preview import PreviewOptions, preview
from private_apis.engine.render import to_json
from tests.engine.conftest import ROOT


def _normalised(resource: dict) -> dict:
    return {**resource, "dependencies": sorted(resource["dependencies"]),
            "propertyDependencies": {k: sorted(v) for k, v in resource["propertyDependencies"].items() if v}}


def recorded(stack: str, *, in_process: bool, first_preview: bool) -> tuple[dict, dict]:
    result = preview(PreviewOptions(cwd=str(ROOT), stack=stack, in_process=in_process, first_preview=first_preview))
    document = to_json(result, show_secrets=True)
    return {r["urn"]: _normalised(r) for r in document["resources"]}, document["outputs"]


@pytest.mark.parametrize("stack, first_preview", [("dev", False), ("dev", True), ("native", False), ("prod", False)])
def test_both_paths_record_the_same_graph(stack, first_preview):
    isolated = recorded(stack, in_process=False, first_preview=first_preview)
    in_process = recorded(stack, in_process=True, first_preview=first_preview)
    assert len(isolated[0]) > 90
    assert isolated == in_process
