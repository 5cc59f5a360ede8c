"""Redshift Serverless workgroups are not publicly accessible (Config redshift-serverless-workgroup-no-public-access).

``publiclyAccessible=True`` gives the workgroup endpoint public addresses. The provider sends the flag only when
set (terraform-provider-aws ``resourceWorkgroupCreate`` uses ``GetOk``), and AWS creates private workgroups by
default, so only an explicit true fails.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation
from private_api_guard.public_flags import public_if_true

NAME = "aws-redshiftserverless-workgroup-disallow-public-access"


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    value = args.props.get("publiclyAccessible")
    if public_if_true(value):
        report(violation("publiclyAccessible", value, "the workgroup endpoint gets public IP addresses and accepts "
                         "SQL connections from the internet wherever its security groups allow",
                         "set publicly_accessible=False with private subnet_ids, and connect from the VPC or "
                         "through a Redshift-managed VPC endpoint"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that no Redshift Serverless workgroup sets publiclyAccessible to true.",
    resource_types=(types.REDSHIFT_SERVERLESS_WORKGROUP,),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Set publicly_accessible=False with subnet_ids of private subnets in three Availability "
                      "Zones and security_group_ids that admit only your networks.",
)
