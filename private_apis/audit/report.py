"""The audit's report: text for people, one JSON document for machines, SARIF for code scanning.

The audit's own findings are one more SARIF run (tool ``private-apis-audit``, one rule per kind of finding), so
GitHub shows drift next to the pack's violations, on the program line that created the resource.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path
from typing import Any

from private_apis.audit.live import AuditResult, Finding
from private_apis.engine.analyzer import PackResult, Violation
from private_apis.engine.preview import PreviewResult
from private_apis.engine.render import short_type, to_json
from private_apis.engine.sarif import to_sarif
from private_apis.terminal import escape_control

AUDIT_TOOL = "private-apis-audit"
KINDS = {
    "drift": "A live value differs from what the stack declared (changed outside Pulumi).",
    "gone": "A resource the stack owns no longer exists.",
    "unverified": "The live check of a resource could not run, so it is not known to be private.",
    "undeclared": "A resource exists live on one the stack owns, but the stack does not declare it.",
}
TEXT_LIMIT = 300


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    return text if len(text) <= TEXT_LIMIT else text[:TEXT_LIMIT] + "..."


def finding_json(f: Finding) -> dict[str, Any]:
    return {"kind": f.kind, "urn": f.urn, "resourceType": f.type, "resourceName": f.name, "property": f.property,
            "recorded": f.recorded, "live": f.live, "message": f.message}


def audit_json(audit: AuditResult) -> dict[str, Any]:
    judged = to_json(audit.judged)
    counts = Counter(f.kind for f in audit.findings)
    return {
        "project": audit.state.project, "stack": audit.state.stack, "region": audit.region,
        "source": audit.state.source, "driftChecked": audit.declared,
        "findings": [finding_json(f) for f in audit.findings],
        "violations": judged["violations"], "notApplicable": judged["notApplicable"],
        "policyPacks": judged["policyPacks"],
        "notReadLive": [{"urn": r.urn, "type": r.type} for r in audit.state_only],
        "notOwned": [{"urn": r.urn, "type": r.type} for r in audit.state.not_owned],
        "awsCalls": [f"{service}.{operation}" for service, operation in audit.calls],
        "summary": {"readLive": audit.audited, "notReadLive": len(audit.state_only),
                    "mandatory": judged["summary"]["mandatory"], "advisory": judged["summary"]["advisory"],
                    **{kind: counts.get(kind, 0) for kind in KINDS}},
    }


def _finding_lines(f: Finding) -> list[str]:
    where = f"{short_type(f.type)}: {f.name}"
    lines = [f"    - [{f.kind}]  {where}" + (f"  {f.property}" if f.property else ""), f"          {f.message}"]
    if f.kind == "drift" and not f.secret:
        lines += [f"          recorded: {_short(f.recorded)}", f"          live:     {_short(f.live)}"]
    return lines


def _violation_lines(pack: PackResult) -> list[str]:
    order = {"mandatory": 0, "remediate": 0, "advisory": 1}
    failed = any(v.level in ("mandatory", "remediate") for v in pack.violations)
    lines = [f"    {'❌' if failed else '✅'} {pack.name}@v{pack.version} (local: {pack.path})"]
    for v in sorted(pack.violations, key=lambda v: (order.get(v.level, 2), v.policy, v.urn)):
        where = f"  ({short_type(v.resource_type)}: {v.resource_name})" if v.resource_name else ""
        lines += [f"        - [{v.level}]  {v.policy}{where}", f"          {v.description}"]
        lines += [f"          {line}" for line in v.message.splitlines() if line]
    return lines


def _verdict_lines(result: PreviewResult) -> list[str]:
    out = []
    for pack in result.packs:
        out += _violation_lines(pack)
    names = {r.urn: r for r in result.graph.resources}
    for pack in result.packs:
        for n in pack.not_applicable:
            where = f"  ({short_type(names[n.urn].type)}: {names[n.urn].name})" if n.urn in names else ""
            out += [f"        - [not applicable]  {n.policy}{where}", f"          {n.reason}"]
    counts = Counter(v.level for pack in result.packs for v in pack.violations)
    out += ["", f"Policy violations: {counts.get('mandatory', 0) + counts.get('remediate', 0)} mandatory, "
                f"{counts.get('advisory', 0)} advisory"]
    return out


def analysis_text(result: PreviewResult, source: str) -> str:
    """``analyze``'s report: the pack's verdicts on the recorded state, as a preview prints them."""
    out = [f"Analyzing the recorded state of stack {result.stack} ({Path(source).name}): "
           f"{len(result.graph.resources)} resources", "", "Policies:", *_verdict_lines(result)]
    return "\n".join(escape_control(line, multiline=False) for line in out) + "\n"


def audit_text(audit: AuditResult) -> str:
    state = audit.state
    out = [f"Auditing stack {state.stack} live in {audit.region} ({Path(state.source).name}): "
           f"{audit.audited} resources read live, {len(audit.state_only)} judged as recorded", ""]
    if not audit.declared:
        out += ["note: --outputs records no inputs, so drift is not checked; use --stack-export for it.", ""]
    out.append(f"Audit findings: {len(audit.findings)}")
    for finding in audit.findings:
        out += _finding_lines(finding)
    out += ["", "Policies (over the live configuration):", *_verdict_lines(audit.judged)]
    if audit.state_only:
        types = Counter(short_type(r.type) for r in audit.state_only)
        out.append("Not read live (judged as the state records them): "
                   + ", ".join(f"{t} x{n}" for t, n in sorted(types.items())))
    if state.not_owned:
        out.append("Not owned (external: read with .get(), neither judged nor checked for drift): "
                   + ", ".join(f"{short_type(r.type)}: {r.name}" for r in state.not_owned))
    out.append(f"Result: {'FAILED' if audit.failed else 'clean'}")
    return "\n".join(escape_control(line, multiline=False) for line in out) + "\n"


def _findings_pack(audit: AuditResult) -> PackResult:
    policies = [{"name": f"audit-{kind}", "description": text, "enforcementLevel": "mandatory",
                 "severity": "high", "type": "resource"} for kind, text in KINDS.items()]
    violations = [Violation(pack=AUDIT_TOOL, pack_version="", policy=f"audit-{f.kind}", level="mandatory",
                            severity="high", description=KINDS[f.kind],
                            message="\n".join(line.strip() for line in _finding_lines(f)[1:]), urn=f.urn,
                            resource_type=f.type, resource_name=f.name) for f in audit.findings]
    return PackResult(name=AUDIT_TOOL, version="", path="", policies=policies, violations=violations)


def audit_sarif(audit: AuditResult, *, root: Path | str) -> dict[str, Any]:
    judged = audit.judged
    # Resources that are gone are not in the judged graph; their recorded source position still locates them.
    known = {r.urn for r in judged.graph.resources}
    graph = dataclasses.replace(judged.graph, resources=[*judged.graph.resources,
                                                         *(r for r in audit.state.resources if r.urn not in known)])
    return to_sarif(dataclasses.replace(judged, graph=graph, packs=[*judged.packs, _findings_pack(audit)]), root=root)
