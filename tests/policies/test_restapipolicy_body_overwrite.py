import json

from private_api_guard import types
from private_api_guard.apigateway.restapipolicy_body_overwrite import POLICY

from components.openapi_body import rest_api_body
from components.routes import parse_routes
from tests.policies.policy_harness import UNKNOWN, Res, run_stack

BODY = rest_api_body("api", [(route, "uri") for route in parse_routes(["GET /users"], "routes")],
                     authorization="AWS_IAM")
POLICY_DOC = '{"Version":"2012-10-17","Statement":[]}'
CLEARED = ("restApiId is 'api': the API is defined by an OpenAPI body whose import (in overwrite mode, or with its "
           "own x-amazon-apigateway-policy) replaces this separate policy on every change of the body "
           "(pulumi/pulumi-aws#4296). Fix: set the "
           "document as policy= on the RestApi itself, which the provider applies again after each import, and "
           "delete this RestApiPolicy.")


def attached(api_props):
    return [Res(types.REST_API, "api", api_props),
            Res(types.REST_API_POLICY, "api-policy", {"restApiId": UNKNOWN, "policy": POLICY_DOC},
                deps={"restApiId": ["api"]})]


def test_metadata():
    assert POLICY.name == "aws-apigateway-restapipolicy-disallow-body-overwrite"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")
    assert POLICY.url == "policies/README.md#aws-apigateway-restapipolicy-disallow-body-overwrite"


def test_separate_policy_on_an_overwritten_body_fails():
    # Overwrite is the provider's default mode: unset counts as overwrite (pulumi-aws RestApi.putRestApiMode).
    for props in ({"body": BODY}, {"body": BODY, "putRestApiMode": "overwrite"}):
        result = run_stack(POLICY, attached(props))
        assert result.violations == [CLEARED]
        assert result.urns == ["urn:pulumi:test::private-apis::aws:apigateway/restApiPolicy:RestApiPolicy::api-policy"]


def test_inline_policy_merge_mode_or_no_body_pass():
    assert run_stack(POLICY, [Res(types.REST_API, "api", {"body": BODY, "policy": POLICY_DOC})]).violations == []
    assert run_stack(POLICY, attached({"body": BODY, "putRestApiMode": "merge"})).violations == []
    assert run_stack(POLICY, attached({"endpointConfiguration": {"types": "REGIONAL"}})).violations == []
    assert run_stack(POLICY, attached({"body": "  "})).violations == []


def test_a_body_with_its_own_policy_replaces_a_separate_one_in_merge_mode_too():
    document = json.loads(BODY)
    document["x-amazon-apigateway-policy"] = {"Version": "2012-10-17", "Statement": []}
    result = run_stack(POLICY, attached({"body": json.dumps(document), "putRestApiMode": "merge"}))
    assert result.violations == [CLEARED]


def test_unknown_body_cannot_be_decided():
    result = run_stack(POLICY, attached({"body": UNKNOWN}))
    assert result.violations == []
    assert result.unknown == "string value at .body can't be known during preview"
