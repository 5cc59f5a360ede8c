"""No public IP on an instance (awsguard/Config ec2-instance-no-public-ip, checkov CKV_AWS_88).

Fails an explicit ``associatePublicIpAddress=True`` on an instance and the same setting on a launch
template's network interfaces (Config ec2-launch-template-public-ip-disabled, CKV_AWS_88). An opt-in bastion is
exempted through the policy's ``exemptions`` config with a reason, never special-cased here. An instance
that sets nothing but lands in a subnet that assigns public IPs is the stack policy
``aws-ec2-instance-disallow-public-ip-from-subnet``; an Elastic IP bound to an instance or network interface is
the stack policy ``aws-ec2-eip-disallow-workload-association``, which also decides in a first preview and knows
NAT gateways, so an Elastic IP is reported once.
"""

from __future__ import annotations

from collections.abc import Mapping

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import as_list, resource_policy, violation
from private_api_guard.network_rules import is_true

NAME = "aws-ec2-instance-disallow-public-ip"
PROBLEM = "the instance gets a public IP address and is reachable from the internet wherever its security groups allow"
FIX = ("set associate_public_ip_address=False and reach it through SSM Session Manager, or exempt an approved "
       "bastion in the policy config")


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    props = args.props
    resource_type = args.resource_type
    if resource_type == types.INSTANCE:
        value = props.get("associatePublicIpAddress")
        if is_true(value):
            report(violation("associatePublicIpAddress", value, PROBLEM, FIX))
    else:
        for i, interface in enumerate(as_list(props.get("networkInterfaces"))):
            if isinstance(interface, Mapping) and is_true(value := interface.get("associatePublicIpAddress")):
                report(violation(f"networkInterfaces[{i}].associatePublicIpAddress", value, PROBLEM, FIX))


POLICY = resource_policy(
    name=NAME,
    description="Checks that no instance or launch template network interface sets associatePublicIpAddress to "
                "true.",
    resource_types=(types.INSTANCE, types.LAUNCH_TEMPLATE),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Set associate_public_ip_address=False, place instances in private subnets and manage them "
                      "with SSM Session Manager; for an approved bastion add an exemption (namePattern or tag) "
                      "with a reason to this policy's config.",
)
