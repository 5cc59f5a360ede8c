from private_api_guard import types
from private_api_guard.apigateway.usageplan_throttling import POLICY

from components.openapi_body import rest_api_body
from components.routes import parse_route
from tests.policies.policy_harness import UNKNOWN, Res, run_stack

API = Res(types.REST_API, "api", {"endpointConfiguration": {"types": "REGIONAL"}})
KEYED = Res(types.METHOD, "get-user", {"authorization": "AWS_IAM", "apiKeyRequired": True}, deps={"restApi": ["api"]})
STAGE = Res(types.STAGE, "stage", {"stageName": "v1"}, deps={"restApi": ["api"]})
LIMITS = {"rateLimit": 50, "burstLimit": 100}


def plan(throttle=None, name="plan"):
    props = {"apiStages": [{"apiId": UNKNOWN, "stage": UNKNOWN}]}
    if throttle is not None:
        props["throttleSettings"] = throttle
    return Res(types.USAGE_PLAN, name, props, deps={"apiStages": ["api", "stage"]})


def test_metadata():
    assert POLICY.name == "aws-apigateway-usageplan-enable-throttling"
    assert POLICY.enforcement_level.value == "advisory"
    assert POLICY.description.startswith("Checks that")


def test_plan_without_limits_fails():
    result = run_stack(POLICY, [API, KEYED, STAGE, plan()])
    assert result.violations == ["throttleSettings is unset: the usage plan sets no rate or burst limit, so its API "
                                 "keys are not throttled. Fix: set throttle_settings with rate_limit and burst_limit."]
    assert result.urns == ["urn:pulumi:test::private-apis::aws:apigateway/usagePlan:UsagePlan::plan"]
    assert len(run_stack(POLICY, [API, STAGE, plan({"rateLimit": 0})]).violations) == 1


def test_key_required_api_without_plan_fails():
    result = run_stack(POLICY, [API, KEYED, STAGE])
    assert result.violations == ["apiKeyRequired is true: methods get-user of this API require an API key but no "
                                 "usage plan is bound to a stage of the API. Fix: add an apigateway.UsagePlan with "
                                 "api_stages=[{api_id: api.id, stage: stage.stage_name}] and throttle_settings."]
    assert result.urns == ["urn:pulumi:test::private-apis::aws:apigateway/restApi:RestApi::api"]


def test_throttled_plan_bound_to_the_api_passes():
    assert run_stack(POLICY, [API, KEYED, STAGE, plan(LIMITS)]).violations == []


def test_api_without_key_methods_needs_no_plan():
    plain = Res(types.METHOD, "get", {"authorization": "AWS_IAM"}, deps={"restApi": ["api"]})
    assert run_stack(POLICY, [API, plain, STAGE]).violations == []


def test_unknown_limit_cannot_be_decided_but_the_api_is_still_checked():
    result = run_stack(POLICY, [API, KEYED, STAGE, plan({"rateLimit": UNKNOWN}, name="other")])
    assert result.unknown == "string value at .throttleSettings.rateLimit can't be known during preview"
    assert result.violations == []
    keyed_elsewhere = Res(types.REST_API, "api2", {})
    method2 = Res(types.METHOD, "post", {"apiKeyRequired": True}, deps={"restApi": ["api2"]})
    result = run_stack(POLICY, [API, KEYED, STAGE, plan({"rateLimit": UNKNOWN}), keyed_elsewhere, method2])
    assert len(result.violations) == 1
    assert result.unknown is not None


def test_key_required_operations_of_a_body_need_a_plan():
    route = parse_route("GET /users", "routes")
    body = rest_api_body("t", [(route, "uri")], authorization="AWS_IAM", api_key_required=True)
    api = Res(types.REST_API, "api", {"endpointConfiguration": {"types": "REGIONAL"}, "body": body})
    result = run_stack(POLICY, [api, STAGE])
    assert result.violations == ["apiKeyRequired is true: methods GET /users of this API require an API key but no "
                                 "usage plan is bound to a stage of the API. Fix: add an apigateway.UsagePlan with "
                                 "api_stages=[{api_id: api.id, stage: stage.stage_name}] and throttle_settings."]
    assert run_stack(POLICY, [api, STAGE, plan(LIMITS)]).violations == []
    unkeyed = rest_api_body("t", [(route, "uri")], authorization="AWS_IAM")
    assert run_stack(POLICY, [Res(types.REST_API, "api", {"body": unkeyed}), STAGE]).violations == []
