"""Load balancers have deletion protection (Config elb-deletion-protection-enabled, checkov
CKV_AWS_150).

Advisory: it protects availability, not exposure, and would block every dev teardown if mandatory.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation

NAME = "aws-lb-loadbalancer-enable-deletion-protection"


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    enabled = args.props.get("enableDeletionProtection")
    if enabled is not True:
        report(violation("enableDeletionProtection", enabled, "the load balancer, and the VPC Link or DNS "
                         "that points at it, can be deleted by one mistaken update", "set "
                         "enable_deletion_protection=True in production stacks"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that every lb/alb load balancer has enableDeletionProtection set to true.",
    resource_types=(types.LOAD_BALANCER, types.ALB_LOAD_BALANCER),
    validate=validate,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.LOW,
    remediation_steps="Set enable_deletion_protection=True on production load balancers (turn it off "
                      "deliberately before a planned teardown).",
)
