from private_api_guard import types
from private_api_guard.apigateway.stage_access_logging import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

FIX = "Fix: set access_log_settings with destination_arn of a CloudWatch log group and a format."
LOG_GROUP = "arn:aws:logs:eu-west-1:123456789012:log-group:api-access"


def stage(**props):
    return run_resource(POLICY, types.STAGE, {"restApi": UNKNOWN, "deployment": UNKNOWN, "stageName": "v1", **props})


def test_metadata():
    assert POLICY.name == "aws-apigateway-stage-enable-access-logging"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_stage_without_access_logs_fails():
    assert stage().violations == [f"accessLogSettings is unset: the stage writes no access logs. {FIX}"]
    assert stage(accessLogSettings={"format": "$context.requestId"}).violations == [
        f"accessLogSettings.destinationArn is unset: the stage writes no access logs. {FIX}"]


def test_destination_must_be_logs_or_firehose():
    result = stage(accessLogSettings={"destinationArn": "arn:aws:s3:::bucket", "format": "x"})
    assert result.violations == [f"accessLogSettings.destinationArn is 'arn:aws:s3:::bucket': it is not a CloudWatch "
                                 f"Logs or Firehose ARN. {FIX}"]


def test_log_group_or_firehose_passes():
    assert stage(accessLogSettings={"destinationArn": LOG_GROUP, "format": "x"}).violations == []
    firehose = "arn:aws:firehose:eu-west-1:123456789012:deliverystream/amazon-apigateway-logs"
    assert stage(accessLogSettings={"destinationArn": firehose, "format": "x"}).violations == []


def test_unknown_destination_cannot_be_decided():
    result = stage(accessLogSettings={"destinationArn": UNKNOWN, "format": "x"})
    assert result.violations == []
    assert result.unknown == "string value at .accessLogSettings.destinationArn can't be known during preview"
