from private_api_guard import types
from private_api_guard.ec2.securitygroup_admin_port_sources import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

FIX = ("Fix: admit it only from a range within the policy's adminCidrs or from a bastion security group, or drop the "
       "rule and use SSM Session Manager.")


def test_metadata():
    assert POLICY.name == "aws-ec2-securitygroup-configure-admin-port-sources"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.severity.value == "high"
    assert POLICY.description.startswith("Checks that")
    assert POLICY.remediation_steps
    assert POLICY.url == "policies/README.md#aws-ec2-securitygroup-configure-admin-port-sources"
    schema = POLICY.config_schema.properties
    assert schema["adminCidrs"]["default"] == []
    assert schema["adminPorts"]["default"] == [22, 3389]


def test_ssh_from_a_cidr_fails_without_admin_cidrs():
    result = run_resource(POLICY, types.SECURITY_GROUP_INGRESS_RULE,
                          {"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidrIpv4": "203.0.113.0/24"})
    assert result.violations == [
        "cidrIpv4 is '203.0.113.0/24': it admits admin port 22 (tcp 22) from outside adminCidrs (none configured). "
        + FIX]


def test_ranges_all_protocols_ipv6_and_inline_rules_fail_outside_admin_cidrs():
    config = {"adminCidrs": ["198.51.100.0/24"]}
    result = run_resource(POLICY, types.SECURITY_GROUP, {"ingress": [
        {"protocol": "tcp", "fromPort": 3000, "toPort": 4000, "cidrBlocks": ["198.51.100.7/32", "10.0.0.0/8"]},
        {"protocol": "-1", "fromPort": 0, "toPort": 0, "ipv6CidrBlocks": ["2001:db8::/32"]},
    ]}, config=config)
    assert result.violations == [
        "ingress[0].cidrBlocks is '10.0.0.0/8': it admits admin port 3389 (tcp 3000-4000) from outside adminCidrs "
        "198.51.100.0/24. " + FIX,
        "ingress[1].ipv6CidrBlocks is '2001:db8::/32': it admits admin ports 22, 3389 (all traffic) from outside "
        "adminCidrs 198.51.100.0/24. " + FIX,
    ]


def test_security_group_rule_and_prefix_list_fail():
    result = run_resource(POLICY, types.SECURITY_GROUP_RULE, {
        "type": "ingress", "protocol": "tcp", "fromPort": 22, "toPort": 22, "prefixListIds": ["pl-123"]})
    assert result.violations == [
        "prefixListIds is 'pl-123': it admits admin port 22 (tcp 22) from a prefix list that is not in "
        "adminPrefixListIds. " + FIX]


def test_admin_cidrs_security_groups_and_other_ports_pass():
    config = {"adminCidrs": ["198.51.100.0/24", "2001:db8::/32"], "adminPrefixListIds": ["pl-ops"]}
    assert run_resource(POLICY, types.SECURITY_GROUP_INGRESS_RULE, {
        "ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidrIpv4": "198.51.100.7/32"}, config=config
    ).violations == []
    assert run_resource(POLICY, types.SECURITY_GROUP, {"ingress": [
        {"protocol": "tcp", "fromPort": 22, "toPort": 22, "securityGroups": ["sg-bastion"]},
        {"protocol": "tcp", "fromPort": 22, "toPort": 22, "ipv6CidrBlocks": ["2001:db8:1::/48"],
         "prefixListIds": ["pl-ops"]},
        {"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": ["0.0.0.0/0"]},
        {"protocol": "icmp", "fromPort": -1, "toPort": -1, "cidrBlocks": ["10.0.0.0/8"]},
    ]}, config=config).violations == []
    assert run_resource(POLICY, types.SECURITY_GROUP_RULE, {
        "type": "egress", "protocol": "-1", "cidrBlocks": ["0.0.0.0/0"]}).violations == []


def test_admin_ports_are_configurable():
    props = {"ipProtocol": "tcp", "fromPort": 5985, "toPort": 5986, "cidrIpv4": "10.0.0.0/8"}
    assert run_resource(POLICY, types.SECURITY_GROUP_INGRESS_RULE, props).violations == []
    assert run_resource(POLICY, types.SECURITY_GROUP_INGRESS_RULE, props,
                        config={"adminPorts": [5986]}).violations == [
        "cidrIpv4 is '10.0.0.0/8': it admits admin port 5986 (tcp 5985-5986) from outside adminCidrs "
        "(none configured). " + FIX]


def test_unknown_port_or_source_cannot_be_decided():
    result = run_resource(POLICY, types.SECURITY_GROUP_INGRESS_RULE,
                          {"ipProtocol": "tcp", "fromPort": UNKNOWN, "toPort": 22, "cidrIpv4": "10.0.0.0/8"})
    assert result.violations == []
    assert result.unknown == "string value at .fromPort can't be known during preview"
    result = run_resource(POLICY, types.SECURITY_GROUP_INGRESS_RULE,
                          {"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidrIpv4": UNKNOWN})
    assert result.violations == []
    assert result.unknown == "string value at .cidrIpv4 can't be known during preview"


def test_bastion_exemption_by_tag():
    config = {"exemptions": [{"tag": "approved-bastion=OPS-12", "reason": "break-glass SSH"}]}
    result = run_resource(POLICY, types.SECURITY_GROUP_INGRESS_RULE, {
        "ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidrIpv4": "203.0.113.0/24",
        "tags": {"approved-bastion": "OPS-12"}}, config=config)
    assert result.violations == []
    assert result.not_applicable == "exempted by tag 'approved-bastion=OPS-12': break-glass SSH"
