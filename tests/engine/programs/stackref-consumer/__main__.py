"""Reads a network stack's outputs by StackReference and places a function in its subnets."""

import json

import pulumi
import pulumi_aws as aws

network = pulumi.StackReference("acme/network/prod")
role = aws.iam.Role("fn-role", assume_role_policy=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))
group = aws.ec2.SecurityGroup("fn-sg", vpc_id=network.require_output("vpc_id"), description="function egress")
fn = aws.lambda_.Function("fn", runtime="python3.12", handler="index.handler", role=role.arn,
                          code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(e, c): return 1")}),
                          vpc_config={"subnet_ids": network.require_output("private_subnet_ids"),
                                      "security_group_ids": [group.id]})
pulumi.export("vpc_id", network.require_output("vpc_id"))
pulumi.export("db_password_is_secret", pulumi.Output.is_secret(network.get_output("db_password")))
