"""Runs a program in a process of its own, the way the CLI does: the engine serves the Pulumi ResourceMonitor and
Engine gRPC services, and the program, started with its own interpreter through ``program_runner.py``, talks to them.

Everything that decides the verdict (what was registered, the mocks, the packs, the exit code) stays in this
process, out of the program's reach: a program that calls ``os._exit``, patches modules, registers ``atexit``
hooks, ignores signals or never returns cannot change what the packs see or what the engine reports; at the time
limit its whole process group is killed.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import os
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from typing import Any, TextIO

import grpc
from google.protobuf import empty_pb2
from pulumi.runtime.proto import engine_pb2_grpc, resource_pb2, resource_pb2_grpc

from private_apis.engine import packages, toolchain
from private_apis.engine.aws_mocks import AwsMocks
from private_apis.engine.errors import EngineError
from private_apis.engine.recorder import (
    Execution,
    Graph,
    ProgramTimeout,
    RecordingEngine,
    RecordingMonitor,
    _WorkerPool,
    mock_runtime,
)

RUNNER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "program_runner.py")
_MAX_MESSAGE = 400 * 1024 * 1024
KILL_GRACE = 5.0
"""Seconds between SIGTERM and SIGKILL for a program past its time limit."""


class ProgramException(Exception):
    """An exception the program raised in its own process, as the runner described it."""

    def __init__(self, type_name: str, message: str, frames: list[list[Any]], traceback_text: str) -> None:
        super().__init__(message)
        self.type_name, self.message, self.frames, self.traceback_text = type_name, message, frames, traceback_text


@dataclass
class _Calls:
    """Errors the engine's own services raised while serving the program (a mock that cannot answer, a stack
    reference without outputs): the real cause when the program then fails."""

    errors: list[EngineError]


class MonitorServicer(resource_pb2_grpc.ResourceMonitorServicer):
    """The ResourceMonitor service over the recording monitor and the AWS mocks."""

    def __init__(self, monitor: RecordingMonitor, calls: _Calls) -> None:
        self._monitor, self._calls = monitor, calls
        # The runtime settings (stack, project: the URNs) live in context variables, which gRPC's worker threads
        # do not inherit; every call runs in a copy of the context they were configured in.
        self._context = contextvars.copy_context()

    def _serve(self, method: Any, request: Any, context: grpc.ServicerContext) -> Any:
        try:
            return self._context.copy().run(method, request)
        except EngineError as exc:
            self._calls.errors.append(exc)
            context.abort(grpc.StatusCode.UNKNOWN, str(exc))
        except Exception as exc:  # a mock failing on odd input: the program sees an RPC error, as from a provider
            context.abort(grpc.StatusCode.UNKNOWN, f"{type(exc).__name__}: {exc}")

    def SupportsFeature(self, request, context):
        return resource_pb2.SupportsFeatureResponse(hasSupport=self._monitor.SupportsFeature(request).hasSupport)

    def GetDeploymentInfo(self, request, context):
        return self._monitor.GetDeploymentInfo(request)

    def RegisterResource(self, request, context):
        return self._serve(self._register, request, context)

    def _register(self, request: Any) -> Any:
        packages.check_remote_component(request.type, request.remote, self._monitor.mocks.resource_overrides)
        return self._monitor.RegisterResource(request)

    def RegisterResourceOutputs(self, request, context):
        return self._serve(self._monitor.RegisterResourceOutputs, request, context)

    def ReadResource(self, request, context):
        return self._serve(self._read, request, context)

    def _read(self, request: Any) -> Any:
        packages.check_custom_resource(request.type, self._monitor.mocks.resource_overrides, verb="reads")
        return self._monitor.ReadResource(request)

    def Invoke(self, request, context):
        return self._serve(self._monitor.Invoke, request, context)

    def Call(self, request, context):
        context.abort(grpc.StatusCode.UNIMPLEMENTED, "the offline engine cannot call methods of multi-language "
                                                      "components")

    # Transforms and hooks are registered and not run, as by the SDK's own mock monitor.
    def RegisterStackTransform(self, request, context):
        return empty_pb2.Empty()

    def RegisterStackInvokeTransform(self, request, context):
        return empty_pb2.Empty()

    def RegisterResourceHook(self, request, context):
        return empty_pb2.Empty()

    def RegisterErrorHook(self, request, context):
        return empty_pb2.Empty()

    def RegisterPackage(self, request, context):
        return self._monitor.RegisterPackage(request)

    def SignalAndWaitForShutdown(self, request, context):
        return empty_pb2.Empty()


class EngineServicer(engine_pb2_grpc.EngineServicer):
    """The Engine service: the program's log messages (an error fails the run, as under the CLI)."""

    def __init__(self, engine: RecordingEngine) -> None:
        self._engine = engine

    def Log(self, request, context):
        self._engine.Log(request)
        return empty_pb2.Empty()


def program_interpreter(directory: str, runtime_options: dict[str, Any]) -> str:
    """The interpreter the CLI would run the program with (``runtime.options``: toolchain.py)."""
    return toolchain.program_interpreter(directory, runtime_options)


def execute_isolated(
    program: str,
    *,
    directory: str,
    project: str,
    stack: str,
    config: dict[str, str],
    secret_keys: list[str],
    mocks: AwsMocks,
    timeout: float,
    python: str | None = None,
    stdout: TextIO | None = None,
    organization: str = "organization",
) -> Execution:
    """Run ``program`` (a file or directory) in a child process against this process's monitor and mocks."""
    monitor, engine = mock_runtime(mocks, project=project, stack=stack, config=config, secret_keys=secret_keys,
                                   organization=organization)
    calls = _Calls([])
    workers = _WorkerPool()
    server = grpc.server(workers, options=[("grpc.max_receive_message_length", _MAX_MESSAGE),
                                           ("grpc.max_send_message_length", _MAX_MESSAGE)])
    resource_pb2_grpc.add_ResourceMonitorServicer_to_server(MonitorServicer(monitor, calls), server)
    engine_pb2_grpc.add_EngineServicer_to_server(EngineServicer(engine), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        outcome, returncode = _run_child(program, directory=directory, project=project, stack=stack, config=config,
                                         secret_keys=secret_keys, address=f"127.0.0.1:{port}", timeout=timeout,
                                         python=python or sys.executable, stdout=stdout, organization=organization)
    finally:
        server.stop(grace=None).wait()
        workers.close_loops()
    graph = Graph(project=project, stack=stack, resources=monitor.records, stack_outputs=monitor.stack_outputs,
                  warnings=list(engine.warnings))
    error = calls.errors[0] if calls.errors and outcome.get("kind") != "ok" else _error(outcome, returncode, timeout)
    return Execution(graph=graph, error=error, logged_errors=engine.errors, duplicate_urns=monitor.duplicate_urns)


def _run_child(program: str, *, directory: str, project: str, stack: str, config: dict[str, str],
               secret_keys: list[str], address: str, timeout: float, python: str, stdout: TextIO | None,
               organization: str) -> tuple[dict[str, Any], int | None]:
    read_end, write_end = os.pipe()
    env = {**toolchain.activated_environment(python, os.environ), "PULUMI_CONFIG": json.dumps(config),
           "PULUMI_CONFIG_SECRET_KEYS": json.dumps(secret_keys), "PYTHONUNBUFFERED": "1"}
    command = [python, "-u", RUNNER, "--monitor", address, "--engine", address, "--project", project, "--stack", stack,
               "--organization", organization, "--root", directory, "--outcome-fd", str(write_end), program]
    try:
        child = subprocess.Popen(command, cwd=directory, env=env, stdin=subprocess.DEVNULL,
                                 stdout=stdout if stdout is not None else None, pass_fds=(write_end,),
                                 start_new_session=True)
    except OSError as exc:
        os.close(read_end)
        raise EngineError(f"Cannot start the program's interpreter {python}: {exc.strerror}. Fix: point Pulumi.yaml's "
                          "runtime.options.virtualenv at a virtualenv that exists, or remove it.") from None
    finally:
        os.close(write_end)
    chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: chunks.append(_read_all(read_end)), daemon=True)
    reader.start()
    try:
        returncode: int | None = child.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(child)
        returncode = None
    reader.join(timeout=KILL_GRACE)
    if returncode is None:
        return {"kind": "timeout"}, None
    try:
        outcome = json.loads(b"".join(chunks) or b"{}")
    except ValueError:
        outcome = {}
    return (outcome if isinstance(outcome, dict) else {}), returncode


def _read_all(fd: int) -> bytes:
    with os.fdopen(fd, "rb") as handle:
        return handle.read(1024 * 1024)


def _kill(child: subprocess.Popen) -> None:
    """End the program's whole process group: SIGTERM, then SIGKILL, which nothing can ignore."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, sig)
        try:
            child.wait(timeout=KILL_GRACE)
            return
        except subprocess.TimeoutExpired:
            continue


def _error(outcome: dict[str, Any], returncode: int | None, timeout: float) -> BaseException | None:
    """How the program ended, as the exception the in-process path would have caught (None: a normal end)."""
    import pulumi

    kind = outcome.get("kind")
    if kind == "timeout":
        return ProgramTimeout(timeout)
    if kind == "ok":
        return None
    if kind == "exit":
        code = outcome.get("code")
        return None if code in (None, 0) else SystemExit(code)
    if kind == "run_error":
        return pulumi.RunError(str(outcome.get("message", "")))
    if kind == "no_sdk":
        return EngineError(f"The program's interpreter {outcome.get('python')} has no Pulumi SDK "
                           f"({outcome.get('message')}). Fix: install the project's requirements into its virtualenv.")
    if kind == "exception":
        if outcome.get("type") == "KeyError" and outcome.get("args"):
            return KeyError(outcome["args"][0])
        return ProgramException(str(outcome.get("type")), str(outcome.get("message", "")),
                                list(outcome.get("frames") or []), str(outcome.get("traceback", "")))
    # No outcome: the program ended its process itself (os._exit) or was killed by a signal.
    if returncode == 0:
        return None
    return SystemExit(returncode if returncode is not None and returncode > 0 else f"signal {-(returncode or 0)}")
