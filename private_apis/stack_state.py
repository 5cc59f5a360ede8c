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
MAX_DEPTH = 64
"""Deepest nesting of a recorded value: pulumi-aws property bags stay far below it; deeper is not an export."""


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
    regions: dict[str, str] = field(default_factory=dict)
    """URN -> the region of the resource's own (explicit) AWS provider, where that provider records one."""
    not_owned: list[RecordedResource] = field(default_factory=list)
    """``external`` resources: read by the program (``.get()``), not managed by the stack."""


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
    except RecursionError:
        raise EngineError(f"{flag} {path} is nested too deeply to be what {what} writes. Fix: write it with "
                          f"{what}.") from None


class TooDeep(ValueError):
    """A value nested more than :data:`MAX_DEPTH` levels."""


def without_secrets(value: Any, depth: int = 0) -> Any:
    """``value`` with every secret (state envelope or wire envelope) replaced by ``[secret]``; :class:`TooDeep`
    past :data:`MAX_DEPTH` levels."""
    if depth > MAX_DEPTH:
        raise TooDeep(f"nested more than {MAX_DEPTH} levels")
    if isinstance(value, dict):
        if value.get(SIG_KEY) == SECRET_SIG:
            return SECRET_TEXT
        return {k: without_secrets(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [without_secrets(v, depth + 1) for v in value]
    return value


def _bad(path: str, what: str) -> EngineError:
    return EngineError(f"--stack-export {path}: {what}. Fix: pass the file `pulumi stack export` writes, unedited.")


def _optional_string(item: dict[str, Any], key: str, urn: str, path: str) -> str | None:
    value = item.get(key)
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise _bad(path, f"'{key}' of {urn!r} must be a string, not {type(value).__name__}")
    return value


def _strings(value: Any, key: str, urn: str, path: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _bad(path, f"'{key}' of {urn!r} must be a list of URNs")
    return list(value)


def _property_dependencies(value: Any, urn: str, path: str) -> dict[str, list[str]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _bad(path, f"'propertyDependencies' of {urn!r} must be an object of URN lists")
    return {k: _strings(v, f"propertyDependencies.{k}", urn, path) for k, v in value.items()}


def _clean(value: dict[str, Any], key: str, urn: str, path: str) -> dict[str, Any]:
    try:
        return without_secrets(value)
    except TooDeep as exc:
        raise _bad(path, f"'{key}' of {urn!r} is {exc}") from None


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
    if not isinstance(urn, str) or not isinstance(item.get("type"), str) or not item["type"]:
        raise EngineError(f"--stack-export {path} has a resource without a string 'urn' and 'type'. Fix: pass the "
                          "file `pulumi stack export` writes, unedited.")
    _urn_parts(urn, path)
    inputs, outputs = item.get("inputs") or {}, item.get("outputs") or {}
    if not isinstance(inputs, dict) or not isinstance(outputs, dict):
        raise EngineError(f"--stack-export {path}: 'inputs' and 'outputs' of {urn} must be objects.")
    return RecordedResource(
        type=item["type"], name=urn.rsplit("::", 1)[-1], urn=urn, parent=_optional_string(item, "parent", urn, path),
        custom=bool(item.get("custom", True)), provider=_optional_string(item, "provider", urn, path),
        dependencies=_strings(item.get("dependencies"), "dependencies", urn, path),
        property_dependencies=_property_dependencies(item.get("propertyDependencies"), urn, path),
        inputs=_clean(inputs, "inputs", urn, path), outputs=_clean(outputs, "outputs", urn, path),
        id=_optional_string(item, "id", urn, path),
        options={"protect": bool(item.get("protect")),
                 "additionalSecretOutputs": [s for s in item.get("additionalSecretOutputs") or []
                                             if isinstance(s, str)]
                 if isinstance(item.get("additionalSecretOutputs"), list) else []},
        source=_source_position(item.get("sourcePosition"), project_dir))


def _is_default(provider: RecordedResource) -> bool:
    return provider.name.startswith("default")


def _aws_region(provider: RecordedResource) -> str | None:
    region = provider.inputs.get("region")
    return region if provider.type == f"{PROVIDER_PREFIX}aws" and isinstance(region, str) and region else None


def _provider_region(providers: list[RecordedResource]) -> str | None:
    """The stack's region: its default AWS provider's, else (no default provider) the first AWS provider's."""
    for provider in sorted(providers, key=lambda p: not _is_default(p)):
        if _aws_region(provider):
            return _aws_region(provider)
    return None


def _resource_regions(providers: list[RecordedResource], resources: list[RecordedResource]) -> dict[str, str]:
    """Each resource created by an explicit AWS provider with a region, and that region (``provider`` is
    ``<provider urn>::<provider id>``)."""
    by_ref: dict[str, str] = {}
    for provider in providers:
        region = _aws_region(provider)
        if region and not _is_default(provider):
            by_ref[provider.urn] = region
            by_ref[f"{provider.urn}::{provider.id}"] = region
    regions = {}
    for record in resources:
        ref = record.provider or ""
        region = by_ref.get(ref) or by_ref.get(ref.rpartition("::")[0])
        if region:
            regions[record.urn] = region
    return regions


def load_stack_export(path: str, *, project_dir: str | None = None) -> StackState:
    """The stack a ``pulumi stack export`` file describes; a file of any other shape is one clear error."""
    document = read_json(path, "`pulumi stack export --file FILE`", "--stack-export")
    deployment = document.get("deployment") if isinstance(document, dict) else None
    items = deployment.get("resources") if isinstance(deployment, dict) else None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise EngineError(f"--stack-export {path} has no 'deployment.resources' list. Fix: pass the file "
                          "`pulumi stack export --file FILE` writes.")
    # A pending delete (``"delete": true``: the old copy of a replaced resource) is no longer the stack's.
    live_items = [item for item in items if item.get("delete") is not True]
    records = [_record(item, path, project_dir) for item in live_items]
    external = {item["urn"] for item in live_items if item.get("external") is True}
    stack_records = [r for r in records if r.type == STACK_TYPE]
    if not records:
        raise EngineError(f"--stack-export {path} holds no resources: the stack was never deployed or has been "
                          "destroyed. Fix: export a stack after `pulumi up`.")
    stack, project = _urn_parts(records[0].urn, path)
    providers = [r for r in records if r.type.startswith(PROVIDER_PREFIX)]
    others = [r for r in records if r.type != STACK_TYPE and not r.type.startswith(PROVIDER_PREFIX)]
    resources = [r for r in others if r.urn not in external]
    outputs = stack_records[0].outputs if stack_records else {}
    return StackState(project=project, stack=stack, resources=resources, providers=providers, stack_outputs=outputs,
                      region=_provider_region(providers) or _string(outputs.get("aws_region")), source=path,
                      regions=_resource_regions(providers, resources),
                      not_owned=[r for r in others if r.urn in external])


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def load_outputs(path: str) -> dict[str, Any]:
    """A ``pulumi stack output --json`` object (secrets ``[secret]`` or ``{"secret": true, ...}`` are dropped)."""
    document = read_json(path, "`pulumi stack output --json > FILE`", "--outputs")
    if not isinstance(document, dict):
        raise EngineError(f"--outputs {path} must hold a JSON object of stack outputs. Fix: write it with "
                          "`pulumi stack output --json > FILE`.")
    return {k: v for k, v in document.items() if not isinstance(v, dict)}
