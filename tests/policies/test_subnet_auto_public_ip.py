from private_api_guard import types
from private_api_guard.ec2.subnet_auto_public_ip import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource


def test_metadata():
    assert POLICY.name == "aws-ec2-subnet-disallow-auto-public-ip"
    assert POLICY.enforcement_level.value == "advisory"
    assert POLICY.severity.value == "medium"
    assert POLICY.description.startswith("Checks that")
    assert POLICY.remediation_steps
    assert POLICY.url == "policies/README.md#aws-ec2-subnet-disallow-auto-public-ip"


def test_auto_assigning_subnet_fails():
    assert run_resource(POLICY, types.SUBNET, {"mapPublicIpOnLaunch": True}).violations == [
        "mapPublicIpOnLaunch is true: every instance launched here without an explicit setting gets a public IP "
        "address. Fix: set map_public_ip_on_launch=False and give the few public hosts an explicit address, or "
        "exempt this public subnet with a reason."]


def test_private_subnets_pass():
    assert run_resource(POLICY, types.SUBNET, {"mapPublicIpOnLaunch": False}).violations == []
    assert run_resource(POLICY, types.SUBNET, {"cidrBlock": "10.0.0.0/24"}).violations == []


def test_unknown_setting_cannot_be_decided():
    result = run_resource(POLICY, types.SUBNET, {"mapPublicIpOnLaunch": UNKNOWN})
    assert result.violations == []
    assert result.unknown == "string value at .mapPublicIpOnLaunch can't be known during preview"
