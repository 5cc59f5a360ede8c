"""Preview output: the text the CLI's ``pulumi preview`` user knows, and one JSON document for machines."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from typing import Any

from private_apis.engine.aws_mocks import UNKNOWN
from private_apis.engine.preview import PreviewResult
from private_apis.engine.recorder import RecordedResource, is_secret
from private_apis.engine.secrets import SECRET_TEXT, masker, secret_strings
from private_apis.terminal import escape_control

UNKNOWN_TEXT = "output<string>"


def short_type(token: str) -> str:
    """``aws:ec2/vpc:Vpc`` -> ``aws:ec2:Vpc``, as the CLI displays types."""
    parts = token.split(":")
    if len(parts) == 3 and "/" in parts[1]:
        return f"{parts[0]}:{parts[1].split('/')[0]}:{parts[2]}"
    return token


def display_value(value: Any, *, show_secrets: bool = False) -> Any:
    """A value for display: secrets masked, unknowns spelled as the CLI does."""
    if is_secret(value):
        return display_value(value.get("value"), show_secrets=True) if show_secrets else SECRET_TEXT
    if value == UNKNOWN:
        return UNKNOWN_TEXT
    if isinstance(value, dict):
        return {k: display_value(v, show_secrets=show_secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [display_value(v, show_secrets=show_secrets) for v in value]
    if isinstance(value, float) and value.is_integer():
        # The wire carries every number as a double; show whole numbers as the program wrote them.
        return int(value)
    return value


def mask_secrets(result: PreviewResult) -> PreviewResult:
    """The result with every secret value that a policy message or warning quotes replaced by ``[secret]``.

    Inputs and outputs keep their envelopes (the renderers mask those); free text has none, so a pack that quotes
    an API key or a password in a violation would otherwise print it in the text, the JSON and the SARIF log.
    """
    secrets = secret_strings(result.graph, result.config)
    if not secrets:
        return result
    mask = masker(secrets)
    packs = [dataclasses.replace(
        pack,
        violations=[dataclasses.replace(v, message=mask(v.message), description=mask(v.description))
                    for v in pack.violations],
        not_applicable=[dataclasses.replace(n, reason=mask(n.reason)) for n in pack.not_applicable])
        for pack in result.packs]
    graph = dataclasses.replace(result.graph, warnings=[mask(w) for w in result.graph.warnings])
    return dataclasses.replace(result, packs=packs, graph=graph)


def _tree(resources: list[RecordedResource], stack_urn: str) -> list[tuple[str, RecordedResource]]:
    children: dict[str, list[RecordedResource]] = {}
    urns = {r.urn for r in resources}
    for r in resources:
        parent = r.parent if r.parent in urns else stack_urn
        children.setdefault(parent, []).append(r)
    lines: list[tuple[str, RecordedResource]] = []

    def walk(urn: str, prefix: str) -> None:
        kids = children.get(urn, [])
        for i, child in enumerate(kids):
            last = i == len(kids) - 1
            lines.append((prefix + ("└─ " if last else "├─ "), child))
            walk(child.urn, prefix + ("   " if last else "│  "))

    walk(stack_urn, "")
    return lines


def _format_inputs(inputs: dict[str, Any], indent: str) -> list[str]:
    lines = []
    for key in sorted(inputs):
        if key.startswith("__"):
            continue
        text = json.dumps(display_value(inputs[key]), sort_keys=True)
        lines.append(f"{indent}    {key}: {text}")
    return lines


def render_text(result: PreviewResult, *, diff: bool = False, show_secrets: bool = False) -> str:
    graph = result.graph
    stack_urn = f"urn:pulumi:{graph.stack}::{graph.project}::pulumi:pulumi:Stack::{graph.project}-{graph.stack}"
    mode = " (first preview: provider-computed values are unknown)" if result.first_preview else ""
    out = [f"Previewing update ({result.stack}) offline{mode}:", ""]
    rows = [("", "pulumi:pulumi:Stack", f"{graph.project}-{graph.stack}", None)]
    rows += [(prefix, short_type(r.type), r.name, r) for prefix, r in _tree(graph.resources, stack_urn)]
    width = max(len(prefix) + len(t) for prefix, t, _, _ in rows) + 2
    name_width = max(len(n) for _, _, n, _ in rows) + 2
    out.append(f"     {'Type'.ljust(width)}{'Name'.ljust(name_width)}Plan")
    for prefix, token, name, record in rows:
        out.append(f" +   {(prefix + token).ljust(width)}{name.ljust(name_width)}create")
        if diff and record is not None:
            out.extend(_format_inputs(record.inputs, " " * 5 + prefix.replace("├─", "│ ").replace("└─", "  ")))
    for warning in graph.warnings:
        out += ["", f"warning: {warning}"]
    out += _render_policies(result)
    if graph.stack_outputs:
        out += ["", "Outputs:"]
        key_width = max(len(k) for k in graph.stack_outputs) + 1
        for key in sorted(graph.stack_outputs):
            value = display_value(graph.stack_outputs[key], show_secrets=show_secrets)
            out.append(f"    {(key + ':').ljust(key_width)} {json.dumps(value)}")
    out += ["", "Resources:", f"    + {len(graph.resources) + 1} to create"]
    counts = Counter(v.level for p in result.packs for v in p.violations)
    if result.packs:
        out += ["", f"Policy violations: {counts.get('mandatory', 0) + counts.get('remediate', 0)} mandatory, "
                    f"{counts.get('advisory', 0)} advisory"]
        out += _render_exemptions(result)
        out += _render_config_changes(result)
    # Names, messages, reasons and warnings come from the program and the packs: each line is printed as one line,
    # with no character that could drive the terminal or start a line of its own.
    return "\n".join(escape_control(line, multiline=False) for line in out) + "\n"


def _render_exemptions(result: PreviewResult) -> list[str]:
    """Every exemption that switched a policy off, repeated in the summary so that none goes unseen."""
    applied = [(pack, n) for pack in result.packs for n in pack.not_applicable]
    if not applied:
        return []
    by_urn = {r.urn: r for r in result.graph.resources}
    out = [f"Exemptions applied: {len(applied)}"]
    for pack, n in applied:
        resource = by_urn.get(n.urn)
        where = f"{short_type(resource.type)}: {resource.name}" if resource else "stack"
        out.append(f"    - {pack.name}/{n.policy}  ({where}): {n.reason}")
    return out


def _render_config_changes(result: PreviewResult) -> list[str]:
    """Policies whose level the pack config lowered: a gate switched off by configuration is said, not silent."""
    rank = {"disabled": 0, "advisory": 1, "mandatory": 2, "remediate": 2}
    lowered = []
    for pack in result.packs:
        for policy in pack.policies:
            default, level = policy.get("enforcementLevel"), policy.get("configuredLevel")
            if level is not None and rank.get(level, 1) < rank.get(default, 1):
                lowered.append(f"    - {pack.name}/{policy['name']}: {default} -> {level}")
    return [f"Policies lowered by the policy pack config: {len(lowered)}", *lowered] if lowered else []


def _render_policies(result: PreviewResult) -> list[str]:
    if not result.packs:
        return []
    out = ["", "Policies:"]
    for pack in result.packs:
        failed = any(v.level in ("mandatory", "remediate") for v in pack.violations)
        out.append(f"    {'❌' if failed else '✅'} {pack.name}@v{pack.version} (local: {pack.path})")
        order = {"mandatory": 0, "remediate": 0, "advisory": 1}
        for v in sorted(pack.violations, key=lambda v: (order.get(v.level, 2), v.policy, v.urn)):
            where = f"  ({short_type(v.resource_type)}: {v.resource_name})" if v.resource_name else ""
            out.append(f"        - [{v.level}]  {v.policy}{where}")
            out.append(f"          {v.description}")
            out.extend(f"          {line}" for line in v.message.splitlines() if line)
        by_urn = {r.urn: r for r in result.graph.resources}
        for n in pack.not_applicable:
            resource = by_urn.get(n.urn)
            where = f"  ({short_type(resource.type)}: {resource.name})" if resource else ""
            out.append(f"        - [not applicable]  {n.policy}{where}")
            out.append(f"          {n.reason}")
    return out


def _source(record: RecordedResource) -> dict[str, Any] | None:
    if record.source is None:
        return None
    return {"uri": record.source.uri, "line": record.source.line, "column": record.source.column}


def to_json(result: PreviewResult, *, show_secrets: bool = False) -> dict[str, Any]:
    """The machine-readable document: resources, outputs, policy packs, violations and a summary."""
    graph = result.graph
    violations = [
        {"policyPack": v.pack, "policyPackVersion": v.pack_version, "policy": v.policy, "enforcementLevel": v.level,
         "severity": v.severity, "description": v.description, "message": v.message, "urn": v.urn,
         "resourceType": v.resource_type, "resourceName": v.resource_name}
        for p in result.packs for v in p.violations
    ]
    return {
        "project": graph.project,
        "stack": graph.stack,
        "firstPreview": result.first_preview,
        "resources": [
            {"urn": r.urn, "type": r.type, "name": r.name, "parent": r.parent, "custom": r.custom,
             "provider": r.provider, "id": r.id, "dependencies": r.dependencies,
             "propertyDependencies": r.property_dependencies,
             "inputs": display_value(r.inputs, show_secrets=show_secrets),
             "outputs": display_value(r.outputs, show_secrets=show_secrets), "source": _source(r)}
            for r in graph.resources
        ],
        "outputs": {k: ({"secret": True, "value": display_value(v, show_secrets=True)} if is_secret(v) and show_secrets
                        else display_value(v, show_secrets=show_secrets))
                    for k, v in graph.stack_outputs.items()},
        "secretOutputs": graph.secret_output_names,
        "policyPacks": [{"name": p.name, "version": p.version, "path": p.path, "policies": p.policies}
                        for p in result.packs],
        "violations": violations,
        "notApplicable": [{"policyPack": n.pack, "policy": n.policy, "reason": n.reason, "urn": n.urn}
                          for p in result.packs for n in p.not_applicable],
        "warnings": graph.warnings,
        "summary": {"create": len(graph.resources) + 1,
                    "mandatory": sum(1 for v in violations if v["enforcementLevel"] in ("mandatory", "remediate")),
                    "advisory": sum(1 for v in violations if v["enforcementLevel"] == "advisory"),
                    "notApplicable": sum(len(p.not_applicable) for p in result.packs)},
    }
