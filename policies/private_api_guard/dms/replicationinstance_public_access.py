"""DMS replication instances are not publicly accessible (checkov CKV_AWS_89, Config dms-replication-not-public).

Unset means public: the DMS API documents ``PubliclyAccessible`` as "The default value is true"
(CreateReplicationInstance, AWS DMS API Reference), and the provider leaves the attribute optional and computed,
sending nothing when it is unset (terraform-provider-aws ``aws_dms_replication_instance`` schema). A public
instance gets a public IP address next to its private one; only an explicit false keeps it private.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation
from private_api_guard.public_flags import public_unless_false

NAME = "aws-dms-replicationinstance-disallow-public-access"


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    value = args.props.get("publiclyAccessible")
    if public_unless_false(value):
        report(violation("publiclyAccessible", value, "the replication instance gets a public IP address (AWS DMS's "
                         "default when unset) and is reachable from the internet wherever its security groups allow",
                         "set publicly_accessible=False explicitly and give it a replication subnet group of private "
                         "subnets"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that every DMS replication instance sets publiclyAccessible to false; unset means public, "
                "AWS DMS's default.",
    resource_types=(types.DMS_REPLICATION_INSTANCE,),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Set publicly_accessible=False and replication_subnet_group_id to a group of private subnets; "
                      "reach on-premises or other-cloud endpoints through a VPN or Direct Connect.",
)
