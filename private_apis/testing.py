"""Component tests under the offline engine's mocks: build resources, get the recorded graph back.

    graph = run_program(lambda: PrivateNetwork("net", PrivateNetworkArgs()), config={"aws:region": "eu-west-1"})
    assert graph.one("aws:lb/loadBalancer:LoadBalancer").inputs["internal"] is True

The same recorder and mocks serve ``python -m private_apis preview``, so what a test asserts is
what a preview shows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from private_apis.engine.aws_mocks import UNKNOWN, AwsMocks
from private_apis.engine.recorder import Graph, RecordedResource, run

__all__ = ["UNKNOWN", "Graph", "RecordedResource", "run_program"]


def _config_value(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def run_program(
    program: Callable[[], Any],
    *,
    config: Mapping[str, Any] | None = None,
    first_preview: bool = False,
    project: str = "private-apis",
    stack: str = "test",
    mocks: Mapping[str, Any] | None = None,
    stack_references: Mapping[str, Mapping[str, Any]] | None = None,
) -> Graph:
    """Run ``program`` under realistic AWS mocks and return the recorded graph.

    ``config`` keys are fully qualified (``aws:region``, ``private-apis:vpcCidr``); non-string values
    are passed as JSON, as Pulumi does for structured config. ``first_preview`` makes every
    provider-computed output unknown. Exceptions from the program propagate.
    """
    config = {"aws:region": "eu-west-1", **dict(config or {})}
    aws_mocks = AwsMocks(region=config["aws:region"], first_preview=first_preview, overrides=mocks,
                         stack_references=stack_references)
    return run(program, project=project, stack=stack, config={k: _config_value(v) for k, v in config.items()},
               mocks=aws_mocks)
