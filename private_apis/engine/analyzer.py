"""Policy packs over the real Analyzer gRPC protocol, launched the way the Pulumi CLI launches them.

The CLI starts a Python pack as ``python -u -m pulumi.policy <engine> <pack dir>`` with the pack's
interpreter (its virtualenv when PulumiPolicy.yaml names one), reads the port the pack prints, and
then calls ``GetAnalyzerInfo``, ``Configure``, ``ConfigureStack``, ``Analyze`` per resource and
``AnalyzeStack`` once. This module does the same, and always tears the pack process down.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import io
import json
import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import grpc
from google.protobuf import json_format, struct_pb2
from pulumi.runtime.proto import analyzer_pb2, analyzer_pb2_grpc

from private_apis.engine.errors import EngineError
from private_apis.engine.project import read_mapping
from private_apis.engine.recorder import RecordedResource

_LEVELS = {
    analyzer_pb2.ADVISORY: "advisory",
    analyzer_pb2.MANDATORY: "mandatory",
    analyzer_pb2.REMEDIATE: "remediate",
    analyzer_pb2.DISABLED: "disabled",
}
_LEVEL_VALUES = {v: k for k, v in _LEVELS.items()}
_SEVERITIES = {
    analyzer_pb2.POLICY_SEVERITY_UNSPECIFIED: "",
    analyzer_pb2.POLICY_SEVERITY_LOW: "low",
    analyzer_pb2.POLICY_SEVERITY_MEDIUM: "medium",
    analyzer_pb2.POLICY_SEVERITY_HIGH: "high",
    analyzer_pb2.POLICY_SEVERITY_CRITICAL: "critical",
}
_MAX_MESSAGE = 400 * 1024 * 1024


@dataclass
class Violation:
    """One diagnostic a pack reported."""

    pack: str
    pack_version: str
    policy: str
    level: str
    severity: str
    description: str
    message: str
    urn: str
    resource_type: str = ""
    resource_name: str = ""


@dataclass
class NotApplicable:
    """A policy that declared itself not applicable to a resource (our pack: an exemption), with the reason."""

    pack: str
    policy: str
    reason: str
    urn: str


@dataclass
class PackResult:
    """What one pack said about one program run."""

    name: str
    version: str
    path: str
    policies: list[dict[str, Any]] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    not_applicable: list[NotApplicable] = field(default_factory=list)


def read_pack_file(pack_dir: str) -> dict[str, Any]:
    """PulumiPolicy.yaml of a pack, checked for the shape the CLI needs (a mapping with a runtime)."""
    path = os.path.join(pack_dir, "PulumiPolicy.yaml")
    if not os.path.isfile(path):
        raise EngineError(f"{pack_dir} is not a policy pack: it has no PulumiPolicy.yaml. Fix: pass the pack's "
                          "directory to --policy-pack.")
    document = read_mapping(path, "policy pack file")
    if not isinstance(document, dict):
        raise EngineError(f"The policy pack file {path} must be a mapping (runtime, version, ...). Fix: write e.g. "
                          "'runtime: python' and 'version: 0.1.0' on their own lines.")
    runtime = document.get("runtime")
    if isinstance(runtime, dict) and not isinstance(runtime.get("options") or {}, dict):
        raise EngineError(f"'runtime.options' in the policy pack file {path} must be a mapping. Fix: write e.g. "
                          "'options: {virtualenv: venv}'.")
    return document


def pack_interpreter(pack_dir: str) -> str:
    """The interpreter the CLI would use: the virtualenv PulumiPolicy.yaml names, if it exists, else ours."""
    document = read_pack_file(pack_dir)
    runtime = document.get("runtime")
    name = runtime.get("name") if isinstance(runtime, dict) else runtime
    if name != "python":
        raise EngineError(f"The policy pack {pack_dir} has runtime {name!r}; the offline engine runs Python packs. "
                          "Fix: set 'runtime: python' in its PulumiPolicy.yaml, or run the pack with the Pulumi CLI.")
    options = runtime.get("options") if isinstance(runtime, dict) else None
    venv = (options or {}).get("virtualenv")
    if isinstance(venv, str) and venv:
        candidate = os.path.join(pack_dir, venv, "bin", "python")
        if os.path.exists(candidate):
            return candidate
    return sys.executable


def pack_version(pack_dir: str) -> str:
    """The version from PulumiPolicy.yaml, which the CLI prefers over what a Python pack reports."""
    try:
        version = read_pack_file(pack_dir).get("version")
    except EngineError:
        return ""
    return str(version) if isinstance(version, (str, int, float)) else ""


class PolicyPackProcess:
    """A running policy pack and a gRPC stub to it. Use as a context manager."""

    def __init__(self, pack_dir: str, *, project: str, stack: str, config: Mapping[str, str],
                 secret_keys: Iterable[str] = (), dry_run: bool = True, start_timeout: float = 60.0,
                 rpc_timeout: float = 120.0) -> None:
        self.pack_dir = os.path.abspath(pack_dir)
        self.project, self.stack, self.dry_run = project, stack, dry_run
        self.config = dict(config)
        self.secret_keys = list(secret_keys)
        self.start_timeout, self.rpc_timeout = start_timeout, rpc_timeout
        self.process: subprocess.Popen[bytes] | None = None
        self.channel: grpc.Channel | None = None
        self.stub: analyzer_pb2_grpc.AnalyzerStub | None = None
        self._stderr: list[str] = []
        self.label = os.path.relpath(self.pack_dir) if not os.path.isabs(pack_dir) else pack_dir

    # -- lifecycle

    def start(self) -> PolicyPackProcess:
        """Launch the pack; returns once the process has been started (the port is read lazily)."""
        if not os.path.isdir(self.pack_dir):
            raise EngineError(f"--policy-pack {self.pack_dir} is not a directory.")
        python = pack_interpreter(self.pack_dir)
        env = dict(os.environ)
        env.update({
            "PULUMI_PROJECT": self.project,
            "PULUMI_STACK": self.stack,
            "PULUMI_DRY_RUN": "true" if self.dry_run else "false",
            "PULUMI_CONFIG": json.dumps(self.config),
            "PULUMI_CONFIG_SECRET_KEYS": json.dumps(self.secret_keys),
            "PYTHONUNBUFFERED": "1",
        })
        # The engine address is where the CLI's engine would listen for logs; a Python pack does not
        # call it, so a loopback placeholder keeps the argument list identical to the CLI's.
        self.process = subprocess.Popen(
            [python, "-u", "-m", "pulumi.policy", "127.0.0.1:0", self.pack_dir],
            cwd=self.pack_dir, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            start_new_session=True,
            # The pack starts while the program evaluates; a lower priority keeps it from slowing the program
            # down on a small machine, and it is idle by the time analysis begins.
            preexec_fn=lambda: os.nice(10),
        )
        threading.Thread(target=self._drain_stderr, daemon=True).start()
        return self

    def _drain_stderr(self) -> None:
        assert self.process and self.process.stderr
        for line in iter(self.process.stderr.readline, b""):
            self._stderr.append(line.decode(errors="replace").rstrip())
            del self._stderr[:-40]

    def stderr_tail(self) -> str:
        return "\n".join(self._stderr[-15:])

    def last_error(self) -> str:
        """The last line the pack wrote to stderr: for a traceback, the exception itself."""
        lines = [line for line in self._stderr if line.strip()]
        return lines[-1].strip() if lines else ""

    def connect(self) -> None:
        """Read the port the pack prints (like the CLI) and open the channel."""
        if self.stub is not None:
            return
        assert self.process and self.process.stdout
        lines: queue.Queue[bytes] = queue.Queue()
        stdout = self.process.stdout
        threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
        try:
            first = lines.get(timeout=self.start_timeout)
        except queue.Empty:
            raise EngineError(f"The policy pack {self.label} did not report its port within {self.start_timeout:.0f} s "
                              "(it may hang at start-up). Fix: run its __main__.py by hand to see where it "
                              "stops.") from None
        text = first.decode(errors="replace").strip()
        if not (text.isascii() and text.isdigit() and 0 < int(text) < 65536):
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=5)
            if self.process.poll() is None:
                self.close()
                raise EngineError(f"The policy pack {self.label} printed {text[:80]!r} where the CLI expects its port "
                                  "number as the first line. Fix: the pack must not print to stdout before "
                                  "PolicyPack(...) serves (log to stderr).")
            raise EngineError(f"The policy pack {self.label} exited before serving (exit code "
                              f"{self.process.returncode}): {self.last_error() or text or 'no output'}. Fix: run "
                              f"its __main__.py with the pack's interpreter to see the whole error.")
        self.channel = grpc.insecure_channel(f"127.0.0.1:{text}", options=[
            ("grpc.max_receive_message_length", _MAX_MESSAGE), ("grpc.max_send_message_length", _MAX_MESSAGE)])
        self.stub = analyzer_pb2_grpc.AnalyzerStub(self.channel)

    def peak_rss_mib(self) -> float | None:
        """The pack process's peak resident memory so far (Linux ``VmHWM``), or None where it cannot be read."""
        return peak_rss_mib(self.process.pid) if self.process is not None else None

    def close(self) -> None:
        """Close the channel and end the pack's process group, whatever state it is in."""
        if self.channel is not None:
            self.channel.close()
            self.channel = None
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=5)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        for stream in (process.stdout, process.stderr):
            if stream:
                stream.close()

    def __enter__(self) -> PolicyPackProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- protocol

    def _rpc_error(self, call: str, exc: grpc.RpcError) -> EngineError:
        code = exc.code() if hasattr(exc, "code") else None
        if code == grpc.StatusCode.DEADLINE_EXCEEDED:
            return EngineError(f"The policy pack {self.label} did not answer {call} within {self.rpc_timeout:.0f} s "
                               "(a policy may hang). Fix: find the policy that loops or blocks.")
        exited = False
        if self.process is not None:
            # A dropped connection usually means the pack died; give the OS a moment to report it.
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=2)
            exited = self.process.poll() is not None
        detail = exc.details() if hasattr(exc, "details") else str(exc)
        if exited:
            return EngineError(f"The policy pack {self.label} crashed during {call} (exit code "
                               f"{self.process.returncode if self.process else '?'}): {self.last_error() or detail}. "
                               "Fix: run the pack by hand (or with --debug) to see the whole error.")
        return EngineError(f"The policy pack {self.label} failed {call}: {detail}")

    def info(self) -> analyzer_pb2.AnalyzerInfo:
        self.connect()
        try:
            return self.stub.GetAnalyzerInfo(_empty(), timeout=self.rpc_timeout)
        except grpc.RpcError as exc:
            raise self._rpc_error("GetAnalyzerInfo", exc) from None

    def configure(self, policy_config: Mapping[str, tuple[str | None, dict[str, Any]]]) -> None:
        try:
            self.stub.Configure(configure_request(policy_config), timeout=self.rpc_timeout)
        except grpc.RpcError as exc:
            raise self._rpc_error("Configure", exc) from None
        stack_request = analyzer_pb2.AnalyzerStackConfigureRequest(
            stack=self.stack, project=self.project, organization="organization", dry_run=self.dry_run,
            config=self.config, config_secret_keys=self.secret_keys)
        try:
            self.stub.ConfigureStack(stack_request, timeout=self.rpc_timeout)
        except grpc.RpcError as exc:
            # Older packs do not implement ConfigureStack; the CLI carries on without it too.
            if exc.code() != grpc.StatusCode.UNIMPLEMENTED:
                raise self._rpc_error("ConfigureStack", exc) from None

    def analyze(self, resources: list[RecordedResource], *, in_flight: int = 64,
                providers: Providers | None = None) -> list[analyzer_pb2.AnalyzeResponse]:
        """``Analyze`` every resource, keeping up to ``in_flight`` calls outstanding."""
        responses: list[analyzer_pb2.AnalyzeResponse | None] = [None] * len(resources)
        pending: list[tuple[int, grpc.Future]] = []
        try:
            for index, resource in enumerate(resources):
                pending.append((index, self.stub.Analyze.future(analyze_request(resource, providers),
                                                                 timeout=self.rpc_timeout)))
                if len(pending) >= in_flight:
                    i, future = pending.pop(0)
                    responses[i] = future.result()
            for i, future in pending:
                responses[i] = future.result()
        except grpc.RpcError as exc:
            for _, future in pending:
                future.cancel()
            raise self._rpc_error("Analyze", exc) from None
        return [r for r in responses if r is not None]

    def analyze_stack(self, resources: list[RecordedResource],
                      providers: Providers | None = None) -> analyzer_pb2.AnalyzeResponse:
        # The request goes as the bytes its message would serialize to (the stub's serializer left out).
        send = self.channel.unary_unary("/pulumirpc.Analyzer/AnalyzeStack",
                                        response_deserializer=analyzer_pb2.AnalyzeResponse.FromString)
        request = stack_request_bytes(resources, providers)
        try:
            return send(request, timeout=self.rpc_timeout)
        except grpc.RpcError as exc:
            raise self._rpc_error("AnalyzeStack", exc) from None


def peak_rss_mib(pid: int) -> float | None:
    """A process's resident-memory high-water mark in MiB, from ``/proc/<pid>/status`` (proc(5): VmHWM)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def configure_request(policy_config: Mapping[str, tuple[str | None, dict[str, Any]]]
                      ) -> analyzer_pb2.ConfigureAnalyzerRequest:
    """The ``Configure`` request for per-policy (level, properties), as :func:`reconcile_config` gives them."""
    request = analyzer_pb2.ConfigureAnalyzerRequest()
    for name, (level, properties) in policy_config.items():
        config = analyzer_pb2.PolicyConfig()
        if level is not None:
            config.enforcementLevel = _LEVEL_VALUES[level]
        config.properties.update(properties)
        request.policyConfig[name].CopyFrom(config)
    return request


def _empty():
    from google.protobuf import empty_pb2

    return empty_pb2.Empty()


def _struct(values: Mapping[str, Any]) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    struct.update(values)
    return struct


def _options(resource: RecordedResource) -> analyzer_pb2.AnalyzerResourceOptions:
    opts = resource.options
    timeouts = opts.get("customTimeouts") or {}
    return analyzer_pb2.AnalyzerResourceOptions(
        protect=bool(opts.get("protect")),
        ignoreChanges=list(opts.get("ignoreChanges") or []),
        deleteBeforeReplace=bool(opts.get("deleteBeforeReplace")),
        deleteBeforeReplaceDefined=opts.get("deleteBeforeReplace") is not None,
        additionalSecretOutputs=list(opts.get("additionalSecretOutputs") or []),
        customTimeouts=analyzer_pb2.AnalyzerResourceOptions.CustomTimeouts(
            create=_seconds(timeouts.get("create")), update=_seconds(timeouts.get("update")),
            delete=_seconds(timeouts.get("delete"))),
        parent=resource.parent or "",
    )


def _seconds(duration: str | None) -> float:
    """Pulumi custom timeouts ('20m', '1h30m', '45s') in seconds, as the CLI passes them to analyzers."""
    if not duration:
        return 0.0
    total, number = 0.0, ""
    for char in duration:
        if char.isdigit() or char == ".":
            number += char
        elif number:
            total += float(number) * {"h": 3600, "m": 60, "s": 1}.get(char, 0)
            number = ""
    return total + (float(number) if number else 0.0)


class Providers:
    """The provider of each resource, as the CLI sends it to analyzers: the explicit provider resource the program
    registered, or the default provider the engine makes for the package, configured from the stack's
    ``<package>:*`` keys (its ``defaultTags`` included)."""

    def __init__(self, resources: Iterable[RecordedResource], config: Mapping[str, str], *, project: str,
                 stack: str) -> None:
        self._by_urn = {r.urn: r for r in resources}
        self._config, self._project, self._stack = config, project, stack
        self._defaults: dict[str, analyzer_pb2.AnalyzerProviderResource] = {}

    def of(self, resource: RecordedResource) -> analyzer_pb2.AnalyzerProviderResource | None:
        if not resource.custom or resource.type.startswith("pulumi:providers:") or ":" not in resource.type:
            return None
        if resource.provider:
            record = self._by_urn.get(resource.provider.rsplit("::", 1)[0])
            if record is None:
                return None
            return analyzer_pb2.AnalyzerProviderResource(type=record.type, properties=_struct(record.inputs),
                                                         urn=record.urn, name=record.name)
        package = resource.type.split(":", 1)[0]
        if package not in self._defaults:
            self._defaults[package] = self._default(package)
        return self._defaults[package]

    def _default(self, package: str) -> analyzer_pb2.AnalyzerProviderResource:
        name = f"default_{_plugin_version(package).replace('.', '_')}".rstrip("_")
        properties = {key.split(":", 1)[1]: _config_value(value) for key, value in self._config.items()
                      if key.startswith(f"{package}:")}
        return analyzer_pb2.AnalyzerProviderResource(
            type=f"pulumi:providers:{package}", properties=_struct(properties), name=name,
            urn=f"urn:pulumi:{self._stack}::{self._project}::pulumi:providers:{package}::{name}")


def _plugin_version(package: str) -> str:
    try:
        return importlib.metadata.version(f"pulumi_{package}")
    except importlib.metadata.PackageNotFoundError:
        return ""


def _config_value(value: str) -> Any:
    """A config value as the provider reads it: structured values arrive as JSON text."""
    if value[:1] in "[{":
        with contextlib.suppress(ValueError):
            return json.loads(value)
    return value


def analyze_request(resource: RecordedResource, providers: Providers | None = None) -> analyzer_pb2.AnalyzeRequest:
    provider = providers.of(resource) if providers is not None else None
    return analyzer_pb2.AnalyzeRequest(type=resource.type, properties=_struct(resource.inputs), urn=resource.urn,
                                       name=resource.name, options=_options(resource), provider=provider)


def stack_request(resources: Iterable[RecordedResource], providers: Providers | None = None
                  ) -> analyzer_pb2.AnalyzeStackRequest:
    """The ``AnalyzeStack`` request, each resource written straight into it: built apart and copied in, every
    resource was held twice until the copy ended (70 MiB more at the peak at 10,000 resources, `make bench`)."""
    request = analyzer_pb2.AnalyzeStackRequest()
    for resource in resources:
        _fill_stack_resource(request.resources.add(), resource, providers)
    return request


def stack_request_bytes(resources: Iterable[RecordedResource], providers: Providers | None = None) -> bytes:
    """``stack_request(...).SerializeToString()`` without ever holding the whole message: a message's repeated
    field is on the wire each element's tag, length and bytes one after the other
    (https://protobuf.dev/programming-guides/encoding/#repeated), so each resource is built, written and dropped.
    The message of 10,000 resources was 30 MiB of the engine's peak, on top of its bytes."""
    out = io.BytesIO()
    for resource in resources:
        message = stack_resource(resource, providers).SerializeToString()
        out.write(_RESOURCES_TAG)
        out.write(_varint(len(message)))
        out.write(message)
    return out.getvalue()


_RESOURCES_TAG = bytes([analyzer_pb2.AnalyzeStackRequest.RESOURCES_FIELD_NUMBER << 3 | 2])
"""Field 1 of AnalyzeStackRequest, wire type 2 (length-delimited)."""


def _varint(value: int) -> bytes:
    out = bytearray()
    while value > 0x7F:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def stack_resource(resource: RecordedResource, providers: Providers | None = None) -> analyzer_pb2.AnalyzerResource:
    """One resource of the ``AnalyzeStack`` request."""
    return _fill_stack_resource(analyzer_pb2.AnalyzerResource(), resource, providers)


def _fill_stack_resource(message: analyzer_pb2.AnalyzerResource, resource: RecordedResource,
                         providers: Providers | None) -> analyzer_pb2.AnalyzerResource:
    message.type, message.urn, message.name, message.parent = (resource.type, resource.urn, resource.name,
                                                               resource.parent or "")
    # AnalyzeStack sees the planned state: the inputs plus what the provider computes (unknown in a first preview).
    # The properties are present even when empty (a component's), as the CLI sends them.
    message.properties.SetInParent()
    message.properties.update(resource.outputs or resource.inputs)
    message.options.CopyFrom(_options(resource))
    message.dependencies.extend(resource.dependencies)
    for key, urns in resource.property_dependencies.items():
        message.propertyDependencies[key].urns.extend(urns)
    provider = providers.of(resource) if providers is not None else None
    if provider is not None:
        message.provider.CopyFrom(provider)
    return message


def describe_policies(info: analyzer_pb2.AnalyzerInfo) -> list[dict[str, Any]]:
    """The pack's policies as plain data (name, level, schema, ...)."""
    policies = []
    for p in info.policies:
        policies.append({
            "name": p.name,
            "description": p.description,
            "enforcementLevel": _LEVELS.get(p.enforcementLevel, "advisory"),
            "severity": _SEVERITIES.get(p.severity, ""),
            "configSchema": json_format.MessageToDict(p.configSchema) if p.HasField("configSchema") else {},
            "remediationSteps": p.remediation_steps,
            "url": p.url,
            "type": "stack" if p.policy_type == analyzer_pb2.POLICY_TYPE_STACK else "resource",
        })
    return policies


def reconcile_config(pack_name: str, info: analyzer_pb2.AnalyzerInfo,
                     file_config: Mapping[str, Any] | None) -> dict[str, tuple[str | None, dict[str, Any]]]:
    """Per-policy (enforcement level, properties), merged as the CLI does and validated against each schema.

    Order: schema defaults < the pack's initial config < the config file; the file's ``all`` sets every
    policy's level, a policy's own entry wins over ``all``.
    """
    policies = {p["name"]: p for p in describe_policies(info)}
    file_config = dict(file_config or {})
    unknown = sorted(k for k in file_config if k != "all" and k not in policies)
    if unknown:
        raise EngineError(f"The policy pack config names {', '.join(unknown)}, which pack '{pack_name}' does not "
                          f"have. Fix: use one of its policy names or 'all'.")
    all_level = file_config.get("all")
    if isinstance(all_level, dict):
        all_level = all_level.get("enforcementLevel")
    if all_level is not None and (not isinstance(all_level, str) or all_level not in _LEVEL_VALUES):
        raise EngineError(f"'all' in the policy pack config is {all_level!r}; use advisory, mandatory, remediate "
                          "or disabled.")
    initial = {k: (_LEVELS.get(v.enforcementLevel) if v.enforcementLevel else None,
                   json_format.MessageToDict(v.properties)) for k, v in info.initialConfig.items()}
    result: dict[str, tuple[str | None, dict[str, Any]]] = {}
    for name, policy in policies.items():
        schema = policy["configSchema"]
        properties = {k: v["default"] for k, v in (schema.get("properties") or {}).items()
                      if isinstance(v, dict) and "default" in v}
        # The pack's Configure treats a missing level as advisory, so every policy gets its resolved level.
        level: str | None = policy["enforcementLevel"]
        if name in initial:
            level = initial[name][0] or level
            properties.update(initial[name][1])
        if all_level is not None:
            level = all_level
        entry = file_config.get(name)
        if isinstance(entry, str):
            level = entry
        elif isinstance(entry, dict):
            level = entry.get("enforcementLevel", level)
            properties.update({k: v for k, v in entry.items() if k != "enforcementLevel"})
        elif entry is not None:
            raise EngineError(f"The policy pack config for '{name}' must be a level or an object.")
        if level is not None and (not isinstance(level, str) or level not in _LEVEL_VALUES):
            raise EngineError(f"The enforcement level of '{name}' is {level!r}; use advisory, mandatory, remediate "
                              "or disabled.")
        if schema:
            # Imported here: 90 ms that a preview without packs (or of policies without config) never needs.
            import jsonschema

            validator = jsonschema.Draft7Validator({"type": "object", **schema})
            errors = sorted(validator.iter_errors(properties), key=lambda e: list(e.absolute_path))
            if errors:
                first = errors[0]
                where = ".".join(str(p) for p in first.absolute_path) or "(top level)"
                raise EngineError(f"Invalid config for policy '{name}' at {where}: {first.message}. Fix: correct the "
                                  "policy pack config file to match the policy's schema.")
        result[name] = (level, properties)
    return result


def collect(pack: PackResult, responses: Iterable[analyzer_pb2.AnalyzeResponse],
            resources_by_urn: Mapping[str, RecordedResource], request_urns: Iterable[str | None]) -> None:
    """Add the diagnostics of ``responses`` (paired with the URN each request was about) to ``pack``."""
    for response, request_urn in zip(responses, request_urns, strict=True):
        for d in response.diagnostics:
            urn = d.urn or request_urn or ""
            resource = resources_by_urn.get(urn)
            message = d.message
            if message.startswith(d.description + "\n"):
                message = message[len(d.description) + 1:]
            pack.violations.append(Violation(
                pack=d.policyPackName or pack.name, pack_version=pack.version, policy=d.policyName,
                level=_LEVELS.get(d.enforcementLevel, "advisory"), severity=_SEVERITIES.get(d.severity, ""),
                description=d.description, message=message, urn=urn,
                resource_type=resource.type if resource else "", resource_name=resource.name if resource else ""))
        for n in response.not_applicable:
            pack.not_applicable.append(NotApplicable(pack=pack.name, policy=n.policy_name, reason=n.reason,
                                                     urn=request_urn or ""))
