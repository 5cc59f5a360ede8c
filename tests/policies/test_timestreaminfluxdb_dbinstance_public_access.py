from private_api_guard import types
from private_api_guard.timestreaminfluxdb.dbinstance_public_access import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

TAIL = ("the InfluxDB endpoint gets a public IP address and accepts connections from the internet wherever its "
        "security groups allow. Fix: set publicly_accessible=False with private vpc_subnet_ids, and reach it from "
        "the VPC.")


def test_metadata():
    assert POLICY.name == "aws-timestreaminfluxdb-dbinstance-disallow-public-access"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_public_instances_and_clusters_fail_private_pass():
    for resource_type in (types.TIMESTREAM_INFLUXDB_INSTANCE, types.TIMESTREAM_INFLUXDB_CLUSTER):
        assert run_resource(POLICY, resource_type, {"publiclyAccessible": True}).violations == [
            "publiclyAccessible is true: " + TAIL]
        assert run_resource(POLICY, resource_type, {}).violations == []
        assert run_resource(POLICY, resource_type, {"publiclyAccessible": False}).violations == []


def test_unknown_cannot_be_decided():
    result = run_resource(POLICY, types.TIMESTREAM_INFLUXDB_INSTANCE, {"publiclyAccessible": UNKNOWN})
    assert result.violations == [] and result.unknown
