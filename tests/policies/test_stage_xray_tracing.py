from private_api_guard import types
from private_api_guard.apigateway.stage_xray_tracing import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource


def test_metadata():
    assert POLICY.name == "aws-apigateway-stage-enable-xray-tracing"
    assert POLICY.enforcement_level.value == "advisory"
    assert POLICY.description.startswith("Checks that")


def test_untraced_stage_fails():
    assert run_resource(POLICY, types.STAGE, {"xrayTracingEnabled": False}).violations == [
        "xrayTracingEnabled is false: requests through this stage are not traced. Fix: set xray_tracing_enabled=True "
        "on the Stage."]
    assert len(run_resource(POLICY, types.STAGE, {}).violations) == 1


def test_traced_stage_passes():
    assert run_resource(POLICY, types.STAGE, {"xrayTracingEnabled": True}).violations == []


def test_unknown_flag_cannot_be_decided():
    result = run_resource(POLICY, types.STAGE, {"xrayTracingEnabled": UNKNOWN})
    assert result.violations == []
    assert result.unknown == "string value at .xrayTracingEnabled can't be known during preview"
