from private_api_guard import types
from private_api_guard.ec2.securitygroup_internal_ingress import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

FIX = ("Fix: narrow it to the VPC, peered or on-premises range that needs access (the policy's internalCidrs), or "
       "reference a security group.")


def test_metadata():
    assert POLICY.name == "aws-ec2-securitygroup-configure-internal-ingress"
    assert POLICY.enforcement_level.value == "advisory"
    assert POLICY.severity.value == "medium"
    assert POLICY.description.startswith("Checks that")
    assert POLICY.remediation_steps
    assert POLICY.url == "policies/README.md#aws-ec2-securitygroup-configure-internal-ingress"
    assert POLICY.config_schema.properties["internalCidrs"]["default"] == [
        "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"]


def test_public_ranges_fail_in_all_shapes():
    assert run_resource(POLICY, types.SECURITY_GROUP, {"ingress": [
        {"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": ["10.0.0.0/16", "203.0.113.0/24"],
         "ipv6CidrBlocks": ["2001:db8::/32"]}]}).violations == [
        "ingress[0].cidrBlocks is '203.0.113.0/24': it admits tcp 443 from outside the internal ranges. " + FIX,
        "ingress[0].ipv6CidrBlocks is '2001:db8::/32': it admits tcp 443 from outside the internal ranges. " + FIX,
    ]
    assert run_resource(POLICY, types.SECURITY_GROUP_RULE, {
        "type": "ingress", "protocol": "-1", "fromPort": 0, "toPort": 0, "cidrBlocks": ["0.0.0.0/0"]}).violations == [
        "cidrBlocks is '0.0.0.0/0': it admits all traffic from outside the internal ranges. " + FIX]
    assert run_resource(POLICY, types.SECURITY_GROUP_INGRESS_RULE, {
        "ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "cidrIpv4": "8.8.8.8/32"}).violations == [
        "cidrIpv4 is '8.8.8.8/32': it admits tcp 443 from outside the internal ranges. " + FIX]


def test_internal_ranges_and_references_pass():
    assert run_resource(POLICY, types.SECURITY_GROUP_INGRESS_RULE, {
        "ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "cidrIpv4": "100.64.1.0/24"}).violations == []
    assert run_resource(POLICY, types.SECURITY_GROUP, {"ingress": [
        {"protocol": "tcp", "fromPort": 443, "toPort": 443, "securityGroups": ["sg-1"], "ipv6CidrBlocks": ["fd00::/8"]},
    ]}).violations == []


def test_configured_ranges_replace_the_default():
    props = {"ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "cidrIpv4": "192.168.0.0/24"}
    assert run_resource(POLICY, types.SECURITY_GROUP_INGRESS_RULE, props,
                        config={"internalCidrs": ["10.40.0.0/16"]}).violations == [
        "cidrIpv4 is '192.168.0.0/24': it admits tcp 443 from outside the internal ranges. " + FIX]


def test_unknown_source_cannot_be_decided():
    result = run_resource(POLICY, types.SECURITY_GROUP_INGRESS_RULE,
                          {"ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "cidrIpv4": UNKNOWN})
    assert result.violations == []
    assert result.unknown == "string value at .cidrIpv4 can't be known during preview"
