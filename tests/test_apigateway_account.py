"""The account's API Gateway CloudWatch Logs role: set before any stage that logs, created or adopted, and kept.

AWS rule encoded here: API Gateway rejects a stage's ``accessLogSettings`` (as well as execution logging) with
"CloudWatch Logs role ARN must be set in account settings to enable logging" until the account-level setting names
a role API Gateway can assume (API Gateway Developer Guide, "Set up CloudWatch logging for REST APIs in API
Gateway"). The mocks accept any stage, so the order is asserted on the graph: every stage depends on the setting.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from components.apigateway_account import ApiGatewayAccountLogging, ApiGatewayLoggingArgs
from components.errors import ConfigError
from private_apis.engine.recorder import program_from_directory
from private_apis.testing import run_program

ROOT = Path(__file__).resolve().parent.parent
MAIN = program_from_directory(str(ROOT / "__main__.py"))
ACCOUNT = "aws:apigateway/account:Account"
EXISTING = "arn:aws:iam::111122223333:role/platform/api-gateway-cloudwatch"


@pytest.mark.parametrize("stack", ["dev", "native", "prod"])
def test_every_stage_that_logs_waits_for_the_account_setting(stack_preview, stack):
    graph = stack_preview(stack).graph
    account = graph.one(ACCOUNT)
    stages = graph.of_type("aws:apigateway/stage:Stage")
    assert stages
    for stage in stages:
        assert stage.inputs["accessLogSettings"]["destinationArn"]
        assert account.urn in stage.dependencies, stage.name


def test_create_makes_a_role_api_gateway_assumes_that_may_push_to_any_log_group(stack_preview):
    graph = stack_preview("dev").graph
    role = graph.one("aws:iam/role:Role", "apigateway-account-cloudwatch-role")
    trust = json.loads(role.inputs["assumeRolePolicy"])
    assert trust["Statement"] == [{"Action": "sts:AssumeRole", "Effect": "Allow",
                                   "Principal": {"Service": "apigateway.amazonaws.com"}}]
    push = graph.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "apigateway-account-cloudwatch-push")
    # Other teams' APIs in the region log with the same role, so it may not be scoped to this stack's groups.
    assert push.inputs["policyArn"] == "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
    account = graph.one(ACCOUNT)
    assert account.inputs["cloudwatchRoleArn"] == role.outputs["arn"]
    assert push.urn in account.dependencies


def test_the_setting_and_its_role_outlive_the_stack(stack_preview):
    # Destroying aws.apigateway.Account resets the region's setting since pulumi-aws 7 (terraform-provider-aws
    # #42226), which would stop every other API's logging; so neither it nor the role it names is deleted.
    graph = stack_preview("dev").graph
    for resource in (graph.one(ACCOUNT), graph.one("aws:iam/role:Role", "apigateway-account-cloudwatch-role"),
                     graph.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                               "apigateway-account-cloudwatch-push")):
        assert resource.options["retainOnDelete"] is True, resource.name


def test_an_existing_role_is_set_and_none_is_created():
    graph = run_program(MAIN, config={"private-apis:topologies": ["iam-internal"],
                                      "private-apis:apiGatewayCloudWatchRole": EXISTING})
    assert graph.one(ACCOUNT).inputs["cloudwatchRoleArn"] == EXISTING
    assert [r.name for r in graph.of_type("aws:iam/role:Role") if r.name.startswith("apigateway-account")] == []
    assert graph.one(ACCOUNT).urn in graph.one("aws:apigateway/stage:Stage").dependencies


def test_the_component_alone_sets_the_role_it_creates():
    graph = run_program(lambda: ApiGatewayAccountLogging("logs", ApiGatewayLoggingArgs()))
    assert graph.one(ACCOUNT, "logs-settings").inputs["cloudwatchRoleArn"] == \
        graph.one("aws:iam/role:Role", "logs-cloudwatch-role").outputs["arn"]


@pytest.mark.parametrize("value", ["yes", "arn:aws:iam::111122223333:user/ops", "role/api-gateway", ""])
def test_anything_but_create_or_a_role_arn_is_refused(value):
    with pytest.raises(ConfigError) as caught:
        ApiGatewayLoggingArgs(cloudwatch_role=value)
    assert caught.value.key == "cloudwatch_role"


def test_a_bad_config_value_names_the_config_key():
    with pytest.raises(ConfigError) as caught:
        run_program(MAIN, config={"private-apis:topologies": ["iam-internal"],
                                  "private-apis:apiGatewayCloudWatchRole": "arn:aws:iam::1:role/x"})
    assert str(caught.value).startswith("Invalid configuration 'private-apis:apiGatewayCloudWatchRole': "
                                        "'arn:aws:iam::1:role/x' is neither create nor an IAM role ARN. Fix: set "
                                        "'private-apis:apiGatewayCloudWatchRole' to create")
