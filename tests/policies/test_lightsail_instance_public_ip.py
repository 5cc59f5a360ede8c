from private_api_guard import types
from private_api_guard.lightsail.instance_public_ip import POLICY

from tests.policies.policy_harness import run_resource

TAIL = ("every Lightsail instance gets a public IP address (IPv4, or IPv6 with 'ipv6') and is reachable from the "
        "internet wherever its Lightsail firewall allows, which by default opens SSH (or RDP) and HTTP to everyone. "
        "Fix: run the workload on EC2 in a private subnet, or exempt an approved public instance in the policy config "
        "with a reason.")


def test_metadata():
    assert POLICY.name == "aws-lightsail-instance-disallow-public-ip"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_every_instance_fails():
    assert run_resource(POLICY, types.LIGHTSAIL_INSTANCE, {"blueprintId": "ubuntu_24_04"}).violations == [
        "ipAddressType is unset: " + TAIL]
    assert run_resource(POLICY, types.LIGHTSAIL_INSTANCE, {"ipAddressType": "ipv6"}).violations == [
        "ipAddressType is 'ipv6': " + TAIL]


def test_an_approved_instance_is_exempted_by_tag():
    result = run_resource(POLICY, types.LIGHTSAIL_INSTANCE, {"tags": {"public-approved": "OPS-31"}},
                          config={"exemptions": [{"tag": "public-approved=OPS-31", "reason": "marketing site"}]})
    assert result.violations == []
    assert result.not_applicable == "exempted by tag 'public-approved=OPS-31': marketing site"
