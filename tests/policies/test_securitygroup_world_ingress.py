from private_api_guard import types
from private_api_guard.ec2.securitygroup_world_ingress import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

WORLD = ("cidrBlocks is '0.0.0.0/0': it admits ingress from the whole internet. Fix: admit only the client, "
         "load balancer or VPC ranges, or reference a security group.")


def test_metadata():
    assert POLICY.name == "aws-ec2-securitygroup-disallow-world-ingress"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_inline_world_ingress_fails_ipv4_and_ipv6():
    result = run_resource(POLICY, types.SECURITY_GROUP, {
        "ingress": [{"fromPort": 443, "toPort": 443, "protocol": "tcp", "cidrBlocks": ["10.0.0.0/8", "0.0.0.0/0"]},
                    {"fromPort": 22, "toPort": 22, "protocol": "tcp", "ipv6CidrBlocks": ["::/0"]}]})
    assert result.violations == [
        "ingress[0].cidrBlocks is '0.0.0.0/0': it admits ingress from the whole internet. Fix: admit only the "
        "client, load balancer or VPC ranges, or reference a security group.",
        "ingress[1].ipv6CidrBlocks is '::/0': it admits ingress from the whole internet. Fix: admit only the "
        "client, load balancer or VPC ranges, or reference a security group.",
    ]


def test_rule_resources_fail():
    assert run_resource(POLICY, types.SECURITY_GROUP_RULE,
                        {"type": "ingress", "cidrBlocks": ["0.0.0.0/0"]}).violations == [WORLD]
    assert len(run_resource(POLICY, types.SECURITY_GROUP_INGRESS_RULE, {"cidrIpv6": "::/0"}).violations) == 1


def test_private_ranges_and_egress_pass():
    assert run_resource(POLICY, types.SECURITY_GROUP_INGRESS_RULE, {"cidrIpv4": "10.40.0.0/16"}).violations == []
    assert run_resource(POLICY, types.SECURITY_GROUP_RULE,
                        {"type": "egress", "cidrBlocks": ["0.0.0.0/0"]}).violations == []


def test_unknown_source_cannot_be_decided():
    result = run_resource(POLICY, types.SECURITY_GROUP_INGRESS_RULE, {"cidrIpv4": UNKNOWN})
    assert result.violations == []
    assert result.unknown == "string value at .cidrIpv4 can't be known during preview"


def test_exemption_by_name_is_reported_with_reason():
    config = {"exemptions": [{"namePattern": "legacy-.*", "reason": "TICKET-42 until migration"}]}
    result = run_resource(POLICY, types.SECURITY_GROUP_RULE, {"type": "ingress", "cidrBlocks": ["0.0.0.0/0"]},
                          name="legacy-sg", config=config)
    assert result.violations == []
    assert result.not_applicable == "exempted by name pattern 'legacy-.*': TICKET-42 until migration"


def test_default_security_group_inline_rules_are_checked_too():
    result = run_resource(POLICY, types.DEFAULT_SECURITY_GROUP,
                          {"ingress": [{"protocol": "-1", "cidrBlocks": ["0.0.0.0/0"]}]})
    assert result.violations == ["ingress[0].cidrBlocks is '0.0.0.0/0': it admits ingress from the whole internet. "
                                 "Fix: admit only the client, load balancer or VPC ranges, or reference a security "
                                 "group."]


def test_malformed_inline_blocks_are_skipped():
    assert run_resource(POLICY, types.SECURITY_GROUP, {"ingress": ["0.0.0.0/0", None, 3]}).violations == []


def test_invalid_exemption_pattern_exempts_nothing():
    config = {"exemptions": [{"namePattern": "legacy-(", "reason": "typo in the pattern"}]}
    result = run_resource(POLICY, types.SECURITY_GROUP_RULE, {"type": "ingress", "cidrBlocks": ["0.0.0.0/0"]},
                          name="legacy-sg", config=config)
    assert result.violations == [WORLD, (
        'exemptions[0] is {"namePattern": "legacy-(", "reason": "typo in the pattern"}: the exemption was refused and '
        "exempts nothing, because namePattern is not a valid regular expression (missing ), unterminated subpattern "
        "at position 7). Fix: correct the expression; it must match the whole logical name.")]
    assert result.not_applicable is None
