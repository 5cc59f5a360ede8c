"""Shared machinery of the pack: metadata defaults, per-resource exemptions, messages, value readers.

Conventions every policy follows:

* one module per policy, defining ``POLICY`` through :func:`resource_policy` or :func:`stack_policy`;
* names ``aws-<service>-<resource>-<verb>-<object>`` (verbs: disallow, enable, configure);
* descriptions start "Checks that"; messages come from :func:`violation` and name the field,
  the offending value and the fix;
* properties are read from ``args.props`` (engine camelCase keys) with ``.get``: a missing property
  is ``None``, and an unknown one raises ``UnknownValueError``, which the SDK reports as
  "can't run policy ... during preview" - a rule never passes silently on a value it cannot see;
* thresholds and allow-lists live in the policy's config schema, never in module constants.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.proxy import UnknownValueError

README = "policies/README.md"

EXEMPTIONS_SCHEMA: dict[str, Any] = {
    "type": "array",
    "description": "Resources this policy does not apply to. Each entry names the resource by a regular "
                   "expression on its logical name (namePattern) or by an approval tag (tag, as key=value), "
                   "and must give the reason, which is printed with the result.",
    "items": {
        "type": "object",
        "properties": {
            "namePattern": {"type": "string", "minLength": 1},
            "tag": {"type": "string", "pattern": "^[^=]+=.*$"},
            "reason": {"type": "string", "minLength": 1},
        },
        "required": ["reason"],
        "anyOf": [{"required": ["namePattern"]}, {"required": ["tag"]}],
        "additionalProperties": False,
    },
    "default": [],
}

ResourceValidator = Callable[[ResourceValidationArgs, ReportViolation], None]
StackValidator = Callable[[StackValidationArgs, ReportViolation], None]


def violation(field: str, value: Any, problem: str, fix: str) -> str:
    """The one message format: ``<field> is <value>: <problem>. Fix: <fix>.``"""
    return f"{field} is {_show(value)}: {problem}. Fix: {fix}."


def _show(value: Any) -> str:
    if value is None:
        return "unset"
    if isinstance(value, str):
        return repr(value)
    try:
        return json.dumps(plain(value), sort_keys=True)
    except (TypeError, ValueError):
        return repr(value)


def plain(value: Any) -> Any:
    """Copy a (proxied) property value into plain dicts and lists; unknowns raise as on access."""
    if isinstance(value, Mapping):
        return {k: plain(value[k]) for k in value}
    if isinstance(value, (list, tuple)) or (hasattr(value, "__getitem__") and hasattr(value, "__len__")
                                             and not isinstance(value, (str, bytes))):
        return [plain(value[i]) for i in range(len(value))]
    return value


def as_list(value: Any) -> list[Any]:
    """``None`` -> [], a scalar -> [scalar], a sequence -> its elements (each checked for unknowns)."""
    if value is None:
        return []
    if isinstance(value, (str, bytes, Mapping)) or not hasattr(value, "__len__"):
        return [value]
    return [value[i] for i in range(len(value))]


def endpoint_types(endpoint_configuration: Any) -> list[str]:
    """Endpoint types of a RestApi or DomainName, from the v7 string or the older list form.

    Unset means EDGE, AWS's default and a public endpoint.
    """
    if endpoint_configuration is None:
        return ["EDGE"]
    if not isinstance(endpoint_configuration, Mapping):
        # Not a shape AWS accepts; judged as the default, a public endpoint, so it can never pass as PRIVATE.
        return ["EDGE"]
    types = as_list(endpoint_configuration.get("types"))
    return [str(t).upper() for t in types] or ["EDGE"]


def parse_network(value: Any) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    """A CIDR string as a network (host bits allowed), or None when it is not one."""
    if not isinstance(value, str):
        return None
    try:
        return ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        return None


def is_world_open(value: Any) -> bool:
    """True for 0.0.0.0/0, ::/0 and any other spelling of a /0 range."""
    network = parse_network(value)
    return network is not None and network.prefixlen == 0


def parse_json_document(value: Any) -> dict[str, Any] | None:
    """A policy document given as a JSON string or an object; None when absent or not JSON."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            document = json.loads(value)
        except ValueError:
            return None
        return document if isinstance(document, dict) else None
    if isinstance(value, Mapping):
        return plain(value)
    return None


def statements(document: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The statements of a policy document, always as a list of objects."""
    if not document:
        return []
    found = document.get("Statement")
    if isinstance(found, dict):
        return [found]
    if isinstance(found, list):
        return [s for s in found if isinstance(s, dict)]
    return []


def exemption_reason(name: str, props: Mapping[str, Any], config: Mapping[str, Any] | None) -> str | None:
    """The reason of the first exemption in ``config`` that matches this resource, else None."""
    for entry in (config or {}).get("exemptions") or []:
        if not isinstance(entry, Mapping):
            continue
        pattern = entry.get("namePattern")
        if isinstance(pattern, str) and _matches(pattern, name or ""):
            return f"exempted by name pattern '{pattern}': {entry.get('reason')}"
        tag = entry.get("tag")
        if isinstance(tag, str) and "=" in tag:
            tag_key, tag_value = tag.split("=", 1)
            tags = props.get("tags") if props is not None else None
            if isinstance(tags, Mapping) and tags.get(tag_key) == tag_value:
                return f"exempted by tag '{tag}': {entry.get('reason')}"
    return None


def _matches(pattern: str, name: str) -> bool:
    """A full match of ``pattern``; an invalid expression matches nothing rather than exempting or crashing."""
    try:
        return re.fullmatch(pattern, name) is not None
    except re.error:
        return False


def _schema(config_properties: Mapping[str, Any] | None) -> PolicyConfigSchema:
    return PolicyConfigSchema(properties={**(config_properties or {}), "exemptions": EXEMPTIONS_SCHEMA})


def config_of(args: ResourceValidationArgs | StackValidationArgs, name: str, default: Any) -> Any:
    """A config property with its schema default as fallback (the CLI fills defaults, tests may not)."""
    value = (args.get_config() or {}).get(name)
    return default if value is None else value


def resource_policy(
    *,
    name: str,
    description: str,
    resource_types: Iterable[str],
    validate: ResourceValidator,
    enforcement_level: EnforcementLevel,
    severity: Severity,
    remediation_steps: str,
    config_properties: Mapping[str, Any] | None = None,
) -> ResourceValidationPolicy:
    """A resource policy restricted to ``resource_types``, with exemptions applied."""
    types = frozenset(resource_types)
    if not description.startswith("Checks that"):
        raise ValueError(f"{name}: descriptions start with 'Checks that'")

    def run(args: ResourceValidationArgs, report: ReportViolation) -> None:
        if args.resource_type not in types:
            return
        found: list[tuple[str, str | None]] = []
        try:
            validate(args, lambda message, urn=None: found.append((message, urn)))
        finally:
            # Violations found before an unknown value stopped the rule are still reported.
            _report_unless_exempt(args, found, report)

    return ResourceValidationPolicy(
        name=name,
        description=description,
        validate=run,
        enforcement_level=enforcement_level,
        config_schema=_schema(config_properties),
        severity=severity,
        remediation_steps=remediation_steps,
        url=f"{README}#{name}",
    )


def _report_unless_exempt(args: ResourceValidationArgs, found: list[tuple[str, str | None]],
                          report: ReportViolation) -> None:
    if not found:
        return
    try:
        reason = exemption_reason(args.name, args.props, args.get_config())
    except UnknownValueError:
        reason = None
    if reason is None:
        for message, urn in found:
            report(message, urn)
    else:
        args.not_applicable(reason)


def stack_policy(
    *,
    name: str,
    description: str,
    validate: StackValidator,
    enforcement_level: EnforcementLevel,
    severity: Severity,
    remediation_steps: str,
    config_properties: Mapping[str, Any] | None = None,
) -> StackValidationPolicy:
    """A stack policy whose per-resource violations (reported with a URN) honour exemptions."""
    if not description.startswith("Checks that"):
        raise ValueError(f"{name}: descriptions start with 'Checks that'")

    def run(args: StackValidationArgs, report: ReportViolation) -> None:
        by_urn = {r.urn: r for r in args.resources}
        config = args.get_config()
        exempted: list[str] = []

        def filtered(message: str, urn: str | None = None) -> None:
            resource = by_urn.get(urn or "")
            reason = None
            if resource is not None:
                try:
                    reason = exemption_reason(resource.name, resource.props, config)
                except UnknownValueError:
                    reason = None
            if reason is None:
                report(message, urn)
            else:
                exempted.append(f"{resource.name}: {reason}")

        validate(args, filtered)
        if exempted:
            args.not_applicable("; ".join(exempted))

    return StackValidationPolicy(
        name=name,
        description=description,
        validate=run,
        enforcement_level=enforcement_level,
        config_schema=_schema(config_properties),
        severity=severity,
        remediation_steps=remediation_steps,
        url=f"{README}#{name}",
    )
