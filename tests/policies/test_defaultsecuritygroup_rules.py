from private_api_guard import types
from private_api_guard.ec2.defaultsecuritygroup_rules import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource


def test_metadata():
    assert POLICY.name == "aws-ec2-defaultsecuritygroup-disallow-rules"
    assert POLICY.enforcement_level.value == "advisory"
    assert POLICY.severity.value == "medium"
    assert POLICY.description.startswith("Checks that")
    assert POLICY.remediation_steps
    assert POLICY.url == "policies/README.md#aws-ec2-defaultsecuritygroup-disallow-rules"


def test_rules_on_the_default_group_fail():
    result = run_resource(POLICY, types.DEFAULT_SECURITY_GROUP, {
        "vpcId": "vpc-1",
        "ingress": [{"protocol": "-1", "fromPort": 0, "toPort": 0, "self": True}],
        "egress": [{"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": ["0.0.0.0/0"]}],
    })
    assert result.violations == [
        'ingress is ["all traffic"]: the default security group keeps ingress rules, which apply to anything launched '
        "without its own security group. Fix: declare ec2.DefaultSecurityGroup with no ingress so it admits nothing, "
        "and give every resource its own security group.",
        'egress is ["tcp 443"]: the default security group keeps egress rules, which apply to anything launched '
        "without its own security group. Fix: declare ec2.DefaultSecurityGroup with no egress so it admits nothing, "
        "and give every resource its own security group.",
    ]


def test_adopted_without_rules_passes():
    assert run_resource(POLICY, types.DEFAULT_SECURITY_GROUP, {"vpcId": "vpc-1"}).violations == []
    assert run_resource(POLICY, types.DEFAULT_SECURITY_GROUP, {"vpcId": "vpc-1", "ingress": [], "egress": []}
                        ).violations == []


def test_unknown_rules_cannot_be_decided():
    result = run_resource(POLICY, types.DEFAULT_SECURITY_GROUP, {"vpcId": "vpc-1", "ingress": UNKNOWN})
    assert result.violations == []
    assert result.unknown == "string value at .ingress can't be known during preview"
