"""A Lambda function zipped by pulumi_archive, its role from an AWS managed policy looked up by ARN."""

import json

import pulumi
import pulumi_archive as archive
import pulumi_aws as aws

bundle = archive.get_file(type="zip", source_dir="app", output_path="build/app.zip")
basic = aws.iam.get_policy(arn="arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
role = aws.iam.Role("fn-role", assume_role_policy=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))
aws.iam.RolePolicyAttachment("fn-basic", role=role.name, policy_arn=basic.arn)
fn = aws.lambda_.Function("fn", runtime="python3.12", handler="handler.handler", role=role.arn,
                          code=pulumi.FileArchive(bundle.output_path), source_code_hash=bundle.output_base64sha256)

pulumi.export("policy_name", basic.name)
pulumi.export("policy_path", basic.path)
pulumi.export("hash_length", len(bundle.output_base64sha256))
pulumi.export("function_arn", fn.arn)
