"""A deployed stack's recorded state, read from ``pulumi stack export`` or ``pulumi stack output --json``.

The export is the deployment the CLI keeps (``{"version": 3, "deployment": {"resources": [...]}}``): each resource
has ``urn``, ``type``, ``custom``, ``id``, ``inputs``, ``outputs``, ``parent``, ``provider`` (``<urn>::<id>``),
``dependencies``, ``propertyDependencies`` and, from CLI v3.100, ``sourcePosition`` (``project:///path#line,col``).
Secret values are ``{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "ciphertext": ...}``
(or ``"plaintext"`` with ``--show-secrets``); nothing here decrypts them: every secret becomes the text
``[secret]``, which is what a policy sees of it when the CLI analyzes a state it cannot decrypt.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

from private_apis.engine.errors import EngineError
from private_apis.engine.recorder import SECRET_SIG, SIG_KEY, RecordedResource, SourcePosition
from private_apis.engine.secrets import SECRET_TEXT

STACK_TYPE = "pulumi:pulumi:Stack"
PROVIDER_PREFIX = "pulumi:providers:"
MAX_FILE_BYTES = 256 * 1024 * 1024


@dataclass
class StackState:
    """What a stack owns: its resources (providers apart), its outputs and where it lives."""

    project: str
    stack: str
    resources: list[RecordedResource]
    providers: list[RecordedResource] = field(default_factory=list)
    stack_outputs: dict[str, Any] = field(default_factory=dict)
    region: str | None = None
    source: str = ""


def read_json(path: str, what: str, flag: str) -> Any:
    """The JSON in the file ``flag`` names, or one EngineError that says ``what`` writes that file."""
    if not os.path.isfile(path):
        raise EngineError(f"{flag} {path}: no such file. Fix: write it with {what}.")
    if os.path.getsize(path) > MAX_FILE_BYTES:
        raise EngineError(f"{flag} {path} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB. Fix: pass the "
                          f"file {what} writes.")
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (ValueError, UnicodeDecodeError) as exc:
        raise EngineError(f"{flag} {path} is not valid JSON ({exc}). Fix: write it with {what}.") from None


def without_secrets(value: Any) -> Any:
    """``value`` with every secret (state envelope or wire envelope) replaced by ``[secret]``."""
    if isinstance(value, dict):
        if value.get(SIG_KEY) == SECRET_SIG:
            return SECRET_TEXT
        return {k: without_secrets(v) for k, v in value.items()}
    if isinstance(value, list):
        return [without_secrets(v) for v in value]
    return value


def _source_position(text: Any, project_dir: str | None) -> SourcePosition | None:
    """``project:///components/x.py#12,5`` as a position the SARIF writer can place in the project directory."""
    if not isinstance(text, str) or "#" not in text:
        return None
    uri, _, where = text.rpartition("#")
    line, _, column = where.partition(",")
    if not line.isdigit():
        return None
    if uri.startswith("project://"):
        uri = os.path.join(project_dir or ".", uri[len("project://"):].lstrip("/"))
    return SourcePosition(uri, int(line), int(column) if column.isdigit() else 0)


def _urn_parts(urn: str, path: str) -> tuple[str, str]:
    parts = urn.split("::")
    if not urn.startswith("urn:pulumi:") or len(parts) < 4:
        raise EngineError(f"--stack-export {path} has a resource with URN {urn!r}, which is not a Pulumi URN "
                          "(urn:pulumi:<stack>::<project>::<type>::<name>). Fix: pass the file `pulumi stack "
                          "export` writes, unedited.")
    return parts[0][len("urn:pulumi:"):], parts[1]


def _record(item: dict[str, Any], path: str, project_dir: str | None) -> RecordedResource:
    urn = item.get("urn")
    if not isinstance(urn, str) or not isinstance(item.get("type"), str):
        raise EngineError(f"--stack-export {path} has a resource without a string 'urn' and 'type'. Fix: pass the "
                          "file `pulumi stack export` writes, unedited.")
    _urn_parts(urn, path)
    inputs, outputs = item.get("inputs") or {}, item.get("outputs") or {}
    if not isinstance(inputs, dict) or not isinstance(outputs, dict):
        raise EngineError(f"--stack-export {path}: 'inputs' and 'outputs' of {urn} must be objects.")
    return RecordedResource(
        type=item["type"], name=urn.rsplit("::", 1)[-1], urn=urn, parent=item.get("parent") or None,
        custom=bool(item.get("custom", True)), provider=item.get("provider") or None,
        dependencies=list(item.get("dependencies") or []),
        property_dependencies={k: list(v or []) for k, v in (item.get("propertyDependencies") or {}).items()},
        inputs=without_secrets(inputs), outputs=without_secrets(outputs), id=item.get("id") or None,
        options={"protect": bool(item.get("protect")),
                 "additionalSecretOutputs": list(item.get("additionalSecretOutputs") or [])},
        source=_source_position(item.get("sourcePosition"), project_dir))


def _provider_region(providers: list[RecordedResource]) -> str | None:
    for provider in providers:
        if provider.type == f"{PROVIDER_PREFIX}aws" and isinstance(provider.inputs.get("region"), str):
            return provider.inputs["region"]
    return None


def load_stack_export(path: str, *, project_dir: str | None = None) -> StackState:
    """The stack a ``pulumi stack export`` file describes; a file of any other shape is one clear error."""
    document = read_json(path, "`pulumi stack export --file FILE`", "--stack-export")
    deployment = document.get("deployment") if isinstance(document, dict) else None
    items = deployment.get("resources") if isinstance(deployment, dict) else None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise EngineError(f"--stack-export {path} has no 'deployment.resources' list. Fix: pass the file "
                          "`pulumi stack export --file FILE` writes.")
    records = [_record(item, path, project_dir) for item in items]
    stack_records = [r for r in records if r.type == STACK_TYPE]
    if not records:
        raise EngineError(f"--stack-export {path} holds no resources: the stack was never deployed or has been "
                          "destroyed. Fix: export a stack after `pulumi up`.")
    stack, project = _urn_parts(records[0].urn, path)
    providers = [r for r in records if r.type.startswith(PROVIDER_PREFIX)]
    resources = [r for r in records if r.type != STACK_TYPE and not r.type.startswith(PROVIDER_PREFIX)]
    outputs = stack_records[0].outputs if stack_records else {}
    return StackState(project=project, stack=stack, resources=resources, providers=providers, stack_outputs=outputs,
                      region=_provider_region(providers) or _string(outputs.get("aws_region")), source=path)


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def load_outputs(path: str) -> dict[str, Any]:
    """A ``pulumi stack output --json`` object (secrets ``[secret]`` or ``{"secret": true, ...}`` are dropped)."""
    document = read_json(path, "`pulumi stack output --json > FILE`", "--outputs")
    if not isinstance(document, dict):
        raise EngineError(f"--outputs {path} must hold a JSON object of stack outputs. Fix: write it with "
                          "`pulumi stack output --json > FILE`.")
    return {k: v for k, v in document.items() if not isinstance(v, dict)}
