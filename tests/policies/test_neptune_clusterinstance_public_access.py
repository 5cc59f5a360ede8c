from private_api_guard import types
from private_api_guard.neptune.clusterinstance_public_access import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

TAIL = ("the graph database instance gets a public endpoint and accepts connections from the internet wherever its "
        "security groups allow. Fix: set publicly_accessible=False and reach the cluster from its VPC.")


def test_metadata():
    assert POLICY.name == "aws-neptune-clusterinstance-disallow-public-access"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_public_instance_fails_and_private_passes():
    neptune = types.NEPTUNE_CLUSTER_INSTANCE
    assert run_resource(POLICY, neptune, {"publiclyAccessible": True}).violations == [
        "publiclyAccessible is true: " + TAIL]
    assert run_resource(POLICY, neptune, {}).violations == []
    assert run_resource(POLICY, neptune, {"publiclyAccessible": False}).violations == []


def test_unknown_cannot_be_decided():
    result = run_resource(POLICY, types.NEPTUNE_CLUSTER_INSTANCE, {"publiclyAccessible": UNKNOWN})
    assert result.violations == [] and result.unknown
