"""REST APIs are PRIVATE, or every one of their methods is IAM-authorised (catalogue rule 1).

A stack policy, because "IAM-authorised" is a property of the API's methods, which are separate
resources; they are found through property dependencies, so the check works in a first preview
when the API id is still unknown.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, Severity, StackValidationArgs

from private_api_guard import types
from private_api_guard.apigateway.graph import StackIndex, endpoint_types_of
from private_api_guard.core import stack_policy, violation

NAME = "aws-apigateway-restapi-disallow-public-endpoint"


def validate(args: StackValidationArgs, report: ReportViolation) -> None:
    index = StackIndex(args.resources)
    methods_by_api = index.referrers([types.METHOD], "restApi")
    for api in index.of(types.REST_API):
        found = endpoint_types_of(api.props)
        if found == ["PRIVATE"]:
            continue
        methods = methods_by_api.get(api.urn, [])
        if not methods:
            report(violation("endpointConfiguration.types", found,
                             "the API is reachable from the internet and has no methods that prove IAM "
                             "authorisation", "set endpoint_configuration types to PRIVATE, or define "
                             "every method with authorization AWS_IAM"), api.urn)
            continue
        for method in methods:
            authorization = method.props.get("authorization")
            if authorization != "AWS_IAM":
                report(violation("endpointConfiguration.types", found,
                                 f"the API is reachable from the internet and its method {method.name} has "
                                 f"authorization {authorization!r}", "set endpoint_configuration types to "
                                 "PRIVATE, or authorization AWS_IAM on every method"), api.urn)


POLICY = stack_policy(
    name=NAME,
    description="Checks that every REST API is PRIVATE, or that every method of a REGIONAL or EDGE API "
                "requires AWS_IAM authorisation (an unset endpoint type means EDGE).",
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.CRITICAL,
    remediation_steps="Set endpoint_configuration={'types': 'PRIVATE', 'vpc_endpoint_ids': [...]} on the "
                      "RestApi, or keep it REGIONAL and set authorization='AWS_IAM' on every Method.",
)
