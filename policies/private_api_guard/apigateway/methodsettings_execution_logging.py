"""API Gateway method settings turn on execution logging
(policies/README.md#aws-apigateway-methodsettings-enable-execution-logging).

AWS Config ``api-gw-execution-logging-enabled`` (``loggingLevel`` ERROR or INFO), checkov CKV2_AWS_4.
Advisory: execution logs need the account-wide API Gateway CloudWatch role (one per account and
region), which the topologies deliberately leave to the account owner.
"""

from __future__ import annotations

from collections.abc import Mapping

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import config_of, resource_policy, violation
from private_api_guard.iam_documents import strings

NAME = "aws-apigateway-methodsettings-enable-execution-logging"

CONFIG = {
    "allowedLoggingLevels": {
        "type": "array",
        "items": {"type": "string", "enum": ["ERROR", "INFO"]},
        "description": "Execution logging levels that count as enabled.",
        "default": ["ERROR", "INFO"],
    },
}


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    settings = args.props.get("settings")
    level = settings.get("loggingLevel") if isinstance(settings, Mapping) else None
    allowed = strings(config_of(args, "allowedLoggingLevels", ["ERROR", "INFO"])) or ["ERROR", "INFO"]
    if not isinstance(level, str) or level.upper() not in allowed:
        report(violation("settings.loggingLevel", level, "execution logging is off for these methods",
                         f"set settings.logging_level to {' or '.join(allowed)} (needs the account's API Gateway "
                         "CloudWatch role)"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that API Gateway method settings enable execution logging at ERROR or INFO level.",
    resource_types=(types.METHOD_SETTINGS,),
    validate=validate,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.LOW,
    remediation_steps="Set up aws.apigateway.Account(cloudwatch_role_arn=...) once per account and region, then "
                      "set settings={'logging_level': 'ERROR'} on the MethodSettings for '*/*'.",
    config_properties=CONFIG,
)
