"""Lightsail instances are not used for private workloads (Prowler lightsail_instance_public).

Every Lightsail instance has a public IP address: a public IPv4 address for the ``dualstack`` (default) and
``ipv4`` network types, and public IPv6 addresses for ``ipv6`` (Lightsail docs, "IP addresses in Amazon
Lightsail"); its firewall opens SSH (RDP on Windows) and HTTP to everyone by default. No setting of the
resource keeps it off the internet, so every instance fails unless exempted with a reason.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation

NAME = "aws-lightsail-instance-disallow-public-ip"


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    value = args.props.get("ipAddressType")
    report(violation("ipAddressType", value, "every Lightsail instance gets a public IP address (IPv4, or IPv6 "
                     "with 'ipv6') and is reachable from the internet wherever its Lightsail firewall allows, which "
                     "by default opens SSH (or RDP) and HTTP to everyone",
                     "run the workload on EC2 in a private subnet, or exempt an approved public instance in the "
                     "policy config with a reason"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that no Lightsail instance is created, since every one has a public IP address; approved "
                "public instances are exempted by name or tag.",
    resource_types=(types.LIGHTSAIL_INSTANCE,),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Use an EC2 instance in a private subnet (managed through SSM) instead; for an approved public "
                      "instance add an exemption with a reason, and restrict its lightsail.InstancePublicPorts.",
)
