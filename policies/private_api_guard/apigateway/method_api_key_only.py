"""An API key is never a method's only protection (policies/README.md#aws-apigateway-method-disallow-api-key-only).

AWS: "Don't use API keys for authentication or authorization" (API Gateway usage-plan docs); keys
are for metering and throttling and travel in a plain header. So ``apiKeyRequired`` with
``authorization`` ``NONE`` fails, whatever the HTTP method; an operation of a RestApi's OpenAPI ``body`` whose
security is an API key scheme and nothing API Gateway enforces is judged the same way (it becomes such a method).
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.apigateway import openapi
from private_api_guard.core import resource_policy, violation

NAME = "aws-apigateway-method-disallow-api-key-only"


def _validate_body(args: ResourceValidationArgs, report: ReportViolation) -> None:
    found = openapi.read(args.props.get("body"))
    for operation in found.operations if found is not None else ():
        if operation.api_key_required and operation.authorization == "NONE":
            report(violation(operation.field, operation.security, f"the {operation.label} method declared in the "
                             "OpenAPI body requires an API key but no authorization, so the key is its only "
                             "protection", "keep the api key scheme for metering and add a scheme API Gateway "
                             "enforces to the same requirement (x-amazon-apigateway-authtype awsSigv4, or an "
                             "x-amazon-apigateway-authorizer)"))


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type == types.REST_API:
        _validate_body(args, report)
        return
    props = args.props
    if props.get("apiKeyRequired") is not True:
        return
    authorization = props.get("authorization")
    if authorization is None or (isinstance(authorization, str) and authorization.upper() == "NONE"):
        report(violation("authorization", authorization, "the method requires an API key but no authorization, "
                         "so the key is its only protection", "keep api_key_required for metering and set "
                         "authorization to AWS_IAM, CUSTOM or COGNITO_USER_POOLS"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that no API Gateway method (Method resources and the operations of a RestApi's OpenAPI "
                "body) relies on an API key alone: apiKeyRequired with authorization NONE fails.",
    resource_types=(types.METHOD, types.REST_API),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Set authorization='AWS_IAM' (or a CUSTOM / Cognito authorizer) on the Method and keep "
                      "the API key and usage plan for throttling and quotas only.",
)
