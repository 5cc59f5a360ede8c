from private_api_guard import types
from private_api_guard.route53.zone_private_internal import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

TAIL = ("so Route 53 creates it as a public zone and publishes internal names to the internet. Fix: set "
        "vpcs=[{'vpc_id': vpc.id}] (every VPC that resolves it) to make it a private hosted zone.")


def test_metadata():
    assert POLICY.name == "aws-route53-zone-configure-private-internal"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.severity.value == "high"
    assert POLICY.description.startswith("Checks that")
    assert POLICY.remediation_steps
    assert POLICY.url == "policies/README.md#aws-route53-zone-configure-private-internal"
    assert POLICY.config_schema.properties["internalDomainSuffixes"]["default"] == [
        ".internal", ".corp", ".local", ".intranet", ".private", ".lan"]


def test_internal_zone_without_vpcs_fails():
    assert run_resource(POLICY, types.ROUTE53_ZONE, {"name": "api.example.internal."}).violations == [
        "vpcs is unset: zone api.example.internal. is under the internal suffix .internal but has no VPC, " + TAIL]
    assert run_resource(POLICY, types.ROUTE53_ZONE, {"name": "CORP", "vpcs": []}).violations == [
        "vpcs is []: zone CORP is under the internal suffix .corp but has no VPC, " + TAIL]


def test_private_internal_and_public_zones_pass():
    assert run_resource(POLICY, types.ROUTE53_ZONE, {"name": "example.internal", "vpcs": [{"vpcId": UNKNOWN}]}
                        ).violations == []
    assert run_resource(POLICY, types.ROUTE53_ZONE, {"name": "example.com"}).violations == []
    assert run_resource(POLICY, types.ROUTE53_ZONE, {"name": "notinternal"}).violations == []


def test_suffixes_are_configurable():
    config = {"internalDomainSuffixes": ["bank.example"]}
    assert run_resource(POLICY, types.ROUTE53_ZONE, {"name": "api.bank.example"}, config=config).violations == [
        "vpcs is unset: zone api.bank.example is under the internal suffix bank.example but has no VPC, " + TAIL]
    assert run_resource(POLICY, types.ROUTE53_ZONE, {"name": "api.internal"}, config=config).violations == []


def test_unknown_name_or_vpcs_cannot_be_decided():
    result = run_resource(POLICY, types.ROUTE53_ZONE, {"name": UNKNOWN})
    assert result.violations == []
    assert result.unknown == "string value at .name can't be known during preview"
    result = run_resource(POLICY, types.ROUTE53_ZONE, {"name": "api.example.internal", "vpcs": UNKNOWN})
    assert result.violations == []
    assert result.unknown == "string value at .vpcs can't be known during preview"
