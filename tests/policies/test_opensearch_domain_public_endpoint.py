from private_api_guard import types
from private_api_guard.opensearch.domain_public_endpoint import POLICY

from tests.policies.opensearch_stacks import ARN, FGAC, OPEN, VPC, document, domain, domain_policy
from tests.policies.policy_harness import UNKNOWN, run_stack, urn

FIX = ("Fix: create the domain in a VPC with vpc_options subnet_ids and security_group_ids (an existing domain "
       "cannot be moved into a VPC).")


def test_metadata():
    assert POLICY.name == "aws-opensearch-domain-disallow-public-endpoint"
    assert POLICY.enforcement_level.value == "advisory"
    assert POLICY.description.startswith("Checks that")


def test_public_domain_behind_an_ip_condition_is_reported():
    restricted = {**OPEN, "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}
    result = run_stack(POLICY, [domain(accessPolicies=document(restricted))])
    assert result.violations == [
        "vpcOptions is unset: the domain has a public endpoint reachable from the internet; only its access policy "
        "and credentials decide who gets in. " + FIX]
    assert result.urns == [urn(types.OPENSEARCH_DOMAIN, "logs")]


def test_public_domain_with_fine_grained_access_control_and_an_open_policy():
    result = run_stack(POLICY, [domain(**FGAC), domain_policy()])
    assert result.violations == [
        "vpcOptions is unset: the domain has a public endpoint and its access policy admits everyone, so only "
        "fine-grained access control's sign-in stands between the internet and its data. " + FIX]


def test_one_finding_per_domain_the_open_case_is_mandatory_elsewhere():
    assert run_stack(POLICY, [domain(accessPolicies=document(OPEN))]).violations == []


def test_vpc_domains_pass():
    assert run_stack(POLICY, [domain(**VPC)]).violations == []
    assert run_stack(POLICY, [domain(accessPolicies=document(OPEN), **VPC)]).violations == []


def test_unknown_vpc_options_cannot_be_decided():
    result = run_stack(POLICY, [domain(vpcOptions=UNKNOWN, accessPolicies=document({**OPEN, "Resource": ARN}))])
    assert result.violations == []
    assert result.unknown == "string value at .vpcOptions can't be known during preview"
