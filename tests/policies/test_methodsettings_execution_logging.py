from private_api_guard import types
from private_api_guard.apigateway.methodsettings_execution_logging import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource


def settings(config=None, **values):
    return run_resource(POLICY, types.METHOD_SETTINGS, {"methodPath": "*/*", "settings": values}, config=config)


def test_metadata():
    assert POLICY.name == "aws-apigateway-methodsettings-enable-execution-logging"
    assert POLICY.enforcement_level.value == "advisory"
    assert POLICY.description.startswith("Checks that")


def test_logging_off_fails():
    assert settings(loggingLevel="OFF").violations == [
        "settings.loggingLevel is 'OFF': execution logging is off for these methods. Fix: set settings.logging_level "
        "to ERROR or INFO (needs the account's API Gateway CloudWatch role)."]
    assert len(settings().violations) == 1
    assert len(run_resource(POLICY, types.METHOD_SETTINGS, {"methodPath": "*/*"}).violations) == 1


def test_error_or_info_passes():
    assert settings(loggingLevel="ERROR").violations == []
    assert settings(loggingLevel="INFO").violations == []


def test_configured_levels():
    result = settings(config={"allowedLoggingLevels": ["INFO"]}, loggingLevel="ERROR")
    assert result.violations == [
        "settings.loggingLevel is 'ERROR': execution logging is off for these methods. Fix: set "
        "settings.logging_level to INFO (needs the account's API Gateway CloudWatch role)."]


def test_unknown_level_cannot_be_decided():
    result = settings(loggingLevel=UNKNOWN)
    assert result.violations == []
    assert result.unknown == "string value at .settings.loggingLevel can't be known during preview"
