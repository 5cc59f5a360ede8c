"""Device telemetry socket: devices sign the WebSocket handshake with SigV4, so $connect is AWS_IAM."""

import json

import pulumi
import pulumi_aws as aws

role = aws.iam.Role("telemetry-fn-role", assume_role_policy=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}))
fn = aws.lambda_.Function("telemetry-fn", runtime="nodejs20.x", handler="index.handler", role=role.arn,
                          code=pulumi.AssetArchive({"index.js": pulumi.StringAsset(
                              "exports.handler = async () => ({ statusCode: 200 });\n")}))

api = aws.apigatewayv2.Api("telemetry-ws", protocol_type="WEBSOCKET",
                           route_selection_expression="$request.body.action")
integration = aws.apigatewayv2.Integration("telemetry-integration", api_id=api.id, integration_type="AWS_PROXY",
                                           integration_uri=fn.invoke_arn)
target = pulumi.Output.concat("integrations/", integration.id)

# API Gateway authorises only $connect; the other routes run inside the authorised connection.
routes = [("connect", "$connect", "AWS_IAM"), ("disconnect", "$disconnect", None), ("publish", "publish", None)]
for suffix, key, authorization in routes:
    aws.apigatewayv2.Route(f"telemetry-{suffix}", api_id=api.id, route_key=key, target=target,
                           authorization_type=authorization)

logs = aws.cloudwatch.LogGroup("telemetry-logs", retention_in_days=30)
aws.apigatewayv2.Stage("telemetry-stage", api_id=api.id, name="prod", auto_deploy=True,
                       access_log_settings={"destination_arn": logs.arn, "format": "$context.connectionId"})
aws.lambda_.Permission("telemetry-invoke", action="lambda:InvokeFunction", function=fn.name,
                       principal="apigateway.amazonaws.com",
                       source_arn=pulumi.Output.concat(api.execution_arn, "/prod/*"))
