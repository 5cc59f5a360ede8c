"""components.openapi_body: the REST API's methods as one OpenAPI document (pure, no mocks)."""

from __future__ import annotations

import json

from components.openapi_body import lambda_invoke_uri, rest_api_body, rest_api_document
from components.routes import parse_routes

URI = ("arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/"
       "arn:aws:lambda:eu-west-1:123456789012:function:f/invocations")
SIGV4 = {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"}


def integration(uri: str = URI) -> dict:
    return {"type": "aws_proxy", "httpMethod": "POST", "uri": uri, "passthroughBehavior": "when_no_match"}


def test_invoke_uri_is_what_a_function_reads_back_as_invoke_arn() -> None:
    # Lambda API reference, "Invoke": POST /2015-03-31/functions/{FunctionName}/invocations, through API Gateway's
    # lambda service path (pulumi-aws Function.invokeArn).
    assert lambda_invoke_uri("aws", "eu-west-1", "123456789012", "f") == URI
    assert lambda_invoke_uri("aws-cn", "cn-north-1", "123456789012", "g") == (
        "arn:aws-cn:apigateway:cn-north-1:lambda:path/2015-03-31/functions/"
        "arn:aws-cn:lambda:cn-north-1:123456789012:function:g/invocations")


def test_iam_document_with_parameters_and_any() -> None:
    routes = parse_routes(["GET /users/{id}", "ANY /{proxy+}", "POST /users"], "routes")
    document = rest_api_document("api", [(route, URI) for route in routes], authorization="AWS_IAM")
    assert document == {
        "openapi": "3.0.1",
        "info": {"title": "api", "version": "1"},
        "components": {"securitySchemes": {"sigv4": SIGV4}},
        "paths": {
            "/users": {"post": {
                "operationId": "post-users", "summary": "POST /users", "security": [{"sigv4": []}],
                "responses": {"default": {"description": "The function's response, passed through"}},
                "x-amazon-apigateway-integration": integration()}},
            "/users/{id}": {"get": {
                "operationId": "get-users-id", "summary": "GET /users/{id}", "security": [{"sigv4": []}],
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"default": {"description": "The function's response, passed through"}},
                "x-amazon-apigateway-integration": integration()}},
            "/{proxy+}": {"x-amazon-apigateway-any-method": {
                "operationId": "any-proxy", "summary": "ANY /{proxy+}", "security": [{"sigv4": []}],
                "parameters": [{"name": "proxy", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"default": {"description": "The function's response, passed through"}},
                "x-amazon-apigateway-integration": integration()}},
        },
    }


def test_api_key_is_required_together_with_sigv4() -> None:
    # One security requirement object names both schemes: API Gateway then needs the signature AND the key.
    (route,) = parse_routes(["GET /users"], "routes")
    document = rest_api_document("api", [(route, URI)], authorization="AWS_IAM", api_key_required=True)
    assert document["paths"]["/users"]["get"]["security"] == [{"sigv4": [], "api_key": []}]
    assert document["components"]["securitySchemes"]["api_key"] == {"type": "apiKey", "name": "x-api-key",
                                                                     "in": "header"}


def test_none_authorization_declares_no_security() -> None:
    (route,) = parse_routes(["GET /"], "routes")
    document = rest_api_document("api", [(route, URI)], authorization="NONE")
    assert "security" not in document["paths"]["/"]["get"]
    assert "components" not in document


def test_body_text_is_stable_whatever_the_route_order() -> None:
    routes = parse_routes(["GET /b", "GET /a", "POST /a"], "routes")
    one = rest_api_body("api", [(r, URI) for r in routes], authorization="AWS_IAM")
    other = rest_api_body("api", [(r, URI) for r in reversed(routes)], authorization="AWS_IAM")
    assert one == other
    assert one == json.dumps(json.loads(one), sort_keys=True, separators=(",", ":"))
