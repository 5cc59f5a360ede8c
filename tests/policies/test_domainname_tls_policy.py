from private_api_guard import types
from private_api_guard.apigateway.domainname_tls_policy import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

FIX = ("Fix: set security_policy to TLS_1_2 or an enhanced SecurityPolicy_TLS13_* policy with "
       "endpoint_access_mode.")


def domain(**props):
    return run_resource(POLICY, types.DOMAIN_NAME, {"domainName": "api.example.internal", **props},
                        config=props.pop("config", None))


def test_metadata():
    assert POLICY.name == "aws-apigateway-domainname-configure-tls-policy"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_tls_1_0_fails():
    assert domain(securityPolicy="TLS_1_0").violations == [
        f"securityPolicy is 'TLS_1_0': it is not an allowed policy of TLS 1.2 or newer. {FIX}"]


def test_unset_policy_fails():
    assert domain().violations == [f"securityPolicy is unset: no TLS policy is set, so API Gateway's default applies. "
                                   f"{FIX}"]


def test_tls_1_2_and_enhanced_policies_pass():
    for policy in ("TLS_1_2", "SecurityPolicy_TLS13_1_3_2025_09", "SecurityPolicy_TLS13_1_2_2021_06",
                   "SecurityPolicy_TLS12_PFS_2025_EDGE"):
        assert domain(securityPolicy=policy).violations == [], policy


def test_configured_list_replaces_the_default():
    config = {"allowedSecurityPolicies": ["SecurityPolicy_TLS13_1_3_2025_09"]}
    assert len(domain(securityPolicy="TLS_1_2", config=config).violations) == 1
    assert domain(securityPolicy="SecurityPolicy_TLS13_1_3_2025_09", config=config).violations == []


def test_unknown_policy_cannot_be_decided():
    result = domain(securityPolicy=UNKNOWN)
    assert result.violations == []
    assert result.unknown == "string value at .securityPolicy can't be known during preview"
