"""Load balancers are internal (Config nlb-internal-scheme-check).

Application and network load balancers (``lb`` and its ``alb`` alias) and classic ELBs alike: ``internal``
must be true. Unset means internet-facing, AWS's default. Gateway load balancers have no scheme and are
not applicable.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation

NAME = "aws-lb-loadbalancer-disallow-internet-facing"


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    props = args.props
    internal = props.get("internal")
    if internal is True:
        return
    if args.resource_type != types.ELB_LOAD_BALANCER and props.get("loadBalancerType") == "gateway":
        args.not_applicable("gateway load balancers have no internet-facing scheme")
    report(violation("internal", internal, "the load balancer is internet-facing (AWS's default when internal "
                     "is unset) and gets public addresses", "set internal=True and place it in private subnets; "
                     "publish APIs through API Gateway instead"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that every load balancer (lb/alb LoadBalancer and classic elb) is internal; unset means "
                "internet-facing.",
    resource_types=(types.LOAD_BALANCER, types.ALB_LOAD_BALANCER, types.ELB_LOAD_BALANCER),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.CRITICAL,
    remediation_steps="Set internal=True with private subnets; expose the service through API Gateway (VPC Link) "
                      "or a VPC endpoint rather than a public load balancer.",
)
