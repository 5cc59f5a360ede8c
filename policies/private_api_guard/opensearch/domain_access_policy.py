"""OpenSearch and Elasticsearch access policies name who may call the domain.

Advisory: an access policy that grants everyone a data-plane action unconditioned, on a domain inside a VPC
without fine-grained access control, admits anyone who can reach the domain's network interfaces through its
security groups, with no identity check. The security groups still keep the internet out, so this is not an
internet exposure. With fine-grained access control on, the domain access policy is only the second of three
layers and every request must still sign in (Amazon OpenSearch Service Developer Guide, "Fine-grained access
control", "The bigger picture"), so an open policy there is the usual pairing and passes. Also reports an open
DomainPolicy whose domain is not in the stack, whose network placement cannot be seen.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, Severity, StackValidationArgs

from private_api_guard.apigateway.graph import Unknowns
from private_api_guard.core import stack_policy, violation
from private_api_guard.opensearch.access import DomainView, fine_grained, in_vpc, open_grants

NAME = "aws-opensearch-domain-configure-access-policy"
FIX = ("grant only the IAM roles that need the domain (Principal {'AWS': [role ARNs]}), or enable fine-grained "
       "access control")


def validate(args: StackValidationArgs, report: ReportViolation) -> None:
    view = DomainView(args.resources)

    def check_domain(domain) -> None:
        if not in_vpc(domain.props) or fine_grained(domain.props):
            return
        for grant in view.grants(domain):
            report(violation(grant.field, grant.statement, "it admits every principal without a condition, so anyone "
                             "who can reach the domain's VPC endpoint through its security groups can call it "
                             "without credentials", FIX), grant.carrier.urn)

    def check_orphan(policy) -> None:
        for grant in open_grants(policy):
            report(violation(grant.field, grant.statement, f"it admits every principal without a condition, and "
                             f"domain {policy.props.get('domainName')!r} is not in this stack, so whether it is "
                             "reachable only from a VPC cannot be seen", FIX), policy.urn)

    unknowns = Unknowns()
    unknowns.each(view.domains, check_domain)
    unknowns.each(view.orphans, check_orphan)
    unknowns.raise_first()


POLICY = stack_policy(
    name=NAME,
    description="Checks that no OpenSearch or Elasticsearch access policy grants everyone access unconditioned on "
                "a VPC domain without fine-grained access control, or on a domain outside the stack.",
    validate=validate,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.MEDIUM,
    remediation_steps="Name the principals: {'Effect': 'Allow', 'Principal': {'AWS': [<role ARNs>]}, 'Action': "
                      "'es:ESHttp*', 'Resource': '<domain ARN>/*'}; or enable advanced_security_options.",
)
