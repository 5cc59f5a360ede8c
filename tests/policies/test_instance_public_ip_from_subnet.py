from private_api_guard import types
from private_api_guard.ec2.instance_public_ip_from_subnet import POLICY

from tests.policies.policy_harness import UNKNOWN, Res, run_stack, urn

FIX = "Fix: set associate_public_ip_address=False explicitly, or launch the instance in a private subnet."


def stack(map_public_ip, **instance):
    return [
        Res(types.SUBNET, "public-a", {"cidrBlock": "10.40.0.0/24", "mapPublicIpOnLaunch": map_public_ip}),
        Res(types.INSTANCE, "app", {"subnetId": UNKNOWN, **instance}, deps={"subnetId": ["public-a"]}),
    ]


def test_metadata():
    assert POLICY.name == "aws-ec2-instance-disallow-public-ip-from-subnet"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.severity.value == "high"
    assert POLICY.description.startswith("Checks that")
    assert POLICY.remediation_steps
    assert POLICY.url == "policies/README.md#aws-ec2-instance-disallow-public-ip-from-subnet"


def test_unset_setting_in_a_public_subnet_fails():
    result = run_stack(POLICY, stack(True))
    assert result.violations == [
        "associatePublicIpAddress is unset: the instance launches in subnet public-a, whose mapPublicIpOnLaunch is "
        "true, so it gets a public IP address. " + FIX]
    assert result.urns == [urn(types.INSTANCE, "app")]


def test_default_vpc_and_undeclared_subnets_fail():
    assert run_stack(POLICY, [Res(types.INSTANCE, "app", {"ami": "ami-1"})]).violations == [
        "associatePublicIpAddress is unset: without subnetId the instance launches in the default VPC, whose default "
        "subnets assign public IP addresses. " + FIX]
    assert run_stack(POLICY, [Res(types.INSTANCE, "app", {"subnetId": "subnet-0abc"})]).violations == [
        "associatePublicIpAddress is unset: subnet subnet-0abc is not declared in this stack, so whether it assigns "
        "public IP addresses cannot be seen. " + FIX]


def test_private_subnet_explicit_setting_enis_and_templates_pass():
    assert run_stack(POLICY, stack(False)).violations == []
    assert run_stack(POLICY, stack(None)).violations == []
    assert run_stack(POLICY, stack(True, associatePublicIpAddress=False)).violations == []
    assert run_stack(POLICY, stack(True, associatePublicIpAddress=True)).violations == []  # the resource rule's case
    assert run_stack(POLICY, stack(True, primaryNetworkInterface={"networkInterfaceId": UNKNOWN})).violations == []
    assert run_stack(POLICY, [Res(types.INSTANCE, "app", {"launchTemplate": {"id": "lt-1"}})]).violations == []


def test_exemption_for_the_bastion():
    config = {"exemptions": [{"namePattern": "app", "reason": "bastion OPS-12"}]}
    result = run_stack(POLICY, stack(True), config=config)
    assert result.violations == []
    assert result.not_applicable == "app: exempted by name pattern 'app': bastion OPS-12"


def test_unknown_subnet_setting_cannot_be_decided():
    result = run_stack(POLICY, stack(UNKNOWN))
    assert result.violations == []
    assert result.unknown == "string value at .mapPublicIpOnLaunch can't be known during preview"
