from private_api_guard import types
from private_api_guard.opensearch.domain_public_access import POLICY

from tests.policies.opensearch_stacks import ARN, FGAC, OPEN, VPC, document, domain, domain_policy
from tests.policies.policy_harness import UNKNOWN, Res, run_stack, urn

FIX = ("Fix: condition the statement on aws:SourceIp with your own ranges or grant specific IAM principals, or "
       "create the domain in a VPC (vpc_options), or enable fine-grained access control (advanced_security_options).")
INLINE = ('accessPolicies.Statement[0] is {"Action": "es:*", "Effect": "Allow", "Principal": {"AWS": "*"}, '
          f'"Resource": "{ARN}/*"}}: it lets anyone on the internet call its public endpoint: the domain has no '
          "vpcOptions and no fine-grained access control, so nothing else stops anonymous requests. " + FIX)


def test_metadata():
    assert POLICY.name == "aws-opensearch-domain-disallow-public-access"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.severity.value == "critical"
    assert POLICY.description.startswith("Checks that")


def test_public_domain_with_an_open_inline_policy_fails_on_the_domain():
    result = run_stack(POLICY, [domain(accessPolicies=document(OPEN))])
    assert result.violations == [INLINE]
    assert result.urns == [urn(types.OPENSEARCH_DOMAIN, "logs")]


def test_open_domain_policy_fails_on_the_policy_resource():
    result = run_stack(POLICY, [domain(), domain_policy()])
    assert result.violations == [INLINE.replace("call its public endpoint", "call domain logs's public endpoint")]
    assert result.urns == [urn(types.OPENSEARCH_DOMAIN_POLICY, "logs-policy")]


def test_policies_link_by_literal_name_and_elasticsearch_counts_too():
    stack = [domain(resource_type=types.ELASTICSEARCH_DOMAIN),
             domain_policy(owner=None, resource_type=types.ELASTICSEARCH_DOMAIN_POLICY)]
    assert run_stack(POLICY, stack).urns == [urn(types.ELASTICSEARCH_DOMAIN_POLICY, "logs-policy")]


def test_every_spelling_of_everyone_is_open():
    for statement in ({**OPEN, "Principal": "*"}, {**OPEN, "Principal": {"AWS": ["*"]}, "Action": ["es:ESHttpGet"]},
                      {**OPEN, "Action": "es:ESHttp*"},
                      {**OPEN, "Condition": {"IpAddress": {"aws:SourceIp": ["0.0.0.0/1", "128.0.0.0/1"]}}},
                      {**OPEN, "Condition": {"IpAddressIfExists": {"aws:SourceIp": "203.0.113.0/24"}}},
                      {**OPEN, "Condition": {"Bool": {"aws:SecureTransport": "true"}}}):
        assert len(run_stack(POLICY, [domain(accessPolicies=document(statement))]).violations) == 1, statement


def test_restricted_policies_pass():
    for statement in ({**OPEN, "Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "10.0.0.0/8"]}}},
                      {**OPEN, "Principal": {"AWS": "arn:aws:iam::123456789012:role/search"}},
                      {**OPEN, "Condition": {"StringEquals": {"aws:PrincipalAccount": "123456789012"}}},
                      {**OPEN, "Action": "es:DescribeDomain"}):
        assert run_stack(POLICY, [domain(accessPolicies=document(statement))]).violations == [], statement


def test_a_deny_guard_restricts_the_open_allow():
    guard = {"Effect": "Deny", "Principal": "*", "Action": "es:*", "Resource": f"{ARN}/*",
             "Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24"]}}}
    assert run_stack(POLICY, [domain(accessPolicies=document(OPEN, guard))]).violations == []
    partial = {**guard, "Resource": f"{ARN}/orders/*"}
    assert len(run_stack(POLICY, [domain(accessPolicies=document(OPEN, partial))]).violations) == 1
    world = {**guard, "Condition": {"NotIpAddress": {"aws:SourceIp": ["0.0.0.0/0"]}}}
    assert len(run_stack(POLICY, [domain(accessPolicies=document(OPEN, world))]).violations) == 1


def test_vpc_domains_and_fine_grained_access_control_pass():
    assert run_stack(POLICY, [domain(accessPolicies=document(OPEN), **VPC)]).violations == []
    assert run_stack(POLICY, [domain(accessPolicies=document(OPEN), **FGAC)]).violations == []
    anonymous = {"advancedSecurityOptions": {"enabled": True, "anonymousAuthEnabled": True}}
    assert len(run_stack(POLICY, [domain(accessPolicies=document(OPEN), **anonymous)]).violations) == 1


def test_no_policy_or_not_json_passes():
    assert run_stack(POLICY, [domain()]).violations == []
    assert run_stack(POLICY, [domain(accessPolicies="not json")]).violations == []


def test_unknown_policy_cannot_be_decided_but_other_domains_are_checked():
    stack = [domain(accessPolicies=UNKNOWN), Res(types.OPENSEARCH_DOMAIN, "other",
                                                 {"domainName": "other", "accessPolicies": document(OPEN)})]
    result = run_stack(POLICY, stack)
    assert result.urns == [urn(types.OPENSEARCH_DOMAIN, "other")]
    assert result.unknown == "string value at .accessPolicies can't be known during preview"


def test_unknown_subnet_ids_still_place_the_domain_in_a_vpc():
    props = {"vpcOptions": {"subnetIds": [UNKNOWN, UNKNOWN]}, "accessPolicies": document(OPEN)}
    result = run_stack(POLICY, [domain(**props)])
    assert result.violations == [] and result.unknown is None
