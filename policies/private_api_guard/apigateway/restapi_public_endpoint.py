"""REST APIs are PRIVATE, or every one of their methods is IAM-authorised
(policies/README.md#aws-apigateway-restapi-disallow-public-endpoint).

A stack policy, because "IAM-authorised" is a property of the API's methods, which are separate
resources; they are found through property dependencies, so the check works in a first preview
when the API id is still unknown. The methods an OpenAPI ``body`` declares count as methods too
(read by :mod:`private_api_guard.apigateway.openapi`); the body cannot make an API PRIVATE, only
``endpointConfiguration`` does (the import takes the endpoint type as a parameter, default EDGE).

Cognito and Lambda (CUSTOM) authorizers authenticate callers but leave the endpoint on the
internet, so by default they fail here like NONE: authentication is not privacy. A team that
accepts them on public endpoints lists them in ``allowedPublicAuthorizations``.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, PolicyResource, ReportViolation, Severity, StackValidationArgs

from private_api_guard import types
from private_api_guard.apigateway import openapi
from private_api_guard.apigateway.graph import Unknowns, decide_each, endpoint_types_of
from private_api_guard.core import StackIndex, config_of, stack_policy, violation
from private_api_guard.iam_documents import strings

NAME = "aws-apigateway-restapi-disallow-public-endpoint"
AUTHORIZATION_TYPES = ["AWS_IAM", "COGNITO_USER_POOLS", "CUSTOM"]

CONFIG = {
    "allowedPublicAuthorizations": {
        "type": "array",
        "items": {"type": "string", "enum": AUTHORIZATION_TYPES},
        "description": "Authorization types every method of a REGIONAL or EDGE API may use. COGNITO_USER_POOLS "
                       "and CUSTOM authenticate callers but keep the endpoint public: list them deliberately.",
        "default": ["AWS_IAM"],
    },
}


def _check(api: PolicyResource, methods: list[PolicyResource], allowed: list[str],
           report: ReportViolation) -> None:
    found = endpoint_types_of(api.props)
    if found == ["PRIVATE"]:
        return
    wanted = " or ".join(allowed)
    proof = "IAM" if allowed == ["AWS_IAM"] else wanted
    fix = f"set endpoint_configuration types to PRIVATE, or authorization {wanted} on every method"
    body = openapi.read(api.props.get("body"))
    operations = body.operations if body is not None else ()
    if not methods and not operations:
        report(violation("endpointConfiguration.types", found,
                         f"the API is reachable from the internet and has no methods that prove {proof} "
                         f"authorisation", "set endpoint_configuration types to PRIVATE, or define "
                         f"every method with authorization {wanted}"), api.urn)
        return

    def check_method(method: PolicyResource) -> None:
        authorization = method.props.get("authorization")
        if authorization not in allowed:
            report(violation("endpointConfiguration.types", found,
                             f"the API is reachable from the internet and its method {method.name} has "
                             f"authorization {authorization!r}", fix), api.urn)

    unknowns = Unknowns()
    unknowns.each(methods, check_method)
    for operation in operations:
        if operation.authorization not in allowed:
            report(violation("endpointConfiguration.types", found,
                             f"the API is reachable from the internet and its method {operation.label} (from the "
                             f"OpenAPI body) has authorization {operation.authorization!r}", fix), api.urn)
    unknowns.raise_first()


def validate(args: StackValidationArgs, report: ReportViolation) -> None:
    index = StackIndex(args.resources)
    methods_by_api = index.referrers([types.METHOD], "restApi")
    allowed = strings(config_of(args, "allowedPublicAuthorizations", ["AWS_IAM"])) or ["AWS_IAM"]
    decide_each(index.of(types.REST_API),
                lambda api: _check(api, methods_by_api.get(api.urn, []), allowed, report))


POLICY = stack_policy(
    name=NAME,
    description="Checks that every REST API is PRIVATE, or that every method of a REGIONAL or EDGE API "
                "(Method resources and OpenAPI body operations) requires AWS_IAM authorisation, or another "
                "configured allowedPublicAuthorizations type (an unset endpoint type means EDGE).",
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.CRITICAL,
    remediation_steps="Set endpoint_configuration={'types': 'PRIVATE', 'vpc_endpoint_ids': [...]} on the "
                      "RestApi, or keep it REGIONAL and set authorization='AWS_IAM' on every Method (in an "
                      "OpenAPI body: a security requirement on an x-amazon-apigateway-authtype awsSigv4 scheme).",
    config_properties=CONFIG,
)
