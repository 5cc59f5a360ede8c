from private_api_guard import types
from private_api_guard.mq.broker_public_access import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

TAIL = ("the broker's messaging endpoints and web console get public addresses and accept connections from the "
        "internet. Fix: set publicly_accessible=False with private subnet_ids and security_groups that admit only "
        "your clients.")


def test_metadata():
    assert POLICY.name == "aws-mq-broker-disallow-public-access"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_public_broker_fails_and_private_passes():
    assert run_resource(POLICY, types.MQ_BROKER, {"publiclyAccessible": True}).violations == [
        "publiclyAccessible is true: " + TAIL]
    assert run_resource(POLICY, types.MQ_BROKER, {"engineType": "RabbitMQ"}).violations == []
    assert run_resource(POLICY, types.MQ_BROKER, {"publiclyAccessible": False}).violations == []


def test_unknown_cannot_be_decided():
    result = run_resource(POLICY, types.MQ_BROKER, {"publiclyAccessible": UNKNOWN})
    assert result.violations == [] and result.unknown
