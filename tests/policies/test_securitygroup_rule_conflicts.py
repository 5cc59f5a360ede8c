from private_api_guard import types
from private_api_guard.ec2.securitygroup_rule_conflicts import POLICY

from tests.policies.policy_harness import UNKNOWN, Res, run_stack, urn

INGRESS = [{"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": ["10.0.0.0/8"]}]


def test_metadata():
    assert POLICY.name == "aws-ec2-securitygroup-disallow-rule-conflicts"
    assert POLICY.enforcement_level.value == "advisory"
    assert POLICY.severity.value == "low"
    assert POLICY.description.startswith("Checks that")
    assert POLICY.remediation_steps
    assert POLICY.url == "policies/README.md#aws-ec2-securitygroup-disallow-rule-conflicts"


def test_inline_rules_plus_standalone_rules_fail():
    result = run_stack(POLICY, [
        Res(types.SECURITY_GROUP, "app-sg", {"ingress": INGRESS, "egress": []}),
        Res(types.SECURITY_GROUP_INGRESS_RULE, "app-https", {"securityGroupId": UNKNOWN, "cidrIpv4": "10.0.0.0/8"},
            deps={"securityGroupId": ["app-sg"]}),
        Res(types.SECURITY_GROUP_RULE, "app-ssh", {"type": "ingress", "securityGroupId": UNKNOWN},
            deps={"securityGroupId": ["app-sg"]}),
    ])
    tail = ("that security group also declares inline ingress rules, so the inline list and the standalone rules "
            "overwrite each other on every update. Fix: keep the rules of app-sg in one form: move the inline rules "
            "into standalone vpc.SecurityGroupIngressRule/SecurityGroupEgressRule resources, or drop this one.")
    assert result.violations == [
        "securityGroupId of vpc.SecurityGroupIngressRule app-https is 'app-sg': " + tail,
        "securityGroupId of ec2.SecurityGroupRule app-ssh is 'app-sg': " + tail,
    ]
    assert result.urns == [urn(types.SECURITY_GROUP, "app-sg")] * 2


def test_one_form_only_passes():
    assert run_stack(POLICY, [
        Res(types.SECURITY_GROUP, "inline-sg", {"ingress": INGRESS}),
        Res(types.SECURITY_GROUP, "rules-sg", {"description": "rules only"}),
        Res(types.SECURITY_GROUP_EGRESS_RULE, "out", {"securityGroupId": UNKNOWN},
            deps={"securityGroupId": ["rules-sg"]}),
        Res(types.SECURITY_GROUP_INGRESS_RULE, "from-inline", {"referencedSecurityGroupId": UNKNOWN},
            deps={"referencedSecurityGroupId": ["inline-sg"], "securityGroupId": ["rules-sg"]}),
    ]).violations == []


def test_unknown_inline_rules_cannot_be_decided():
    result = run_stack(POLICY, [
        Res(types.SECURITY_GROUP, "app-sg", {"ingress": UNKNOWN}),
        Res(types.SECURITY_GROUP_INGRESS_RULE, "app-https", {"securityGroupId": UNKNOWN},
            deps={"securityGroupId": ["app-sg"]}),
    ])
    assert result.violations == []
    assert result.unknown == "string value at .ingress can't be known during preview"
