"""A security group keeps its rules in one form: inline or standalone, never both
(policies/README.md#aws-ec2-securitygroup-disallow-rule-conflicts).

A port of awsguard's ``security-group-no-rule-management-conflicts``. When a SecurityGroup declares inline
``ingress``/``egress`` and standalone rule resources also target it, the group's inline list and the
rule resources overwrite each other, so every update shows a diff and rules flap in and out. A stack
policy: the rule resources are found through the property dependencies of their ``securityGroupId``,
which works in a first preview while the group id is unknown.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, Severity, StackValidationArgs

from private_api_guard import types
from private_api_guard.core import StackIndex, stack_policy, violation
from private_api_guard.network_rules import count

NAME = "aws-ec2-securitygroup-disallow-rule-conflicts"
RULE_TYPES = (types.SECURITY_GROUP_RULE, types.SECURITY_GROUP_INGRESS_RULE, types.SECURITY_GROUP_EGRESS_RULE)
_SHORT = {types.SECURITY_GROUP_RULE: "ec2.SecurityGroupRule",
          types.SECURITY_GROUP_INGRESS_RULE: "vpc.SecurityGroupIngressRule",
          types.SECURITY_GROUP_EGRESS_RULE: "vpc.SecurityGroupEgressRule"}


def validate(args: StackValidationArgs, report: ReportViolation) -> None:
    resources = args.resources
    rules_of = None
    for group in resources:
        if group.resource_type != types.SECURITY_GROUP:
            continue
        if rules_of is None:
            rules_of = StackIndex(resources).referrers(RULE_TYPES, "securityGroupId")
        standalone = rules_of.get(group.urn)
        if not standalone:
            continue
        inline = [key for key in ("ingress", "egress") if count(group.props.get(key))]
        if not inline:
            continue
        for rule in standalone:
            report(violation(f"securityGroupId of {_SHORT[rule.resource_type]} {rule.name}", group.name,
                             f"that security group also declares inline {' and '.join(inline)} rules, so the "
                             "inline list and the standalone rules overwrite each other on every update",
                             f"keep the rules of {group.name} in one form: move the inline rules into standalone "
                             "vpc.SecurityGroupIngressRule/SecurityGroupEgressRule resources, or drop this one"),
                   group.urn)


POLICY = stack_policy(
    name=NAME,
    description="Checks that no security group with inline ingress or egress rules is also the target of "
                "standalone ec2.SecurityGroupRule or vpc.SecurityGroupIngressRule/EgressRule resources.",
    validate=validate,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.LOW,
    remediation_steps="Manage each security group's rules in one form only; prefer standalone "
                      "vpc.SecurityGroupIngressRule/SecurityGroupEgressRule resources and leave ingress/egress "
                      "unset on the group.",
)
