from private_api_guard import types
from private_api_guard.ec2.instance_imdsv2 import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

TAIL = ("the instance metadata service accepts IMDSv1, so one SSRF in the app hands out the instance role's "
        "credentials. Fix: set metadata_options={'http_tokens': 'required', 'http_put_response_hop_limit': 1}.")


def test_metadata():
    assert POLICY.name == "aws-ec2-instance-enable-imdsv2"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.severity.value == "high"
    assert POLICY.description.startswith("Checks that")
    assert POLICY.remediation_steps
    assert POLICY.url == "policies/README.md#aws-ec2-instance-enable-imdsv2"


def test_optional_or_missing_tokens_fail():
    assert run_resource(POLICY, types.INSTANCE, {"ami": "ami-1"}).violations == [
        "metadataOptions.httpTokens is unset: " + TAIL]
    assert run_resource(POLICY, types.INSTANCE, {"metadataOptions": {"httpTokens": "optional"}}).violations == [
        "metadataOptions.httpTokens is 'optional': " + TAIL]
    assert run_resource(POLICY, types.LAUNCH_TEMPLATE, {"metadataOptions": {"httpEndpoint": "enabled"}}
                        ).violations == ["metadataOptions.httpTokens is unset: " + TAIL]


def test_required_tokens_disabled_endpoint_and_template_delegation_pass():
    assert run_resource(POLICY, types.INSTANCE, {"metadataOptions": {"httpTokens": "required"}}).violations == []
    assert run_resource(POLICY, types.LAUNCH_TEMPLATE, {"metadataOptions": {"httpEndpoint": "disabled"}}
                        ).violations == []
    assert run_resource(POLICY, types.INSTANCE, {"launchTemplate": {"id": "lt-1"}}).violations == []


def test_unknown_tokens_cannot_be_decided():
    result = run_resource(POLICY, types.INSTANCE, {"metadataOptions": {"httpTokens": UNKNOWN}})
    assert result.violations == []
    assert result.unknown == "string value at .metadataOptions.httpTokens can't be known during preview"
