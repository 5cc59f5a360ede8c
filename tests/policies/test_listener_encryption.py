from private_api_guard import types
from private_api_guard.lb.listener_encryption import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

TLS_FIX = "use protocol HTTPS or TLS with certificate_arn and an allowed ssl_policy"
FORWARD = [{"type": "forward", "targetGroupArn": "arn:tg"}]
REDIRECT = [{"type": "redirect", "redirect": {"protocol": "HTTPS", "port": "443", "statusCode": "HTTP_301"}}]


def test_metadata():
    assert POLICY.name == "aws-lb-listener-enable-encryption"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.severity.value == "high"
    assert POLICY.description.startswith("Checks that")
    assert POLICY.remediation_steps
    assert POLICY.url == "policies/README.md#aws-lb-listener-enable-encryption"
    assert POLICY.config_schema.properties["allowTcpPassthrough"]["default"] is True


def test_plain_http_fails_unless_it_only_redirects_to_https():
    http = ("the listener serves plain HTTP (also AWS's default when protocol is unset) instead of only redirecting "
            f"to HTTPS. Fix: {TLS_FIX}, or make its only default action a redirect with protocol HTTPS.")
    assert run_resource(POLICY, types.LISTENER, {"port": 80, "protocol": "HTTP", "defaultActions": FORWARD}
                        ).violations == ["protocol is 'HTTP': " + http]
    assert run_resource(POLICY, types.ALB_LISTENER, {"port": 80, "defaultActions": FORWARD}
                        ).violations == ["protocol is unset: " + http]
    half = [*REDIRECT, *FORWARD]
    assert run_resource(POLICY, types.LISTENER, {"port": 80, "protocol": "HTTP", "defaultActions": half}
                        ).violations == ["protocol is 'HTTP': " + http]
    assert run_resource(POLICY, types.LISTENER, {"port": 80, "protocol": "HTTP", "defaultActions": REDIRECT}
                        ).violations == []


def test_tls_without_certificate_fails():
    assert run_resource(POLICY, types.LISTENER, {"port": 443, "protocol": "TLS", "defaultActions": FORWARD}
                        ).violations == [
        "certificateArn is unset: TLS listeners need a server certificate. Fix: set certificate_arn to an ACM "
        "certificate ARN."]


def test_encrypted_listeners_and_passthrough_pass_by_default():
    cert = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
    for protocol in ("HTTPS", "TLS", "tls"):
        assert run_resource(POLICY, types.LISTENER, {"port": 443, "protocol": protocol, "certificateArn": cert}
                            ).violations == []
    for protocol in ("TCP", "UDP", "TCP_UDP", "QUIC"):
        assert run_resource(POLICY, types.LISTENER, {"port": 8080, "protocol": protocol}).violations == []


def test_passthrough_fails_when_config_forbids_it():
    assert run_resource(POLICY, types.LISTENER, {"port": 8080, "protocol": "TCP"},
                        config={"allowTcpPassthrough": False}).violations == [
        "protocol is 'TCP': the listener passes traffic through without TLS and allowTcpPassthrough is false. "
        f"Fix: {TLS_FIX}, or allow passthrough in the policy config."]


def test_gateway_listener_is_not_applicable_and_garbage_fails():
    result = run_resource(POLICY, types.LISTENER, {"defaultActions": FORWARD})
    assert result.not_applicable == ("a listener without protocol and port belongs to a gateway load balancer "
                                     "(GENEVE)")
    assert run_resource(POLICY, types.LISTENER, {"port": 1, "protocol": "FTP"}).violations == [
        f"protocol is 'FTP': it is not an encrypted listener protocol. Fix: {TLS_FIX}."]


def test_classic_load_balancer_listeners():
    props = {"internal": False, "listeners": [
        {"lbPort": 80, "lbProtocol": "http", "instancePort": 80, "instanceProtocol": "http"},
        {"lbPort": 443, "lbProtocol": "https", "instancePort": 80, "instanceProtocol": "http"},
        {"lbPort": 5000, "lbProtocol": "tcp", "instancePort": 5000, "instanceProtocol": "tcp"},
        {"lbPort": 8443, "lbProtocol": "ssl", "sslCertificateId": "arn:cert", "instancePort": 1,
         "instanceProtocol": "tcp"},
    ]}
    assert run_resource(POLICY, types.ELB_LOAD_BALANCER, props).violations == [
        "listeners[0].lbProtocol is 'http': classic load balancers cannot redirect, so the listener serves "
        "unencrypted traffic. Fix: use lb_protocol https or ssl with ssl_certificate_id.",
        "listeners[1].sslCertificateId is unset: HTTPS listeners need a server certificate. Fix: set "
        "ssl_certificate_id to an ACM certificate ARN.",
        "listeners[2].lbProtocol is 'tcp': the listener passes traffic through without TLS on an internet-facing "
        "load balancer. Fix: use lb_protocol ssl with ssl_certificate_id, or set internal=True.",
    ]
    internal = {"internal": True, "listeners": props["listeners"][2:]}
    assert run_resource(POLICY, types.ELB_LOAD_BALANCER, internal).violations == []


def test_unknown_protocol_or_certificate_cannot_be_decided():
    result = run_resource(POLICY, types.LISTENER, {"port": 443, "protocol": UNKNOWN})
    assert result.violations == []
    assert result.unknown == "string value at .protocol can't be known during preview"
    result = run_resource(POLICY, types.LISTENER, {"port": 443, "protocol": "HTTPS", "certificateArn": UNKNOWN})
    assert result.violations == []
    assert result.unknown == "string value at .certificateArn can't be known during preview"
