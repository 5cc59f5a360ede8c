from private_api_guard import types
from private_api_guard.lb.listener_tls_policy import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

FIX = "Fix: set ssl_policy to ELBSecurityPolicy-TLS13-1-2-2021-06 or another policy in allowedSslPolicies."
CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"


def test_metadata():
    assert POLICY.name == "aws-lb-listener-configure-tls-policy"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.severity.value == "high"
    assert POLICY.description.startswith("Checks that")
    assert POLICY.remediation_steps
    assert POLICY.url == "policies/README.md#aws-lb-listener-configure-tls-policy"
    default = POLICY.config_schema.properties["allowedSslPolicies"]["default"]
    assert "ELBSecurityPolicy-TLS13-1-2-2021-06" in default
    assert "ELBSecurityPolicy-2016-08" not in default
    assert all("TLS13" in p or "-1-2-" in p for p in default)


def test_unset_or_old_policy_fails_on_any_port():
    assert run_resource(POLICY, types.LISTENER, {"port": 8443, "protocol": "TLS", "certificateArn": CERT}
                        ).violations == [
        "sslPolicy is unset: the TLS listener then gets AWS's ELBSecurityPolicy-2016-08, which still accepts TLS 1.0. "
        + FIX]
    assert run_resource(POLICY, types.ALB_LISTENER, {"port": 443, "protocol": "HTTPS", "certificateArn": CERT,
                                                     "sslPolicy": "ELBSecurityPolicy-2016-08"}).violations == [
        "sslPolicy is 'ELBSecurityPolicy-2016-08': the HTTPS listener's policy is not in allowedSslPolicies "
        "(TLS 1.2+). " + FIX]


def test_allowed_policies_and_unencrypted_protocols_pass():
    for policy in ("ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
                   "ELBSecurityPolicy-FS-1-2-Res-2020-10"):
        assert run_resource(POLICY, types.LISTENER, {"port": 443, "protocol": "TLS", "certificateArn": CERT,
                                                     "sslPolicy": policy}).violations == []
    assert run_resource(POLICY, types.LISTENER, {"port": 80, "protocol": "TCP"}).violations == []


def test_allow_list_is_configurable():
    props = {"port": 443, "protocol": "HTTPS", "certificateArn": CERT,
             "sslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06"}
    assert run_resource(POLICY, types.LISTENER, props,
                        config={"allowedSslPolicies": ["ELBSecurityPolicy-TLS13-1-3-2021-06"]}).violations == [
        "sslPolicy is 'ELBSecurityPolicy-TLS13-1-2-2021-06': the HTTPS listener's policy is not in allowedSslPolicies "
        "(TLS 1.2+). " + FIX]


def test_unknown_policy_cannot_be_decided():
    result = run_resource(POLICY, types.LISTENER, {"port": 443, "protocol": "TLS", "sslPolicy": UNKNOWN})
    assert result.violations == []
    assert result.unknown == "string value at .sslPolicy can't be known during preview"
