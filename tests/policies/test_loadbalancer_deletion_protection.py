from private_api_guard import types
from private_api_guard.lb.loadbalancer_deletion_protection import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource


def test_metadata():
    assert POLICY.name == "aws-lb-loadbalancer-enable-deletion-protection"
    assert POLICY.enforcement_level.value == "advisory"
    assert POLICY.severity.value == "low"
    assert POLICY.description.startswith("Checks that")
    assert POLICY.remediation_steps
    assert POLICY.url == "policies/README.md#aws-lb-loadbalancer-enable-deletion-protection"


def test_unprotected_load_balancer_fails():
    assert run_resource(POLICY, types.LOAD_BALANCER, {"internal": True}).violations == [
        "enableDeletionProtection is unset: the load balancer, and the VPC Link or DNS that points at it, can be "
        "deleted by one mistaken update. Fix: set enable_deletion_protection=True in production stacks."]


def test_protected_load_balancer_passes():
    assert run_resource(POLICY, types.ALB_LOAD_BALANCER, {"enableDeletionProtection": True}).violations == []


def test_unknown_setting_cannot_be_decided():
    result = run_resource(POLICY, types.LOAD_BALANCER, {"enableDeletionProtection": UNKNOWN})
    assert result.violations == []
    assert result.unknown == "string value at .enableDeletionProtection can't be known during preview"
