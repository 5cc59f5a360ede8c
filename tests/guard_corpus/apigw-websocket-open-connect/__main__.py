"""Live scores feed: a WebSocket API wrapped in the team's component. $connect takes every client."""

from __future__ import annotations

import json

import pulumi
import pulumi_aws as aws

HANDLER = "def handler(event, context):\n    return {'statusCode': 200}\n"


class ScoresSocket(pulumi.ComponentResource):
    """A WebSocket API with one Lambda per route key."""

    def __init__(self, name: str, route_keys: dict[str, str], opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("scores:index:ScoresSocket", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        role = aws.iam.Role(f"{name}-role", assume_role_policy=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                           "Principal": {"Service": "lambda.amazonaws.com"}}]}), opts=child)
        self.api = aws.apigatewayv2.Api(f"{name}-api", protocol_type="WEBSOCKET",
                                        route_selection_expression="$request.body.action", opts=child)
        for suffix, route_key in route_keys.items():
            code = pulumi.AssetArchive({"index.py": pulumi.StringAsset(HANDLER)})
            fn = aws.lambda_.Function(f"{name}-{suffix}-fn", runtime="python3.12", handler="index.handler",
                                      role=role.arn, code=code, opts=child)
            integration = aws.apigatewayv2.Integration(f"{name}-{suffix}-integration", api_id=self.api.id,
                                                       integration_type="AWS_PROXY", integration_uri=fn.invoke_arn,
                                                       opts=child)
            aws.apigatewayv2.Route(f"{name}-{suffix}", api_id=self.api.id, route_key=route_key,
                                   target=integration.id.apply(lambda i: f"integrations/{i}"), opts=child)
            aws.lambda_.Permission(f"{name}-{suffix}-invoke", action="lambda:InvokeFunction", function=fn.name,
                                   principal="apigateway.amazonaws.com",
                                   source_arn=self.api.execution_arn.apply(lambda a, k=route_key: f"{a}/*/{k}"),
                                   opts=child)
        logs = aws.cloudwatch.LogGroup(f"{name}-logs", retention_in_days=14, opts=child)
        self.stage = aws.apigatewayv2.Stage(f"{name}-stage", api_id=self.api.id, name="live", auto_deploy=True,
                                            access_log_settings={"destination_arn": logs.arn,
                                                                 "format": "$context.connectionId $context.routeKey"},
                                            opts=child)
        self.register_outputs({"url": self.stage.invoke_url})


scores = ScoresSocket("scores", {"connect": "$connect", "disconnect": "$disconnect", "subscribe": "subscribe"})
pulumi.export("url", scores.stage.invoke_url)
