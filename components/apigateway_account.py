"""ApiGatewayAccountLogging: the account-wide role API Gateway writes CloudWatch logs with.

API Gateway refuses a stage with access logs (not only execution logs) until the account's CloudWatch Logs role
is set ("CloudWatch Logs role ARN must be set in account settings to enable logging"; API Gateway Developer Guide,
"Set up CloudWatch logging for REST APIs in API Gateway"). The setting is one per account and region, shared by
every API there, other teams' included: so whoever sets it sets it for all, and this stack either owns it with a
role that may push to any API Gateway log group (``create``) or points it at a role that exists already (an ARN).

Destroying ``aws.apigateway.Account`` resets the setting since pulumi-aws 7 (terraform-provider-aws #42226), which
would break every other API's logging in the region; the account setting and the role it names are therefore
retained when this stack is destroyed (``retain_on_delete``), as SST does for the same reason (anomalyco/sst#6911).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.aws_context import aws_context
from components.config_fields import setting
from components.errors import ConfigError
from components.tags import merge_tags
from components.type_tokens import with_former_type

CREATE = "create"
PUSH_TO_LOGS_POLICY = "service-role/AmazonAPIGatewayPushToCloudWatchLogs"
"""The AWS managed policy for this role: create log groups and streams and put events in any of them."""
_ROLE_ARN = re.compile(r"arn:aws(?:-[a-z]+)*:iam::[0-9]{12}:role/(?:[\w+=,.@-]+/)*[\w+=,.@-]{1,64}", re.ASCII)


@dataclass(frozen=True)
class ApiGatewayLoggingArgs:
    """Arguments of :class:`ApiGatewayAccountLogging`; validated on construction."""

    cloudwatch_role: str = setting("apiGatewayCloudWatchRole", CREATE)
    """``create`` (default): this stack creates the role and sets it for the account and region; or the ARN of an
    existing role that API Gateway may assume (trusting apigateway.amazonaws.com, with
    AmazonAPIGatewayPushToCloudWatchLogs or equivalent), which this stack then sets."""
    tags: Mapping[str, str] | None = None
    """Tags of the role. Default none."""

    def __post_init__(self) -> None:
        if self.cloudwatch_role != CREATE and not _ROLE_ARN.fullmatch(str(self.cloudwatch_role)):
            raise ConfigError("cloudwatch_role", f"{self.cloudwatch_role!r} is neither create nor an IAM role ARN",
                              "set 'cloudwatch_role' to create, or to the ARN of the role API Gateway writes logs "
                              "with, e.g. arn:aws:iam::123456789012:role/api-gateway-cloudwatch")


def api_gateway_trust_policy() -> str:
    """Trust policy of the logging role: API Gateway only."""
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "apigateway.amazonaws.com"}, "Action": "sts:AssumeRole"},
    ]}, sort_keys=True)


class ApiGatewayAccountLogging(pulumi.ComponentResource):
    """The account and region's API Gateway CloudWatch role, created or adopted, and the account setting naming it.

    Stages depend on :attr:`account`, so none is created before the setting exists.
    """

    TYPE = "private-apis:apigateway_account:ApiGatewayAccountLogging"
    """The type token (see components/type_tokens.py)."""

    account: aws.apigateway.Account
    """The account setting; every stage that logs depends on it."""
    role_arn: pulumi.Output[str]
    """ARN of the role API Gateway writes logs with."""

    def __init__(self, name: str, args: ApiGatewayLoggingArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(self.TYPE, name, None, with_former_type(self.TYPE, opts))
        kept = pulumi.ResourceOptions(parent=self, retain_on_delete=True)
        self.role: aws.iam.Role | None = None
        permissions: list[pulumi.Resource] = []
        if args.cloudwatch_role == CREATE:
            partition = aws_context(self).partition
            self.role = aws.iam.Role(
                f"{name}-cloudwatch-role",
                assume_role_policy=api_gateway_trust_policy(),
                description="API Gateway: write access and execution logs of every API in this account and region",
                tags=merge_tags(args.tags, f"{name}-cloudwatch-role"),
                opts=kept,
            )
            permissions.append(aws.iam.RolePolicyAttachment(
                f"{name}-cloudwatch-push",
                role=self.role.name,
                policy_arn=f"arn:{partition}:iam::aws:policy/{PUSH_TO_LOGS_POLICY}",
                opts=kept,
            ))
        self.role_arn = self.role.arn if self.role is not None else pulumi.Output.from_input(args.cloudwatch_role)
        # The role must be able to write logs before it is set: API Gateway checks it on the account update.
        self.account = aws.apigateway.Account(f"{name}-settings", cloudwatch_role_arn=self.role_arn,
                                              opts=pulumi.ResourceOptions.merge(kept, pulumi.ResourceOptions(
                                                  depends_on=permissions)))
        self.register_outputs({"role_arn": self.role_arn})
