"""No public IP through the subnet either (the stack half of ``aws-ec2-instance-disallow-public-ip``).

An instance that leaves ``associatePublicIpAddress`` unset takes its subnet's ``mapPublicIpOnLaunch``, so
a public subnet hands it a public address without anything on the instance saying so. This stack policy
finds the subnet through the property dependencies of ``subnetId`` (so it works while the subnet id is
unknown) and fails the instance when that subnet assigns public IPs. Without a subnet the instance lands
in the default VPC, whose default subnets assign public IPs: that fails too. So does a subnet the stack
does not declare (looked up, or from another stack), because its setting cannot be seen; the fix in every
case is the explicit ``associate_public_ip_address=False``. Instances whose primary network interface is
an existing ENI get no automatic public IP and pass; an instance with a launch template and no subnet of
its own is left to the template.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, Severity, StackValidationArgs

from private_api_guard import types
from private_api_guard.core import stack_policy, violation
from private_api_guard.network_rules import count, is_true

NAME = "aws-ec2-instance-disallow-public-ip-from-subnet"
FIX = "set associate_public_ip_address=False explicitly, or launch the instance in a private subnet"


def validate(args: StackValidationArgs, report: ReportViolation) -> None:
    for instance in args.resources:
        if instance.resource_type != types.INSTANCE:
            continue
        props = instance.props
        if props.get("associatePublicIpAddress") is not None:
            continue  # an explicit choice: True is aws-ec2-instance-disallow-public-ip's, False is fine
        if count(props.get("networkInterfaces")) or props.get("primaryNetworkInterface"):
            continue
        subnets = [s for s in instance.property_dependencies.get("subnetId") or () if s.resource_type == types.SUBNET]
        for subnet in subnets:
            if is_true(subnet.props.get("mapPublicIpOnLaunch")):
                report(violation("associatePublicIpAddress", None, f"the instance launches in subnet {subnet.name}, "
                                 "whose mapPublicIpOnLaunch is true, so it gets a public IP address", FIX),
                       instance.urn)
        if subnets:
            continue
        subnet_id = props.get("subnetId")
        if subnet_id:
            report(violation("associatePublicIpAddress", None, f"subnet {subnet_id} is not declared in this stack, "
                             "so whether it assigns public IP addresses cannot be seen", FIX), instance.urn)
        elif not props.get("launchTemplate"):
            report(violation("associatePublicIpAddress", None, "without subnetId the instance launches in the "
                             "default VPC, whose default subnets assign public IP addresses", FIX), instance.urn)


POLICY = stack_policy(
    name=NAME,
    description="Checks that every instance that does not set associatePublicIpAddress launches in a subnet "
                "declared in the stack whose mapPublicIpOnLaunch is not true.",
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Set associate_public_ip_address=False on every instance and give it a private subnet's id; "
                      "for an approved bastion add an exemption with a reason to this policy's config.",
)
