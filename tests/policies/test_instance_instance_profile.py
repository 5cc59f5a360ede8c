from private_api_guard import types
from private_api_guard.ec2.instance_instance_profile import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource


def test_metadata():
    assert POLICY.name == "aws-ec2-instance-enable-instance-profile"
    assert POLICY.enforcement_level.value == "advisory"
    assert POLICY.severity.value == "low"
    assert POLICY.description.startswith("Checks that")
    assert POLICY.remediation_steps
    assert POLICY.url == "policies/README.md#aws-ec2-instance-enable-instance-profile"


def test_instance_without_profile_fails():
    assert run_resource(POLICY, types.INSTANCE, {"ami": "ami-1"}).violations == [
        "iamInstanceProfile is unset: the instance has no role, so it cannot use SSM Session Manager and tempts "
        "people to put access keys on it. Fix: attach an instance profile whose role has AmazonSSMManagedInstanceCore "
        "and only what the app needs."]


def test_instance_with_profile_or_template_passes():
    assert run_resource(POLICY, types.INSTANCE, {"iamInstanceProfile": "app-profile"}).violations == []
    assert run_resource(POLICY, types.INSTANCE, {"launchTemplate": {"name": "app"}}).violations == []


def test_unknown_profile_cannot_be_decided():
    result = run_resource(POLICY, types.INSTANCE, {"iamInstanceProfile": UNKNOWN})
    assert result.violations == []
    assert result.unknown == "string value at .iamInstanceProfile can't be known during preview"
