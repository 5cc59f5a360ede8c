"""Internal inventory API for other AWS workloads: an HTTP API with SigV4 (AWS_IAM) routes, served only on
api.inventory.example.com (the default execute-api endpoint is disabled)."""

import pulumi
import pulumi_aws as aws

DOMAIN = "api.inventory.example.com"


def lambda_role(name: str) -> aws.iam.Role:
    return aws.iam.Role(
        name,
        assume_role_policy=aws.iam.get_policy_document(statements=[aws.iam.GetPolicyDocumentStatementArgs(
            actions=["sts:AssumeRole"],
            principals=[aws.iam.GetPolicyDocumentStatementPrincipalArgs(type="Service",
                                                                        identifiers=["lambda.amazonaws.com"])],
        )]).json,
    )


fn = aws.lambda_.Function(
    "inventory-fn",
    args=aws.lambda_.FunctionArgs(
        runtime="python3.12",
        handler="index.handler",
        role=lambda_role("inventory-fn-role").arn,
        code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(e, c):\n    return {}\n")}),
    ),
)

api = aws.apigatewayv2.Api(
    "inventory-api",
    args=aws.apigatewayv2.ApiArgs(protocol_type="HTTP", disable_execute_api_endpoint=True),
)

integration = aws.apigatewayv2.Integration(
    "inventory-lambda",
    args=aws.apigatewayv2.IntegrationArgs(api_id=api.id, integration_type="AWS_PROXY",
                                          integration_uri=fn.invoke_arn, payload_format_version="2.0"),
)

for route_name, route_key in [("get-item", "GET /items/{id}"), ("put-item", "PUT /items/{id}")]:
    aws.apigatewayv2.Route(
        route_name,
        args=aws.apigatewayv2.RouteArgs(
            api_id=api.id,
            route_key=route_key,
            authorization_type="AWS_IAM",
            target=pulumi.Output.format("integrations/{0}", integration.id),
        ),
    )

logs = aws.cloudwatch.LogGroup("inventory-access-logs", retention_in_days=90)
stage = aws.apigatewayv2.Stage(
    "inventory-stage",
    args=aws.apigatewayv2.StageArgs(
        api_id=api.id,
        name="v1",
        auto_deploy=True,
        access_log_settings=aws.apigatewayv2.StageAccessLogSettingsArgs(
            destination_arn=logs.arn, format='{"requestId":"$context.requestId","caller":"$context.identity.caller"}'),
    ),
)

certificate = aws.acm.Certificate("inventory-cert", domain_name=DOMAIN, validation_method="DNS")

domain = aws.apigatewayv2.DomainName(
    "inventory-domain",
    args=aws.apigatewayv2.DomainNameArgs(
        domain_name=DOMAIN,
        domain_name_configuration=aws.apigatewayv2.DomainNameDomainNameConfigurationArgs(
            certificate_arn=certificate.arn, endpoint_type="REGIONAL", security_policy="TLS_1_2"),
    ),
)

aws.apigatewayv2.ApiMapping(
    "inventory-mapping",
    args=aws.apigatewayv2.ApiMappingArgs(api_id=api.id, domain_name=domain.id, stage=stage.id),
)

aws.lambda_.Permission(
    "inventory-invoke",
    args=aws.lambda_.PermissionArgs(action="lambda:InvokeFunction", function=fn.name,
                                    principal="apigateway.amazonaws.com",
                                    source_arn=pulumi.Output.format("{0}/*/*/items/*", api.execution_arn)),
)

pulumi.export("target", domain.domain_name_configuration.apply(lambda c: c.target_domain_name))
