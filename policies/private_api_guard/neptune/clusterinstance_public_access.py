"""Neptune instances are not publicly accessible (checkov CKV_AWS_102).

``publiclyAccessible=True`` asks Neptune for an instance endpoint with a public address. The provider defaults
the flag to false ("Default is false", pulumi-aws 7 ``neptune.ClusterInstance`` docs), so only an explicit true
fails.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation
from private_api_guard.public_flags import public_if_true

NAME = "aws-neptune-clusterinstance-disallow-public-access"


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    value = args.props.get("publiclyAccessible")
    if public_if_true(value):
        report(violation("publiclyAccessible", value, "the graph database instance gets a public endpoint and "
                         "accepts connections from the internet wherever its security groups allow",
                         "set publicly_accessible=False and reach the cluster from its VPC"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that no Neptune cluster instance sets publiclyAccessible to true.",
    resource_types=(types.NEPTUNE_CLUSTER_INSTANCE,),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Set publicly_accessible=False; keep the cluster's neptune_subnet_group_name on private "
                      "subnets and connect from the VPC.",
)
