"""The stack half of aws-lb-listener-enable-encryption, including the bridge-host shape (VPC Link -> internal NLB ->
TCP listener)."""

from private_api_guard import types
from private_api_guard.lb.listener_internet_facing_passthrough import POLICY

from tests.policies.policy_harness import UNKNOWN, Res, run_stack, urn

FORWARD = [{"type": "forward", "targetGroupArn": UNKNOWN}]


def bridge_host(internal, protocol="TCP"):
    nlb = {"loadBalancerType": "network", "subnets": [UNKNOWN, UNKNOWN]}
    if internal is not None:
        nlb["internal"] = internal
    return [
        Res(types.LOAD_BALANCER, "bridge-nlb", nlb),
        Res(types.LISTENER, "bridge-listener", {"loadBalancerArn": UNKNOWN, "port": 80, "protocol": protocol,
                                                "defaultActions": FORWARD}, deps={"loadBalancerArn": ["bridge-nlb"]}),
        Res(types.VPC_LINK, "bridge-link", {"targetArn": UNKNOWN}, deps={"targetArn": ["bridge-nlb"]}),
    ]


def test_metadata():
    assert POLICY.name == "aws-lb-listener-disallow-internet-facing-passthrough"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.severity.value == "critical"
    assert POLICY.description.startswith("Checks that")
    assert POLICY.remediation_steps
    assert POLICY.url == "policies/README.md#aws-lb-listener-disallow-internet-facing-passthrough"


def test_tcp_listener_on_internet_facing_load_balancer_fails():
    result = run_stack(POLICY, bridge_host(internal=None))
    assert result.violations == [
        "protocol is 'TCP': the listener passes traffic through without TLS on load balancer bridge-nlb, which is "
        "internet-facing (internal is unset). Fix: use protocol HTTPS or TLS with certificate_arn and an allowed "
        "ssl_policy, or set internal=True on bridge-nlb."]
    assert result.urns == [urn(types.LISTENER, "bridge-listener")]
    assert run_stack(POLICY, bridge_host(internal=False, protocol="UDP")).violations == [
        "protocol is 'UDP': the listener passes traffic through without TLS on load balancer bridge-nlb, which is "
        "internet-facing (internal is false). Fix: use protocol HTTPS or TLS with certificate_arn and an allowed "
        "ssl_policy, or set internal=True on bridge-nlb."]


def test_tcp_listener_on_a_load_balancer_outside_the_stack_fails():
    result = run_stack(POLICY, [Res(types.LISTENER, "l", {"loadBalancerArn": "arn:aws:elasticloadbalancing:x",
                                                           "port": 80, "protocol": "TCP"})])
    assert result.violations == [
        "loadBalancerArn is 'arn:aws:elasticloadbalancing:x': the TCP listener passes traffic through without TLS and "
        "its load balancer is not declared in this stack, so it cannot be shown to be internal. Fix: use protocol "
        "HTTPS or TLS with certificate_arn and an allowed ssl_policy, or declare the load balancer here with "
        "internal=True."]


def test_bridge_host_internal_nlb_and_tls_listeners_pass():
    assert run_stack(POLICY, bridge_host(internal=True)).violations == []
    assert run_stack(POLICY, bridge_host(internal=None, protocol="TLS")).violations == []


def test_unknown_scheme_cannot_be_decided():
    result = run_stack(POLICY, bridge_host(internal=UNKNOWN))
    assert result.violations == []
    assert result.unknown == "string value at .internal can't be known during preview"
