"""Every API Gateway method except CORS preflight requires authorization (catalogue rule 4).

Stricter than checkov CKV_AWS_59, which accepts an API key alone: here ``authorization`` must not
be ``NONE`` (rule 5 treats the key separately). ``OPTIONS`` is exempt because a browser's preflight
request carries no credentials. ``requiredAuthorization`` narrows the accepted values, e.g. to
``["AWS_IAM"]`` for the IAM-only profile.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import config_of, resource_policy, violation
from private_api_guard.iam_documents import strings

NAME = "aws-apigateway-method-enable-authorization"
AUTHORIZATION_TYPES = ["AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"]

CONFIG = {
    "requiredAuthorization": {
        "type": "array",
        "items": {"type": "string", "enum": AUTHORIZATION_TYPES},
        "description": "Authorization types a method may use. Empty: any type but NONE.",
        "default": [],
    },
}


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    props = args.props
    http_method = props.get("httpMethod")
    if isinstance(http_method, str) and http_method.upper() == "OPTIONS":
        return
    authorization = props.get("authorization")
    required = strings(config_of(args, "requiredAuthorization", []))
    normalized = authorization.upper() if isinstance(authorization, str) else None
    fix = f"set authorization to {' or '.join(required or AUTHORIZATION_TYPES)}"
    if normalized is None or normalized == "NONE":
        report(violation("authorization", authorization,
                         f"the {http_method or 'method'} method can be called without any authorization", fix))
    elif required and normalized not in required:
        report(violation("authorization", authorization,
                         f"this pack accepts only {', '.join(required)} (requiredAuthorization)", fix))

POLICY = resource_policy(
    name=NAME,
    description="Checks that every API Gateway method other than OPTIONS requires authorization (not NONE), "
                "optionally one of the configured requiredAuthorization types.",
    resource_types=(types.METHOD,),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Set authorization='AWS_IAM' on the Method (or CUSTOM / COGNITO_USER_POOLS with an "
                      "authorizer_id); only OPTIONS preflight methods may stay NONE.",
    config_properties=CONFIG,
)
