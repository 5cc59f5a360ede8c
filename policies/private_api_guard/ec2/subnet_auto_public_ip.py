"""Subnets do not hand out public IPs (Config subnet-auto-assign-public-ip-disabled,
checkov CKV_AWS_130).

Advisory: a public subnet for an opt-in bastion or a NAT gateway is intentional; exempt it by name or tag
in the policy config. The mandatory check is on the instances that would get the address
(``aws-ec2-instance-disallow-public-ip`` and ``-from-subnet``).
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation
from private_api_guard.network_rules import is_true

NAME = "aws-ec2-subnet-disallow-auto-public-ip"


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    value = args.props.get("mapPublicIpOnLaunch")
    if is_true(value):
        report(violation("mapPublicIpOnLaunch", value, "every instance launched here without an explicit setting "
                         "gets a public IP address", "set map_public_ip_on_launch=False and give the few public "
                         "hosts an explicit address, or exempt this public subnet with a reason"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that no subnet sets mapPublicIpOnLaunch to true.",
    resource_types=(types.SUBNET,),
    validate=validate,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.MEDIUM,
    remediation_steps="Set map_public_ip_on_launch=False; where a public subnet is intended (bastion, NAT gateway) "
                      "add an exemption with a reason to this policy's config.",
)
