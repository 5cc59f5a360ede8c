"""Timestream for InfluxDB databases are not publicly accessible.

``publiclyAccessible=True`` configures "the DB instance with a public IP to facilitate access" (pulumi-aws 7
``timestreaminfluxdb.DbInstance`` and ``DbCluster`` docs); like RDS it takes effect in subnets that route to an
internet gateway, but as configured it asks for an internet-facing database, so the rule is mandatory like the
RDS one. Unset is private (AWS's default), so only an explicit true fails.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation
from private_api_guard.public_flags import public_if_true

NAME = "aws-timestreaminfluxdb-dbinstance-disallow-public-access"


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    value = args.props.get("publiclyAccessible")
    if public_if_true(value):
        report(violation("publiclyAccessible", value, "the InfluxDB endpoint gets a public IP address and accepts "
                         "connections from the internet wherever its security groups allow",
                         "set publicly_accessible=False with private vpc_subnet_ids, and reach it from the VPC"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that no Timestream for InfluxDB instance or cluster sets publiclyAccessible to true.",
    resource_types=(types.TIMESTREAM_INFLUXDB_INSTANCE, types.TIMESTREAM_INFLUXDB_CLUSTER),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Set publicly_accessible=False and vpc_subnet_ids to private subnets; write and query from the "
                      "VPC.",
)
