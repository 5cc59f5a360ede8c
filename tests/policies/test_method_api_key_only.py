from private_api_guard import types
from private_api_guard.apigateway.method_api_key_only import POLICY

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
