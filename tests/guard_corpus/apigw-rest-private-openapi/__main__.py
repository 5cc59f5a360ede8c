"""Payroll API: a PRIVATE REST API defined by an OpenAPI body (built with Output.json_dumps, every operation SigV4),
reachable only through the execute-api endpoint of this VPC."""

import pulumi
import pulumi_aws as aws

account = aws.get_caller_identity().account_id
region = aws.get_region().region

vpc = aws.ec2.Vpc("payroll-vpc", cidr_block="10.40.0.0/16", enable_dns_hostnames=True, enable_dns_support=True)
subnets = [
    aws.ec2.Subnet(f"payroll-private-{zone}", vpc_id=vpc.id, cidr_block=cidr, availability_zone=f"{region}{zone}")
    for zone, cidr in (("a", "10.40.1.0/24"), ("b", "10.40.2.0/24"))
]
endpoint_sg = aws.ec2.SecurityGroup(
    "payroll-endpoint-sg",
    vpc_id=vpc.id,
    description="HTTPS from inside the VPC to the execute-api endpoint",
    ingress=[aws.ec2.SecurityGroupIngressArgs(protocol="tcp", from_port=443, to_port=443,
                                              cidr_blocks=["10.40.0.0/16"])],
)
endpoint = aws.ec2.VpcEndpoint(
    "payroll-execute-api",
    vpc_id=vpc.id,
    service_name=f"com.amazonaws.{region}.execute-api",
    vpc_endpoint_type="Interface",
    private_dns_enabled=True,
    subnet_ids=[s.id for s in subnets],
    security_group_ids=[endpoint_sg.id],
    policy=pulumi.Output.json_dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
                       "Resource": f"arn:aws:execute-api:{region}:{account}:*/*"}],
    }),
)

role = aws.iam.Role("payroll-fn-role", assume_role_policy=aws.iam.get_policy_document_output(statements=[{
    "actions": ["sts:AssumeRole"], "principals": [{"type": "Service", "identifiers": ["lambda.amazonaws.com"]}],
}]).json)
source = pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(e, c):\n    return {}\n")})
fn = aws.lambda_.Function("payroll-fn", runtime="python3.12", handler="index.handler", role=role.arn, code=source)


def operation(summary: str) -> dict:
    return {
        "summary": summary,
        "security": [{"sigv4": []}],
        "x-amazon-apigateway-integration": {"type": "aws_proxy", "httpMethod": "POST", "uri": fn.invoke_arn},
    }


body = pulumi.Output.json_dumps({
    "openapi": "3.0.1",
    "info": {"title": "payroll", "version": "1.0"},
    "paths": {"/payslips/{id}": {"get": operation("read a payslip")},
              "/payslips": {"post": operation("issue a payslip")}},
    "components": {"securitySchemes": {"sigv4": {"type": "apiKey", "name": "Authorization", "in": "header",
                                                 "x-amazon-apigateway-authtype": "awsSigv4"}}},
})

api = aws.apigateway.RestApi(
    "payroll-api",
    body=body,
    endpoint_configuration={"types": "PRIVATE", "vpc_endpoint_ids": [endpoint.id]},
    put_rest_api_mode="merge",
)

policy = aws.apigateway.RestApiPolicy(
    "payroll-api-policy",
    rest_api_id=api.id,
    policy=aws.iam.get_policy_document_output(statements=[
        {"effect": "Allow", "actions": ["execute-api:Invoke"], "resources": ["execute-api:/*"],
         "principals": [{"type": "*", "identifiers": ["*"]}]},
        {"effect": "Deny", "actions": ["execute-api:Invoke"], "resources": ["execute-api:/*"],
         "principals": [{"type": "*", "identifiers": ["*"]}],
         "conditions": [{"test": "StringNotEquals", "variable": "aws:SourceVpce", "values": [endpoint.id]}]},
    ]).json,
)

deployment = aws.apigateway.Deployment("payroll-deployment", rest_api=api.id, triggers={"body": body},
                                       opts=pulumi.ResourceOptions(depends_on=[policy]))
logs = aws.cloudwatch.LogGroup("payroll-access-logs", retention_in_days=365)
aws.apigateway.Stage("payroll-stage", rest_api=api.id, deployment=deployment.id, stage_name="v1",
                     xray_tracing_enabled=True,
                     access_log_settings={"destination_arn": logs.arn,
                                          "format": '{"id":"$context.requestId","vpce":"$context.identity.vpceId"}'})

aws.lambda_.Permission("payroll-invoke", action="lambda:InvokeFunction", function=fn.name,
                       principal="apigateway.amazonaws.com",
                       source_arn=api.execution_arn.apply(lambda arn: f"{arn}/*/*/payslips*"))
