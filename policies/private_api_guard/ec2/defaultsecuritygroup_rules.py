"""The VPC's default security group admits and emits nothing (Config
vpc-default-security-group-closed, checkov CKV2_AWS_12).

Anything launched without an explicit security group lands in the default one, so rules there apply to
resources nobody meant to open. Adopting it with ``ec2.DefaultSecurityGroup`` and no ``ingress``/``egress``
removes AWS's default rules; this policy flags any rule left on it. Advisory: it is hygiene, and world-open
rules on it are already caught by the mandatory ingress rules.
"""

from __future__ import annotations

from collections.abc import Mapping

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import as_list, plain, resource_policy, violation
from private_api_guard.network_rules import INLINE, IngressRule

NAME = "aws-ec2-defaultsecuritygroup-disallow-rules"


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    for key in ("ingress", "egress"):
        blocks = as_list(args.props.get(key))
        if not blocks:
            continue
        shown = [IngressRule("", b, INLINE).describe() if isinstance(b, Mapping) else plain(b) for b in blocks]
        report(violation(key, shown, f"the default security group keeps {key} rules, which apply to anything "
                         "launched without its own security group", f"declare ec2.DefaultSecurityGroup with no "
                         f"{key} so it admits nothing, and give every resource its own security group"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that the VPC's default security group, when managed with ec2.DefaultSecurityGroup, has no "
                "ingress or egress rules.",
    resource_types=(types.DEFAULT_SECURITY_GROUP,),
    validate=validate,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.MEDIUM,
    remediation_steps="Declare aws.ec2.DefaultSecurityGroup(vpc_id=...) without ingress or egress, and attach "
                      "dedicated security groups to every instance, endpoint and load balancer.",
)
