"""Lambda functions are never publicly invokable (policies/README.md#aws-lambda-function-disallow-public-invoke).

One rule over the two ways a function is opened up (AWS Config ``lambda-function-public-access-prohibited``,
checkov CKV_AWS_301 / CKV_AWS_364 / CKV_AWS_258):

* ``lambda.Permission``: ``principal`` ``"*"`` fails, unless ``principalOrgId`` limits it to your
  organisation. A service principal (``apigateway.amazonaws.com``, ``events.amazonaws.com``...) must
  carry ``sourceArn``, or any resource of that service in any account may invoke the function
  (the confused deputy). For API Gateway the source ARN must name one API (a literal API id:
  ``{api.execution_arn}/<stage>/<METHOD>/<path>``), not ``*`` or a wildcard API id.
* ``lambda.FunctionUrl``: ``authorizationType`` must be ``AWS_IAM``; ``NONE`` is a public URL.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation
from private_api_guard.iam_documents import api_resource_problem

NAME = "aws-lambda-function-disallow-public-invoke"
SERVICE_SUFFIXES = (".amazonaws.com", ".amazonaws.com.cn", ".amazon.com")
API_GATEWAY = "apigateway.amazonaws.com"


def _check_permission(args: ResourceValidationArgs, report: ReportViolation) -> None:
    props = args.props
    principal = props.get("principal")
    if principal == "*":
        if not props.get("principalOrgId"):
            report(violation("principal", principal, "any principal of any AWS account may invoke the function",
                             "name the calling service (with source_arn) or account, or set principal_org_id"))
        return
    if not isinstance(principal, str) or not principal.lower().endswith(SERVICE_SUFFIXES):
        return
    source_arn = props.get("sourceArn")
    if not isinstance(source_arn, str) or not source_arn.strip():
        report(violation("sourceArn", source_arn, f"any {principal} resource in any account may invoke the function",
                         "set source_arn to the ARN of the calling resource"))
    elif principal.lower() == API_GATEWAY:
        problem = api_resource_problem(source_arn)
        if problem:
            report(violation("sourceArn", source_arn, f"{problem}, so any API may invoke the function",
                             "set source_arn to api.execution_arn + '/<stage>/<METHOD>/<path>'"))
    elif source_arn.strip() == "*":
        report(violation("sourceArn", source_arn, f"any {principal} resource may invoke the function",
                         "set source_arn to the ARN of the calling resource"))


def _check_function_url(args: ResourceValidationArgs, report: ReportViolation) -> None:
    authorization = args.props.get("authorizationType")
    if not isinstance(authorization, str) or authorization.upper() != "AWS_IAM":
        report(violation("authorizationType", authorization, "the function URL can be called without signing",
                         "set authorization_type='AWS_IAM'"))


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type == types.LAMBDA_PERMISSION:
        _check_permission(args, report)
    else:
        _check_function_url(args, report)


POLICY = resource_policy(
    name=NAME,
    description="Checks that no Lambda function is publicly invokable: no permission for principal '*', service "
                "principals scoped by source ARN, and function URLs with AWS_IAM authorization.",
    resource_types=(types.LAMBDA_PERMISSION, types.LAMBDA_FUNCTION_URL),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.CRITICAL,
    remediation_steps="Grant lambda.Permission to the calling service with source_arn=api.execution_arn + "
                      "'/<stage>/<METHOD>/<path>' (never principal='*'), and create function URLs with "
                      "authorization_type='AWS_IAM'.",
)
