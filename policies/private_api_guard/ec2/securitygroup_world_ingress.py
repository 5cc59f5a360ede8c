"""No security-group ingress from the whole internet, in any of the three rule shapes, IPv4 or IPv6.

Pulumi's own compliance pack checks only inline ``ingress`` blocks, so a separate rule resource
escapes it; this policy closes that gap (catalogue rule 29, checkov CKV_AWS_277/24/25).
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import as_list, is_world_open, resource_policy, violation

NAME = "aws-ec2-securitygroup-disallow-world-ingress"
FIX = "admit only the client, load balancer or VPC ranges, or reference a security group"


def _check_blocks(field: str, blocks: object, report: ReportViolation) -> None:
    for cidr in as_list(blocks):
        if is_world_open(cidr):
            report(violation(field, cidr, "it admits ingress from the whole internet", FIX))


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    props = args.props
    if args.resource_type == types.SECURITY_GROUP:
        for i, rule in enumerate(as_list(props.get("ingress"))):
            _check_blocks(f"ingress[{i}].cidrBlocks", rule.get("cidrBlocks"), report)
            _check_blocks(f"ingress[{i}].ipv6CidrBlocks", rule.get("ipv6CidrBlocks"), report)
    elif args.resource_type == types.SECURITY_GROUP_RULE:
        if props.get("type") != "ingress":
            return
        _check_blocks("cidrBlocks", props.get("cidrBlocks"), report)
        _check_blocks("ipv6CidrBlocks", props.get("ipv6CidrBlocks"), report)
    else:
        _check_blocks("cidrIpv4", props.get("cidrIpv4"), report)
        _check_blocks("cidrIpv6", props.get("cidrIpv6"), report)


POLICY = resource_policy(
    name=NAME,
    description="Checks that no security group admits ingress from 0.0.0.0/0 or ::/0, whether the rule is "
                "inline, an ec2.SecurityGroupRule or a vpc.SecurityGroupIngressRule.",
    resource_types=(types.SECURITY_GROUP, types.SECURITY_GROUP_RULE, types.SECURITY_GROUP_INGRESS_RULE),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.CRITICAL,
    remediation_steps="Replace the world-open source with the narrowest CIDR that needs access, or with "
                      "source_security_group_id / referenced_security_group_id.",
)
