from private_api_guard import types
from private_api_guard.opensearch.domain_access_policy import POLICY

from tests.policies.opensearch_stacks import ARN, FGAC, OPEN, VPC, document, domain, domain_policy
from tests.policies.policy_harness import UNKNOWN, run_stack, urn

STATEMENT = ('accessPolicies.Statement[0] is {"Action": "es:*", "Effect": "Allow", "Principal": {"AWS": "*"}, '
             f'"Resource": "{ARN}/*"}}: ')
FIX = ("Fix: grant only the IAM roles that need the domain (Principal {'AWS': [role ARNs]}), or enable fine-grained "
       "access control.")


def test_metadata():
    assert POLICY.name == "aws-opensearch-domain-configure-access-policy"
    assert POLICY.enforcement_level.value == "advisory"
    assert POLICY.description.startswith("Checks that")


def test_open_policy_inside_a_vpc_is_reported():
    result = run_stack(POLICY, [domain(**VPC), domain_policy()])
    assert result.violations == [
        STATEMENT + "it admits every principal without a condition, so anyone who can reach the domain's VPC "
        "endpoint through its security groups can call it without credentials. " + FIX]
    assert result.urns == [urn(types.OPENSEARCH_DOMAIN_POLICY, "logs-policy")]


def test_open_policy_for_a_domain_outside_the_stack_is_reported():
    result = run_stack(POLICY, [domain_policy(owner=None, domainName="shared-logs")])
    assert result.violations == [
        STATEMENT + "it admits every principal without a condition, and domain 'shared-logs' is not in this stack, "
        "so whether it is reachable only from a VPC cannot be seen. " + FIX]


def test_fine_grained_access_control_or_named_principals_pass():
    assert run_stack(POLICY, [domain(accessPolicies=document(OPEN), **VPC, **FGAC)]).violations == []
    named = {**OPEN, "Principal": {"AWS": ["arn:aws:iam::123456789012:role/ingest"]}}
    assert run_stack(POLICY, [domain(accessPolicies=document(named), **VPC)]).violations == []


def test_public_domains_are_left_to_the_other_rules():
    assert run_stack(POLICY, [domain(accessPolicies=document(OPEN))]).violations == []


def test_unknown_policy_cannot_be_decided():
    result = run_stack(POLICY, [domain(accessPolicies=UNKNOWN, **VPC)])
    assert result.violations == [] and result.unknown
