"""API Gateway stages have a cache cluster (policies/README.md#aws-apigateway-stage-enable-cache): disabled by default.

awsguard ``apigateway-stage-cached`` / checkov CKV_AWS_120. Requiring a cache is a cost and
performance opinion, not security, so the rule ships disabled; enable it per organisation. The
security half (a cache must be encrypted) is ``aws-apigateway-methodsettings-enable-cache-encryption``.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation

NAME = "aws-apigateway-stage-enable-cache"


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    enabled = args.props.get("cacheClusterEnabled")
    if enabled is not True:
        report(violation("cacheClusterEnabled", enabled, "the stage has no cache cluster",
                         "set cache_cluster_enabled=True and cache_cluster_size, with encrypted method caching"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that every API Gateway stage has a cache cluster (a cost opinion; disabled by default).",
    resource_types=(types.STAGE,),
    validate=validate,
    enforcement_level=EnforcementLevel.DISABLED,
    severity=Severity.LOW,
    remediation_steps="Set cache_cluster_enabled=True and cache_cluster_size on the Stage, and "
                      "cache_data_encrypted=True in its MethodSettings.",
)
