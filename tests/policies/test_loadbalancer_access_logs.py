from private_api_guard import types
from private_api_guard.lb.loadbalancer_access_logs import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

FIX = ("Fix: set access_logs={'bucket': <log bucket>, 'enabled': True} with a bucket policy that admits ELB log "
       "delivery.")


def test_metadata():
    assert POLICY.name == "aws-lb-loadbalancer-enable-access-logs"
    assert POLICY.enforcement_level.value == "advisory"
    assert POLICY.severity.value == "low"
    assert POLICY.description.startswith("Checks that")
    assert POLICY.remediation_steps
    assert POLICY.url == "policies/README.md#aws-lb-loadbalancer-enable-access-logs"


def test_missing_or_disabled_logs_fail():
    assert run_resource(POLICY, types.LOAD_BALANCER, {"internal": True}).violations == [
        "accessLogs is unset: the load balancer keeps no record of requests. " + FIX]
    assert run_resource(POLICY, types.LOAD_BALANCER, {"accessLogs": {"bucket": "logs"}}).violations == [
        "accessLogs.enabled is unset: access logging is off. " + FIX]
    assert run_resource(POLICY, types.ELB_LOAD_BALANCER, {"accessLogs": {"bucket": "logs", "enabled": False}}
                        ).violations == ["accessLogs.enabled is false: access logging is off. " + FIX]
    assert run_resource(POLICY, types.ALB_LOAD_BALANCER, {"accessLogs": {"enabled": True}}).violations == [
        "accessLogs.bucket is unset: access logs have no destination bucket. " + FIX]


def test_enabled_logs_pass():
    assert run_resource(POLICY, types.LOAD_BALANCER, {"accessLogs": {"bucket": "logs", "enabled": True}}
                        ).violations == []
    assert run_resource(POLICY, types.ELB_LOAD_BALANCER, {"accessLogs": {"bucket": "logs"}}).violations == []
    assert run_resource(POLICY, types.LOAD_BALANCER, {"loadBalancerType": "gateway"}).not_applicable == (
        "gateway load balancers have no access logs")


def test_unknown_bucket_cannot_be_decided():
    result = run_resource(POLICY, types.LOAD_BALANCER, {"accessLogs": {"bucket": UNKNOWN, "enabled": True}})
    assert result.violations == []
    assert result.unknown == "string value at .accessLogs.bucket can't be known during preview"
