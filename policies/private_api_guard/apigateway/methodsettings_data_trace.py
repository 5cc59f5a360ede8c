"""API Gateway method settings keep full request/response logging off
(policies/README.md#aws-apigateway-methodsettings-disallow-data-trace).

checkov CKV_AWS_276. ``dataTraceEnabled`` writes whole request and response bodies, headers
included, to CloudWatch: credentials and personal data end up in logs. Advisory, for debugging
sessions; an exemption records the ticket.
"""

from __future__ import annotations

from collections.abc import Mapping

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation

NAME = "aws-apigateway-methodsettings-disallow-data-trace"


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    settings = args.props.get("settings")
    if not isinstance(settings, Mapping):
        return
    enabled = settings.get("dataTraceEnabled")
    if enabled is True:
        report(violation("settings.dataTraceEnabled", enabled, "full request and response bodies, with their "
                         "headers, are written to CloudWatch Logs", "set settings.data_trace_enabled=False"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that API Gateway method settings do not enable data trace (full request/response logging).",
    resource_types=(types.METHOD_SETTINGS,),
    validate=validate,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.MEDIUM,
    remediation_steps="Set settings={'data_trace_enabled': False} on the MethodSettings; use access logs and "
                      "ERROR-level execution logs instead.",
)
