"""``analyze``: the policy packs over a stack's recorded state, offline, with no credentials.

What ``pulumi policy analyze`` does with the CLI: ``Analyze`` per resource with its recorded inputs,
``AnalyzeStack`` with the recorded outputs, secrets as ``[secret]`` (the state holds them encrypted).
"""

from __future__ import annotations

from private_apis.audit.packs import PackOptions, project_for, run_packs, stack_config
from private_apis.engine.errors import EngineError
from private_apis.engine.preview import PreviewResult
from private_apis.engine.recorder import Graph
from private_apis.stack_state import StackState, load_stack_export


def analyze_state(state: StackState, options: PackOptions, *, cwd: str = ".") -> PreviewResult:
    if not options.policy_packs:
        raise EngineError("analyze needs a policy pack to run. Fix: pass --policy-pack DIR (e.g. --policy-pack "
                          "policies).")
    graph = Graph(project=state.project, stack=state.stack, resources=state.resources,
                  stack_outputs=state.stack_outputs)
    return run_packs(graph, state.providers, stack_config(state.providers), options,
                     project_for(cwd, state.project))


def analyze_export(path: str, options: PackOptions, *, cwd: str = ".") -> PreviewResult:
    return analyze_state(load_stack_export(path, project_dir=cwd), options, cwd=cwd)
