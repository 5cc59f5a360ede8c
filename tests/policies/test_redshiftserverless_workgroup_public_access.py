from private_api_guard import types
from private_api_guard.redshiftserverless.workgroup_public_access import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

TAIL = ("the workgroup endpoint gets public IP addresses and accepts SQL connections from the internet wherever its "
        "security groups allow. Fix: set publicly_accessible=False with private subnet_ids, and connect from the VPC "
        "or through a Redshift-managed VPC endpoint.")


def test_metadata():
    assert POLICY.name == "aws-redshiftserverless-workgroup-disallow-public-access"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_public_workgroup_fails_and_private_passes():
    wg = types.REDSHIFT_SERVERLESS_WORKGROUP
    assert run_resource(POLICY, wg, {"publiclyAccessible": True}).violations == ["publiclyAccessible is true: " + TAIL]
    assert run_resource(POLICY, wg, {}).violations == []
    assert run_resource(POLICY, wg, {"publiclyAccessible": False}).violations == []


def test_unknown_cannot_be_decided():
    result = run_resource(POLICY, types.REDSHIFT_SERVERLESS_WORKGROUP, {"publiclyAccessible": UNKNOWN})
    assert result.violations == [] and result.unknown
