from private_api_guard import types
from private_api_guard.apigateway.methodsettings_data_trace import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource


def test_metadata():
    assert POLICY.name == "aws-apigateway-methodsettings-disallow-data-trace"
    assert POLICY.enforcement_level.value == "advisory"
    assert POLICY.description.startswith("Checks that")


def test_data_trace_fails():
    result = run_resource(POLICY, types.METHOD_SETTINGS, {"settings": {"dataTraceEnabled": True}})
    assert result.violations == [
        "settings.dataTraceEnabled is true: full request and response bodies, with their headers, are written to "
        "CloudWatch Logs. Fix: set settings.data_trace_enabled=False."]


def test_data_trace_off_or_unset_passes():
    assert run_resource(POLICY, types.METHOD_SETTINGS, {"settings": {"dataTraceEnabled": False}}).violations == []
    assert run_resource(POLICY, types.METHOD_SETTINGS, {"settings": {"loggingLevel": "ERROR"}}).violations == []
    assert run_resource(POLICY, types.METHOD_SETTINGS, {}).violations == []


def test_unknown_flag_cannot_be_decided():
    result = run_resource(POLICY, types.METHOD_SETTINGS, {"settings": {"dataTraceEnabled": UNKNOWN}})
    assert result.violations == []
    assert result.unknown == "string value at .settings.dataTraceEnabled can't be known during preview"
