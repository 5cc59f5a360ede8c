"""No security-group ingress from the whole internet, in any of the three rule shapes, IPv4 or IPv6.

Pulumi's own compliance pack checks only inline ``ingress`` blocks, so a separate rule resource
escapes it; this policy closes that gap (checkov CKV_AWS_277/24/25). The default
security group's inline rules count too: a world-open rule there is as exposed as anywhere else.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard.core import is_world_open, resource_policy, violation
from private_api_guard.network_rules import SECURITY_GROUP_TYPES, ingress_rules

NAME = "aws-ec2-securitygroup-disallow-world-ingress"
FIX = "admit only the client, load balancer or VPC ranges, or reference a security group"


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    for rule in ingress_rules(args.resource_type, args.props):
        for field, cidr in rule.sources():
            if is_world_open(cidr):
                report(violation(field, cidr, "it admits ingress from the whole internet", FIX))


POLICY = resource_policy(
    name=NAME,
    description="Checks that no security group admits ingress from 0.0.0.0/0 or ::/0, whether the rule is "
                "inline, an ec2.SecurityGroupRule or a vpc.SecurityGroupIngressRule.",
    resource_types=SECURITY_GROUP_TYPES,
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.CRITICAL,
    remediation_steps="Replace the world-open source with the narrowest CIDR that needs access, or with "
                      "source_security_group_id / referenced_security_group_id.",
)
