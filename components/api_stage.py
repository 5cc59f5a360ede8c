"""Deployment and stage wiring shared by every REST API topology.

Two AWS behaviours shape this module:

* A change to the API's body, a method, an integration or the resource policy alone does not redeploy a REST API,
  so the old policy stays live (API Gateway Developer Guide, "Deploy REST APIs in API Gateway": changes
  take effect only once deployed to a stage). The deployment's ``triggers`` therefore carry a hash of
  everything that must go live together; any change replaces the deployment.
* Deleting a deployment that a stage still points at fails ("Active stages pointing to this deployment
  must be moved or deleted", pulumi/pulumi#10662, pulumi/pulumi-aws#5711). pulumi-aws 7 has no
  ``stage_name`` on ``Deployment``, the stage is its own resource, and the default create-before-delete
  replacement moves the stage to the new deployment before the old one goes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, NamedTuple

import pulumi
import pulumi_aws as aws

from components import validation
from components.config_fields import setting
from components.tags import merge_tags

ACCESS_LOG_FORMAT = json.dumps(
    {
        "requestId": "$context.requestId",
        "extendedRequestId": "$context.extendedRequestId",
        "requestTime": "$context.requestTime",
        "httpMethod": "$context.httpMethod",
        "resourcePath": "$context.resourcePath",
        "status": "$context.status",
        "protocol": "$context.protocol",
        "responseLength": "$context.responseLength",
        "sourceIp": "$context.identity.sourceIp",
        "vpceId": "$context.identity.vpceId",
        "caller": "$context.identity.caller",
        "userArn": "$context.identity.userArn",
        "errorMessage": "$context.error.message",
        "authorizeError": "$context.authorize.error",
    },
    separators=(",", ":"),
    sort_keys=True,
)
"""One JSON line per request; ``vpceId`` and ``userArn`` answer "who called" for private and IAM APIs."""


MAX_THROTTLING = 10_000
"""The highest stage throttle these components set (the account's default regional quota is 10,000 rps)."""


def redeployment_hash(parts: Any) -> str:
    """A stable SHA-256 of JSON-serialisable ``parts`` (key order does not matter)."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def redeployment_triggers(parts: pulumi.Input[Any]) -> pulumi.Output[dict[str, str]]:
    """Deployment ``triggers`` that change whenever anything in ``parts`` changes.

    ``parts`` may hold Outputs (method ids, integration URIs, the policy JSON, endpoint ids);
    they are resolved and hashed together.
    """
    return pulumi.Output.from_input(parts).apply(lambda resolved: {"redeployment": redeployment_hash(resolved)})


@dataclass(frozen=True)
class StageSettings:
    """Stage options shared by all topologies; validated on construction. Config keys take the topology's
    prefix (``bridgeStageName``)."""

    stage_name: str = setting("stageName", "v1")
    """Stage name in the invoke URL: letters, digits and underscores. Default ``v1``."""
    throttling_burst_limit: int = setting("throttlingBurstLimit", 100)
    """Token-bucket burst for every method, 0 to 10000. Default 100."""
    throttling_rate_limit: float = setting("throttlingRateLimit", 50.0)
    """Steady-state requests per second for every method, 0 to 10000. Default 50."""
    access_log_retention_days: int = setting("accessLogRetentionDays", 90)
    """Retention of the access log group in days. Default 90."""
    xray_tracing: bool = setting("xrayTracing", False)
    """Turn on X-Ray tracing for the stage. Default off."""
    execution_logging_level: str = "OFF"
    """``OFF``, ``ERROR`` or ``INFO``. Default ``OFF``: the access logs already say who called what."""
    logging_role: tuple[pulumi.Resource, ...] = ()
    """What sets the account's API Gateway CloudWatch role (components/apigateway_account.py): access logs, like
    execution logs, are refused until it is set, so the stage waits for it. Default none: the setting exists."""

    def __post_init__(self) -> None:
        validation.check_stage_name(self.stage_name, "stage_name")
        validation.check_int_range(self.throttling_burst_limit, "throttling_burst_limit", 0, MAX_THROTTLING)
        validation.check_number_range(self.throttling_rate_limit, "throttling_rate_limit", 0, MAX_THROTTLING)
        validation.check_log_retention(self.access_log_retention_days, "access_log_retention_days")


class ApiStage(NamedTuple):
    """The resources :func:`create_deployment_and_stage` made."""

    deployment: aws.apigateway.Deployment
    stage: aws.apigateway.Stage
    access_log_group: aws.cloudwatch.LogGroup
    method_settings: aws.apigateway.MethodSettings


def create_deployment_and_stage(
    name: str,
    *,
    parent: pulumi.Resource,
    rest_api: aws.apigateway.RestApi,
    settings: StageSettings,
    redeploy_on: pulumi.Input[Any],
    depends_on: list[pulumi.Resource],
    tags: dict[str, str] | None = None,
) -> ApiStage:
    """Create ``{name}-deployment``, ``{name}-access-logs``, ``{name}-stage`` and ``{name}-method-settings``.

    ``redeploy_on`` is everything that must trigger a new deployment (the API's body, or its methods and
    integrations, the resource policy, endpoint configuration); ``depends_on`` are the resources the deployment
    must wait for besides the API: a separate resource policy (a PRIVATE API without one fails to deploy),
    methods and integrations, the Lambda permissions.
    """
    deployment = aws.apigateway.Deployment(
        f"{name}-deployment",
        rest_api=rest_api.id,
        description=f"Deployment of {name}",
        triggers=redeployment_triggers(redeploy_on),
        opts=pulumi.ResourceOptions(parent=parent, depends_on=depends_on),
    )
    access_log_group = aws.cloudwatch.LogGroup(
        f"{name}-access-logs",
        retention_in_days=settings.access_log_retention_days,
        tags=merge_tags(tags, f"{name}-access-logs"),
        opts=pulumi.ResourceOptions(parent=parent),
    )
    stage = aws.apigateway.Stage(
        f"{name}-stage",
        rest_api=rest_api.id,
        deployment=deployment.id,
        stage_name=settings.stage_name,
        xray_tracing_enabled=settings.xray_tracing,
        access_log_settings=aws.apigateway.StageAccessLogSettingsArgs(
            destination_arn=access_log_group.arn,
            format=ACCESS_LOG_FORMAT,
        ),
        tags=merge_tags(tags, f"{name}-stage"),
        opts=pulumi.ResourceOptions(parent=parent, depends_on=list(settings.logging_role)),
    )
    method_settings = aws.apigateway.MethodSettings(
        f"{name}-method-settings",
        rest_api=rest_api.id,
        stage_name=stage.stage_name,
        method_path="*/*",
        settings=aws.apigateway.MethodSettingsSettingsArgs(
            throttling_burst_limit=settings.throttling_burst_limit,
            throttling_rate_limit=settings.throttling_rate_limit,
            metrics_enabled=True,
            logging_level=settings.execution_logging_level,
            data_trace_enabled=False,
        ),
        opts=pulumi.ResourceOptions(parent=parent),
    )
    return ApiStage(deployment, stage, access_log_group, method_settings)
