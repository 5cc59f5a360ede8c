"""TCP/UDP passthrough listeners only on internal load balancers (the stack half of
``aws-lb-listener-enable-encryption``).

``aws-lb-listener-enable-encryption`` allows passthrough listeners by default, because the VPC Link v1 to
internal NLB pattern needs a TCP listener. This stack policy holds up the other half of that bargain: the
listener's load balancer, found through the property dependencies of ``loadBalancerArn``, must be declared
in the stack with ``internal=True``. A listener on a load balancer the stack does not declare cannot be
shown to be internal and fails too (the fix is to terminate TLS on it, or to exempt it with a reason).
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, Severity, StackValidationArgs

from private_api_guard.core import stack_policy, violation
from private_api_guard.lb.listener_encryption import PASSTHROUGH, TLS_FIX, listener_protocol
from private_api_guard.network_rules import LISTENER_TYPES, LOAD_BALANCER_TYPES

NAME = "aws-lb-listener-disallow-internet-facing-passthrough"


def _shown(value: object) -> str:
    if value is None:
        return "unset"
    return "false" if value is False else repr(value)


def validate(args: StackValidationArgs, report: ReportViolation) -> None:
    for listener in args.resources:
        if listener.resource_type not in LISTENER_TYPES:
            continue
        raw = listener.props.get("protocol")
        if listener_protocol(raw) not in PASSTHROUGH:
            continue
        balancers = [r for r in listener.property_dependencies.get("loadBalancerArn") or ()
                     if r.resource_type in LOAD_BALANCER_TYPES]
        if not balancers:
            arn = listener.props.get("loadBalancerArn")
            report(violation("loadBalancerArn", arn, f"the {raw} listener passes traffic through without TLS and "
                             "its load balancer is not declared in this stack, so it cannot be shown to be internal",
                             f"{TLS_FIX}, or declare the load balancer here with internal=True"), listener.urn)
            continue
        for balancer in balancers:
            internal = balancer.props.get("internal")
            if internal is not True:
                report(violation("protocol", raw, f"the listener passes traffic through without TLS on load "
                                 f"balancer {balancer.name}, which is internet-facing (internal is "
                                 f"{_shown(internal)})",
                                 f"{TLS_FIX}, or set internal=True on {balancer.name}"), listener.urn)


POLICY = stack_policy(
    name=NAME,
    description="Checks that TCP/UDP passthrough listeners belong to a load balancer declared in the stack "
                "with internal=True.",
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.CRITICAL,
    remediation_steps="Terminate TLS on internet-reachable listeners (protocol TLS with certificate_arn and "
                      "ssl_policy), and keep TCP passthrough to internal NLBs, such as a VPC Link target.",
)
