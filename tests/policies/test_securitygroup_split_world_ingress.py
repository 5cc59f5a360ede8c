from private_api_guard import types
from private_api_guard.ec2.securitygroup_split_world_ingress import POLICY

from tests.policies.policy_harness import UNKNOWN, Res, run_stack, urn

FIX = ("Fix: admit only the client, load balancer or VPC ranges that need access (together narrower than the whole "
       "internet), or reference a security group.")
WEB = Res(types.SECURITY_GROUP, "web", {"vpcId": UNKNOWN, "ingress": []})


def rule(name, cidr, port=443, group="web", **props):
    return Res(types.SECURITY_GROUP_INGRESS_RULE, name, {"securityGroupId": UNKNOWN, "ipProtocol": "tcp",
                                                         "fromPort": port, "toPort": port, "cidrIpv4": cidr, **props},
               deps={"securityGroupId": [group]})


def test_metadata():
    assert POLICY.name == "aws-ec2-securitygroup-disallow-split-world-ingress"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.severity.value == "critical"
    assert POLICY.description.startswith("Checks that")
    assert POLICY.remediation_steps
    assert POLICY.url == "policies/README.md#aws-ec2-securitygroup-disallow-split-world-ingress"


def test_two_halves_in_separate_rules_fail_on_the_group_in_a_first_preview():
    result = run_stack(POLICY, [WEB, rule("low", "0.0.0.0/1"), rule("high", "128.0.0.0/1")])
    assert result.violations == [
        "ingress is 0.0.0.0/1 (cidrIpv4 of vpc.SecurityGroupIngressRule low), 128.0.0.0/1 (cidrIpv4 of "
        "vpc.SecurityGroupIngressRule high): together these ranges admit tcp 443 from 0.0.0.0/0, the whole internet, "
        "into security group web. " + FIX]
    assert result.urns == [urn(types.SECURITY_GROUP, "web")]
    assert result.unknown is None


def test_inline_blocks_and_all_traffic_merge_and_the_message_names_a_minimal_set():
    group = Res(types.SECURITY_GROUP, "web", {"ingress": [
        {"protocol": "-1", "fromPort": 0, "toPort": 0, "cidrBlocks": ["0.0.0.0/1"]},
        {"protocol": "tcp", "fromPort": 80, "toPort": 90, "cidrBlocks": ["128.0.0.0/2", "192.0.0.0/2", "10.0.0.0/8"]},
    ]})
    assert run_stack(POLICY, [group]).violations == [
        "ingress is 0.0.0.0/1 (ingress[0].cidrBlocks of web), 128.0.0.0/2 (ingress[1].cidrBlocks of web), 192.0.0.0/2 "
        "(ingress[1].cidrBlocks of web): together these ranges admit tcp 80-90 from 0.0.0.0/0, the whole internet, "
        "into security group web. " + FIX]


def test_all_traffic_halves_next_to_a_port_rule_are_all_traffic():
    group = Res(types.SECURITY_GROUP, "web", {"ingress": [
        {"protocol": "-1", "fromPort": 0, "toPort": 0, "cidrBlocks": ["0.0.0.0/1"]},
        {"protocol": "all", "fromPort": 0, "toPort": 0, "cidrBlocks": ["128.0.0.0/1"]},
        {"protocol": "6", "fromPort": 80, "toPort": 80, "cidrBlocks": ["10.0.0.0/8"]}]})
    assert run_stack(POLICY, [group]).violations == [
        "ingress is 0.0.0.0/1 (ingress[0].cidrBlocks of web), 128.0.0.0/1 (ingress[1].cidrBlocks of web): together "
        "these ranges admit all traffic from 0.0.0.0/0, the whole internet, into security group web. " + FIX]


def test_ipv6_and_ipv4_mapped_splits_and_legacy_rules_by_id():
    v6 = Res(types.SECURITY_GROUP_RULE, "v6", {"type": "ingress", "securityGroupId": "sg-0abc", "protocol": "tcp",
                                               "fromPort": 22, "toPort": 22,
                                               "ipv6CidrBlocks": ["2000::/4", "3000::/4"]})
    group = Res(types.SECURITY_GROUP, "ssh", {"arn": "arn:aws:ec2:eu-west-1:1:security-group/sg-0abc"})
    mapped = Res(types.SECURITY_GROUP_RULE, "mapped", {"type": "ingress", "securityGroupId": "sg-0abc",
                                                       "protocol": "udp", "fromPort": 53, "toPort": 53,
                                                       "ipv6CidrBlocks": ["::ffff:0.0.0.0/97"],
                                                       "cidrBlocks": ["128.0.0.0/1"]})
    result = run_stack(POLICY, [group, v6, mapped])
    assert result.violations == [
        "ingress is 2000::/4 (ipv6CidrBlocks of ec2.SecurityGroupRule v6), 3000::/4 (ipv6CidrBlocks of "
        "ec2.SecurityGroupRule v6): together these ranges admit tcp 22 from 2000::/3, the whole internet, into "
        "security group ssh. " + FIX,
        "ingress is ::ffff:0.0.0.0/97 (ipv6CidrBlocks of ec2.SecurityGroupRule mapped), 128.0.0.0/1 (cidrBlocks of "
        "ec2.SecurityGroupRule mapped): together these ranges admit udp 53 from 0.0.0.0/0, the whole internet, into "
        "security group ssh. " + FIX]
    assert result.urns == [urn(types.SECURITY_GROUP, "ssh")] * 2


def test_rules_of_an_undeclared_group_fail_on_each_rule():
    stack = [rule("low", "0.0.0.0/1", securityGroupId="sg-9"), rule("high", "128.0.0.0/1", securityGroupId="sg-9")]
    for r in stack:
        r.deps = {}
    result = run_stack(POLICY, stack)
    assert len(result.violations) == 2
    assert result.violations[0].endswith("into security group sg-9. " + FIX)
    assert result.urns == [urn(types.SECURITY_GROUP_INGRESS_RULE, name) for name in ("low", "high")]


def test_default_security_group_rules_through_the_vpc():
    stack = [Res(types.VPC, "vpc", {"defaultSecurityGroupId": UNKNOWN}),
             Res(types.DEFAULT_SECURITY_GROUP, "default", {"vpcId": UNKNOWN, "ingress": [
                 {"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": ["0.0.0.0/1"]}]},
                 deps={"vpcId": ["vpc"]}),
             rule("high", "128.0.0.0/1", group="vpc")]
    result = run_stack(POLICY, stack)
    assert len(result.violations) == 1
    assert result.urns == [urn(types.DEFAULT_SECURITY_GROUP, "default")]


def test_different_ports_narrow_ranges_and_single_world_rules_pass():
    # Halves on different ports never admit one port from everywhere.
    assert run_stack(POLICY, [WEB, rule("low", "0.0.0.0/1"), rule("high", "128.0.0.0/1", port=22)]).violations == []
    # Several narrow ranges.
    narrow = [rule(f"r{i}", cidr) for i, cidr in enumerate(["203.0.113.0/24", "198.51.100.0/24", "10.0.0.0/8"])]
    assert run_stack(POLICY, [WEB, *narrow]).violations == []
    # A single world-open rule is aws-ec2-securitygroup-disallow-world-ingress's, reported once, by that rule.
    single = [WEB, rule("all", "0.0.0.0/0"), rule("low", "0.0.0.0/1"), rule("high", "128.0.0.0/1")]
    assert run_stack(POLICY, single).violations == []
    # Prefix lists and group references are not CIDRs.
    refs = [WEB, rule("pl", None, prefixListId="pl-1"), rule("sg", None, referencedSecurityGroupId="sg-1")]
    assert run_stack(POLICY, refs).violations == []
    # ICMP types are matched exactly: two halves for different types do not add up.
    icmp = Res(types.SECURITY_GROUP, "web", {"ingress": [
        {"protocol": "icmp", "fromPort": 8, "toPort": 0, "cidrBlocks": ["0.0.0.0/1"]},
        {"protocol": "icmp", "fromPort": 0, "toPort": 0, "cidrBlocks": ["128.0.0.0/1"]}]})
    assert run_stack(POLICY, [icmp]).violations == []


def test_exemption():
    config = {"exemptions": [{"namePattern": "web", "reason": "public web tier behind WAF, SEC-9"}]}
    result = run_stack(POLICY, [WEB, rule("low", "0.0.0.0/1"), rule("high", "128.0.0.0/1")], config=config)
    assert result.violations == []
    assert result.not_applicable == "web: exempted by name pattern 'web': public web tier behind WAF, SEC-9"


def test_unknowns_decide_only_when_they_could_matter():
    unknown_cidr = run_stack(POLICY, [WEB, rule("low", UNKNOWN), rule("high", "128.0.0.0/1")])
    assert unknown_cidr.violations == []
    assert unknown_cidr.unknown == "string value at .cidrIpv4 can't be known during preview"
    unknown_port = run_stack(POLICY, [WEB, rule("low", "0.0.0.0/1"), rule("high", "128.0.0.0/1", fromPort=UNKNOWN)])
    assert unknown_port.unknown == "string value at .fromPort can't be known during preview"
    # An unknown port on ranges that cannot cover the world even on one port settles nothing: decided, passes.
    narrow = run_stack(POLICY, [WEB, rule("low", "10.0.0.0/8"), rule("high", "128.0.0.0/1", fromPort=UNKNOWN)])
    assert (narrow.violations, narrow.unknown) == ([], None)
    # Nor does one on a world-open range, which is aws-ec2-securitygroup-disallow-world-ingress's alone.
    single = run_stack(POLICY, [WEB, rule("all", "0.0.0.0/0", fromPort=UNKNOWN), rule("low", "0.0.0.0/1")])
    assert (single.violations, single.unknown) == ([], None)
