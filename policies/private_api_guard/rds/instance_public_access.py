"""RDS databases are not publicly accessible (checkov CKV_AWS_17, Config rds-instance-public-access-check).

``publiclyAccessible=True`` gives a DB instance a DNS name that resolves to a public IP address. It is only
reachable once the DB subnet group's subnets route to an internet gateway, but as configured it asks for an
internet-facing database, so the rule is mandatory like its peers. Covers ``rds.Instance`` and Aurora's
``rds.ClusterInstance``, where the provider defaults the flag to false (pulumi-aws 7 docs: "Default is false";
terraform-provider-aws#46118 notes AWS's own default depends on the subnet group), and Multi-AZ DB clusters
(``rds.Cluster`` with ``dbClusterInstanceClass``), where an unset flag is public when no DB subnet group, or the
``default`` one, is named: "If not specified, defaults to true when db_subnet_group_name is not set or is
default" (pulumi-aws 7 ``rds.Cluster`` docs), i.e. the default VPC and its internet gateway.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation
from private_api_guard.public_flags import public_if_true

NAME = "aws-rds-instance-disallow-public-access"
PROBLEM = ("the database gets a DNS name that resolves to a public IP address and accepts connections from the "
           "internet wherever its security groups allow")
FIX = ("set publicly_accessible=False, place it in a DB subnet group of private subnets, and reach it from the VPC "
       "(or through RDS Proxy, a bastion or Session Manager port forwarding)")
CLUSTER_DEFAULT = ("without a DB subnet group (or with the 'default' one) AWS makes a Multi-AZ DB cluster publicly "
                   "accessible in the default VPC, whose subnets route to an internet gateway")


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    props = args.props
    value = props.get("publiclyAccessible")
    if public_if_true(value):
        report(violation("publiclyAccessible", value, PROBLEM, FIX))
        return
    if args.resource_type != types.RDS_CLUSTER or value is not None:
        return
    # Only Multi-AZ DB clusters (a cluster instance class) take the flag; Aurora sets it per instance.
    if props.get("dbClusterInstanceClass") is None:
        return
    group = props.get("dbSubnetGroupName")
    if group is None or (isinstance(group, str) and group.strip().lower() in ("", "default")):
        report(violation("publiclyAccessible", value, CLUSTER_DEFAULT,
                         "set publicly_accessible=False and db_subnet_group_name to a group of private subnets"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that no RDS DB instance, Aurora cluster instance or Multi-AZ DB cluster is publicly "
                "accessible (for a Multi-AZ DB cluster, an unset flag without a DB subnet group means public).",
    resource_types=(types.RDS_INSTANCE, types.RDS_CLUSTER_INSTANCE, types.RDS_CLUSTER),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Set publicly_accessible=False and db_subnet_group_name to a DB subnet group of private "
                      "subnets; connect from inside the VPC, through RDS Proxy, or with Session Manager port "
                      "forwarding. For an approved exception add an exemption with a reason to this policy's config.",
)
