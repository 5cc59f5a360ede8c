"""Every API Gateway stage writes access logs (policies/README.md#aws-apigateway-stage-enable-access-logging).

AWS Config ``apigateway-stage-access-logs-enabled``, checkov CKV_AWS_76. Access logs are the only
record of who called a private or IAM-only API (``$context.identity.vpceId`` / ``userArn``), and
they cost nothing to configure. The destination must be a CloudWatch Logs log group or a Kinesis
Data Firehose stream (the only two API Gateway accepts).
"""

from __future__ import annotations

from collections.abc import Mapping

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation

NAME = "aws-apigateway-stage-enable-access-logging"
FIX = "set access_log_settings with destination_arn of a CloudWatch log group and a format"


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    settings = args.props.get("accessLogSettings")
    if not isinstance(settings, Mapping):
        report(violation("accessLogSettings", settings, "the stage writes no access logs", FIX))
        return
    destination = settings.get("destinationArn")
    if not isinstance(destination, str) or not destination.strip():
        report(violation("accessLogSettings.destinationArn", destination, "the stage writes no access logs", FIX))
    elif not destination.startswith("arn:") or destination.split(":")[2:3] not in (["logs"], ["firehose"]):
        report(violation("accessLogSettings.destinationArn", destination, "it is not a CloudWatch Logs or "
                         "Firehose ARN", FIX))


POLICY = resource_policy(
    name=NAME,
    description="Checks that every API Gateway stage sends access logs to a CloudWatch Logs group or a "
                "Firehose stream.",
    resource_types=(types.STAGE,),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.MEDIUM,
    remediation_steps="Create an aws.cloudwatch.LogGroup with retention and set access_log_settings="
                      "{'destination_arn': log_group.arn, 'format': <JSON line>} on the Stage.",
)
