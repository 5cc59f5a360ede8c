"""SARIF 2.1.0 for policy violations, so GitHub code scanning shows each one on the program line that made it.

One run per policy pack: the pack is the tool, its policies are the rules, each violation is a
result located at the source position the SDK recorded when the resource was registered (the line
in ``__main__.py`` or in the component module that called the resource's constructor).

Every result gets exactly one location, with a URI relative to the repository root (``%SRCROOT%``),
because GitHub drops results without one and absolute paths would leak the machine's layout. When a
position is outside the root (a resource made by a library in site-packages) the nearest ancestor
component made inside the root stands in, then the program's entry file, then ``Pulumi.yaml``, line 1.
Stack-level violations (``AnalyzeStack`` without a URN) point at the entry file too.
"""

from __future__ import annotations

import hashlib
import json
import os
import urllib.parse
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any

from private_apis.engine.errors import EngineError

if TYPE_CHECKING:
    from private_apis.engine.analyzer import PackResult, Violation
    from private_apis.engine.preview import PreviewResult
    from private_apis.engine.recorder import RecordedResource

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "pulumiPolicyUrn/v1"
ENGINE_TOOL = "private-apis-preview"
"""The tool of the single empty run written when no policy pack ran."""

LEVELS = {"mandatory": "error", "remediate": "error", "advisory": "warning", "disabled": "none"}
# GitHub buckets security-severity as critical >= 9.0, high >= 7.0, medium >= 4.0, low > 0.
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"}
_LIBRARY_DIRS = frozenset({"site-packages", "dist-packages"})


def sarif_level(enforcement_level: str) -> str:
    """The SARIF level of a CrossGuard enforcement level; unknown levels are warnings, as SARIF's default."""
    return LEVELS.get(enforcement_level, "warning")


def fingerprint(policy: str, urn: str) -> str:
    """A hash of (policy, URN): stable across line moves and runs, distinct per policy and resource."""
    return hashlib.sha256(f"{policy}\0{urn}".encode()).hexdigest()[:32]


def _path_from_uri(uri: str) -> Path | None:
    parsed = urllib.parse.urlsplit(uri)
    if parsed.scheme == "file":
        return Path(urllib.request.url2pathname(parsed.path))
    if not parsed.scheme and uri:
        return Path(uri)
    return None


class _Locator:
    """Turns recorded source positions into SARIF locations relative to ``root``, with the fallbacks."""

    def __init__(self, result: PreviewResult, root: Path) -> None:
        self.root = Path(os.path.realpath(root))
        self.by_urn = {r.urn: r for r in result.graph.resources}
        directory = Path(result.project.directory)
        main = Path(result.project.main)
        entry = main / "__main__.py" if main.is_dir() or main == directory else main
        pulumi_yaml = next((directory / n for n in ("Pulumi.yaml", "Pulumi.yml") if (directory / n).exists()),
                           directory / "Pulumi.yaml")
        relative = self._relative(entry) or self._relative(pulumi_yaml)
        # A project outside the root still gets a location, relative to its own directory rather than absolute.
        self.fallback = relative or urllib.parse.quote(os.path.relpath(entry, directory).replace(os.sep, "/"))

    def _relative(self, path: Path) -> str | None:
        try:
            relative = Path(os.path.realpath(path)).relative_to(self.root)
        except ValueError:
            return None
        if _LIBRARY_DIRS.intersection(relative.parts):
            return None  # a virtualenv inside the repository is still not the program
        return urllib.parse.quote(relative.as_posix())

    def _position(self, record: RecordedResource) -> dict[str, Any] | None:
        if record.source is None:
            return None
        path = _path_from_uri(record.source.uri)
        uri = self._relative(path) if path is not None else None
        if uri is None:
            return None
        region: dict[str, Any] = {"startLine": max(record.source.line, 1)}
        if record.source.column > 0:
            region["startColumn"] = record.source.column
        return {"artifactLocation": {"uri": uri, "uriBaseId": SRCROOT}, "region": region}

    def locate(self, urn: str) -> dict[str, Any]:
        """The resource's own position, else its nearest ancestor's inside the root, else the entry file."""
        record, seen = self.by_urn.get(urn), set()
        while record is not None and record.urn not in seen:
            seen.add(record.urn)
            position = self._position(record)
            if position is not None:
                return position
            record = self.by_urn.get(record.parent or "")
        return {"artifactLocation": {"uri": self.fallback, "uriBaseId": SRCROOT}, "region": {"startLine": 1}}


def _text(value: str, fallback: str) -> dict[str, str]:
    return {"text": value.strip() or fallback}


def _rule(policy: dict[str, Any]) -> dict[str, Any]:
    name = policy["name"]
    level = policy.get("enforcementLevel") or "advisory"
    severity = policy.get("severity") or ""
    description = policy.get("description") or ""
    url = policy.get("url") or ""
    absolute_url = urllib.parse.urlsplit(url).scheme in ("http", "https")
    help_text = "\n\n".join(part for part in (policy.get("remediationSteps") or "",
                                               "" if absolute_url or not url else f"See {url}.") if part)
    properties: dict[str, Any] = {
        "enforcementLevel": level,
        "policyType": policy.get("type") or "resource",
        "tags": ["security", "pulumi-policy", *(t for t in policy.get("tags") or [] if t != "security")],
    }
    if severity:
        properties["severity"] = severity
    if severity in SECURITY_SEVERITY:
        properties["security-severity"] = SECURITY_SEVERITY[severity]
    rule: dict[str, Any] = {
        "id": name,
        "shortDescription": _text(description, name),
        "fullDescription": _text(description, name),
        "help": _text(help_text, description or name),
        "defaultConfiguration": {"level": sarif_level(level)},
        "properties": properties,
    }
    if absolute_url:
        rule["helpUri"] = url
    return rule


def _urn_parts(urn: str) -> tuple[str, str]:
    """(type, name) from ``urn:pulumi:<stack>::<project>::<parent types$>type::name``."""
    parts = urn.split("::")
    if len(parts) < 4:
        return "", ""
    return parts[2].split("$")[-1], "::".join(parts[3:])


def _result(violation: Violation, rule_index: int, location: dict[str, Any], urn: str, occurrence: int,
            stack_level: bool) -> dict[str, Any]:
    resource_type, resource_name = _urn_parts(urn)
    resource_type = violation.resource_type or resource_type
    resource_name = violation.resource_name or resource_name
    text = violation.message.strip() or violation.description.strip() or violation.policy
    where = f"stack {resource_name}" if stack_level else f"resource '{resource_name}' ({resource_type})"
    properties: dict[str, Any] = {"enforcementLevel": violation.level}
    if violation.severity:
        properties["severity"] = violation.severity
    return {
        "ruleId": violation.policy,
        "ruleIndex": rule_index,
        "level": sarif_level(violation.level),
        "message": {"text": f"{text}\n{where}: {urn}"},
        "locations": [{
            "physicalLocation": location,
            "logicalLocations": [{"name": resource_name, "fullyQualifiedName": urn, "kind": "resource"}],
        }],
        "partialFingerprints": {FINGERPRINT_KEY: f"{fingerprint(violation.policy, urn)}:{occurrence}"},
        "properties": properties,
    }


def _invocation(result: PreviewResult) -> dict[str, Any]:
    # Exit code 1 (mandatory violations) is a successful execution: the packs ran and reported.
    properties = {"project": result.graph.project, "stack": result.stack, "firstPreview": result.first_preview}
    return {"executionSuccessful": True, "properties": properties}


def _run(pack: PackResult, locator: _Locator, stack_urn: str, invocation: dict[str, Any]) -> dict[str, Any]:
    rules = [_rule(p) for p in pack.policies]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results: list[dict[str, Any]] = []
    occurrences: dict[tuple[str, str], int] = {}
    for v in pack.violations:
        if v.policy not in index:
            # A diagnostic for a policy the pack did not list: describe it from the diagnostic, keep ruleIndex valid.
            index[v.policy] = len(rules)
            rules.append(_rule({"name": v.policy, "description": v.description, "enforcementLevel": v.level,
                                "severity": v.severity}))
        stack_level = not v.urn or v.urn == stack_urn
        urn = v.urn or stack_urn
        occurrence = occurrences[(v.policy, urn)] = occurrences.get((v.policy, urn), 0) + 1
        results.append(_result(v, index[v.policy], locator.locate(urn), urn, occurrence, stack_level))
    driver: dict[str, Any] = {"name": pack.name, "rules": rules}
    if pack.version:
        driver["version"] = pack.version
    return {"tool": {"driver": driver}, "invocations": [invocation], "results": results}


def to_sarif(result: PreviewResult, *, root: Path | str) -> dict[str, Any]:
    """The SARIF 2.1.0 log of ``result``: one run per policy pack, or one empty engine run when none ran."""
    locator = _Locator(result, Path(root))
    graph = result.graph
    stack_urn = f"urn:pulumi:{graph.stack}::{graph.project}::pulumi:pulumi:Stack::{graph.project}-{graph.stack}"
    runs = [_run(pack, locator, stack_urn, _invocation(result)) for pack in result.packs]
    if not runs:
        runs = [{"tool": {"driver": {"name": ENGINE_TOOL, "rules": []}}, "invocations": [_invocation(result)],
                 "results": []}]
    return {"$schema": SARIF_SCHEMA_URI, "version": SARIF_VERSION, "runs": runs}


def write_sarif(document: dict[str, Any], path: str | os.PathLike[str]) -> None:
    """Write ``document`` to ``path`` (creating its directory); failures are one EngineError."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise EngineError(f"Cannot write the SARIF file {path}: {exc.strerror or exc}. Fix: pass --sarif a file "
                          "path in a writable directory.") from None
