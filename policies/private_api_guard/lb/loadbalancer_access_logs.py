"""Load balancers write access logs (awsguard elb-logging-enabled, checkov CKV_AWS_91/92).

Advisory. ``lb``/``alb`` load balancers need ``accessLogs`` with ``enabled=True`` (its default is false)
and a bucket; classic ELBs need an ``accessLogs`` block with a bucket (enabled by default there). NLBs log
only their TLS listeners, so an NLB with TCP listeners only records nothing: the rule still asks for the
block, so logging starts the day a TLS listener is added. Gateway load balancers have no access logs.
"""

from __future__ import annotations

from collections.abc import Mapping

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation

NAME = "aws-lb-loadbalancer-enable-access-logs"
FIX = "set access_logs={'bucket': <log bucket>, 'enabled': True} with a bucket policy that admits ELB log delivery"


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    props = args.props
    classic = args.resource_type == types.ELB_LOAD_BALANCER
    logs = props.get("accessLogs")
    if isinstance(logs, Mapping):
        enabled = logs.get("enabled")
        if enabled is False or (not classic and enabled is not True):
            found = violation("accessLogs.enabled", enabled, "access logging is off", FIX)
        elif not logs.get("bucket"):
            found = violation("accessLogs.bucket", logs.get("bucket"), "access logs have no destination bucket", FIX)
        else:
            return
    else:
        found = violation("accessLogs", logs, "the load balancer keeps no record of requests", FIX)
    if not classic and props.get("loadBalancerType") == "gateway":
        args.not_applicable("gateway load balancers have no access logs")
    report(found)


POLICY = resource_policy(
    name=NAME,
    description="Checks that every load balancer (lb/alb LoadBalancer and classic elb, except gateway) has access "
                "logs enabled to an S3 bucket.",
    resource_types=(types.LOAD_BALANCER, types.ALB_LOAD_BALANCER, types.ELB_LOAD_BALANCER),
    validate=validate,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.LOW,
    remediation_steps="Create an S3 log bucket whose policy admits the region's ELB log delivery and set "
                      "access_logs={'bucket': bucket.id, 'enabled': True}.",
)
