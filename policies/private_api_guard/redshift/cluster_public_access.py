"""Redshift clusters are not publicly accessible (checkov CKV_AWS_87, Config redshift-cluster-public-access-check).

``publiclyAccessible=True`` gives the cluster a public IP (an Elastic IP if ``elasticIp`` is set) on its leader
node and a DNS name resolving to it. The provider used to default the flag to true; since
terraform-provider-aws#41978 (pulumi-aws 7) it sends nothing when unset and AWS's default applies, which is
private for clusters created after 10 January 2025 ("public accessibility disabled by default", AWS What's New,
2024-11, "Amazon Redshift enhances security defaults"). So only an explicit true fails.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation
from private_api_guard.public_flags import public_if_true

NAME = "aws-redshift-cluster-disallow-public-access"


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    value = args.props.get("publiclyAccessible")
    if public_if_true(value):
        report(violation("publiclyAccessible", value, "the cluster's endpoint resolves to a public IP address and "
                         "accepts SQL connections from the internet wherever its security groups allow",
                         "set publicly_accessible=False with a cluster subnet group of private subnets, and connect "
                         "from the VPC or through a Redshift-managed VPC endpoint"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that no Redshift cluster sets publiclyAccessible to true.",
    resource_types=(types.REDSHIFT_CLUSTER,),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Set publicly_accessible=False and cluster_subnet_group_name to a group of private subnets; "
                      "reach the cluster from the VPC, a VPN, or a Redshift-managed VPC endpoint.",
)
