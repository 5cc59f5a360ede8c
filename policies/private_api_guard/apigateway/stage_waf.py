"""API Gateway stages are protected by AWS WAF (policies/README.md#aws-apigateway-stage-enable-waf): disabled
by default.

AWS Config ``api-gw-associated-with-waf``; checkov CKV2_AWS_29 exempts PRIVATE APIs, and every API
here is private or IAM-only, so the rule ships disabled; enable it per organisation. A stack policy:
in pulumi-aws 7 the web ACL is attached by a ``wafv2.WebAclAssociation`` (or the classic
``wafregional`` one) whose ``resourceArn`` comes from the stage.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, PolicyResource, ReportViolation, Severity, StackValidationArgs

from private_api_guard import types
from private_api_guard.apigateway.graph import decide_each
from private_api_guard.core import StackIndex, dependencies, stack_policy, violation

NAME = "aws-apigateway-stage-enable-waf"


def _literal_targets(associations: list[PolicyResource]) -> set[tuple[str, str]]:
    """``(api id, stage name)`` of associations whose ``resourceArn`` is a literal stage ARN.

    An association without a property dependency (an ARN written out, or from a stack reference)
    is read; an unknown one raises, because it may protect any stage.
    """
    targets: set[tuple[str, str]] = set()
    for association in associations:
        if dependencies(association, "resourceArn"):
            continue
        arn = association.props.get("resourceArn")
        if isinstance(arn, str) and "/restapis/" in arn and "/stages/" in arn:
            api_id, _, stage_name = arn.split("/restapis/", 1)[1].partition("/stages/")
            targets.add((api_id, stage_name))
    return targets


def validate(args: StackValidationArgs, report: ReportViolation) -> None:
    index = StackIndex(args.resources)
    waf_types = (types.WAFV2_WEB_ACL_ASSOCIATION, types.WAFREGIONAL_WEB_ACL_ASSOCIATION)
    associated = index.referrers(waf_types, "resourceArn")
    literal: set[tuple[str, str]] | None = None

    def check(stage: PolicyResource) -> None:
        nonlocal literal
        if associated.get(stage.urn):
            return
        if literal is None:
            literal = _literal_targets(index.of(*waf_types))
        if literal:
            api_id, stage_name = stage.props.get("restApi"), stage.props.get("stageName")
            if isinstance(api_id, str) and isinstance(stage_name, str) and (api_id, stage_name) in literal:
                return
        report(violation("webAclArn", None, "no web ACL association in this stack protects the stage",
                         "add aws.wafv2.WebAclAssociation(resource_arn=stage.arn, web_acl_arn=...)"), stage.urn)

    decide_each(index.of(types.STAGE), check)

POLICY = stack_policy(
    name=NAME,
    description="Checks that every API Gateway stage is associated with an AWS WAF web ACL (disabled by default).",
    validate=validate,
    enforcement_level=EnforcementLevel.DISABLED,
    severity=Severity.LOW,
    remediation_steps="Create an aws.wafv2.WebAcl (scope REGIONAL) and aws.wafv2.WebAclAssociation("
                      "resource_arn=stage.arn, web_acl_arn=acl.arn).",
)
