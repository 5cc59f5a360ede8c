"""Internal DNS zones are private hosted zones (the custom rule "internal Route 53 zones are private").

A zone named for an internal domain (config ``internalDomainSuffixes``: ``.internal``, ``.corp`` ...) must
be associated with at least one VPC through ``vpcs``; without it Route 53 creates a *public* zone and
publishes the internal names and addresses to the world. AWS cannot turn a public zone private later,
so this is checked before creation. Names are compared case-insensitively and without a trailing dot;
a suffix matches whole labels (``example.internal`` and ``internal`` itself, never ``notinternal``).
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import as_list, config_of, resource_policy, violation
from private_api_guard.network_rules import count

NAME = "aws-route53-zone-configure-private-internal"
DEFAULT_INTERNAL_DOMAIN_SUFFIXES = [".internal", ".corp", ".local", ".intranet", ".private", ".lan"]


def internal_suffix(name: str, suffixes: list[object]) -> str | None:
    """The configured suffix ``name`` falls under, or None."""
    domain = name.strip().rstrip(".").lower()
    for suffix in suffixes:
        if not isinstance(suffix, str):
            continue
        bare = suffix.strip().strip(".").lower()
        if bare and (domain == bare or domain.endswith("." + bare)):
            return suffix
    return None


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    props = args.props
    name = props.get("name")
    if not isinstance(name, str):
        return
    suffixes = as_list(config_of(args, "internalDomainSuffixes", DEFAULT_INTERNAL_DOMAIN_SUFFIXES))
    suffix = internal_suffix(name, suffixes)
    if suffix is None:
        return
    vpcs = props.get("vpcs")
    if not count(vpcs):
        report(violation("vpcs", vpcs, f"zone {name} is under the internal suffix {suffix} but has no VPC, so "
                         "Route 53 creates it as a public zone and publishes internal names to the internet",
                         "set vpcs=[{'vpc_id': vpc.id}] (every VPC that resolves it) to make it a private hosted zone"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that every Route 53 zone named under an internal domain suffix (config "
                "internalDomainSuffixes) is a private hosted zone associated with at least one VPC.",
    resource_types=(types.ROUTE53_ZONE,),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Create the zone with vpcs=[{'vpc_id': api_vpc.id}, ...]; add further VPCs with "
                      "route53.ZoneAssociation. A public zone cannot be made private: replace it.",
    config_properties={
        "internalDomainSuffixes": {
            "type": "array", "items": {"type": "string"}, "default": DEFAULT_INTERNAL_DOMAIN_SUFFIXES,
            "description": "Domain suffixes that name internal zones; such zones must be private.",
        },
    },
)
