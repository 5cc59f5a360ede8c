"""OpenSearch and Elasticsearch domains are not open to the internet (Prowler
opensearch_service_domains_not_publicly_accessible; checkov CKV_AWS_137 and Config opensearch-in-vpc-only /
elasticsearch-in-vpc-only check only the VPC half).

Mandatory when all three hold (see :mod:`private_api_guard.opensearch.access`): the domain has no ``vpcOptions``
(a public endpoint), no fine-grained access control (or anonymous access on), and its access policy (inline or a
DomainPolicy of the stack) grants everyone a data-plane action with no restricting condition. Then anyone on
the internet can call the granted APIs on its indices without credentials. Each open statement is reported on the
resource that carries it. A public endpoint behind IP conditions or fine-grained access control is the advisory
``aws-opensearch-domain-disallow-public-endpoint``; an open policy inside a VPC is the advisory
``aws-opensearch-domain-configure-access-policy``.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, Severity, StackValidationArgs

from private_api_guard.apigateway.graph import decide_each
from private_api_guard.core import stack_policy, violation
from private_api_guard.opensearch.access import DomainView, fine_grained, in_vpc

NAME = "aws-opensearch-domain-disallow-public-access"
FIX = ("condition the statement on aws:SourceIp with your own ranges or grant specific IAM principals, or create "
       "the domain in a VPC (vpc_options), or enable fine-grained access control (advanced_security_options)")


def validate(args: StackValidationArgs, report: ReportViolation) -> None:
    view = DomainView(args.resources)

    def check(domain) -> None:
        if in_vpc(domain.props) or fine_grained(domain.props):
            return
        for grant in view.grants(domain):
            where = "its" if grant.carrier is domain else f"domain {domain.name}'s"
            report(violation(grant.field, grant.statement, f"it lets anyone on the internet call {where} public "
                             "endpoint: the domain has no vpcOptions and no fine-grained access control, so nothing "
                             "else stops anonymous requests", FIX), grant.carrier.urn)

    decide_each(view.domains, check)


POLICY = stack_policy(
    name=NAME,
    description="Checks that no OpenSearch or Elasticsearch domain outside a VPC and without fine-grained access "
                "control has an access policy (inline or DomainPolicy) that grants everyone access unconditioned.",
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.CRITICAL,
    remediation_steps="Create the domain with vpc_options (private subnet_ids, security_group_ids); or restrict the "
                      "access policy to IAM principals of your account or to aws:SourceIp of your networks; or "
                      "enable advanced_security_options with anonymous access off.",
)
