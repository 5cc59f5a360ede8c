"""VPC Links target only internal Network Load Balancers
(policies/README.md#aws-apigateway-vpclink-configure-internal-nlb-target).

A VPC Link (v1, REST APIs) is API Gateway's private path into the VPC; pointed at an
internet-facing load balancer, the backend is public anyway. A stack policy: ``targetArn`` (the
pulumi-aws 7 single string) or the older ``targetArns`` list is resolved through its property
dependencies to ``lb.LoadBalancer`` / ``alb.LoadBalancer`` resources of this stack, which must have
``internal=True`` (unset means internet-facing) and ``loadBalancerType="network"`` (unset means
application). A target that does not come from a load balancer of this stack cannot be proven
internal and fails; an existing NLB needs an exemption with a reason.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, PolicyResource, ReportViolation, Severity, StackValidationArgs

from private_api_guard import types
from private_api_guard.apigateway.graph import decide_each
from private_api_guard.core import StackIndex, dependencies, stack_policy, violation

NAME = "aws-apigateway-vpclink-configure-internal-nlb-target"
LOAD_BALANCER_TYPES = (types.LOAD_BALANCER, types.ALB_LOAD_BALANCER)


def _target_field(link: PolicyResource) -> str:
    """``targetArn`` (pulumi-aws 7) or ``targetArns`` (older list form), whichever the link sets."""
    for field in ("targetArn", "targetArns"):
        if link.property_dependencies.get(field):
            return field
    if link.props.get("targetArn") is None and link.props.get("targetArns") is not None:
        return "targetArns"
    return "targetArn"


def validate(args: StackValidationArgs, report: ReportViolation) -> None:
    index = StackIndex(args.resources)

    def check(link: PolicyResource) -> None:
        field = _target_field(link)
        targets = [d for d in dependencies(link, "targetArn", "targetArns") if d.resource_type in LOAD_BALANCER_TYPES]
        if not targets:
            report(violation(field, link.props.get(field), "the target is not a load balancer of this stack, so it "
                             "cannot be proven an internal NLB", "target an lb.LoadBalancer(load_balancer_type="
                             "'network', internal=True) of this stack, or exempt the link with a reason"), link.urn)
            return
        for lb in targets:
            internal = lb.props.get("internal")
            if internal is not True:
                report(violation(f"{field} -> {lb.name}.internal", internal, "the VPC Link's target load balancer "
                                 "is internet-facing", "set internal=True on the load balancer"), link.urn)
            lb_type = lb.props.get("loadBalancerType")
            if lb_type != "network":
                report(violation(f"{field} -> {lb.name}.loadBalancerType", lb_type, "a REST API VPC Link needs a "
                                 "network load balancer (unset means application)",
                                 "set load_balancer_type='network' on the load balancer"), link.urn)

    decide_each(index.of(types.VPC_LINK), check)

POLICY = stack_policy(
    name=NAME,
    description="Checks that every API Gateway VPC Link targets a network load balancer of the stack that is "
                "internal.",
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.CRITICAL,
    remediation_steps="Create the target with aws.lb.LoadBalancer(load_balancer_type='network', internal=True, "
                      "subnets=<private subnets>) and pass target_arn=nlb.arn to the VpcLink.",
)
