"""Runs a Pulumi Python program in-process under mocks and records every registration.

The real SDK does all the work (Outputs, component nesting, dependency tracking, secrets); the
:class:`RecordingMonitor` sits where the engine's resource monitor would and keeps, per
registration, what the CLI's engine would see: type, name, URN, parent, custom or component,
provider, dependencies, property dependencies, the inputs on the wire (unknowns and secrets as
their wire sentinels) and the source position; plus the stack outputs.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import gc
import logging
import os
import runpy
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from google.protobuf import json_format, struct_pb2
from pulumi.runtime import mocks as pulumi_mocks
from pulumi.runtime import settings as pulumi_settings
from pulumi.runtime.config import set_all_config
from pulumi.runtime.proto import engine_pb2
from pulumi.runtime.stack import run_in_stack

from private_apis.engine.aws_mocks import UNKNOWN, AwsMocks
from private_apis.engine.errors import EngineError

SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"
RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e"
SIG_KEY = "4dabf18193072939515e22adb298388d"


@dataclass
class SourcePosition:
    """Where the program registered a resource, as the SDK reports it."""

    uri: str
    line: int
    column: int


@dataclass
class RecordedResource:
    """One registration, as the engine saw it."""

    type: str
    name: str
    urn: str
    parent: str | None
    custom: bool
    provider: str | None
    dependencies: list[str]
    property_dependencies: dict[str, list[str]]
    inputs: dict[str, Any]
    """Engine (camelCase) input properties; unknown values are ``UNKNOWN``, secrets keep their wire envelope."""
    options: dict[str, Any] = field(default_factory=dict)
    source: SourcePosition | None = None
    id: str | None = None
    outputs: dict[str, Any] = field(default_factory=dict)

    @property
    def plain_inputs(self) -> dict[str, Any]:
        """Inputs with secret envelopes opened (for assertions; the analyzer gets the wire form)."""
        return unwrap_secrets(self.inputs)

    @property
    def plain_outputs(self) -> dict[str, Any]:
        """Outputs with secret envelopes opened."""
        return unwrap_secrets(self.outputs)


@dataclass
class Graph:
    """Everything one program run registered, in registration order, and its stack outputs."""

    project: str
    stack: str
    resources: list[RecordedResource]
    stack_outputs: dict[str, Any]
    """Stack outputs on the wire: secrets keep their envelope, unknowns are ``UNKNOWN``."""
    warnings: list[str] = field(default_factory=list)

    def of_type(self, token: str) -> list[RecordedResource]:
        return [r for r in self.resources if r.type == token]

    def one(self, token: str, name: str | None = None) -> RecordedResource:
        found = [r for r in self.of_type(token) if name is None or r.name == name]
        if len(found) != 1:
            raise AssertionError(f"expected exactly one {token}{f' named {name}' if name else ''}, found "
                                 f"{[r.name for r in found]}")
        return found[0]

    def named(self, name: str) -> RecordedResource:
        found = [r for r in self.resources if r.name == name]
        if len(found) != 1:
            raise AssertionError(f"expected exactly one resource named {name}, found {len(found)}")
        return found[0]

    def by_urn(self, urn: str) -> RecordedResource:
        for r in self.resources:
            if r.urn == urn:
                return r
        raise KeyError(urn)

    def children_of(self, urn: str) -> list[RecordedResource]:
        return [r for r in self.resources if r.parent == urn]

    @property
    def outputs(self) -> dict[str, Any]:
        """Stack outputs with secret envelopes opened."""
        return unwrap_secrets(self.stack_outputs)

    @property
    def secret_output_names(self) -> list[str]:
        return sorted(k for k, v in self.stack_outputs.items() if is_secret(v))


def is_secret(value: Any) -> bool:
    return isinstance(value, dict) and value.get(SIG_KEY) == SECRET_SIG


def unwrap_secrets(value: Any) -> Any:
    if is_secret(value):
        return unwrap_secrets(value.get("value"))
    if isinstance(value, dict):
        return {k: unwrap_secrets(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unwrap_secrets(v) for v in value]
    return value


def resource_refs_to_ids(value: Any) -> Any:
    """Replace resource references by their id (or URN), as the engine marshals inputs for analyzers."""
    if isinstance(value, dict):
        if value.get(SIG_KEY) == RESOURCE_SIG:
            return value.get("id") or value.get("urn") or UNKNOWN
        return {k: resource_refs_to_ids(v) for k, v in value.items()}
    if isinstance(value, list):
        return [resource_refs_to_ids(v) for v in value]
    return value


def _struct_to_dict(struct: struct_pb2.Struct) -> dict[str, Any]:
    return resource_refs_to_ids(json_format.MessageToDict(struct))


def secret(value: Any) -> dict[str, Any]:
    """``value`` in the wire's secret envelope."""
    return {SIG_KEY: SECRET_SIG, "value": value}


def _mark_secret_outputs(outputs: dict[str, Any], inputs: dict[str, Any]) -> dict[str, Any]:
    """Outputs as the engine would hold them: echoes of secret inputs stay secrets. (What the provider declares
    secret already arrives wrapped: see :func:`_return_as_secrets`.)"""
    names = {k for k, v in inputs.items() if is_secret(v)}
    return {k: secret(v) if k in names and not is_secret(v) else v for k, v in outputs.items()}


def _return_as_secrets(outputs: struct_pb2.Struct, names: Iterable[str]) -> None:
    """Wrap the outputs the provider declares secret (``additionalSecretOutputs``, e.g. an ApiKey's ``value``) in the
    secret envelope, as the engine returns them: the program then holds them as secret Outputs, and exports them
    as secrets."""
    for name in names:
        if name in outputs.fields and not is_secret(json_format.MessageToDict(outputs.fields[name])):
            value = json_format.MessageToDict(outputs.fields[name])
            outputs.fields[name].Clear()
            outputs.fields[name].struct_value.update({SIG_KEY: SECRET_SIG, "value": value})


class RecordingEngine(pulumi_mocks.MockEngine):
    """The engine's log service: keeps the program's warnings and errors (an error fails the run, as under the
    CLI, where ``pulumi.log.error`` fails the update)."""

    def __init__(self) -> None:
        super().__init__(logging.getLogger("pulumi.offline"))
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def Log(self, request):
        if request.severity == engine_pb2.ERROR:
            self.errors.append(request.message)
        elif request.severity == engine_pb2.WARNING:
            self.warnings.append(request.message)
        else:
            super().Log(request)


class RecordingMonitor(pulumi_mocks.MockMonitor):
    """The SDK's mock monitor, keeping a record of every registration."""

    def __init__(self, mocks: AwsMocks) -> None:
        super().__init__(mocks)
        self.records: list[RecordedResource] = []
        self.stack_outputs: dict[str, Any] = {}
        self._by_urn: dict[str, RecordedResource] = {}
        self.stack_urn: str | None = None
        self.duplicate_urns: list[str] = []

    def RegisterResource(self, request):
        response = super().RegisterResource(request)
        if request.type == "pulumi:pulumi:Stack":
            self.stack_urn = response.urn
            return response
        _return_as_secrets(response.object, request.additionalSecretOutputs)
        if response.urn in self._by_urn:
            # The engine refuses a second registration of a URN, and the run fails. Raising here, in the SDK's
            # worker thread, would only reach the program as a wrapped error; the caller fails the run instead.
            self.duplicate_urns.append(response.urn)
            return response
        source = None
        if request.HasField("sourcePosition"):
            source = SourcePosition(request.sourcePosition.uri, request.sourcePosition.line,
                                    request.sourcePosition.column)
        inputs = _struct_to_dict(request.object)
        record = RecordedResource(
            type=request.type,
            name=request.name,
            urn=response.urn,
            parent=request.parent or None,
            custom=bool(request.custom),
            provider=request.provider or None,
            dependencies=list(request.dependencies),
            property_dependencies={k: list(v.urns) for k, v in request.propertyDependencies.items()},
            inputs=inputs,
            options={
                "protect": request.protect,
                "ignoreChanges": list(request.ignoreChanges),
                "deleteBeforeReplace": request.deleteBeforeReplace if request.deleteBeforeReplaceDefined else None,
                "additionalSecretOutputs": list(request.additionalSecretOutputs),
                "customTimeouts": {"create": request.customTimeouts.create, "update": request.customTimeouts.update,
                                   "delete": request.customTimeouts.delete},
                "retainOnDelete": request.retainOnDelete,
            },
            source=source,
            id=response.id or None,
            outputs=_mark_secret_outputs(_struct_to_dict(response.object), inputs),
        )
        self.records.append(record)
        self._by_urn[record.urn] = record
        return response

    def RegisterResourceOutputs(self, request):
        if request.urn == self.stack_urn:
            self.stack_outputs = _struct_to_dict(request.outputs)
        return super().RegisterResourceOutputs(request)


def mock_runtime(mocks: AwsMocks, *, project: str, stack: str, config: dict[str, str] | None,
                 secret_keys: list[str] | None, organization: str) -> tuple[RecordingMonitor, RecordingEngine]:
    """Point this process's Pulumi runtime at a fresh recording monitor and engine; return both. The mocks answer
    in the account the stack's provider config pins, as the provider would."""
    mocks.use_stack_config(config or {})
    monitor = RecordingMonitor(mocks)
    engine = RecordingEngine()
    pulumi_settings.ROOT.set(None)
    pulumi_settings.configure(pulumi_mocks.MockSettings(
        monitor=monitor,
        monitor_features=set(monitor.GetDeploymentInfo(None).supportedFeatures),
        engine=engine,
        project=project,
        stack=stack,
        dry_run=True,
        organization=organization,
        callbacks=None,
    ))
    set_all_config(dict(config or {}), list(secret_keys or []))
    return monitor, engine


@contextlib.contextmanager
def _program_environment(directory: str | None) -> Iterator[None]:
    """Run with the program's directory as cwd and first on sys.path, as the language host does."""
    if directory is None:
        yield
        return
    old_cwd, old_path = os.getcwd(), list(sys.path)
    os.chdir(directory)
    sys.path.insert(0, directory)
    try:
        yield
    finally:
        os.chdir(old_cwd)
        sys.path[:] = old_path


class ProgramTimeout(Exception):
    """The program ran past its time limit (and was ended)."""


@dataclass
class Execution:
    """What one program run left: the graph of everything registered, and how the program ended."""

    graph: Graph
    error: BaseException | None = None
    """What the program raised; ``sys.exit(0)`` is a normal end, not an error."""
    logged_errors: list[str] = field(default_factory=list)
    duplicate_urns: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.error is not None or bool(self.logged_errors) or bool(self.duplicate_urns)


def run(
    program: Callable[[], Any],
    *,
    project: str,
    stack: str,
    config: dict[str, str] | None = None,
    secret_keys: list[str] | None = None,
    mocks: AwsMocks | None = None,
    directory: str | None = None,
    organization: str = "organization",
) -> Graph:
    """Run ``program`` (a callable, or use :func:`program_from_directory`) and return what it registered.

    Exceptions the program raises propagate unchanged; the caller decides how to present them.
    """
    execution = execute(program, project=project, stack=stack, config=config, secret_keys=secret_keys, mocks=mocks,
                        directory=directory, organization=organization)
    if execution.error is not None:
        raise execution.error
    if execution.failed:
        raise EngineError("; ".join(execution.logged_errors) or f"Duplicate resource URN {execution.duplicate_urns}")
    return execution.graph


def execute(
    program: Callable[[], Any],
    *,
    project: str,
    stack: str,
    config: dict[str, str] | None = None,
    secret_keys: list[str] | None = None,
    mocks: AwsMocks | None = None,
    directory: str | None = None,
    organization: str = "organization",
) -> Execution:
    """Run ``program`` in this process and keep whatever it registered, however it ends.

    The SDK waits for every outstanding registration even when the program raises or calls ``sys.exit``, so the
    graph holds what the engine would have received (and analysed, at registration) under the CLI. A program run
    here shares the engine's process and could change anything in it, so this path is for trusted programs (the
    project's own tests); ``preview`` runs programs in a process of their own (isolated.py).
    """
    monitor, engine = mock_runtime(mocks or AwsMocks(region=(config or {}).get("aws:region")), project=project,
                                   stack=stack, config=config, secret_keys=secret_keys, organization=organization)
    loop = asyncio.new_event_loop()
    # A failing program leaves sibling tasks behind (other applies, registrations); their errors are the same
    # failure the caller gets, so the loop does not print them again as "Task exception was never retrieved".
    loop.set_exception_handler(lambda _loop, context: None)
    executor = _WorkerPool()
    loop.set_default_executor(executor)
    with warnings.catch_warnings():
        # A program that fails half-way leaves Outputs whose coroutines never ran; Python warns of each when it is
        # collected ("coroutine 'Output.future' was never awaited"), burying the one message that matters.
        warnings.filterwarnings("ignore", message="coroutine .* was never awaited", category=RuntimeWarning)
        error = _run_loop(loop, program, directory)
        executor.close_loops()
        if error is not None:
            gc.collect()
    pulumi_settings.ROOT.set(None)
    graph = Graph(project=project, stack=stack, resources=monitor.records, stack_outputs=monitor.stack_outputs,
                  warnings=list(engine.warnings))
    return Execution(graph=graph, error=error, logged_errors=engine.errors, duplicate_urns=monitor.duplicate_urns)


def _run_loop(loop: asyncio.AbstractEventLoop, program: Callable[[], Any], directory: str | None
              ) -> BaseException | None:
    """Run the program in the stack on ``loop`` and close it; return what the program raised, if anything."""
    try:
        asyncio.set_event_loop(loop)
        with _program_environment(directory):
            loop.run_until_complete(run_in_stack(program))
    except SystemExit as exc:
        return None if exc.code in (None, 0, False) else exc
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # the caller reports every way a program can fail
        return exc
    finally:
        _drain(loop)
        asyncio.set_event_loop(None)
        loop.close()
    return None


class _WorkerPool(concurrent.futures.ThreadPoolExecutor):
    """The SDK's worker threads, each with an event loop of its own that is closed with the run.

    The mock monitor gives every worker thread an event loop and never closes it; one that outlives the run is
    collected at interpreter exit, after its sockets, and prints a traceback from ``BaseEventLoop.__del__``.
    """

    def __init__(self) -> None:
        self._loops: list[asyncio.AbstractEventLoop] = []
        super().__init__(initializer=self._give_loop)

    def _give_loop(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loops.append(loop)

    def close_loops(self) -> None:
        self.shutdown(wait=True, cancel_futures=True)
        for loop in self._loops:
            with contextlib.suppress(RuntimeError):  # still running in a worker that never returned
                loop.close()


def _drain(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel what a failed run left pending, so nothing of this loop outlives it into the next run."""
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    with pulumi_settings.SETTINGS.lock:
        pulumi_settings.SETTINGS.outputs.clear()


def program_from_directory(directory: str, main: str | None = None) -> Callable[[], Any]:
    """A callable that runs a Python program directory's entry point as ``__main__``."""
    entry = os.path.join(directory, main) if main else directory

    def program() -> None:
        runpy.run_path(entry, run_name="__main__")

    return program
