"""ECS tasks get no public IP (checkov CKV_AWS_333, Config ecs-service-assign-public-ip-disabled).

``networkConfiguration.assignPublicIp=True`` gives every task's network interface a public IP address
(awsvpc mode; "Default false", pulumi-aws 7 ``ecs.Service`` docs), so each task is reachable from the internet
wherever its security groups allow, behind or without a load balancer. Covers services and task sets (an
external deployment controller's tasks).
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation
from private_api_guard.public_flags import block, public_if_true

NAME = "aws-ecs-service-disallow-public-ip"


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    value = block(args.props, "networkConfiguration").get("assignPublicIp")
    if public_if_true(value):
        report(violation("networkConfiguration.assignPublicIp", value, "every task gets a public IP address and is "
                         "reachable from the internet wherever its security groups allow",
                         "set assign_public_ip=False, run the tasks in private subnets with a NAT gateway or VPC "
                         "endpoints for egress, and publish them through an internal load balancer or API Gateway"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that no ECS service or task set sets networkConfiguration.assignPublicIp to true.",
    resource_types=(types.ECS_SERVICE, types.ECS_TASK_SET),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Set network_configuration.assign_public_ip=False with private subnets; pull images through "
                      "ECR/S3 VPC endpoints or a NAT gateway.",
)
