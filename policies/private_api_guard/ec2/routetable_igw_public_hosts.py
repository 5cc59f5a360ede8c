"""Nothing with a public address in a subnet routed to an internet gateway (AWS Config no-unrestricted-route-to-igw,
judged where it exposes something).

A resource is reachable from the internet when it holds a public address and its subnet's route table sends the
world (``0.0.0.0/0``, ``::/0``, their splits, ``2000::/3``) to an internet gateway: an instance with
``associatePublicIpAddress``, its subnet's ``mapPublicIpOnLaunch`` or an Elastic IP; a launch template placed there
by its own interfaces or an autoscaling group's ``vpcZoneIdentifiers``; an ECS service with
``networkConfiguration.assignPublicIp``; a network interface with an Elastic IP; and, for an IPv6 route, IPv6
addresses (every VPC IPv6 address is global unicast). Each is reported on the resource, naming the subnet, the
table and the routes. A public subnet holding only a NAT gateway passes (its Elastic IP is the one legitimate public
address), internet-facing load balancers are ``aws-lb-loadbalancer-disallow-internet-facing``'s, and resources
without a public address there are ``aws-ec2-routetable-disallow-igw-route-to-private-workloads``'s (advisory).
An instance with a public IP is also reported by the public-IP rules, which fail the address wherever it is; this
rule adds the route that makes it reachable, so an approved bastion is exempted in both.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, Severity, StackValidationArgs

from private_api_guard.apigateway.graph import Unknowns
from private_api_guard.core import Described, stack_policy, violation
from private_api_guard.ec2.routing import Placement, public_addresses, subnet_exposure

NAME = "aws-ec2-routetable-disallow-igw-route-to-public-hosts"
FIX = ("place it in a private subnet (default route to a NAT gateway, ::/0 to an egress-only internet gateway) or "
       "remove its public address; exempt an approved bastion with a reason in the policy config")
_VERSIONS = {4: "IPv4", 6: "IPv6"}


def validate(args: StackValidationArgs, report: ReportViolation) -> None:
    exposure = subnet_exposure(args.resources)
    unknowns = Unknowns()

    def check(placement: Placement) -> None:
        addresses = public_addresses(placement, exposure.elastic_ips)
        for route in exposure.routing.public(placement.subnet):
            why = addresses.get(route.world.version)
            if why is not None:
                report(violation(placement.field, Described(f"subnet {placement.subnet.name}"),
                                 f"the {placement.kind} holds a public {_VERSIONS[route.world.version]} address "
                                 f"({why}) and its subnet is public: {route.describe()}, so it is reachable from the "
                                 "internet wherever its security groups allow", FIX), placement.resource.urn)
                return

    unknowns.each(exposure.placements, check)
    unknowns.raise_first()
    if (first := exposure.first_unknown()) is not None:
        raise first


POLICY = stack_policy(
    name=NAME,
    description="Checks that no resource holding a public address (instance, launch template, ECS service, network "
                "interface with an Elastic IP) sits in a subnet whose route table sends 0.0.0.0/0, ::/0 or a split "
                "of them to an internet gateway.",
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Move workloads to private subnets whose default route goes to a NAT gateway (IPv6: an "
                      "egress-only internet gateway), keep public subnets for NAT gateways and internet-facing load "
                      "balancers, or drop the public address; for an approved bastion add an exemption with a "
                      "reason to this policy's config.",
)
