import json

from private_api_guard import types
from private_api_guard.apigatewayv2.route_authorization import POLICY

from tests.policies.policy_harness import UNKNOWN, Res, run_stack

HTTP = {"protocolType": "HTTP", "name": "orders"}
WS = {"protocolType": "WEBSOCKET", "routeSelectionExpression": "$request.body.action"}
PUBLIC = "(HTTP and WebSocket APIs have no private endpoint)"


def api(resource="api", **props):
    return Res(types.APIGATEWAYV2_API, resource, {**HTTP, **props})


def route(name, key, authorization=None, api_name="api"):
    props = {"routeKey": key, **({"authorizationType": authorization} if authorization is not None else {})}
    return Res(types.APIGATEWAYV2_ROUTE, name, props, deps={"apiId": [api_name]} if api_name else {})


def test_metadata():
    assert POLICY.name == "aws-apigatewayv2-route-enable-authorization"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_an_http_route_without_authorization_fails():
    result = run_stack(POLICY, [api(), route("list", "GET /orders")])
    assert result.violations == [
        f"authorizationType is unset: the route 'GET /orders' of HTTP API api can be called by anyone on the "
        f"internet {PUBLIC}. Fix: set authorization_type to AWS_IAM on the route."]
    assert result.urns == ["urn:pulumi:test::private-apis::aws:apigatewayv2/route:Route::list"]


def test_jwt_and_custom_fail_by_default_and_pass_when_configured():
    stack = [api(), route("jwt", "GET /a", "JWT"), route("fn", "POST /b", "CUSTOM"), route("iam", "GET /c", "AWS_IAM")]
    assert run_stack(POLICY, stack).violations == [
        f"authorizationType is 'JWT': the route 'GET /a' of HTTP API api is served on a public endpoint {PUBLIC}, "
        "where this pack admits only AWS_IAM (allowedAuthorizationTypes); JWT admits anyone holding a token the "
        "authorizer accepts, from anywhere. Fix: set authorization_type to AWS_IAM on the route.",
        f"authorizationType is 'CUSTOM': the route 'POST /b' of HTTP API api is served on a public endpoint {PUBLIC}, "
        "where this pack admits only AWS_IAM (allowedAuthorizationTypes); CUSTOM admits anyone holding a token the "
        "authorizer accepts, from anywhere. Fix: set authorization_type to AWS_IAM on the route."]
    config = {"allowedAuthorizationTypes": ["AWS_IAM", "JWT", "CUSTOM"]}
    assert run_stack(POLICY, stack, config=config).violations == []
    result = run_stack(POLICY, [api(), route("open", "GET /d", "NONE")], config=config)
    assert result.violations == [
        f"authorizationType is 'NONE': the route 'GET /d' of HTTP API api can be called by anyone on the internet "
        f"{PUBLIC}. Fix: set authorization_type to AWS_IAM or JWT or CUSTOM on the route."]


def test_options_routes_pass():
    assert run_stack(POLICY, [api(), route("preflight", "OPTIONS /orders", "NONE")]).violations == []


def test_websocket_checks_only_connect():
    stack = [Res(types.APIGATEWAYV2_API, "chat", WS), route("connect", "$connect", "NONE", "chat"),
             route("send", "sendmessage", None, "chat"), route("bye", "$disconnect", None, "chat"),
             route("fallback", "$default", None, "chat")]
    assert run_stack(POLICY, stack).violations == [
        "authorizationType is 'NONE': any client on the internet can connect to WebSocket API chat: $connect is the "
        "only route API Gateway authorises, and HTTP and WebSocket APIs have no private endpoint. Fix: set "
        "authorization_type to AWS_IAM on the route."]
    stack[1] = route("connect", "$connect", "AWS_IAM", "chat")
    assert run_stack(POLICY, stack).violations == []


def test_a_websocket_api_without_connect_route_fails():
    stack = [Res(types.APIGATEWAYV2_API, "chat", WS), route("send", "sendmessage", None, "chat")]
    result = run_stack(POLICY, stack)
    assert result.violations == [
        "$connect route is unset: WebSocket API chat has routes but no $connect route, so any client on the "
        "internet can connect without authorization. Fix: add an apigatewayv2.Route with route_key='$connect' and "
        "authorization_type AWS_IAM."]
    assert result.urns == ["urn:pulumi:test::private-apis::aws:apigatewayv2/api:Api::chat"]
    assert run_stack(POLICY, [Res(types.APIGATEWAYV2_API, "chat", WS)]).violations == []


def test_websocket_fix_never_offers_jwt():
    stack = [Res(types.APIGATEWAYV2_API, "chat", WS), route("connect", "$connect", None, "chat")]
    result = run_stack(POLICY, stack, config={"allowedAuthorizationTypes": ["JWT", "CUSTOM"]})
    assert result.violations[0].endswith("Fix: set authorization_type to CUSTOM on the route.")


def test_quick_create_fails_even_when_the_target_is_unknown():
    result = run_stack(POLICY, [api(target=UNKNOWN)])
    assert result.violations == [
        "target is set (quick create): the route '$default' that quick create makes for HTTP API api, which has no "
        f"authorization, can be called by anyone on the internet {PUBLIC}. Fix: drop target and route_key, and "
        "define apigatewayv2.Route resources with authorization_type AWS_IAM and an apigatewayv2.Integration."]
    assert result.unknown is None
    keyed = run_stack(POLICY, [api(target="arn:aws:lambda:eu-west-1:123456789012:function:f", routeKey="GET /x")])
    assert "the route 'GET /x' that quick create makes" in keyed.violations[0]


def test_body_routes_are_judged_like_route_resources():
    body = {"openapi": "3.0.1", "paths": {
        "/orders": {"get": {"security": [{"sigv4": []}]}, "post": {}, "options": {}},
        "$default": {"x-amazon-apigateway-any-method": {"security": [{"jwt": []}]}}},
        "components": {"securitySchemes": {
            "sigv4": {"type": "apiKey", "name": "Authorization", "in": "header",
                      "x-amazon-apigateway-authtype": "awsSigv4"},
            "jwt": {"type": "oauth2", "x-amazon-apigateway-authorizer": {"type": "jwt"}}}}}
    result = run_stack(POLICY, [api(body=json.dumps(body))])
    assert result.violations == [
        f"body.paths['/orders'].post.security is unset: the route 'POST /orders' of HTTP API api (from its OpenAPI "
        f"body) can be called by anyone on the internet {PUBLIC}. Fix: give the operation a security requirement on "
        "a scheme with x-amazon-apigateway-authtype awsSigv4.",
        "body.paths['$default'].x-amazon-apigateway-any-method.security is [{\"jwt\": []}]: the route '$default' of "
        f"HTTP API api (from its OpenAPI body) is served on a public endpoint {PUBLIC}, where this pack admits only "
        "AWS_IAM (allowedAuthorizationTypes); JWT admits anyone holding a token the authorizer accepts, from "
        "anywhere. Fix: give the operation a security requirement on a scheme with x-amazon-apigateway-authtype "
        "awsSigv4."]
    assert result.urns == ["urn:pulumi:test::private-apis::aws:apigatewayv2/api:Api::api"] * 2


def test_an_unreadable_body_fails():
    result = run_stack(POLICY, [api(body="title: no paths here")])
    assert result.violations == [
        "body is a text of 20 characters: it is not an OpenAPI document with paths, so the routes it defines cannot "
        "be checked. Fix: pass the OpenAPI definition as a JSON or YAML string with a paths object."]


def test_routes_of_apis_outside_the_stack_are_judged_by_their_key():
    stack = [route("a", "GET /x", None, None), route("b", "$default", None, None), route("c", "$connect", None, None),
             route("d", "sendmessage", None, None), route("e", "$disconnect", None, None)]
    assert [v.split(":")[0] for v in run_stack(POLICY, stack).violations] == ["authorizationType is unset"] * 3
    assert "the route '$default' of an API outside this stack" in run_stack(POLICY, stack).violations[1]
    assert "can connect to an API outside this stack" in run_stack(POLICY, stack).violations[2]


def test_first_preview_structure_is_enough():
    # Ids unknown, the link known through property dependencies: the route is still judged.
    result = run_stack(POLICY, [api(name=UNKNOWN), Res(types.APIGATEWAYV2_ROUTE, "list", {
        "apiId": UNKNOWN, "routeKey": "GET /orders", "target": UNKNOWN}, deps={"apiId": ["api"]})])
    assert len(result.violations) == 1 and result.unknown is None


def test_unknown_authorization_cannot_be_decided_but_other_routes_are_checked():
    result = run_stack(POLICY, [api(), route("later", "GET /a", UNKNOWN), route("open", "GET /b", "NONE")])
    assert len(result.violations) == 1 and "'GET /b'" in result.violations[0]
    assert result.unknown == "string value at .authorizationType can't be known during preview"


def test_unknown_body_cannot_be_decided():
    result = run_stack(POLICY, [api(body=UNKNOWN)])
    assert result.violations == []
    assert result.unknown == "string value at .body can't be known during preview"
