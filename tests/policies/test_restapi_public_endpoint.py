import json

from private_api_guard import types
from private_api_guard.apigateway.restapi_public_endpoint import POLICY

from tests.policies.policy_harness import UNKNOWN, Res, run_stack

REGIONAL = {"endpointConfiguration": {"types": "REGIONAL"}}


def method(name, authorization):
    return Res(types.METHOD, name, {"httpMethod": "GET", "authorization": authorization}, deps={"restApi": ["api"]})


def test_metadata():
    assert POLICY.name == "aws-apigateway-restapi-disallow-public-endpoint"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_edge_api_without_methods_fails():
    result = run_stack(POLICY, [Res(types.REST_API, "api", {})])
    assert result.violations == [
        'endpointConfiguration.types is ["EDGE"]: the API is reachable from the internet and has no methods that '
        "prove IAM authorisation. Fix: set endpoint_configuration types to PRIVATE, or define every method with "
        "authorization AWS_IAM."]


def test_regional_api_with_an_unauthorised_method_fails():
    result = run_stack(POLICY, [Res(types.REST_API, "api", REGIONAL), method("get", "AWS_IAM"), method("post", "NONE")])
    assert result.violations == [
        "endpointConfiguration.types is [\"REGIONAL\"]: the API is reachable from the internet and its method post has "
        "authorization 'NONE'. Fix: set endpoint_configuration types to PRIVATE, or authorization AWS_IAM on every "
        "method."]


def test_private_api_and_iam_only_regional_api_pass():
    assert run_stack(POLICY, [Res(types.REST_API, "api", {"endpointConfiguration": {"types": ["PRIVATE"]}})]) \
        .violations == []
    assert run_stack(POLICY, [Res(types.REST_API, "api", REGIONAL), method("get", "AWS_IAM")]).violations == []


def test_unknown_authorization_cannot_be_decided():
    result = run_stack(POLICY, [Res(types.REST_API, "api", REGIONAL), method("get", UNKNOWN)])
    assert result.violations == []
    assert result.unknown == "string value at .authorization can't be known during preview"


SIGV4 = {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"}
POOL = {"type": "apiKey", "name": "Authorization", "in": "header",
        "x-amazon-apigateway-authorizer": {"type": "cognito_user_pools", "providerARNs": ["arn:pool"]}}


def body(**paths):
    return json.dumps({"openapi": "3.0.1", "paths": {f"/{k}": v for k, v in paths.items()},
                       "components": {"securitySchemes": {"sigv4": SIGV4, "pool": POOL}}})


def test_cognito_and_custom_methods_fail_unless_configured():
    stack = [Res(types.REST_API, "api", REGIONAL), method("get", "COGNITO_USER_POOLS"), method("post", "CUSTOM")]
    assert [v.split(" has ")[-1] for v in run_stack(POLICY, stack).violations] == [
        "authorization 'COGNITO_USER_POOLS'. Fix: set endpoint_configuration types to PRIVATE, or authorization "
        "AWS_IAM on every method.",
        "authorization 'CUSTOM'. Fix: set endpoint_configuration types to PRIVATE, or authorization AWS_IAM on every "
        "method."]
    config = {"allowedPublicAuthorizations": ["AWS_IAM", "COGNITO_USER_POOLS", "CUSTOM"]}
    assert run_stack(POLICY, stack, config=config).violations == []
    result = run_stack(POLICY, [Res(types.REST_API, "api", REGIONAL), method("get", "NONE")], config=config)
    assert result.violations == [
        "endpointConfiguration.types is [\"REGIONAL\"]: the API is reachable from the internet and its method get has "
        "authorization 'NONE'. Fix: set endpoint_configuration types to PRIVATE, or authorization AWS_IAM or "
        "COGNITO_USER_POOLS or CUSTOM on every method."]


def test_the_no_methods_message_names_the_configured_types():
    result = run_stack(POLICY, [Res(types.REST_API, "api", REGIONAL)],
                       config={"allowedPublicAuthorizations": ["AWS_IAM", "CUSTOM"]})
    assert result.violations == [
        "endpointConfiguration.types is [\"REGIONAL\"]: the API is reachable from the internet and has no methods "
        "that prove AWS_IAM or CUSTOM authorisation. Fix: set endpoint_configuration types to PRIVATE, or define "
        "every method with authorization AWS_IAM or CUSTOM."]


def test_openapi_body_methods_count_as_methods():
    api = Res(types.REST_API, "api", {**REGIONAL, "body": body(items={"get": {"security": [{"sigv4": []}]},
                                                                       "delete": {"security": [{"pool": []}]},
                                                                       "post": {}})})
    result = run_stack(POLICY, [api])
    assert result.violations == [
        "endpointConfiguration.types is [\"REGIONAL\"]: the API is reachable from the internet and its method DELETE "
        "/items (from the OpenAPI body) has authorization 'COGNITO_USER_POOLS'. Fix: set endpoint_configuration "
        "types to PRIVATE, or authorization AWS_IAM on every method.",
        "endpointConfiguration.types is [\"REGIONAL\"]: the API is reachable from the internet and its method POST "
        "/items (from the OpenAPI body) has authorization 'NONE'. Fix: set endpoint_configuration types to PRIVATE, "
        "or authorization AWS_IAM on every method."]
    assert result.urns == ["urn:pulumi:test::private-apis::aws:apigateway/restApi:RestApi::api"] * 2


def test_an_iam_only_body_passes_and_the_body_cannot_make_an_api_private():
    iam_only = body(items={"get": {"security": [{"sigv4": []}]}})
    assert run_stack(POLICY, [Res(types.REST_API, "api", {**REGIONAL, "body": iam_only})]).violations == []
    # x-amazon-apigateway-endpoint-configuration has no endpoint type: an unset endpointConfiguration is EDGE.
    open_body = json.dumps({"openapi": "3.0.1", "paths": {"/x": {"get": {}}}, "servers": [
        {"url": "/", "x-amazon-apigateway-endpoint-configuration": {"vpcEndpointIds": ["vpce-1"]}}]})
    result = run_stack(POLICY, [Res(types.REST_API, "api", {"body": open_body})])
    assert result.violations[0].startswith('endpointConfiguration.types is ["EDGE"]: the API is reachable')
    private = {"endpointConfiguration": {"types": "PRIVATE"}, "body": open_body}
    assert run_stack(POLICY, [Res(types.REST_API, "api", private)]).violations == []


def test_an_unknown_body_cannot_be_decided_but_other_apis_are_checked():
    result = run_stack(POLICY, [Res(types.REST_API, "later", {**REGIONAL, "body": UNKNOWN}),
                                Res(types.REST_API, "open", REGIONAL)])
    assert len(result.violations) == 1 and "has no methods" in result.violations[0]
    assert result.unknown == "string value at .body can't be known during preview"
