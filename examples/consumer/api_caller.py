"""ApiCaller: a Lambda function allowed to call exactly its routes of one platform API, with the signed client."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pulumi
import pulumi_aws as aws

from components.grants import execution_arn_parts, grants_from_config, invoke_policy_document
from components.lambda_routes import code_files, function_log_policy, lambda_trust_policy

HANDLER_DIR = Path(__file__).resolve().parent / "handler"
# The handler imports the platform's signed client, which reads key names from the platform's output contract;
# Lambda's Python runtime has botocore but not requests, so all of it travels in the code archive, taken from this
# project's virtualenv.
BUNDLED_PACKAGES = ("private_apis.client", "requests", "urllib3", "idna", "certifi", "charset_normalizer")
BUNDLED_MODULES = ("private_apis/__init__.py", "private_apis/net.py", "private_apis/terminal.py",
                   "components/contract.py")


def package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise pulumi.RunError(f"package {name} is not installed. Fix: pip install -r requirements.txt")
    return Path(next(iter(spec.submodule_search_locations)))


def code_archive_files() -> dict[str, str]:
    """Archive path -> local file: the handler plus what it imports beyond the Lambda runtime.

    Listed file by file without caches (``code_files``), so the code hash, and with it the function, changes only
    when the code does, not with the ``__pycache__`` a local run leaves.
    """
    files = {"app.py": str(HANDLER_DIR / "app.py")}
    for name in BUNDLED_PACKAGES:
        prefix = name.replace(".", "/")
        files.update({f"{prefix}/{path}": source for path, source in code_files(package_dir(name)).items()})
    root = package_dir("private_apis").parent  # `components` is a namespace package: no __init__.py to ship
    files.update({module: str(root / module) for module in BUNDLED_MODULES})
    return dict(sorted(files.items()))


def code_archive() -> pulumi.AssetArchive:
    return pulumi.AssetArchive({path: pulumi.FileAsset(source) for path, source in code_archive_files().items()})


@dataclass
class ApiCallerArgs:
    api_url: pulumi.Input[str]
    """Base URL of the API (stage included), from the platform's output contract."""
    execution_arn: pulumi.Input[str]
    """Execution ARN of the API: the grant's base."""
    stage_name: pulumi.Input[str]
    routes: Sequence[str]
    """``METHOD /path`` routes the function may call; its IAM grant covers exactly these."""
    routes_key: str
    """Config key the routes came from, for error messages."""
    host_header: pulumi.Input[str] | None = None
    api_id_header: pulumi.Input[str] | None = None
    api_key_parameter: pulumi.Input[str] | None = None
    """SSM parameter holding the API key; the function may read that one parameter."""
    subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None
    """Run in these subnets (needed to reach a private API's VPC endpoint). Default: outside any VPC."""
    security_group_ids: Sequence[pulumi.Input[str]] = ()
    log_retention_days: int = 30
    runtime: str = "python3.13"
    timeout_seconds: int = 15
    tags: dict[str, str] = field(default_factory=dict)


class ApiCaller(pulumi.ComponentResource):
    function_name: pulumi.Output[str]
    role_arn: pulumi.Output[str]

    def __init__(self, name: str, args: ApiCallerArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("orders-consumer:callers:ApiCaller", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        # Validates the routes before anything is registered; the caller label only names the statement.
        grants = grants_from_config({name: list(args.routes)}, key=args.routes_key)
        role = aws.iam.Role(
            f"{name}-role",
            assume_role_policy=lambda_trust_policy(),
            tags=args.tags,
            opts=child,
        )
        function_name = f"{pulumi.get_project()}-{pulumi.get_stack()}-{name}"
        log_group = aws.cloudwatch.LogGroup(
            f"{name}-logs",
            name=f"/aws/lambda/{function_name}",
            retention_in_days=args.log_retention_days,
            tags=args.tags,
            opts=child,
        )
        aws.iam.RolePolicy(
            f"{name}-logs-policy",
            role=role.id,
            # Tracing is Active, and Lambda refuses a traced function whose role cannot write to X-Ray.
            policy=log_group.arn.apply(lambda arn: function_log_policy(arn, tracing=True)),
            opts=child,
        )
        invoke = aws.iam.RolePolicy(
            f"{name}-invoke-policy",
            role=role.id,
            policy=pulumi.Output.all(args.execution_arn, args.stage_name).apply(
                lambda values: invoke_policy_document(grants, execution_arn=values[0], stage=values[1])),
            opts=child,
        )
        depends: list[pulumi.Resource] = [invoke, log_group]
        if args.api_key_parameter is not None:
            depends.append(aws.iam.RolePolicy(
                f"{name}-api-key-policy",
                role=role.id,
                policy=pulumi.Output.all(args.execution_arn, args.api_key_parameter).apply(
                    lambda values: api_key_read_policy(values[0], values[1])),
                opts=child,
            ))
        vpc_config = None
        if args.subnet_ids is not None:
            # Lambda manages the function's network interfaces itself; this managed policy is exactly that.
            depends.append(aws.iam.RolePolicyAttachment(
                f"{name}-vpc-access",
                role=role.name,
                policy_arn="arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
                opts=child,
            ))
            vpc_config = aws.lambda_.FunctionVpcConfigArgs(subnet_ids=args.subnet_ids,
                                                          security_group_ids=list(args.security_group_ids))
        environment = {"API_URL": args.api_url, "ALLOWED_ROUTES": json.dumps(list(args.routes))}
        for variable, value in (("API_HOST_HEADER", args.host_header), ("API_ID_HEADER", args.api_id_header),
                                ("API_KEY_PARAMETER", args.api_key_parameter)):
            if value is not None:
                environment[variable] = value
        self.function = aws.lambda_.Function(
            f"{name}-function",
            name=function_name,
            role=role.arn,
            runtime=args.runtime,
            handler="app.handler",
            code=code_archive(),
            timeout=args.timeout_seconds,
            environment=aws.lambda_.FunctionEnvironmentArgs(variables=environment),
            vpc_config=vpc_config,
            tracing_config=aws.lambda_.FunctionTracingConfigArgs(mode="Active"),
            tags=args.tags,
            opts=pulumi.ResourceOptions(parent=self, depends_on=depends),
        )
        self.function_name = self.function.name
        self.role_arn = role.arn
        self.register_outputs({"function_name": self.function_name, "role_arn": self.role_arn})


def api_key_read_policy(execution_arn: str, parameter_name: str) -> str:
    """``ssm:GetParameter`` on the one parameter, in the API's region and account (parsed from its execution ARN).

    The platform stores it as a SecureString under the AWS managed key ``aws/ssm``, whose key policy already
    lets principals of the account decrypt through SSM, so no ``kms:Decrypt`` statement is needed.
    """
    arn = execution_arn_parts(execution_arn)
    name = parameter_name if parameter_name.startswith("/") else f"/{parameter_name}"
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "ssm:GetParameter",
        "Resource": f"arn:{arn['partition']}:ssm:{arn['region']}:{arn['account']}:parameter{name}"}]})
