"""Reading OpenAPI bodies: operations, how each is authorised, and the endpoint extension."""

import json

import pytest
from private_api_guard.apigateway import openapi
from private_api_guard.core import EvaluationLimitError
from pulumi_policy.proxy import UnknownValueError, unknown_checking_proxy

from tests.policies.policy_harness import UNKNOWN

SIGV4 = {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"}
COGNITO = {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype":
           "cognito_user_pools", "x-amazon-apigateway-authorizer": {"type": "cognito_user_pools",
                                                                      "providerARNs": ["arn:pool"]}}
LAMBDA = {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "custom",
          "x-amazon-apigateway-authorizer": {"type": "token", "authorizerUri": "arn:fn"}}
JWT = {"type": "oauth2", "x-amazon-apigateway-authorizer": {"type": "jwt", "jwtConfiguration": {}}}
API_KEY = {"type": "apiKey", "name": "x-api-key", "in": "header"}


def oas3(paths, schemes=None, **top):
    return {"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": paths,
            "components": {"securitySchemes": schemes or {}}, **top}


def ops(document):
    return {(o.method, o.path): o.authorization for o in openapi.read(json.dumps(document)).operations}


def test_no_security_is_none_and_methods_are_upper_case():
    found = openapi.read(json.dumps(oas3({"/pets": {"get": {}, "x-amazon-apigateway-any-method": {},
                                                    "parameters": [], "summary": "x"}})))
    assert [(o.method, o.path, o.authorization, o.route_key) for o in found.operations] == [
        ("GET", "/pets", "NONE", "GET /pets"), ("ANY", "/pets", "NONE", "ANY /pets")]
    assert found.operations[0].field == "body.paths['/pets'].get.security"
    assert found.operations[0].security is None


def test_each_scheme_kind_maps_to_its_authorization_type():
    schemes = {"sigv4": SIGV4, "pool": COGNITO, "fn": LAMBDA, "jwt": JWT, "key": API_KEY, "other": {"type": "http"}}
    paths = {f"/{name}": {"get": {"security": [{name: []}]}} for name in schemes}
    assert ops(oas3(paths, schemes)) == {
        ("GET", "/sigv4"): "AWS_IAM", ("GET", "/pool"): "COGNITO_USER_POOLS", ("GET", "/fn"): "CUSTOM",
        ("GET", "/jwt"): "JWT", ("GET", "/key"): "NONE", ("GET", "/other"): "NONE"}


def test_authtype_is_case_insensitive_and_undefined_schemes_enforce_nothing():
    schemes = {"iam": {**SIGV4, "x-amazon-apigateway-authtype": "AWSSIGV4"}}
    assert ops(oas3({"/a": {"get": {"security": [{"iam": []}]}}, "/b": {"get": {"security": [{"missing": []}]}}},
                    schemes)) == {("GET", "/a"): "AWS_IAM", ("GET", "/b"): "NONE"}


def test_top_level_security_applies_unless_the_operation_overrides_it():
    document = oas3({"/a": {"get": {}}, "/b": {"get": {"security": []}}}, {"sigv4": SIGV4}, security=[{"sigv4": []}])
    found = openapi.read(json.dumps(document)).operations
    assert [(o.path, o.authorization, o.field) for o in found] == [
        ("/a", "AWS_IAM", "body.security"), ("/b", "NONE", "body.paths['/b'].get.security")]


def test_alternatives_take_the_weakest_and_combined_schemes_the_strongest():
    schemes = {"sigv4": SIGV4, "key": API_KEY, "pool": COGNITO}
    document = oas3({"/or": {"get": {"security": [{"sigv4": []}, {}]}},
                     "/or-pool": {"get": {"security": [{"sigv4": []}, {"pool": []}]}},
                     "/and": {"get": {"security": [{"sigv4": [], "key": []}]}}}, schemes)
    found = {o.path: (o.authorization, o.api_key_required) for o in openapi.read(json.dumps(document)).operations}
    assert found == {"/or": ("NONE", False), "/or-pool": ("COGNITO_USER_POOLS", False), "/and": ("AWS_IAM", True)}


def test_an_api_key_alone_is_none_with_a_key():
    document = oas3({"/k": {"post": {"security": [{"key": []}]}}}, {"key": API_KEY})
    (operation,) = openapi.read(json.dumps(document)).operations
    assert (operation.authorization, operation.api_key_required) == ("NONE", True)


def test_swagger2_and_yaml_are_read():
    body = """
swagger: "2.0"
info: {title: t, version: "1"}
x-amazon-apigateway-endpoint-configuration:
  disableExecuteApiEndpoint: true
securityDefinitions:
  sigv4: &iam
    type: apiKey
    name: Authorization
    in: header
    x-amazon-apigateway-authtype: awsSigv4
paths:
  /items:
    get:
      security: [{sigv4: []}]
    delete: {}
"""
    found = openapi.read(body)
    assert [(o.method, o.authorization) for o in found.operations] == [("GET", "AWS_IAM"), ("DELETE", "NONE")]
    assert found.disables_execute_api_endpoint is True


def test_the_endpoint_extension_on_an_openapi3_server():
    servers = [{"url": "https://api.example.com", "x-amazon-apigateway-endpoint-configuration":
                {"disableExecuteApiEndpoint": True}}]
    assert openapi.read(json.dumps(oas3({}, servers=servers))).disables_execute_api_endpoint is True
    assert openapi.read(json.dumps(oas3({}))).disables_execute_api_endpoint is False
    servers[0]["x-amazon-apigateway-endpoint-configuration"] = {"disableExecuteApiEndpoint": "true"}
    assert openapi.read(json.dumps(oas3({}, servers=servers))).disables_execute_api_endpoint is False


def test_http_api_default_route_key():
    (operation,) = openapi.read(json.dumps(oas3({"$default": {"x-amazon-apigateway-any-method": {}}}))).operations
    assert operation.route_key == "$default"


def test_absent_blank_and_unreadable_bodies():
    assert openapi.read(None) is None and openapi.read("  ") is None
    for text in ["not: [valid", "just a string", "[1, 2]", '{"openapi": "3.0.1"}', "a: 2024-13-45", "42"]:
        assert openapi.read(text).readable is False, text
    assert openapi.read(7).readable is False
    assert openapi.read("{}").readable is False


def test_a_body_given_as_an_object_is_read_and_unknowns_raise():
    document = oas3({"/a": {"get": {}}})
    assert [o.path for o in openapi.read(unknown_checking_proxy(document)).operations] == ["/a"]
    with pytest.raises(UnknownValueError):
        openapi.read(unknown_checking_proxy(oas3({"/a": {"get": {"security": UNKNOWN}}})))


def test_limits_raise_an_evaluation_limit():
    with pytest.raises(EvaluationLimitError, match="longer than the 6291456 characters"):
        openapi.read(" " * (openapi.MAX_BODY_CHARS + 1) + "{}")
    with pytest.raises(EvaluationLimitError, match="nested too deeply"):
        openapi.read('{"paths": ' + "[" * 100_000 + "]" * 100_000 + "}")
    for deep in ["paths: " + "[" * 100_000 + "]" * 100_000, "paths:\n" + "- " * 50_000 + "x",
                 "paths:\n" + "".join(f"{' ' * i}k{i}:\n" for i in range(1, 2_500))]:
        with pytest.raises(EvaluationLimitError, match="nested too deeply"):
            openapi.read(deep)


def test_a_large_yaml_body_is_read():
    paths = "".join(f"  /r{i}:\n    get:\n      security: [{{sigv4: []}}]\n" for i in range(3000))
    body = ("openapi: 3.0.1\ncomponents:\n  securitySchemes:\n    sigv4: {type: apiKey, name: Authorization, "
            "in: header, x-amazon-apigateway-authtype: awsSigv4}\npaths:\n" + paths)
    found = openapi.read(body).operations
    assert len(found) == 3000 and {o.authorization for o in found} == {"AWS_IAM"}


def test_malformed_parts_are_skipped_not_raised():
    document = {"paths": {"/a": "x", "/b": {"get": "x", "put": {"security": "x"}, 7: {}},
                          "/c": {"post": {"security": [1, None, {"s": []}]}}},
                "securityDefinitions": {"s": "x"}, "components": "x", "servers": "x"}
    assert ops(document) == {("PUT", "/b"): "NONE", ("POST", "/c"): "NONE"}
