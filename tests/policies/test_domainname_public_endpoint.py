from private_api_guard import types
from private_api_guard.apigateway.domainname_public_endpoint import POLICY

from tests.policies.policy_harness import UNKNOWN, Res, run_stack

NAME = "api.example.internal"
PREFIX = "endpointConfiguration.types is [\"REGIONAL\"]: a REGIONAL domain has a public regional endpoint and passes " \
         "only when the stack proves it private, but "
FIX = (". Fix: set endpoint_configuration types to PRIVATE with a DomainNameAccessAssociation, or keep REGIONAL only "
       "behind an internal NLB with the name in private hosted zones and every base path mapping on a PRIVATE API.")

PRIVATE_API = Res(types.REST_API, "api", {"endpointConfiguration": {"types": "PRIVATE"}})
REGIONAL_DOMAIN = Res(types.DOMAIN_NAME, "domain", {"domainName": NAME, "securityPolicy": "TLS_1_2",
                                                    "endpointConfiguration": {"types": "REGIONAL"}})
PRIVATE_ZONE = Res(types.ROUTE53_ZONE, "internal-zone", {"name": "example.internal", "vpcs": [{"vpcId": UNKNOWN}]})
PUBLIC_ZONE = Res(types.ROUTE53_ZONE, "public-zone", {"name": "example.internal"})
MAPPING = Res(types.BASE_PATH_MAPPING, "mapping", {"domainName": UNKNOWN, "restApi": UNKNOWN, "stageName": "v1"},
              deps={"domainName": ["domain"], "restApi": ["api"]})


def record(name, zone="internal-zone", record_name=NAME):
    return Res(types.ROUTE53_RECORD, name, {"name": record_name, "type": "A", "zoneId": UNKNOWN,
                                            "aliases": [{"name": UNKNOWN, "zoneId": UNKNOWN}]},
               deps={"zoneId": [zone]})


NLB_TOPOLOGY = [PRIVATE_API, REGIONAL_DOMAIN, PRIVATE_ZONE, record("alias"), MAPPING]


def test_metadata():
    assert POLICY.name == "aws-apigateway-domainname-disallow-public-endpoint"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_edge_domain_fails_unset_and_list_form():
    for configuration in ({}, {"endpointConfiguration": {"types": ["EDGE"]}}):
        domain = Res(types.DOMAIN_NAME, "domain", {"domainName": NAME, **configuration})
        assert run_stack(POLICY, [domain]).violations == [
            'endpointConfiguration.types is ["EDGE"]: an edge-optimized custom domain is served through CloudFront '
            f"and is always public{FIX}"]


def test_private_domain_passes():
    domain = Res(types.DOMAIN_NAME, "domain", {"domainName": NAME, "endpointConfiguration": {"types": "PRIVATE"}})
    assert run_stack(POLICY, [domain]).violations == []


def test_regional_domain_behind_internal_nlb_with_private_zone_passes():
    assert run_stack(POLICY, NLB_TOPOLOGY).violations == []


def test_relative_record_name_and_configured_zone_id_count():
    relative = record("alias", record_name="api")
    assert run_stack(POLICY, [PRIVATE_API, REGIONAL_DOMAIN, PRIVATE_ZONE, relative, MAPPING]).violations == []
    existing = Res(types.ROUTE53_RECORD, "alias", {"name": NAME + ".", "zoneId": "Z0123456789PRIVATE"})
    result = run_stack(POLICY, [PRIVATE_API, REGIONAL_DOMAIN, existing, MAPPING],
                       config={"privateZoneIds": ["Z0123456789PRIVATE"]})
    assert result.violations == []


def test_regional_domain_without_private_record_fails():
    result = run_stack(POLICY, [PRIVATE_API, REGIONAL_DOMAIN, MAPPING])
    assert result.violations == [PREFIX + "no Route 53 record in a private hosted zone of this stack resolves the name"
                                 + FIX]
    assert result.urns == ["urn:pulumi:test::private-apis::aws:apigateway/domainName:DomainName::domain"]


def test_regional_domain_also_in_a_public_zone_fails():
    result = run_stack(POLICY, [*NLB_TOPOLOGY, PUBLIC_ZONE, record("public-alias", zone="public-zone")])
    assert result.violations == [PREFIX + "record public-alias resolves the name in zone public-zone, which is not a "
                                 "private hosted zone" + FIX]


def test_record_in_a_zone_outside_the_stack_cannot_be_proven_private():
    outside = Res(types.ROUTE53_RECORD, "outside", {"name": NAME, "zoneId": "Z0PUBLIC"})
    result = run_stack(POLICY, [*NLB_TOPOLOGY, outside])
    assert result.violations == [PREFIX + "record outside resolves the name in zone 'Z0PUBLIC', which is not a private "
                                 "hosted zone" + FIX]


def test_regional_domain_mapped_to_a_regional_api_fails():
    regional_api = Res(types.REST_API, "api", {"endpointConfiguration": {"types": "REGIONAL"}})
    result = run_stack(POLICY, [regional_api, REGIONAL_DOMAIN, PRIVATE_ZONE, record("alias"), MAPPING])
    assert result.violations == [PREFIX + "base path mapping mapping maps API api, which is not PRIVATE" + FIX]


def test_alias_from_the_domain_counts_as_resolving_it():
    alias = Res(types.ROUTE53_RECORD, "direct", {"name": "other.example.internal", "zoneId": UNKNOWN,
                                                "aliases": [{"name": UNKNOWN, "zoneId": UNKNOWN}]},
                deps={"zoneId": ["public-zone"], "aliases": ["domain"]})
    result = run_stack(POLICY, [*NLB_TOPOLOGY, PUBLIC_ZONE, alias])
    assert result.violations == [PREFIX + "record direct resolves the name in zone public-zone, which is not a private "
                                 "hosted zone" + FIX]


def test_unknown_record_name_cannot_be_decided():
    unknown = Res(types.ROUTE53_RECORD, "alias", {"name": UNKNOWN, "zoneId": UNKNOWN}, deps={"zoneId": ["public-zone"]})
    result = run_stack(POLICY, [*NLB_TOPOLOGY[:3], MAPPING, PUBLIC_ZONE, unknown])
    assert result.violations == []
    assert result.unknown == "string value at .name can't be known during preview"


def test_exemption_for_a_public_domain():
    config = {"exemptions": [{"namePattern": "domain", "reason": "partner API, ticket SEC-9"}]}
    result = run_stack(POLICY, [Res(types.DOMAIN_NAME, "domain", {"domainName": NAME})], config=config)
    assert result.violations == []
    assert result.not_applicable == "domain: exempted by name pattern 'domain': partner API, ticket SEC-9"


def test_unknown_record_name_blocks_a_pass_but_not_a_definite_failure():
    unknown = Res(types.ROUTE53_RECORD, "maybe-public", {"name": UNKNOWN, "zoneId": UNKNOWN},
                  deps={"zoneId": ["public-zone"]})
    result = run_stack(POLICY, [*NLB_TOPOLOGY, PUBLIC_ZONE, unknown])
    assert result.violations == []
    assert result.unknown == "string value at .name can't be known during preview"
    regional_api = Res(types.REST_API, "api", {"endpointConfiguration": {"types": "REGIONAL"}})
    result = run_stack(POLICY, [regional_api, *NLB_TOPOLOGY[1:], PUBLIC_ZONE, unknown])
    assert result.violations == [PREFIX + "base path mapping mapping maps API api, which is not PRIVATE" + FIX]
