"""API Gateway stages trace requests with X-Ray (policies/README.md#aws-apigateway-stage-enable-xray-tracing).

AWS Config ``api-gw-xray-enabled``, checkov CKV_AWS_73. Observability rather than exposure, hence
advisory.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation

NAME = "aws-apigateway-stage-enable-xray-tracing"


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    enabled = args.props.get("xrayTracingEnabled")
    if enabled is not True:
        report(violation("xrayTracingEnabled", enabled, "requests through this stage are not traced",
                         "set xray_tracing_enabled=True on the Stage"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that every API Gateway stage has X-Ray tracing enabled.",
    resource_types=(types.STAGE,),
    validate=validate,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.LOW,
    remediation_steps="Set xray_tracing_enabled=True on the Stage (the topologies' StageSettings.xray_tracing).",
)
