"""Every route of an HTTP or WebSocket API requires an admitted authorization type (API Gateway v2).

HTTP and WebSocket APIs have no private endpoint type: every one is served on a public
``https://<id>.execute-api.<region>.amazonaws.com`` (or ``wss://``) endpoint, so a route's authorization is the
only thing between it and the internet. Like a REGIONAL REST API, a route passes only with an authorization type of
the config list ``allowedAuthorizationTypes`` (default ``AWS_IAM``: SigV4-signed callers of your accounts); ``JWT``
and ``CUSTOM`` authenticate callers of a public endpoint and are admitted only when a team lists them. ``NONE``
(also an unset type, the provider default) never passes.

* HTTP APIs: every ``Route`` but ``OPTIONS`` ones (a browser's CORS preflight carries no credentials, and AWS
  advises an unauthorised OPTIONS route next to authorised ``ANY`` routes,
  https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html); the implicit ``$default``
  route (or ``routeKey``) that quick create makes for an ``Api`` with ``target``, which has no authorization; and
  every operation of an OpenAPI ``body`` (read by :mod:`private_api_guard.apigateway.openapi`).
* WebSocket APIs: only ``$connect`` is authorised by API Gateway ("You can only use a Lambda authorizer function
  for the $connect route", https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html),
  so that route is checked, and an API with routes but no ``$connect`` route accepts every connection.

A stack policy: a route is tied to its API through the property dependencies of ``apiId`` (known in a first
preview), and the API's ``protocolType`` tells HTTP from WebSocket. A route whose API is not in the stack is judged
by its key: ``$connect`` as WebSocket, ``$disconnect`` and action names (no space) are not authorised by API Gateway
and pass, ``$default`` and ``METHOD /path`` as HTTP.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pulumi_policy import EnforcementLevel, PolicyResource, ReportViolation, Severity, StackValidationArgs
from pulumi_policy.proxy import UnknownValueError

from private_api_guard import types
from private_api_guard.apigateway import openapi
from private_api_guard.apigateway.graph import Unknowns
from private_api_guard.core import Described, StackIndex, config_of, dependencies, stack_policy, violation
from private_api_guard.iam_documents import strings

NAME = "aws-apigatewayv2-route-enable-authorization"
AUTHORIZATION_TYPES = ["AWS_IAM", "JWT", "CUSTOM"]
WEBSOCKET = "WEBSOCKET"
CONNECT = "$connect"
PUBLIC = "HTTP and WebSocket APIs have no private endpoint"

CONFIG = {
    "allowedAuthorizationTypes": {
        "type": "array",
        "items": {"type": "string", "enum": AUTHORIZATION_TYPES},
        "description": "Authorization types a route of an HTTP or WebSocket API may use. These APIs are always "
                       "public, so JWT and CUSTOM admit anyone holding a token your authorizer accepts: list them "
                       "deliberately.",
        "default": ["AWS_IAM"],
    },
}


def is_set(props: Mapping[str, Any], key: str) -> bool:
    """Whether ``key`` has a value, known or not (an unknown value is still a value)."""
    if not any(k == key for k in props):
        return False
    try:
        return props.get(key) is not None
    except UnknownValueError:
        return True


class _Judge:
    """Judges one authorization type against the allowed list and reports on a resource."""

    def __init__(self, allowed: list[str], report: ReportViolation) -> None:
        self.allowed = allowed
        self.report = report

    def usable(self, websocket: bool) -> str:
        # WebSocket routes accept AWS_IAM or CUSTOM only (the provider docs of Route.authorization_type).
        usable = [t for t in self.allowed if not (websocket and t == "JWT")] or ["AWS_IAM"]
        return " or ".join(usable)

    def problem(self, authorization: str, what: str, websocket: bool) -> str | None:
        if authorization == "NONE":
            if websocket:
                return (f"any client on the internet can connect to {what}: $connect is the only route API Gateway "
                        f"authorises, and {PUBLIC}")
            return f"{what} can be called by anyone on the internet ({PUBLIC})"
        if authorization not in self.allowed:
            return (f"{what} is served on a public endpoint ({PUBLIC}), where this pack admits only "
                    f"{', '.join(self.allowed)} (allowedAuthorizationTypes); {authorization} admits anyone holding a "
                    "token the authorizer accepts, from anywhere")
        return None

    def judge(self, field: str, value: Any, authorization: str, what: str, websocket: bool, fix: str,
              urn: str) -> None:
        problem = self.problem(authorization, what, websocket)
        if problem:
            self.report(violation(field, value, problem, fix), urn)


def _normalized(value: Any) -> str:
    return value.strip().upper() if isinstance(value, str) and value.strip() else "NONE"


def _is_websocket(api: PolicyResource) -> bool:
    protocol = api.props.get("protocolType")
    return isinstance(protocol, str) and protocol.strip().upper() == WEBSOCKET


def _api_of(route: PolicyResource) -> PolicyResource | None:
    return next((d for d in dependencies(route, "apiId") if d.resource_type == types.APIGATEWAYV2_API), None)


def _is_options(route_key: Any) -> bool:
    return isinstance(route_key, str) and route_key.strip().split(" ", 1)[0].upper() == "OPTIONS"


def _check_route(route: PolicyResource, judge: _Judge) -> None:
    api = _api_of(route)
    key = route.props.get("routeKey")
    if api is not None:
        websocket = _is_websocket(api)
        owner = f"{'WebSocket' if websocket else 'HTTP'} API {api.name}"
    else:
        # Not in this stack: the key is all there is. Anything that could be an HTTP route is judged as one.
        websocket = key == CONNECT or (isinstance(key, str) and " " not in key.strip() and key != "$default")
        owner = "an API outside this stack"
    if websocket and key != CONNECT:
        return
    if not websocket and _is_options(key):
        return
    what = owner if websocket else f"the route {key!r} of {owner}"
    judge.judge("authorizationType", route.props.get("authorizationType"),
                _normalized(route.props.get("authorizationType")), what, websocket,
                f"set authorization_type to {judge.usable(websocket)} on the route", route.urn)


def _check_quick_create(api: PolicyResource, judge: _Judge) -> None:
    route_key = api.props.get("routeKey") if is_set(api.props, "routeKey") else "$default"
    if _is_options(route_key):
        return
    judge.judge("target", Described("set (quick create)"), "NONE",
                f"the route {route_key!r} that quick create makes for HTTP API {api.name}, which has no "
                "authorization,", False,
                f"drop target and route_key, and define apigatewayv2.Route resources with authorization_type "
                f"{judge.usable(False)} and an apigatewayv2.Integration", api.urn)


def _check_body(api: PolicyResource, judge: _Judge) -> None:
    body = api.props.get("body")
    found = openapi.read(body)
    if found is None:
        return
    if not found.readable:
        judge.report(violation("body", Described(f"a text of {len(str(body))} characters"),
                               "it is not an OpenAPI document with paths, so the routes it defines cannot be checked",
                               "pass the OpenAPI definition as a JSON or YAML string with a paths object"), api.urn)
        return
    fix = ("give the operation a security requirement on a scheme with x-amazon-apigateway-authtype awsSigv4"
           if judge.allowed == ["AWS_IAM"] else
           f"give the operation a security requirement on a scheme API Gateway enforces as {judge.usable(False)}")
    for operation in found.operations:
        if operation.method == "OPTIONS":
            continue
        judge.judge(operation.field, operation.security, operation.authorization,
                    f"the route {operation.route_key!r} of HTTP API {api.name} (from its OpenAPI body)", False, fix,
                    api.urn)


def _check_connect_exists(api: PolicyResource, routes: Iterable[PolicyResource], judge: _Judge) -> None:
    listed = list(routes)
    if listed and not any(route.props.get("routeKey") == CONNECT for route in listed):
        judge.report(violation("$connect route", None, f"WebSocket API {api.name} has routes but no $connect route, "
                               "so any client on the internet can connect without authorization",
                               f"add an apigatewayv2.Route with route_key='$connect' and authorization_type "
                               f"{judge.usable(True)}"), api.urn)


def validate(args: StackValidationArgs, report: ReportViolation) -> None:
    index = StackIndex(args.resources)
    allowed = [t.upper() for t in strings(config_of(args, "allowedAuthorizationTypes", ["AWS_IAM"]))] or ["AWS_IAM"]
    judge = _Judge(allowed, report)
    routes_by_api = index.referrers((types.APIGATEWAYV2_ROUTE,), "apiId")

    def check_api(api: PolicyResource) -> None:
        if _is_websocket(api):
            _check_connect_exists(api, routes_by_api.get(api.urn, []), judge)
            return
        if is_set(api.props, "target"):
            _check_quick_create(api, judge)
        _check_body(api, judge)

    unknowns = Unknowns()
    unknowns.each(index.of(types.APIGATEWAYV2_API), check_api)
    unknowns.each(index.of(types.APIGATEWAYV2_ROUTE), lambda route: _check_route(route, judge))
    unknowns.raise_first()


POLICY = stack_policy(
    name=NAME,
    description="Checks that every route of an HTTP API (Route resources, the quick-create route of an Api with "
                "target, OpenAPI body operations) and the $connect route of a WebSocket API uses an allowed "
                "authorization type (default AWS_IAM): these APIs have no private endpoint.",
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.CRITICAL,
    remediation_steps="Set authorization_type='AWS_IAM' on every apigatewayv2.Route (for WebSocket APIs, on the "
                      "$connect route), define routes instead of quick create (target), and give every OpenAPI "
                      "operation a sigv4 security requirement; to admit JWT or Lambda authorizers, list them in "
                      "allowedAuthorizationTypes.",
    config_properties=CONFIG,
)
