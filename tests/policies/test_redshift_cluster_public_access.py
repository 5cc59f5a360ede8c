from private_api_guard import types
from private_api_guard.redshift.cluster_public_access import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

TAIL = ("the cluster's endpoint resolves to a public IP address and accepts SQL connections from the internet wherever "
        "its security groups allow. Fix: set publicly_accessible=False with a cluster subnet group of private "
        "subnets, and connect from the VPC or through a Redshift-managed VPC endpoint.")


def test_metadata():
    assert POLICY.name == "aws-redshift-cluster-disallow-public-access"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_public_cluster_fails():
    assert run_resource(POLICY, types.REDSHIFT_CLUSTER, {"publiclyAccessible": True}).violations == [
        "publiclyAccessible is true: " + TAIL]


def test_private_and_unset_pass():
    # Unset: AWS's private default since January 2025 (the provider no longer defaults to true).
    assert run_resource(POLICY, types.REDSHIFT_CLUSTER, {}).violations == []
    assert run_resource(POLICY, types.REDSHIFT_CLUSTER, {"publiclyAccessible": False}).violations == []


def test_unknown_cannot_be_decided():
    result = run_resource(POLICY, types.REDSHIFT_CLUSTER, {"publiclyAccessible": UNKNOWN})
    assert result.violations == [] and result.unknown
