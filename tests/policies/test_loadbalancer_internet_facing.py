from private_api_guard import types
from private_api_guard.lb.loadbalancer_internet_facing import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

TAIL = ("the load balancer is internet-facing (AWS's default when internal is unset) and gets public addresses. Fix: "
        "set internal=True and place it in private subnets; publish APIs through API Gateway instead.")


def test_metadata():
    assert POLICY.name == "aws-lb-loadbalancer-disallow-internet-facing"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.severity.value == "critical"
    assert POLICY.description.startswith("Checks that")
    assert POLICY.remediation_steps
    assert POLICY.url == "policies/README.md#aws-lb-loadbalancer-disallow-internet-facing"


def test_unset_or_false_internal_fails_for_every_load_balancer_type():
    assert run_resource(POLICY, types.LOAD_BALANCER, {"loadBalancerType": "network"}).violations == [
        "internal is unset: " + TAIL]
    assert run_resource(POLICY, types.ALB_LOAD_BALANCER, {"internal": False}).violations == [
        "internal is false: " + TAIL]
    assert run_resource(POLICY, types.ELB_LOAD_BALANCER, {"internal": "yes"}).violations == [
        "internal is 'yes': " + TAIL]


def test_internal_passes_and_gateway_is_not_applicable():
    assert run_resource(POLICY, types.LOAD_BALANCER, {"loadBalancerType": "network", "internal": True}).violations == []
    result = run_resource(POLICY, types.LOAD_BALANCER, {"loadBalancerType": "gateway"})
    assert result.violations == []
    assert result.not_applicable == "gateway load balancers have no internet-facing scheme"


def test_unknown_scheme_cannot_be_decided():
    result = run_resource(POLICY, types.LOAD_BALANCER, {"loadBalancerType": "network", "internal": UNKNOWN})
    assert result.violations == []
    assert result.unknown == "string value at .internal can't be known during preview"
