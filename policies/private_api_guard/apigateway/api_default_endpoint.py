"""An API behind a custom domain name turns its default execute-api endpoint off.

By default every REST, HTTP and WebSocket API also answers on ``https://<id>.execute-api.<region>.amazonaws.com``
("To ensure that clients can access your API only by using a custom domain name, disable the default
execute-api endpoint", https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-disable-default-endpoint.html
and .../http-api-disable-default-endpoint.html). A custom
domain in front of an API is where a team puts what callers must go through: its TLS security policy, mutual TLS,
the one stage and base path it maps. The default endpoint stays reachable from the internet and skips all of that
(every stage, no mTLS), so it must be disabled: ``disableExecuteApiEndpoint`` on the API, or ``true`` in the
OpenAPI body's ``x-amazon-apigateway-endpoint-configuration`` (which the provider does not override with an unset
argument).

A stack policy: a v2 ``DomainName`` fronts an API through an ``ApiMapping`` (``apiId``, which may name a REST API
too), a v1 ``DomainName`` through a ``BasePathMapping`` (``restApi``); both are linked by property dependencies, so
the check works in a first preview. A PRIVATE REST API is not checked: its default endpoint is reachable only
through VPC endpoints the resource policy admits.
"""

from __future__ import annotations

from collections import defaultdict

from pulumi_policy import EnforcementLevel, PolicyResource, ReportViolation, Severity, StackValidationArgs

from private_api_guard import types
from private_api_guard.apigateway import openapi
from private_api_guard.apigateway.graph import decide_each, is_private
from private_api_guard.core import StackIndex, dependencies, stack_policy, violation

NAME = "aws-apigateway-api-disallow-default-endpoint"
_APIS = (types.REST_API, types.APIGATEWAYV2_API)
_MAPPINGS = ((types.APIGATEWAYV2_API_MAPPING, "apiId"), (types.BASE_PATH_MAPPING, "restApi"))
_DOMAINS = (types.APIGATEWAYV2_DOMAIN_NAME, types.DOMAIN_NAME)


def _fronts(index: StackIndex) -> dict[str, list[str]]:
    """API URN -> how custom domains of the stack front it ("custom domain d (mapping m)")."""
    found: dict[str, list[str]] = defaultdict(list)
    for mapping_type, prop in _MAPPINGS:
        for mapping in index.of(mapping_type):
            domains = [d.name for d in dependencies(mapping, "domainName") if d.resource_type in _DOMAINS]
            label = f"custom domain {domains[0]} (mapping {mapping.name})" if domains else \
                f"a custom domain (mapping {mapping.name})"
            for api in dependencies(mapping, prop):
                if api.resource_type in _APIS and label not in found[api.urn]:
                    found[api.urn].append(label)
    return found


def validate(args: StackValidationArgs, report: ReportViolation) -> None:
    index = StackIndex(args.resources)
    fronted = _fronts(index)

    def check(api: PolicyResource) -> None:
        domains = fronted.get(api.urn)
        if not domains:
            return
        if api.resource_type == types.REST_API and is_private(api.props):
            return
        disabled = api.props.get("disableExecuteApiEndpoint")
        if disabled is True:
            return
        body = openapi.read(api.props.get("body"))
        if body is not None and body.disables_execute_api_endpoint:
            return
        report(violation("disableExecuteApiEndpoint", disabled,
                         f"{' and '.join(domains)} fronts the API, but its default execute-api endpoint stays "
                         "reachable from the internet and bypasses what the domain adds (its TLS policy, mutual "
                         "TLS, the one stage and path it maps)",
                         "set disable_execute_api_endpoint=True on the API, so callers can only use the custom "
                         "domain"), api.urn)

    decide_each([api for api in index.of(*_APIS) if api.urn in fronted], check)


POLICY = stack_policy(
    name=NAME,
    description="Checks that every REST, HTTP or WebSocket API that a custom domain of the stack fronts "
                "(ApiMapping, BasePathMapping) disables its default execute-api endpoint, unless it is a PRIVATE "
                "REST API.",
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Set disable_execute_api_endpoint=True on the apigatewayv2.Api or apigateway.RestApi that "
                      "an ApiMapping or BasePathMapping puts behind a custom domain (or disableExecuteApiEndpoint: "
                      "true in the OpenAPI body's x-amazon-apigateway-endpoint-configuration).",
)
