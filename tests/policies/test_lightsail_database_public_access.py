from private_api_guard import types
from private_api_guard.lightsail.database_public_access import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

TAIL = ("the database endpoint accepts connections from the internet, protected only by its master password. Fix: "
        "set publicly_accessible=False and connect from Lightsail instances in the same Region (or move to RDS in a "
        "private subnet).")


def test_metadata():
    assert POLICY.name == "aws-lightsail-database-disallow-public-access"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_public_database_fails_and_private_passes():
    db = types.LIGHTSAIL_DATABASE
    assert run_resource(POLICY, db, {"publiclyAccessible": True}).violations == ["publiclyAccessible is true: " + TAIL]
    assert run_resource(POLICY, db, {}).violations == []
    assert run_resource(POLICY, db, {"publiclyAccessible": False}).violations == []


def test_unknown_cannot_be_decided():
    result = run_resource(POLICY, types.LIGHTSAIL_DATABASE, {"publiclyAccessible": UNKNOWN})
    assert result.violations == [] and result.unknown
