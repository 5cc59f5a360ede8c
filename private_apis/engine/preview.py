"""``preview``: run a program offline, enforce policy packs on what it registered, report like the CLI."""

from __future__ import annotations

import contextlib
import math
import os
import sys
import traceback
from dataclasses import dataclass, field
from typing import Any

import pulumi

from private_apis.engine import analyzer
from private_apis.engine.aws_mocks import AwsMocks, UnansweredCall, stack_account
from private_apis.engine.errors import EngineError
from private_apis.engine.isolated import ProgramException, execute_isolated, program_interpreter
from private_apis.engine.project import (
    Project,
    StackConfig,
    load_json_file,
    load_mocks_file,
    load_pack_config_file,
    load_project,
    read_stack_config,
)
from private_apis.engine.recorder import Execution, Graph, ProgramTimeout, execute, program_from_directory
from private_apis.engine.secrets import masker, secret_strings
from private_apis.engine.toolchain import missing_virtualenv

DEFAULT_PROGRAM_TIMEOUT = 600.0


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
    program_timeout: float = DEFAULT_PROGRAM_TIMEOUT
    in_process: bool = False
    """Run the program in this process: faster, for trusted programs only (the project's own tests), and without
    ``program_timeout``. By default the program runs in a process of its own, out of reach of what decides the
    verdict, as under the CLI."""
    program_output_to_stderr: bool = False
    """Send what the program prints to stderr (``--json`` keeps stdout for the document)."""


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
            raise EngineError(f"The stack reference outputs file {path} must hold a JSON object of outputs. Fix: "
                              "write it with `pulumi stack output --json --show-secrets` or `preview --json`.")
        for key, value in document.items():
            if isinstance(value, dict) and value.get("secret") is True and "value" not in value:
                raise EngineError(f"The stack reference outputs file {path} marks output {key!r} secret but gives "
                                  'no value. Fix: write {"secret": true, "value": ...}, or "[secret]" for a masked '
                                  "secret.")
        references[name] = document
    return references


def check_timeout(value: float, flag: str) -> float:
    """A positive, finite number of seconds, as every timeout flag takes."""
    if not isinstance(value, (int, float)) or isinstance(value, bool) or math.isnan(value) or value <= 0 \
            or math.isinf(value) or value > MAX_TIMEOUT:
        raise EngineError(f"{flag} is {value!r}: it must be a number of seconds above 0 and at most "
                          f"{MAX_TIMEOUT:.0f}. Fix: pass e.g. {flag} 600.")
    return float(value)


MAX_TIMEOUT = 86400.0
"""A day: any longer limit is no limit, and huge values overflow the timers that enforce them."""


def _program_error(exc: BaseException, project: Project, mocks: AwsMocks | None = None) -> EngineError:
    """One clear message for a failing program; the traceback stays behind --debug."""
    if isinstance(exc, EngineError):
        return exc
    if isinstance(exc, SystemExit):
        code = exc.code
        detail = f"with the message {code!r}" if isinstance(code, str) else f"with exit code {code}"
        return EngineError(f"The program exited {detail} before it finished: the preview is not valid and the "
                           "policy packs' verdict does not count. Fix: let the program end normally, or raise an "
                           "error that says what is wrong.")
    if isinstance(exc, ProgramTimeout):
        return EngineError(f"The program did not finish within {exc.args[0]:g} s (--program-timeout). Fix: find "
                           "where it loops or waits, or raise --program-timeout if it is just slow.")
    missing = _missing_stack_output(exc, mocks)
    if missing:
        return EngineError(missing)
    if isinstance(exc, pulumi.RunError):
        # The language host prints RunError messages without a traceback; so do we.
        return EngineError(str(exc))
    if isinstance(exc, ProgramException):
        frames = [f for f in exc.frames if str(f[0]).startswith(project.directory)]
        where = f" at {os.path.relpath(frames[-1][0], project.directory)}:{frames[-1][1]}" if frames else ""
        return EngineError(f"The program failed{where}: {exc.type_name}: {exc.message}")
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(project.directory)]
    where = f" at {os.path.relpath(frames[-1].filename, project.directory)}:{frames[-1].lineno}" if frames else ""
    return EngineError(f"The program failed{where}: {type(exc).__name__}: {exc}")


def _missing_stack_output(exc: BaseException, mocks: AwsMocks | None) -> str | None:
    """``require_output`` of a name the given outputs lack raises a bare KeyError in the SDK; name the file."""
    if not isinstance(exc, KeyError) or mocks is None or not mocks.stack_references_read or len(exc.args) != 1:
        return None
    name = exc.args[0]
    refs = [ref for ref in mocks.stack_references_read if name not in mocks.stack_references.get(ref, {})]
    if not isinstance(name, str) or not refs:
        return None
    return (f"The program requires output '{name}' of stack reference '{refs[0]}', and the outputs given for it "
            f"(--stack-reference {refs[0]}=FILE) have no such key. Fix: add '{name}' to that file, or use "
            "get_output() where the output is optional.")


def _failure(execution: Execution, project: Project, mocks: AwsMocks) -> EngineError | None:
    """Why a run does not count, as the CLI would fail it, or None when it ended normally."""
    if execution.duplicate_urns:
        urn = execution.duplicate_urns[0]
        return EngineError(f"Duplicate resource URN '{urn}'. Fix: give each resource a unique name (the URN is made "
                           "of the type, the parent's type and the name).")
    if execution.error is not None:
        if mocks.unanswered:
            return UnansweredCall(
                f"The program called the data source {mocks.unanswered[0]}, which the offline engine cannot "
                f"answer. Fix: supply its result in a mocks file and pass --mocks FILE, for example "
                f'{{"calls": {{"{mocks.unanswered[0]}": {{...}}}}}}.')
        return _program_error(execution.error, project, mocks)
    if execution.logged_errors:
        first = execution.logged_errors[0].strip().splitlines()[0] if execution.logged_errors[0].strip() else ""
        more = f" (and {len(execution.logged_errors) - 1} more)" if len(execution.logged_errors) > 1 else ""
        return EngineError(f"The program logged an error{more}: {first}. An error logged with pulumi.log.error "
                           "fails the update under the CLI, so the preview is not valid. Fix: correct what the "
                           "message says.")
    return None


def _is_import_error(error: BaseException | None) -> bool:
    """Whether the program failed importing (in the engine's process, or as its own process reported it)."""
    if isinstance(error, ProgramException):
        return error.type_name in ("ModuleNotFoundError", "ImportError")
    return isinstance(error, ImportError)


def _missing_virtualenv_note(venv: str) -> str:
    return (f"runtime.options.virtualenv in Pulumi.yaml names {venv}, which does not exist: the program ran with the "
            f"engine's interpreter ({sys.executable}), whose packages may not be the program's. Fix: create it "
            "(`pulumi install`).")


def preview(options: PreviewOptions) -> PreviewResult:
    """Run the whole preview; raise EngineError for bad input, a failing program or a failing pack."""
    check_timeout(options.program_timeout, "--program-timeout")
    check_timeout(options.pack_start_timeout, "--pack-start-timeout")
    check_timeout(options.pack_rpc_timeout, "--pack-timeout")
    project = load_project(options.cwd)
    config = read_stack_config(project, options.stack, options.config)
    overrides = load_mocks_file(options.mocks_file) if options.mocks_file else None
    if len(options.policy_pack_configs) > len(options.policy_packs):
        raise EngineError("There are more --policy-pack-config files than --policy-pack directories. Fix: give one "
                          "config file per pack, in the same order.")
    pack_configs = [load_pack_config_file(p) for p in options.policy_pack_configs]
    # The provider deploys only to an account of aws:allowedAccountIds: the mocks answer in the first one.
    mocks = AwsMocks(region=config.values.get("aws:region"), account=stack_account(config.values),
                     first_preview=options.first_preview,
                     overrides=overrides, stack_references=_stack_references(options.stack_references))

    with contextlib.ExitStack() as stack:
        # Packs start first: their start-up (imports, gRPC server) overlaps the program's evaluation.
        processes = [
            stack.enter_context(analyzer.PolicyPackProcess(
                path, project=project.name, stack=options.stack, config=config.values, secret_keys=config.secret_keys,
                start_timeout=options.pack_start_timeout, rpc_timeout=options.pack_rpc_timeout))
            for path in options.policy_packs
        ]
        execution = _run_program(project, options, config, mocks)
        missing = None if options.in_process else missing_virtualenv(project.directory, project.runtime_options)
        failure = _failure(execution, project, mocks)
        if failure is not None:
            # The message may quote the program's own text: an exception raised over a secret value, a log line.
            masked = masker(secret_strings(execution.graph, config))(str(failure))
            if missing and _is_import_error(execution.error):
                # A module the program's own environment would have had is the likely cause.
                masked += f" Note: {_missing_virtualenv_note(missing)}"
            raise EngineError(masked) from execution.error
        graph = execution.graph
        graph.warnings.extend(config.warnings)
        if missing:
            graph.warnings.append(_missing_virtualenv_note(missing))
        providers = analyzer.Providers(graph.resources, config.values, project=project.name, stack=options.stack)
        packs = []
        for index, process in enumerate(processes):
            packs.append(_enforce(process, graph, pack_configs[index] if index < len(pack_configs) else None,
                                  providers))
    return PreviewResult(project=project, stack=options.stack, config=config, graph=graph, packs=packs,
                         first_preview=options.first_preview)


def _run_program(project: Project, options: PreviewOptions, config: StackConfig, mocks: AwsMocks) -> Execution:
    if options.in_process:
        return execute(
            program_from_directory(project.directory, project.main if project.main != project.directory else None),
            project=project.name, stack=options.stack, config=config.values, secret_keys=config.secret_keys,
            mocks=mocks, directory=project.directory)
    return execute_isolated(
        project.main, directory=project.directory, project=project.name, stack=options.stack, config=config.values,
        secret_keys=config.secret_keys, mocks=mocks, timeout=options.program_timeout,
        python=program_interpreter(project.directory, project.runtime_options),
        stdout=sys.stderr.fileno() if options.program_output_to_stderr else None)


def _enforce(process: analyzer.PolicyPackProcess, graph: Graph, file_config: Any,
             providers: analyzer.Providers) -> analyzer.PackResult:
    info = process.info()
    version = analyzer.pack_version(process.pack_dir) or info.version
    result = analyzer.PackResult(name=info.name, version=version, path=process.label,
                                 policies=analyzer.describe_policies(info))
    config = analyzer.reconcile_config(info.name, info, file_config)
    for policy in result.policies:
        # What the packs were told to enforce, next to each policy's own level (the summary names lowered ones).
        policy["configuredLevel"] = (config.get(policy["name"]) or (None,))[0]
    process.configure(config)
    by_urn = {r.urn: r for r in graph.resources}
    responses = process.analyze(graph.resources, providers=providers)
    analyzer.collect(result, responses, by_urn, [r.urn for r in graph.resources])
    analyzer.collect(result, [process.analyze_stack(graph.resources, providers)], by_urn, [None])
    return result
