import json

from private_api_guard import types
from private_api_guard.apigateway.method_api_key_only import POLICY

from components.openapi_body import rest_api_body
from components.routes import parse_route
from tests.policies.policy_harness import UNKNOWN, run_resource

KEY_ONLY = ("authorization is 'NONE': the method requires an API key but no authorization, so the key is its only "
            "protection. Fix: keep api_key_required for metering and set authorization to AWS_IAM, CUSTOM or "
            "COGNITO_USER_POOLS.")


def test_metadata():
    assert POLICY.name == "aws-apigateway-method-disallow-api-key-only"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_api_key_with_no_authorization_fails():
    result = run_resource(POLICY, types.METHOD, {"httpMethod": "GET", "authorization": "NONE", "apiKeyRequired": True})
    assert result.violations == [KEY_ONLY]


def test_api_key_with_iam_and_no_key_pass():
    assert run_resource(POLICY, types.METHOD, {"authorization": "AWS_IAM", "apiKeyRequired": True}).violations == []
    assert run_resource(POLICY, types.METHOD, {"authorization": "NONE", "apiKeyRequired": False}).violations == []
    assert run_resource(POLICY, types.METHOD, {"authorization": "NONE"}).violations == []


def test_unknown_key_requirement_cannot_be_decided():
    result = run_resource(POLICY, types.METHOD, {"authorization": "NONE", "apiKeyRequired": UNKNOWN})
    assert result.violations == []
    assert result.unknown == "string value at .apiKeyRequired can't be known during preview"


# The operations of an OpenAPI body become methods of the API (components/openapi_body.py writes the stacks' own).
def _body(security, schemes):
    return json.dumps({"openapi": "3.0.1", "info": {"title": "t", "version": "1"},
                       "components": {"securitySchemes": schemes},
                       "paths": {"/users": {"get": {"security": security, "responses": {}}}}})


KEY_SCHEME = {"api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"}}
SIGV4_SCHEME = {"sigv4": {"type": "apiKey", "name": "Authorization", "in": "header",
                          "x-amazon-apigateway-authtype": "awsSigv4"}}


def test_body_operation_with_only_an_api_key_fails():
    result = run_resource(POLICY, types.REST_API, {"body": _body([{"api_key": []}], KEY_SCHEME)})
    assert result.violations == [
        "body.paths['/users'].get.security is [{\"api_key\": []}]: the GET /users method declared in the OpenAPI body "
        "requires an API key but no authorization, so the key is its only protection. Fix: keep the api key scheme "
        "for metering and add a scheme API Gateway enforces to the same requirement (x-amazon-apigateway-authtype "
        "awsSigv4, or an x-amazon-apigateway-authorizer)."]


def test_body_operation_with_a_key_and_sigv4_passes():
    body = _body([{"api_key": [], "sigv4": []}], {**KEY_SCHEME, **SIGV4_SCHEME})
    assert run_resource(POLICY, types.REST_API, {"body": body}).violations == []
    assert run_resource(POLICY, types.REST_API, {}).violations == []


def test_the_iam_topologys_own_body_passes():
    route = parse_route("GET /users/{id}", "routes")
    body = rest_api_body("t", [(route, "arn:aws:apigateway:eu-west-1:lambda:path/x")], authorization="AWS_IAM",
                         api_key_required=True)
    assert run_resource(POLICY, types.REST_API, {"body": body}).violations == []
    keyed_only = rest_api_body("t", [(route, "uri")], authorization="NONE", api_key_required=True)
    assert len(run_resource(POLICY, types.REST_API, {"body": keyed_only}).violations) == 1


def test_unknown_body_cannot_be_decided():
    result = run_resource(POLICY, types.REST_API, {"body": UNKNOWN})
    assert result.violations == []
    assert result.unknown == "string value at .body can't be known during preview"
