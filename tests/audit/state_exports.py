"""``pulumi stack export`` documents for tests: from the engine's own record of a preview, or hand-built for
resources made in a moto account. Shaped as the CLI writes them (version 3 deployment, the stack and the
default AWS provider as resources, secrets encrypted)."""

from __future__ import annotations

import base64
import json
import os
from typing import Any

from private_apis.engine.recorder import SECRET_SIG, SIG_KEY, Graph, RecordedResource, is_secret

PROVIDER_VERSION = "7.51.1"


def _state_value(value: Any) -> Any:
    """Wire secrets as the state stores them: encrypted, so nothing but ``[secret]`` can come out of them."""
    if is_secret(value):
        plaintext = json.dumps(value.get("value"))
        return {SIG_KEY: SECRET_SIG, "ciphertext": "v1:" + base64.b64encode(plaintext.encode()[::-1]).decode()}
    if isinstance(value, dict):
        return {k: _state_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_state_value(v) for v in value]
    return value


def stack_urn(project: str, stack: str) -> str:
    return f"urn:pulumi:{stack}::{project}::pulumi:pulumi:Stack::{project}-{stack}"


def provider_urn(project: str, stack: str) -> str:
    return f"urn:pulumi:{stack}::{project}::pulumi:providers:aws::default_{PROVIDER_VERSION.replace('.', '_')}"


def _source(record: RecordedResource, directory: str) -> str | None:
    if record.source is None:
        return None
    path = record.source.uri.removeprefix("file://")
    return f"project:///{os.path.relpath(path, directory)}#{record.source.line},{record.source.column}"


def export_document(project: str, stack: str, records: list[RecordedResource], *, outputs: dict[str, Any],
                    aws_config: dict[str, Any], directory: str = ".") -> dict[str, Any]:
    provider = provider_urn(project, stack)
    provider_id = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
    resources: list[dict[str, Any]] = [
        {"urn": stack_urn(project, stack), "custom": False, "type": "pulumi:pulumi:Stack",
         "outputs": _state_value(outputs)},
        {"urn": provider, "custom": True, "id": provider_id, "type": "pulumi:providers:aws",
         "inputs": {**aws_config, "version": PROVIDER_VERSION}, "outputs": {**aws_config, "version": PROVIDER_VERSION}},
    ]
    for r in records:
        item: dict[str, Any] = {
            "urn": r.urn, "custom": r.custom, "type": r.type, "inputs": _state_value(r.inputs),
            "outputs": _state_value(r.outputs), "parent": r.parent or stack_urn(project, stack),
            "dependencies": r.dependencies, "propertyDependencies": r.property_dependencies}
        if r.custom:
            item["id"] = r.id or ""
            item["provider"] = r.provider or f"{provider}::{provider_id}"
        source = _source(r, directory)
        if source:
            item["sourcePosition"] = source
        resources.append(item)
    return {"version": 3, "deployment": {"manifest": {"time": "2026-12-02T07:00:00Z", "version": "v3.272.0"},
                                         "secrets_providers": {"type": "passphrase"}, "resources": resources}}


def export_from_graph(graph: Graph, config: dict[str, str], directory: str) -> dict[str, Any]:
    """The state a ``pulumi up`` of the previewed graph would leave: its inputs, outputs and stack outputs."""
    aws_config = {}
    for key, value in config.items():
        if key.startswith("aws:"):
            aws_config[key[4:]] = json.loads(value) if value[:1] in "[{" else value
    return export_document(graph.project, graph.stack, graph.resources, outputs=graph.stack_outputs,
                           aws_config=aws_config, directory=directory)
