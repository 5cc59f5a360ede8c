from private_api_guard import types
from private_api_guard.ec2.instance_public_ip import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

TAIL = ("the instance gets a public IP address and is reachable from the internet wherever its security groups "
        "allow. Fix: set associate_public_ip_address=False and reach it through SSM Session Manager, or exempt an "
        "approved bastion in the policy config.")


def test_metadata():
    assert POLICY.name == "aws-ec2-instance-disallow-public-ip"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.severity.value == "high"
    assert POLICY.description.startswith("Checks that")
    assert POLICY.remediation_steps
    assert POLICY.url == "policies/README.md#aws-ec2-instance-disallow-public-ip"


def test_explicit_public_ip_fails():
    assert run_resource(POLICY, types.INSTANCE, {"associatePublicIpAddress": True}).violations == [
        "associatePublicIpAddress is true: " + TAIL]
    assert run_resource(POLICY, types.LAUNCH_TEMPLATE, {"networkInterfaces": [
        {"deviceIndex": 0, "associatePublicIpAddress": "true"}]}).violations == [
        "networkInterfaces[0].associatePublicIpAddress is 'true': " + TAIL]


def test_elastic_ips_are_left_to_the_eip_stack_policy():
    # aws-ec2-eip-disallow-workload-association reports them once, in a first preview too.
    assert run_resource(POLICY, types.EIP, {"domain": "vpc", "instance": "i-123"}).violations == []
    assert run_resource(POLICY, types.EIP_ASSOCIATION, {"allocationId": "eipalloc-1", "networkInterfaceId": "eni-1"}
                        ).violations == []


def test_private_instances_and_nat_eips_pass():
    assert run_resource(POLICY, types.INSTANCE, {"associatePublicIpAddress": False}).violations == []
    assert run_resource(POLICY, types.INSTANCE, {"subnetId": "subnet-1"}).violations == []
    assert run_resource(POLICY, types.LAUNCH_TEMPLATE, {"networkInterfaces": [
        {"associatePublicIpAddress": "false"}]}).violations == []
    assert run_resource(POLICY, types.EIP, {"domain": "vpc"}).violations == []


def test_bastion_exemption_by_name_prints_the_reason():
    config = {"exemptions": [{"namePattern": "bridge-bastion", "reason": "opt-in SSH bastion, ticket OPS-12"}]}
    result = run_resource(POLICY, types.INSTANCE, {"associatePublicIpAddress": True}, name="bridge-bastion",
                          config=config)
    assert result.violations == []
    assert result.not_applicable == "exempted by name pattern 'bridge-bastion': opt-in SSH bastion, ticket OPS-12"


def test_unknown_setting_cannot_be_decided():
    result = run_resource(POLICY, types.INSTANCE, {"associatePublicIpAddress": UNKNOWN})
    assert result.violations == []
    assert result.unknown == "string value at .associatePublicIpAddress can't be known during preview"
