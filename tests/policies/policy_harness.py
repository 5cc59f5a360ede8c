"""Runs one policy the way the SDK's analyzer does, without an engine: for exact-message tests.

Properties go through ``unknown_checking_proxy`` exactly as in ``pulumi_policy``'s servicer, so
``UNKNOWN`` in a property bag behaves as an unknown value in a first preview does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pulumi_policy import (
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.policy import PolicyCustomTimeouts, _NotApplicableError
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, UnknownValueError, unknown_checking_proxy

UNKNOWN = UNKNOWN_STRING_VALUE
"""Put this anywhere in a property bag to make that value unknown, as in a first preview."""

_OPTS = PolicyResourceOptions(False, [], None, [], PolicyCustomTimeouts(0, 0, 0), [], None)


@dataclass
class Result:
    """What one policy run produced."""

    violations: list[str] = field(default_factory=list)
    """Violation messages as reported by the policy (without the SDK's description prefix)."""
    urns: list[str | None] = field(default_factory=list)
    not_applicable: str | None = None
    """The reason given to ``not_applicable`` (exemptions), if any."""
    unknown: str | None = None
    """The SDK's message when the policy hit an unknown value and could not decide."""


def urn(resource_type: str, name: str) -> str:
    return f"urn:pulumi:test::private-apis::{resource_type}::{name}"


AWS_PROVIDER = "pulumi:providers:aws"


def aws_provider(props: dict[str, Any], *, name: str = "default_7_0_0") -> PolicyProviderResource:
    """An AWS provider resource as the SDK exposes it in ``args.provider`` (``defaultTags`` lives in ``props``)."""
    return PolicyProviderResource(AWS_PROVIDER, unknown_checking_proxy(props), urn(AWS_PROVIDER, name), name)


def run_resource(policy: ResourceValidationPolicy, resource_type: str, props: dict[str, Any],
                 *, name: str = "subject", config: dict[str, Any] | None = None,
                 provider: PolicyProviderResource | None = None) -> Result:
    """Validate one resource; collects violations, an exemption or the unknown-value outcome.

    ``props`` may already be a proxy (``unknown_checking_proxy`` passes one through unchanged).
    """
    result = Result()
    args = ResourceValidationArgs(resource_type, unknown_checking_proxy(props), urn(resource_type, name), name,
                                  _OPTS, provider, config, {})

    def report(message: str, urn: str | None = None) -> None:
        result.violations.append(message)
        result.urns.append(urn)

    try:
        policy.validate(args, report)
    except UnknownValueError as exc:
        result.unknown = exc.message
    except _NotApplicableError as exc:
        result.not_applicable = exc.reason
    return result


@dataclass
class Res:
    """A resource for a stack policy test. ``deps`` maps a property to the names of resources it came from."""

    resource_type: str
    name: str
    props: dict[str, Any]
    deps: dict[str, list[str]] = field(default_factory=dict)
    parent: str | None = None
    provider: str | None = None
    """The name of a ``pulumi:providers:aws`` resource of the stack that this resource uses."""


def run_stack(policy: StackValidationPolicy, resources: list[Res], *, config: dict[str, Any] | None = None) -> Result:
    """Validate a whole stack of ``Res`` records, wiring parents and property dependencies by name."""
    by_name = {
        r.name: PolicyResource(r.resource_type, unknown_checking_proxy(r.props), urn(r.resource_type, r.name), r.name,
                               _OPTS, None, None, [], {})
        for r in resources
    }
    for r in resources:
        res = by_name[r.name]
        res.parent = by_name.get(r.parent) if r.parent else None
        if r.provider:
            used = by_name[r.provider]
            res.provider = PolicyProviderResource(used.resource_type, used.props, used.urn, used.name)
        res.property_dependencies = {prop: [by_name[n] for n in names] for prop, names in r.deps.items()}
        res.dependencies = [by_name[n] for names in r.deps.values() for n in names]
    result = Result()
    args = StackValidationArgs(list(by_name.values()), config)

    def report(message: str, urn: str | None = None) -> None:
        result.violations.append(message)
        result.urns.append(urn)

    try:
        policy.validate(args, report)
    except UnknownValueError as exc:
        result.unknown = exc.message
    except _NotApplicableError as exc:
        result.not_applicable = exc.reason
    return result
