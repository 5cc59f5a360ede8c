from private_api_guard import types
from private_api_guard.lambda_.function_public_invoke import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

ROUTE_ARN = "arn:aws:execute-api:eu-west-1:123456789012:abc123/v1/GET/entities"


def permission(**props):
    return run_resource(POLICY, types.LAMBDA_PERMISSION, {"action": "lambda:InvokeFunction", "function": UNKNOWN,
                                                          **props})


def test_metadata():
    assert POLICY.name == "aws-lambda-function-disallow-public-invoke"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_public_principal_fails():
    assert permission(principal="*").violations == [
        "principal is '*': any principal of any AWS account may invoke the function. Fix: name the calling service "
        "(with source_arn) or account, or set principal_org_id."]


def test_public_principal_limited_to_the_organisation_passes():
    assert permission(principal="*", principalOrgId="o-a1b2c3d4e5").violations == []


def test_service_principal_without_source_arn_fails():
    assert permission(principal="apigateway.amazonaws.com").violations == [
        "sourceArn is unset: any apigateway.amazonaws.com resource in any account may invoke the function. Fix: set "
        "source_arn to the ARN of the calling resource."]
    assert len(permission(principal="events.amazonaws.com").violations) == 1
    assert len(permission(principal="s3.amazonaws.com", sourceArn="*").violations) == 1


def test_api_gateway_source_arn_must_name_one_api():
    assert permission(principal="apigateway.amazonaws.com",
                      sourceArn="arn:aws:execute-api:eu-west-1:123456789012:*/*/*/*").violations == [
        "sourceArn is 'arn:aws:execute-api:eu-west-1:123456789012:*/*/*/*': its API id is a wildcard, so any API may "
        "invoke the function. Fix: set source_arn to api.execution_arn + '/<stage>/<METHOD>/<path>'."]


def test_scoped_permissions_pass():
    assert permission(principal="apigateway.amazonaws.com", sourceArn=ROUTE_ARN).violations == []
    assert permission(principal="events.amazonaws.com",
                      sourceArn="arn:aws:events:eu-west-1:123456789012:rule/nightly").violations == []
    assert permission(principal="123456789012").violations == []


def test_function_url_needs_iam():
    result = run_resource(POLICY, types.LAMBDA_FUNCTION_URL, {"functionName": UNKNOWN, "authorizationType": "NONE"})
    assert result.violations == ["authorizationType is 'NONE': the function URL can be called without signing. Fix: "
                                 "set authorization_type='AWS_IAM'."]
    assert run_resource(POLICY, types.LAMBDA_FUNCTION_URL, {"authorizationType": "AWS_IAM"}).violations == []


def test_unknown_source_arn_cannot_be_decided():
    result = permission(principal="apigateway.amazonaws.com", sourceArn=UNKNOWN)
    assert result.violations == []
    assert result.unknown == "string value at .sourceArn can't be known during preview"
