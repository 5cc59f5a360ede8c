"""Ingress CIDRs stay inside the organisation's internal ranges
(policies/README.md#aws-ec2-securitygroup-configure-internal-ingress).

Advisory, because the right ranges are per deployment (the VPC, peered and on-premises networks): set
``internalCidrs`` to them. The default is every private range - RFC 1918, the RFC 6598 shared space
100.64.0.0/10 and IPv6 unique-local fc00::/7 - so anything publicly routable is flagged. Security-group
references and prefix lists are not CIDRs and are not judged here.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard.core import config_of, resource_policy, violation
from private_api_guard.network_rules import SECURITY_GROUP_TYPES, ingress_rules, networks, within

NAME = "aws-ec2-securitygroup-configure-internal-ingress"
DEFAULT_INTERNAL_CIDRS = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"]
FIX = ("narrow it to the VPC, peered or on-premises range that needs access (the policy's internalCidrs), "
       "or reference a security group")


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    rules = ingress_rules(args.resource_type, args.props)
    if not rules:
        return
    allowed = networks(config_of(args, "internalCidrs", DEFAULT_INTERNAL_CIDRS))
    for rule in rules:
        for field, cidr in rule.sources():
            if not within(cidr, allowed):
                report(violation(field, cidr, f"it admits {rule.describe()} from outside the internal ranges", FIX))


POLICY = resource_policy(
    name=NAME,
    description="Checks that every ingress CIDR (inline, ec2.SecurityGroupRule or vpc.SecurityGroupIngressRule, "
                "IPv4 and IPv6) lies within the configured internalCidrs.",
    resource_types=SECURITY_GROUP_TYPES,
    validate=validate,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.MEDIUM,
    remediation_steps="Replace the source with the VPC, peered-VPC or on-premises CIDR that needs access, or with "
                      "a security-group reference; list this deployment's ranges in the internalCidrs config.",
    config_properties={
        "internalCidrs": {
            "type": "array", "items": {"type": "string"}, "default": DEFAULT_INTERNAL_CIDRS,
            "description": "Internal CIDRs (IPv4 and IPv6); every ingress CIDR must lie within one.",
        },
    },
)
