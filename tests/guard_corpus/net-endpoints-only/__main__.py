"""An isolated ledger VPC: the default route table is adopted with no routes, subnets follow it, and the Lambda
reaches SSM and CloudWatch Logs only through interface endpoints."""

import json

import pulumi
import pulumi_aws as aws

region = aws.get_region().region
vpc = aws.ec2.Vpc("ledger-vpc", cidr_block="10.110.0.0/16", enable_dns_support=True, enable_dns_hostnames=True)
# Adopting the default route table with no routes leaves only the implicit local route.
aws.ec2.DefaultRouteTable("ledger-default-rt", default_route_table_id=vpc.default_route_table_id, routes=[])
subnets = [aws.ec2.Subnet(f"ledger-{zone}", vpc_id=vpc.id, cidr_block=cidr, availability_zone=f"{region}{zone}")
           for zone, cidr in (("a", "10.110.1.0/24"), ("b", "10.110.2.0/24"))]

endpoint_sg = aws.ec2.SecurityGroup("ledger-endpoints-sg", vpc_id=vpc.id, description="HTTPS from the VPC", ingress=[
    {"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["10.110.0.0/16"]}])
for service in ("ssm", "logs"):
    aws.ec2.VpcEndpoint(f"ledger-{service}", vpc_id=vpc.id, service_name=f"com.amazonaws.{region}.{service}",
                        vpc_endpoint_type="Interface", private_dns_enabled=True,
                        subnet_ids=[s.id for s in subnets], security_group_ids=[endpoint_sg.id])

function_sg = aws.ec2.SecurityGroup("ledger-fn-sg", vpc_id=vpc.id, description="Ledger function, no inbound",
                                    egress=[{"protocol": "tcp", "from_port": 443, "to_port": 443,
                                             "cidr_blocks": ["10.110.0.0/16"]}])
role = aws.iam.Role("ledger-fn-role", assume_role_policy=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "lambda.amazonaws.com"}}],
}))
aws.iam.RolePolicyAttachment("ledger-fn-vpc-access", role=role.name,
                             policy_arn="arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole")
aws.lambda_.Function(
    "ledger-reconcile",
    runtime="python3.12",
    handler="index.handler",
    role=role.arn,
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return 'ok'\n")}),
    vpc_config={"subnet_ids": [s.id for s in subnets], "security_group_ids": [function_sg.id]},
)

pulumi.export("subnets", [s.id for s in subnets])
