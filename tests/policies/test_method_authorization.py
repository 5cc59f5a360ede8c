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
