"""``preview``: run a program offline, enforce policy packs on what it registered, report like the CLI."""

from __future__ import annotations

import contextlib
import os
import traceback
from dataclasses import dataclass, field
from typing import Any

import pulumi

from private_apis.engine import analyzer
from private_apis.engine.aws_mocks import AwsMocks, UnansweredCall
from private_apis.engine.errors import EngineError
from private_apis.engine.project import Project, StackConfig, load_json_file, load_project, load_stack_config
from private_apis.engine.recorder import Graph, program_from_directory, run


@dataclass
class PreviewOptions:
    """Everything ``python -m private_apis preview`` takes."""

    cwd: str = "."
    stack: str = "dev"
    config: list[str] = field(default_factory=list)
    policy_packs: list[str] = field(default_factory=list)
    policy_pack_configs: list[str] = field(default_factory=list)
    first_preview: bool = False
    mocks_file: str | None = None
    stack_references: list[str] = field(default_factory=list)
    pack_start_timeout: float = 60.0
    pack_rpc_timeout: float = 120.0


@dataclass
class PreviewResult:
    project: Project
    stack: str
    config: StackConfig
    graph: Graph
    packs: list[analyzer.PackResult]
    first_preview: bool

    @property
    def mandatory(self) -> list[analyzer.Violation]:
        return [v for p in self.packs for v in p.violations if v.level in ("mandatory", "remediate")]


def _stack_references(items: list[str]) -> dict[str, dict[str, Any]]:
    references: dict[str, dict[str, Any]] = {}
    for item in items:
        if "=" not in item:
            raise EngineError(f"--stack-reference {item!r} is not NAME=FILE. Fix: e.g. "
                              "--stack-reference org/private-apis/dev=dev-outputs.json.")
        name, path = item.split("=", 1)
        document = load_json_file(path, "stack reference outputs file")
        if isinstance(document, dict) and isinstance(document.get("outputs"), dict) and "resources" in document:
            document = document["outputs"]
        if not isinstance(document, dict):
            raise EngineError(f"The stack reference outputs file {path} must hold a JSON object of outputs.")
        references[name] = document
    return references


def _program_error(exc: BaseException, project: Project) -> EngineError:
    """One clear message for a failing program; the traceback stays behind --debug."""
    if isinstance(exc, (EngineError, UnansweredCall)):
        return exc if isinstance(exc, EngineError) else EngineError(str(exc))
    if isinstance(exc, pulumi.RunError):
        # The language host prints RunError messages without a traceback; so do we.
        return EngineError(str(exc))
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(project.directory)]
    where = f" at {os.path.relpath(frames[-1].filename, project.directory)}:{frames[-1].lineno}" if frames else ""
    return EngineError(f"The program failed{where}: {type(exc).__name__}: {exc}")


def preview(options: PreviewOptions) -> PreviewResult:
    """Run the whole preview; raise EngineError for bad input, a failing program or a failing pack."""
    project = load_project(options.cwd)
    config = load_stack_config(project, options.stack, options.config)
    overrides = load_json_file(options.mocks_file, "mocks file") if options.mocks_file else None
    if len(options.policy_pack_configs) > len(options.policy_packs):
        raise EngineError("There are more --policy-pack-config files than --policy-pack directories. Fix: give one "
                          "config file per pack, in the same order.")
    pack_configs = [load_json_file(p, "policy pack config file") for p in options.policy_pack_configs]
    mocks = AwsMocks(region=config.values.get("aws:region"), first_preview=options.first_preview,
                     overrides=overrides, stack_references=_stack_references(options.stack_references))

    with contextlib.ExitStack() as stack:
        # Packs start first: their start-up (imports, gRPC server) overlaps the program's evaluation.
        processes = [
            stack.enter_context(analyzer.PolicyPackProcess(
                path, project=project.name, stack=options.stack, config=config.values, secret_keys=config.secret_keys,
                start_timeout=options.pack_start_timeout, rpc_timeout=options.pack_rpc_timeout))
            for path in options.policy_packs
        ]
        try:
            graph = run(program_from_directory(project.directory, project.main if project.main != project.directory
                                               else None),
                        project=project.name, stack=options.stack, config=config.values,
                        secret_keys=config.secret_keys, mocks=mocks, directory=project.directory)
        except Exception as exc:
            if mocks.unanswered:
                raise _program_error(UnansweredCall(
                    f"The program called the data source {mocks.unanswered[0]}, which the offline engine cannot "
                    f"answer. Fix: supply its result in a mocks file and pass --mocks FILE, for example "
                    f'{{"calls": {{"{mocks.unanswered[0]}": {{...}}}}}}.'), project) from exc
            raise _program_error(exc, project) from exc
        graph.warnings.extend(config.warnings)
        packs = []
        for index, process in enumerate(processes):
            packs.append(_enforce(process, graph, pack_configs[index] if index < len(pack_configs) else None))
    return PreviewResult(project=project, stack=options.stack, config=config, graph=graph, packs=packs,
                         first_preview=options.first_preview)


def _enforce(process: analyzer.PolicyPackProcess, graph: Graph, file_config: Any) -> analyzer.PackResult:
    info = process.info()
    version = analyzer.pack_version(process.pack_dir) or info.version
    result = analyzer.PackResult(name=info.name, version=version, path=process.label,
                                 policies=analyzer.describe_policies(info))
    process.configure(analyzer.reconcile_config(info.name, info, file_config))
    by_urn = {r.urn: r for r in graph.resources}
    responses = process.analyze(graph.resources)
    analyzer.collect(result, responses, by_urn, [r.urn for r in graph.resources])
    analyzer.collect(result, [process.analyze_stack(graph.resources)], by_urn, [None])
    return result
