"""Policy packs over a set of resources that no program registered: a stack's state, or its live configuration.

The packs run exactly as under ``preview`` (the engine's analyzer: launched like the CLI launches them, then
``GetAnalyzerInfo``, ``Configure``, ``ConfigureStack``, ``Analyze`` per resource with its inputs and
``AnalyzeStack`` once with the outputs), so both inputs are judged by one rule set with one configuration.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field

from private_apis.engine import analyzer
from private_apis.engine.errors import EngineError
from private_apis.engine.preview import PreviewResult, _enforce, check_timeout
from private_apis.engine.project import Project, StackConfig, load_pack_config_file
from private_apis.engine.recorder import Graph, RecordedResource

DEFAULT_PACK = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                            "policies")


@dataclass
class PackOptions:
    """``--policy-pack``, ``--policy-pack-config`` and the pack timeouts, as ``preview`` takes them."""

    policy_packs: list[str] = field(default_factory=list)
    policy_pack_configs: list[str] = field(default_factory=list)
    pack_start_timeout: float = 60.0
    pack_rpc_timeout: float = 120.0


def stack_config(providers: list[RecordedResource]) -> StackConfig:
    """The ``aws:*`` config the stack ran with, from its default AWS provider's recorded inputs: packs read
    ``aws:defaultTags`` from it as they do from ``PULUMI_CONFIG`` under the CLI."""
    values: dict[str, str] = {}
    for provider in providers:
        if provider.type == "pulumi:providers:aws" and provider.name.startswith("default"):
            for key, value in provider.inputs.items():
                if key.startswith("__") or key == "version":
                    continue
                values[f"aws:{key}"] = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    return StackConfig(values=values)


def project_for(directory: str, name: str) -> Project:
    """Where SARIF results point: the program directory (the current one unless ``-C``)."""
    directory = os.path.abspath(directory)
    return Project(name=name, directory=directory, main=directory, runtime="python", config_schema={},
                   config_values={}, stack_config_dir=directory)


def run_packs(graph: Graph, providers: list[RecordedResource], config: StackConfig, options: PackOptions,
              project: Project) -> PreviewResult:
    """Every pack of ``options`` over ``graph``; the result renders like a preview's."""
    check_timeout(options.pack_start_timeout, "--pack-start-timeout")
    check_timeout(options.pack_rpc_timeout, "--pack-timeout")
    if len(options.policy_pack_configs) > len(options.policy_packs):
        raise EngineError("There are more --policy-pack-config files than --policy-pack directories. Fix: give one "
                          "config file per pack, in the same order.")
    pack_configs = [load_pack_config_file(p) for p in options.policy_pack_configs]
    by_provider = analyzer.Providers([*graph.resources, *providers], config.values, project=graph.project,
                                     stack=graph.stack)
    packs = []
    with contextlib.ExitStack() as stack:
        processes = [stack.enter_context(analyzer.PolicyPackProcess(
            path, project=graph.project, stack=graph.stack, config=config.values, dry_run=False,
            start_timeout=options.pack_start_timeout, rpc_timeout=options.pack_rpc_timeout))
            for path in options.policy_packs]
        for index, process in enumerate(processes):
            packs.append(_enforce(process, graph, pack_configs[index] if index < len(pack_configs) else None,
                                  by_provider))
    return PreviewResult(project=project, stack=graph.stack, config=config, graph=graph, packs=packs,
                         first_preview=False)
