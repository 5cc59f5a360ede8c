"""Lightsail databases are not publicly accessible (Prowler lightsail_database_public).

``publiclyAccessible=True`` makes the database "available to resources outside of your Lightsail account"
(pulumi-aws 7 ``lightsail.Database`` docs), i.e. its endpoint takes connections from the internet; false keeps
it to the account's Lightsail resources in the Region, AWS's default. Only an explicit true fails.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation
from private_api_guard.public_flags import public_if_true

NAME = "aws-lightsail-database-disallow-public-access"


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    value = args.props.get("publiclyAccessible")
    if public_if_true(value):
        report(violation("publiclyAccessible", value, "the database endpoint accepts connections from the internet, "
                         "protected only by its master password", "set publicly_accessible=False and connect from "
                         "Lightsail instances in the same Region (or move to RDS in a private subnet)"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that no Lightsail database sets publiclyAccessible to true.",
    resource_types=(types.LIGHTSAIL_DATABASE,),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Set publicly_accessible=False; reach the database from Lightsail instances in its Region, "
                      "or use RDS in a private subnet.",
)
