"""Orders API for the mobile app: an HTTP API whose routes take a Cognito JWT. The endpoint is still public."""

import json

import pulumi
import pulumi_aws as aws

pool = aws.cognito.UserPool("orders-users", name="orders-users")
client = aws.cognito.UserPoolClient("orders-app", user_pool_id=pool.id, generate_secret=False)

role = aws.iam.Role("orders-fn-role", assume_role_policy=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}))

fn = aws.lambda_.Function("orders-fn", runtime="python3.12", handler="app.handler", role=role.arn,
                          code=pulumi.AssetArchive(
                              {"app.py": pulumi.StringAsset("def handler(e, c):\n    return []\n")}))

api = aws.apigatewayv2.Api("orders-api", protocol_type="HTTP",
                           cors_configuration={"allow_origins": ["https://app.example.com"], "allow_methods": ["*"]})

jwt = aws.apigatewayv2.Authorizer(
    "orders-jwt",
    api_id=api.id,
    authorizer_type="JWT",
    identity_sources=["$request.header.Authorization"],
    jwt_configuration={"audiences": [client.id], "issuer": pool.endpoint.apply(lambda e: f"https://{e}")},
)

integration = aws.apigatewayv2.Integration("orders-lambda", api_id=api.id, integration_type="AWS_PROXY",
                                           integration_uri=fn.invoke_arn, payload_format_version="2.0")

routes = {"list-orders": "GET /orders", "create-order": "POST /orders"}
for name, key in routes.items():
    aws.apigatewayv2.Route(
        name,
        api_id=api.id,
        route_key=key,
        target=integration.id.apply(lambda i: f"integrations/{i}"),
        authorization_type="JWT",
        authorizer_id=jwt.id,
    )

logs = aws.cloudwatch.LogGroup("orders-access-logs", retention_in_days=30)
aws.apigatewayv2.Stage("orders-stage", api_id=api.id, name="$default", auto_deploy=True, access_log_settings={
    "destination_arn": logs.arn, "format": '{"requestId":"$context.requestId","status":"$context.status"}'})

aws.lambda_.Permission("orders-invoke", action="lambda:InvokeFunction", function=fn.name,
                       principal="apigateway.amazonaws.com", source_arn=api.execution_arn.apply(lambda a: f"{a}/*/*"))

pulumi.export("endpoint", api.api_endpoint)
