"""Webhook receiver, set up the quick way: one HTTP API whose target is the Lambda function."""

import pulumi
import pulumi_aws as aws

role = aws.iam.Role(
    "webhook-role",
    assume_role_policy="""{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]
}""",
)
aws.iam.RolePolicyAttachment(
    "webhook-logs",
    role=role.name,
    policy_arn="arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
)

handler = aws.lambda_.Function(
    "webhook",
    runtime="python3.12",
    handler="index.handler",
    role=role.arn,
    code=pulumi.AssetArchive({
        "index.py": pulumi.StringAsset("def handler(event, context):\n    return {'ok': True}\n"),
    }),
)

# Quick create: API Gateway makes the integration, a catch-all route and an auto-deployed $default stage.
api = aws.apigatewayv2.Api("webhook-api", protocol_type="HTTP", target=handler.arn)

aws.lambda_.Permission(
    "webhook-invoke",
    action="lambda:InvokeFunction",
    function=handler.name,
    principal="apigateway.amazonaws.com",
    source_arn=pulumi.Output.concat(api.execution_arn, "/*/*"),
)

pulumi.export("url", api.api_endpoint)
