"""Every API Gateway method except CORS preflight requires authorization
(policies/README.md#aws-apigateway-method-enable-authorization).

Stricter than checkov CKV_AWS_59, which accepts an API key alone: here ``authorization`` must not be ``NONE``
(``aws-apigateway-method-disallow-api-key-only`` treats the key separately). ``OPTIONS`` is exempt because a
browser's preflight request carries no credentials. ``requiredAuthorization`` narrows the accepted values,
e.g. to ``["AWS_IAM"]`` for the IAM-only profile.

A ``RestApi`` defined by an OpenAPI ``body`` gets one method per operation of the document, so each
operation is judged the same way (read by :mod:`private_api_guard.apigateway.openapi`: no security
requirement, or only an API key, is ``NONE``).
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.apigateway import openapi
from private_api_guard.core import Described, config_of, resource_policy, violation
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


def _body_fix(required: list[str]) -> str:
    accepted = " or ".join(required or AUTHORIZATION_TYPES)
    return (f"give the operation a security requirement on a scheme API Gateway enforces as {accepted} "
            "(x-amazon-apigateway-authtype awsSigv4 for AWS_IAM, an x-amazon-apigateway-authorizer for "
            "COGNITO_USER_POOLS or CUSTOM)")


def _validate_body(args: ResourceValidationArgs, report: ReportViolation) -> None:
    body = args.props.get("body")
    found = openapi.read(body)
    if found is None:
        return
    if not found.readable:
        report(violation("body", Described(f"a text of {len(str(body))} characters"), "it is not an OpenAPI "
                         "document with paths, so the methods it defines cannot be checked",
                         "pass the OpenAPI definition as a JSON or YAML string with a paths object"))
        return
    required = strings(config_of(args, "requiredAuthorization", []))
    for operation in found.operations:
        if operation.method == "OPTIONS":
            continue
        if operation.authorization == "NONE":
            report(violation(operation.field, operation.security, f"the {operation.label} method declared in the "
                             "OpenAPI body can be called without any authorization", _body_fix(required)))
        elif required and operation.authorization not in required:
            report(violation(operation.field, operation.security, f"the {operation.label} method declared in the "
                             f"OpenAPI body uses {operation.authorization}, and this pack accepts only "
                             f"{', '.join(required)} (requiredAuthorization)", _body_fix(required)))


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type == types.REST_API:
        _validate_body(args, report)
        return
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
    description="Checks that every API Gateway method other than OPTIONS (Method resources and the operations "
                "of a RestApi's OpenAPI body) requires authorization (not NONE), optionally one of the configured "
                "requiredAuthorization types.",
    resource_types=(types.METHOD, types.REST_API),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Set authorization='AWS_IAM' on the Method (or CUSTOM / COGNITO_USER_POOLS with an "
                      "authorizer_id); only OPTIONS preflight methods may stay NONE.",
    config_properties=CONFIG,
)
