"""CloudFront distributions are protected by AWS WAF (advisory).

A distribution is an internet-facing endpoint by design; ``webAclId`` attaches a web ACL (WAFv2 ARN, created with
scope ``CLOUDFRONT`` in us-east-1, or a WAF Classic id). CloudFront takes no ``wafv2.WebAclAssociation``: the web ACL
is set on the distribution itself
(https://docs.aws.amazon.com/waf/latest/developerguide/cloudfront-features.html). Advisory: a distribution without
WAF is public as intended, not exposed by mistake. (checkov CKV_AWS_68, AWS Config cloudfront-associated-with-waf,
Prowler cloudfront_distributions_using_waf, compliance-policies cloudfront-distribution-configure-waf.)
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation

NAME = "aws-cloudfront-distribution-enable-waf"


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    web_acl = args.props.get("webAclId")
    if not isinstance(web_acl, str) or not web_acl.strip():
        report(violation("webAclId", web_acl, "no AWS WAF web ACL filters the requests the distribution accepts "
                         "from the internet", "create an aws.wafv2.WebAcl with scope='CLOUDFRONT' (in us-east-1) and "
                         "set web_acl_id=web_acl.arn"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that every CloudFront distribution has an AWS WAF web ACL (webAclId).",
    resource_types=(types.CLOUDFRONT_DISTRIBUTION,),
    validate=validate,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.MEDIUM,
    remediation_steps="Create aws.wafv2.WebAcl(scope='CLOUDFRONT') with a us-east-1 provider (AWS managed rule "
                      "groups such as AWSManagedRulesCommonRuleSet) and pass its arn as web_acl_id.",
)
