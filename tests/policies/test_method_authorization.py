import json

from private_api_guard import types
from private_api_guard.apigateway.method_authorization import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource


def method(**props):
    return run_resource(POLICY, types.METHOD, {"restApi": UNKNOWN, "resourceId": UNKNOWN, "httpMethod": "GET",
                                               **props}, config=props.pop("config", None))


def test_metadata():
    assert POLICY.name == "aws-apigateway-method-enable-authorization"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_none_fails():
    assert method(authorization="NONE").violations == [
        "authorization is 'NONE': the GET method can be called without any authorization. Fix: set authorization "
        "to AWS_IAM or CUSTOM or COGNITO_USER_POOLS."]


def test_unset_fails():
    assert method().violations == [
        "authorization is unset: the GET method can be called without any authorization. Fix: set authorization "
        "to AWS_IAM or CUSTOM or COGNITO_USER_POOLS."]


def test_authorized_methods_and_options_preflight_pass():
    assert method(authorization="AWS_IAM").violations == []
    assert method(authorization="CUSTOM", authorizerId=UNKNOWN).violations == []
    assert method(authorization="NONE", httpMethod="OPTIONS").violations == []


def test_required_authorization_narrows_the_accepted_types():
    config = {"requiredAuthorization": ["AWS_IAM"]}
    result = run_resource(POLICY, types.METHOD, {"httpMethod": "ANY", "authorization": "CUSTOM"}, config=config)
    assert result.violations == ["authorization is 'CUSTOM': this pack accepts only AWS_IAM (requiredAuthorization). "
                                 "Fix: set authorization to AWS_IAM."]
    result = run_resource(POLICY, types.METHOD, {"httpMethod": "ANY", "authorization": "NONE"}, config=config)
    assert result.violations == ["authorization is 'NONE': the ANY method can be called without any authorization. "
                                 "Fix: set authorization to AWS_IAM."]
    assert run_resource(POLICY, types.METHOD, {"httpMethod": "ANY", "authorization": "AWS_IAM"},
                        config=config).violations == []


def test_unknown_authorization_cannot_be_decided():
    result = method(authorization=UNKNOWN)
    assert result.violations == []
    assert result.unknown == "string value at .authorization can't be known during preview"


def test_unknown_http_method_cannot_be_decided():
    result = method(httpMethod=UNKNOWN, authorization="NONE")
    assert result.violations == []
    assert result.unknown == "string value at .httpMethod can't be known during preview"


SIGV4 = {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"}
LAMBDA = {"type": "apiKey", "name": "Authorization", "in": "header",
          "x-amazon-apigateway-authorizer": {"type": "request", "authorizerUri": "arn:fn"}}
KEY = {"type": "apiKey", "name": "x-api-key", "in": "header"}
BODY_FIX = ("give the operation a security requirement on a scheme API Gateway enforces as AWS_IAM or CUSTOM or "
            "COGNITO_USER_POOLS (x-amazon-apigateway-authtype awsSigv4 for AWS_IAM, an x-amazon-apigateway-authorizer "
            "for COGNITO_USER_POOLS or CUSTOM)")


def rest_api(paths, config=None):
    body = json.dumps({"swagger": "2.0", "paths": paths,
                       "securityDefinitions": {"sigv4": SIGV4, "fn": LAMBDA, "api_key": KEY}})
    return run_resource(POLICY, types.REST_API, {"body": body}, config=config)


def test_body_operations_without_authorization_fail():
    result = rest_api({"/pets": {"get": {}, "post": {"security": [{"api_key": []}]},
                                 "put": {"security": [{"sigv4": []}]}, "options": {}}})
    assert result.violations == [
        f"body.paths['/pets'].get.security is unset: the GET /pets method declared in the OpenAPI body can be called "
        f"without any authorization. Fix: {BODY_FIX}.",
        f"body.paths['/pets'].post.security is [{{\"api_key\": []}}]: the POST /pets method declared in the OpenAPI "
        f"body can be called without any authorization. Fix: {BODY_FIX}."]


def test_body_operations_and_required_authorization():
    config = {"requiredAuthorization": ["AWS_IAM"]}
    result = rest_api({"/pets": {"get": {"security": [{"fn": []}]}, "put": {"security": [{"sigv4": []}]}}}, config)
    assert result.violations == [
        "body.paths['/pets'].get.security is [{\"fn\": []}]: the GET /pets method declared in the OpenAPI body uses "
        "CUSTOM, and this pack accepts only AWS_IAM (requiredAuthorization). Fix: give the operation a security "
        "requirement on a scheme API Gateway enforces as AWS_IAM (x-amazon-apigateway-authtype awsSigv4 for "
        "AWS_IAM, an x-amazon-apigateway-authorizer for COGNITO_USER_POOLS or CUSTOM)."]


def test_rest_apis_without_a_body_pass_and_an_unreadable_body_fails():
    assert run_resource(POLICY, types.REST_API, {"name": "x"}).violations == []
    assert run_resource(POLICY, types.REST_API, {"body": "not an api"}).violations == [
        "body is a text of 10 characters: it is not an OpenAPI document with paths, so the methods it defines "
        "cannot be checked. Fix: pass the OpenAPI definition as a JSON or YAML string with a paths object."]


def test_an_unknown_body_cannot_be_decided():
    result = run_resource(POLICY, types.REST_API, {"body": UNKNOWN})
    assert result.violations == [] and result.unknown == "string value at .body can't be known during preview"


def test_a_path_item_by_reference_cannot_be_proven_authorised():
    # Whether the import resolves a path item's $ref is not documented: its operations are unseen, so fail closed.
    body = json.dumps({"openapi": "3.0.1", "info": {"title": "t", "version": "1"},
                       "paths": {"/a": {"$ref": "#/components/pathItems/open"}}})
    result = run_resource(POLICY, types.REST_API, {"body": body})
    assert result.violations == [
        f"body is a text of {len(body)} characters: it is not an OpenAPI document with paths, so the methods it "
        "defines cannot be checked. Fix: pass the OpenAPI definition as a JSON or YAML string with a paths object."]
