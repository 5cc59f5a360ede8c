"""Amazon MQ brokers are not publicly accessible (checkov CKV_AWS_69).

``publiclyAccessible=True`` enables "connections from applications outside of the VPC that hosts the broker's
subnets" (pulumi-aws 7 ``mq.Broker`` docs): the broker's wire-level endpoints and web console get public
addresses. The provider defaults the flag to false, so only an explicit true fails.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation
from private_api_guard.public_flags import public_if_true

NAME = "aws-mq-broker-disallow-public-access"


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    value = args.props.get("publiclyAccessible")
    if public_if_true(value):
        report(violation("publiclyAccessible", value, "the broker's messaging endpoints and web console get public "
                         "addresses and accept connections from the internet",
                         "set publicly_accessible=False with private subnet_ids and security_groups that admit only "
                         "your clients"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that no Amazon MQ broker sets publiclyAccessible to true.",
    resource_types=(types.MQ_BROKER,),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Set publicly_accessible=False, subnet_ids of private subnets and security_groups that admit "
                      "only your clients' networks.",
)
