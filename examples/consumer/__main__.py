"""orders-consumer: calls the platform team's private and IAM-only APIs from Lambda.

Everything about the platform comes from its stack outputs, read by the contract's key constants:
nothing here knows an API id, a VPC id or an endpoint name.
"""

import pulumi
import pulumi_aws as aws
from api_caller import ApiCaller, ApiCallerArgs
from platform_stack import PlatformStack, check_api_key_parameter

from components.contract import Iam, Network, Serverless

config = pulumi.Config()
project = pulumi.get_project()
platform = PlatformStack(f"{project}:platformStack", config.require("platformStack"),
                         needs=["private-serverless", "iam-internal"])
private_routes = config.get_object("privateRoutes") or ["GET /entities", "GET /entities/{id}"]
iam_routes = config.get_object("iamRoutes") or ["GET /user/{id}"]
log_retention_days = config.get_int("logRetentionDays") or 30
iam_api_key = config.get_bool("iamApiKey") or False
tags = {"project": project, "stack": pulumi.get_stack()}

# The private API answers only through the platform's execute-api endpoint, so this caller runs in the
# platform VPC, in its own security group, and admits itself to the endpoint on 443.
caller_sg = aws.ec2.SecurityGroup(
    "private-caller-sg",
    vpc_id=platform.get(Network.VPC_ID),
    description="orders-consumer private API caller: HTTPS out to the execute-api endpoint only",
    tags=tags,
)
endpoint_sg = platform.get(Serverless.VPC_ENDPOINT_SECURITY_GROUP_ID)
aws.vpc.SecurityGroupEgressRule(
    "private-caller-to-endpoint",
    security_group_id=caller_sg.id,
    description="HTTPS to the platform's execute-api endpoint",
    ip_protocol="tcp", from_port=443, to_port=443,
    referenced_security_group_id=endpoint_sg,
    tags=tags,
)
# A rule resource of its own on the platform's group (never an inline rule), so the platform stack's next
# `pulumi up` leaves it alone and `pulumi destroy` here removes exactly this rule.
aws.vpc.SecurityGroupIngressRule(
    "endpoint-from-private-caller",
    security_group_id=endpoint_sg,
    description=f"HTTPS from {project} private API caller",
    ip_protocol="tcp", from_port=443, to_port=443,
    referenced_security_group_id=caller_sg.id,
    tags=tags,
)
private_caller = ApiCaller("private-caller", ApiCallerArgs(
    api_url=platform.get(Serverless.VPC_ENDPOINT_URL),
    api_id_header=platform.get(Serverless.API_ID_HEADER),
    execution_arn=platform.get(Serverless.EXECUTION_ARN),
    stage_name=platform.get(Serverless.STAGE_NAME),
    routes=private_routes, routes_key=f"{project}:privateRoutes",
    subnet_ids=platform.get(Network.PRIVATE_SUBNET_IDS),
    security_group_ids=[caller_sg.id],
    log_retention_days=log_retention_days, tags=tags,
))

# The IAM-only API is REGIONAL and needs no VPC: this caller runs outside one and signs with its role.
# Whether to read an API key is config, not an output: resources cannot be created from inside an apply.
api_key_parameter = platform.get(Iam.API_KEY_PARAMETER_NAME, optional=True).apply(
    lambda name: check_api_key_parameter(name, iam_api_key, f"{project}:iamApiKey"))
iam_caller = ApiCaller("iam-caller", ApiCallerArgs(
    api_url=platform.get(Iam.INVOKE_URL),
    execution_arn=platform.get(Iam.EXECUTION_ARN),
    stage_name=platform.get(Iam.STAGE_NAME),
    routes=iam_routes, routes_key=f"{project}:iamRoutes",
    api_key_parameter=api_key_parameter if iam_api_key else None,
    log_retention_days=log_retention_days, tags=tags,
))

pulumi.export("private_caller_function_name", private_caller.function_name)
pulumi.export("private_caller_security_group_id", caller_sg.id)
pulumi.export("iam_caller_function_name", iam_caller.function_name)
pulumi.export("iam_caller_role_arn", iam_caller.role_arn)
