from private_api_guard import types
from private_api_guard.dms.replicationinstance_public_access import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

TAIL = ("the replication instance gets a public IP address (AWS DMS's default when unset) and is reachable from the "
        "internet wherever its security groups allow. Fix: set publicly_accessible=False explicitly and give it a "
        "replication subnet group of private subnets.")


def test_metadata():
    assert POLICY.name == "aws-dms-replicationinstance-disallow-public-access"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_unset_and_true_fail():
    dms = types.DMS_REPLICATION_INSTANCE
    assert run_resource(POLICY, dms, {"replicationInstanceClass": "dms.t3.micro"}).violations == [
        "publiclyAccessible is unset: " + TAIL]
    assert run_resource(POLICY, dms, {"publiclyAccessible": True}).violations == ["publiclyAccessible is true: " + TAIL]


def test_explicit_false_passes():
    assert run_resource(POLICY, types.DMS_REPLICATION_INSTANCE, {"publiclyAccessible": False}).violations == []
    assert run_resource(POLICY, types.DMS_REPLICATION_INSTANCE, {"publiclyAccessible": "false"}).violations == []


def test_unknown_cannot_be_decided():
    result = run_resource(POLICY, types.DMS_REPLICATION_INSTANCE, {"publiclyAccessible": UNKNOWN})
    assert result.violations == [] and result.unknown
