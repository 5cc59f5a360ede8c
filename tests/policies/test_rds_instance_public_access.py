from private_api_guard import types
from private_api_guard.rds.instance_public_access import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

TAIL = ("the database gets a DNS name that resolves to a public IP address and accepts connections from the internet "
        "wherever its security groups allow. Fix: set publicly_accessible=False, place it in a DB subnet group of "
        "private subnets, and reach it from the VPC (or through RDS Proxy, a bastion or Session Manager port "
        "forwarding).")
CLUSTER = ("publiclyAccessible is unset: without a DB subnet group (or with the 'default' one) AWS makes a Multi-AZ DB "
           "cluster publicly accessible in the default VPC, whose subnets route to an internet gateway. Fix: set "
           "publicly_accessible=False and db_subnet_group_name to a group of private subnets.")
MULTI_AZ = {"engine": "postgres", "dbClusterInstanceClass": "db.m6gd.large"}


def test_metadata():
    assert POLICY.name == "aws-rds-instance-disallow-public-access"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.severity.value == "high"
    assert POLICY.description.startswith("Checks that")
    assert POLICY.url == "policies/README.md#aws-rds-instance-disallow-public-access"


def test_publicly_accessible_instances_fail():
    for resource_type in (types.RDS_INSTANCE, types.RDS_CLUSTER_INSTANCE, types.RDS_CLUSTER):
        assert run_resource(POLICY, resource_type, {"publiclyAccessible": True}).violations == [
            "publiclyAccessible is true: " + TAIL]
    assert run_resource(POLICY, types.RDS_INSTANCE, {"publiclyAccessible": "true"}).violations == [
        "publiclyAccessible is 'true': " + TAIL]


def test_private_and_unset_instances_pass():
    for resource_type in (types.RDS_INSTANCE, types.RDS_CLUSTER_INSTANCE):
        assert run_resource(POLICY, resource_type, {}).violations == []
        assert run_resource(POLICY, resource_type, {"publiclyAccessible": False}).violations == []


def test_multi_az_cluster_without_subnet_group_defaults_to_public():
    assert run_resource(POLICY, types.RDS_CLUSTER, MULTI_AZ).violations == [CLUSTER]
    assert run_resource(POLICY, types.RDS_CLUSTER, {**MULTI_AZ, "dbSubnetGroupName": "default"}).violations == [
        CLUSTER]
    assert run_resource(POLICY, types.RDS_CLUSTER, {**MULTI_AZ, "dbSubnetGroupName": "private"}).violations == []
    assert run_resource(POLICY, types.RDS_CLUSTER, {**MULTI_AZ, "publiclyAccessible": False}).violations == []
    # Aurora clusters set the flag per instance.
    assert run_resource(POLICY, types.RDS_CLUSTER, {"engine": "aurora-postgresql"}).violations == []


def test_unknown_values_cannot_be_decided():
    result = run_resource(POLICY, types.RDS_INSTANCE, {"publiclyAccessible": UNKNOWN})
    assert result.violations == []
    assert result.unknown == "string value at .publiclyAccessible can't be known during preview"
    result = run_resource(POLICY, types.RDS_CLUSTER, {**MULTI_AZ, "dbSubnetGroupName": UNKNOWN})
    assert result.unknown == "string value at .dbSubnetGroupName can't be known during preview"


def test_exemption_applies():
    result = run_resource(POLICY, types.RDS_INSTANCE, {"publiclyAccessible": True}, name="reporting-replica",
                          config={"exemptions": [{"namePattern": "reporting-.*", "reason": "BI vendor, SEC-7"}]})
    assert result.violations == []
    assert result.not_applicable == "exempted by name pattern 'reporting-.*': BI vendor, SEC-7"
