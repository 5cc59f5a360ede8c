import json

from private_api_guard import types
from private_api_guard.apigateway.restapi_resource_policy import POLICY

from tests.policies.policy_harness import UNKNOWN, Res, run_stack

PRIVATE = {"endpointConfiguration": {"types": "PRIVATE", "vpcEndpointIds": [UNKNOWN]}}
MISSING = ("policy is unset: the API is PRIVATE and has no resource policy, inline or as a RestApiPolicy, so its "
           "deployment fails. Fix: set policy on the RestApi or add an apigateway.RestApiPolicy with "
           "rest_api_id=api.id that admits only your VPC endpoints.")


def test_metadata():
    assert POLICY.name == "aws-apigateway-restapi-enable-resource-policy"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_private_api_without_policy_fails():
    result = run_stack(POLICY, [Res(types.REST_API, "api", PRIVATE)])
    assert result.violations == [MISSING]
    assert result.urns == ["urn:pulumi:test::private-apis::aws:apigateway/restApi:RestApi::api"]


def test_older_list_form_counts_as_private():
    result = run_stack(POLICY, [Res(types.REST_API, "api", {"endpointConfiguration": {"types": ["PRIVATE"]}})])
    assert result.violations == [MISSING]


def test_restapipolicy_linked_by_property_dependency_passes_with_unknown_ids():
    result = run_stack(POLICY, [
        Res(types.REST_API, "api", PRIVATE),
        Res(types.REST_API_POLICY, "api-policy", {"restApiId": UNKNOWN, "policy": UNKNOWN},
            deps={"restApiId": ["api"]}),
    ])
    assert result.violations == []
    assert result.unknown is None


def test_policy_of_another_api_does_not_count():
    result = run_stack(POLICY, [
        Res(types.REST_API, "api", PRIVATE),
        Res(types.REST_API, "other", PRIVATE | {"policy": json.dumps({"Statement": []})}),
        Res(types.REST_API_POLICY, "other-policy", {"restApiId": UNKNOWN}, deps={"restApiId": ["other"]}),
    ])
    assert result.violations == [MISSING]


def test_inline_policy_and_public_endpoint_types_pass():
    result = run_stack(POLICY, [
        Res(types.REST_API, "inline", PRIVATE | {"policy": '{"Statement": []}'}),
        Res(types.REST_API, "regional", {"endpointConfiguration": {"types": "REGIONAL"}}),
        Res(types.REST_API, "edge", {}),
    ])
    assert result.violations == []


def test_unknown_inline_policy_cannot_be_decided_but_other_apis_are_checked():
    result = run_stack(POLICY, [
        Res(types.REST_API, "computed", PRIVATE | {"policy": UNKNOWN}),
        Res(types.REST_API, "bare", PRIVATE),
    ])
    assert result.violations == [MISSING]
    assert result.urns == ["urn:pulumi:test::private-apis::aws:apigateway/restApi:RestApi::bare"]
    assert result.unknown == "string value at .policy can't be known during preview"


def test_exemption_by_tag_is_reported_with_reason():
    config = {"exemptions": [{"tag": "policy-exempt=OPS-7", "reason": "policy attached by the platform team"}]}
    result = run_stack(POLICY, [Res(types.REST_API, "api", PRIVATE | {"tags": {"policy-exempt": "OPS-7"}})],
                       config=config)
    assert result.violations == []
    assert result.not_applicable == ("api: exempted by tag 'policy-exempt=OPS-7': policy attached by the platform "
                                     "team")


def test_a_policy_in_the_openapi_body_counts():
    body = json.dumps({"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {},
                       "x-amazon-apigateway-policy": {"Version": "2012-10-17", "Statement": []}})
    assert run_stack(POLICY, [Res(types.REST_API, "api", {**PRIVATE, "body": body})]).violations == []
    no_policy = json.dumps({"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {}})
    assert run_stack(POLICY, [Res(types.REST_API, "api", {**PRIVATE, "body": no_policy})]).violations == [MISSING]
