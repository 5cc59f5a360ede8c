"""OpenSearch and Elasticsearch domains live in a VPC (checkov CKV_AWS_137, Config opensearch-in-vpc-only /
elasticsearch-in-vpc-only).

Advisory: a domain without ``vpcOptions`` has a public endpoint, but reports here only where another control of
the program still decides who gets in: an access policy with no open grant (IP conditions, named principals, or
no policy, which admits only IAM-signed callers granted by their own identity policies), or fine-grained access
control, which makes every request sign in. A public domain with neither is the mandatory
``aws-opensearch-domain-disallow-public-access``, so each domain gets one finding. A public domain cannot be
placed in a VPC later (Amazon OpenSearch Service Developer Guide, "Launching your Amazon OpenSearch Service
domains within a VPC"), so the fix is a new domain.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, Severity, StackValidationArgs

from private_api_guard.apigateway.graph import decide_each
from private_api_guard.core import stack_policy, violation
from private_api_guard.opensearch.access import DomainView, fine_grained, in_vpc

NAME = "aws-opensearch-domain-disallow-public-endpoint"
FIX = ("create the domain in a VPC with vpc_options subnet_ids and security_group_ids (an existing domain cannot "
       "be moved into a VPC)")


def validate(args: StackValidationArgs, report: ReportViolation) -> None:
    view = DomainView(args.resources)

    def check(domain) -> None:
        if in_vpc(domain.props):
            return
        protected = fine_grained(domain.props)
        grants = view.grants(domain)
        if grants and not protected:
            return
        if grants:
            problem = ("the domain has a public endpoint and its access policy admits everyone, so only fine-grained "
                       "access control's sign-in stands between the internet and its data")
        else:
            problem = ("the domain has a public endpoint reachable from the internet; only its access policy and "
                       "credentials decide who gets in")
        report(violation("vpcOptions", domain.props.get("vpcOptions"), problem, FIX), domain.urn)

    decide_each(view.domains, check)


POLICY = stack_policy(
    name=NAME,
    description="Checks that every OpenSearch or Elasticsearch domain has vpcOptions (a VPC endpoint only); a "
                "public one without any other control is the mandatory public-access rule.",
    validate=validate,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.MEDIUM,
    remediation_steps="Create domains with vpc_options={'subnet_ids': [...private...], 'security_group_ids': [...]} "
                      "and reach them from the VPC.",
)
