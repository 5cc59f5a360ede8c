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
