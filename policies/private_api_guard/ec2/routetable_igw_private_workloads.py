"""No private workload in a subnet routed to an internet gateway: a "private" subnet in disguise.

Advisory: an interface endpoint, an internal load balancer, a Lambda function's interfaces, or an instance,
launch template, ECS service or network interface without a public address, in a subnet whose route table sends the
world to an internet gateway, is not reachable as configured (no public address), but the subnet is public: the
next instance launched there with a public IP, or an Elastic IP bound later, is. Resources holding a public address
there are ``aws-ec2-routetable-disallow-igw-route-to-public-hosts``'s (mandatory); NAT gateways and internet-facing
load balancers belong in public subnets and are not reported.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, Severity, StackValidationArgs

from private_api_guard.apigateway.graph import Unknowns
from private_api_guard.core import Described, stack_policy, violation
from private_api_guard.ec2.routing import Placement, public_addresses, subnet_exposure
from private_api_guard.network_rules import is_true

NAME = "aws-ec2-routetable-disallow-igw-route-to-private-workloads"
FIX = ("place it in a private subnet whose default route goes to a NAT gateway (or nowhere), and keep public subnets "
       "for NAT gateways and internet-facing load balancers")


def validate(args: StackValidationArgs, report: ReportViolation) -> None:
    exposure = subnet_exposure(args.resources)
    unknowns = Unknowns()

    def check(placement: Placement) -> None:
        resource = placement.resource
        if placement.kind == "load balancer" and not is_true(resource.props.get("internal")):
            return  # internet-facing: aws-lb-loadbalancer-disallow-internet-facing's
        routes = exposure.routing.public(placement.subnet)
        addresses = public_addresses(placement, exposure.elastic_ips)
        if any(route.world.version in addresses for route in routes):
            return  # holds a public address there: the mandatory rule's
        report(violation(placement.field, Described(f"subnet {placement.subnet.name}"),
                         f"the subnet is public: {routes[0].describe()}; the {placement.kind} holds no public "
                         "address, so nothing reaches it from the internet now, but anything given one in this "
                         "subnet is reachable", FIX), resource.urn)

    unknowns.each(exposure.placements, check)
    unknowns.raise_first()
    if (first := exposure.first_unknown()) is not None:
        raise first


POLICY = stack_policy(
    name=NAME,
    description="Checks that no workload without a public address (interface endpoint, internal load balancer, "
                "Lambda function, private instance) sits in a subnet whose route table sends 0.0.0.0/0, ::/0 or a "
                "split of them to an internet gateway.",
    validate=validate,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.MEDIUM,
    remediation_steps="Give private workloads subnets whose route tables have no internet gateway route; keep "
                      "public subnets for NAT gateways and internet-facing load balancers; exempt an intended "
                      "placement with a reason in this policy's config.",
)
