"""Lambda-backed routes on a REST API: one function per route, and the API's methods as an OpenAPI body.

Shared by every topology whose backend is Lambda. From a route table (see components/routes.py)
:func:`create_lambda_routes` makes, under the caller's component, per route a Lambda ``Function`` with:

- an explicit name, so its log group ``/aws/lambda/<name>`` exists, with retention, before the
  function first runs (otherwise Lambda creates the group itself, without retention, on the first
  invocation, and the stack's group then fails with "already exists");
- its own execution role whose only permission is writing to that log group (no
  ``AWSLambdaBasicExecutionRole``, which grants ``logs:*`` on every group of the account).

The methods, with the caller's authorization, their path parameters and an ``AWS_PROXY`` integration each,
are the API's OpenAPI ``body`` (:meth:`LambdaRoutes.body`, components/openapi_body.py), so removing a route
removes its method in the same ``up``. :meth:`LambdaRoutes.permit` then adds per route a ``Permission`` for
API Gateway limited by ``source_arn`` to this API, this stage, this method and this path (``*`` for path
parameters). The stage-scoped permission means the console's "Test" button (stage ``test-invoke-stage``) is
refused; call the deployed stage instead.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi
import pulumi_aws as aws

from components import validation
from components.aws_context import aws_context
from components.errors import ConfigError
from components.openapi_body import lambda_invoke_uri, rest_api_body
from components.routes import Route, check_handler_defined
from components.tags import merge_tags

RUNTIMES = ("python3.12", "python3.13")
ARCHITECTURES = ("arm64", "x86_64")
METHOD_AUTHORIZATIONS = ("AWS_IAM", "NONE")
"""Method authorizations of Lambda-backed routes: SigV4, or none (the network is then the only control)."""
FUNCTION_NAME_LIMIT = 64
_EXCLUDED_DIRS = {"__pycache__", "tests", ".pytest_cache"}


@dataclass(frozen=True)
class FunctionSettings:
    """How each route's Lambda function is built; validated on construction."""

    code_dir: str
    """Directory whose files become the deployment package (handlers resolve inside it)."""
    default_handler: str = "app.handler"
    """Handler for routes that name none. Default ``app.handler``."""
    runtime: str = "python3.13"
    """``python3.12`` or ``python3.13``. Default ``python3.13``."""
    architecture: str = "arm64"
    """``arm64`` (default, cheaper per ms) or ``x86_64``."""
    memory_size: int = 128
    """Memory in MB, 128 to 10240. Default 128."""
    timeout_seconds: int = 10
    """Function timeout, 1 to 29 s (API Gateway gives up after 29 s anyway). Default 10."""
    log_retention_days: int = 30
    """Retention of each function's log group. Default 30."""
    tracing: bool = False
    """Active X-Ray tracing (adds the X-Ray write permission to each role). Default off."""
    environment: Mapping[str, str] = field(default_factory=dict)
    """Environment variables of every function. Default none."""

    def __post_init__(self) -> None:
        if not Path(self.code_dir).is_dir():
            raise ConfigError("code_dir", f"{self.code_dir!r} is not a directory",
                              "point code_dir at the directory holding the handler modules")
        validation.check_choice(self.runtime, "runtime", RUNTIMES)
        validation.check_choice(self.architecture, "architecture", ARCHITECTURES)
        validation.check_int_range(self.memory_size, "memory_size", 128, 10240)
        validation.check_int_range(self.timeout_seconds, "timeout_seconds", 1, 29)
        validation.check_log_retention(self.log_retention_days, "log_retention_days")


@dataclass
class LambdaRoutes:
    """What :func:`create_lambda_routes` made, keyed by route key (``GET /a``); the API is :meth:`body`."""

    name: str
    parent: pulumi.Resource
    authorization: str
    api_key_required: bool
    stage_name: str
    routes: dict[str, Route]
    invoke_uris: dict[str, str]
    """Each route's integration URI, derived from its function's name (known in a first preview)."""
    functions: dict[str, aws.lambda_.Function]
    roles: dict[str, aws.iam.Role]
    log_groups: dict[str, aws.cloudwatch.LogGroup]
    permissions: dict[str, aws.lambda_.Permission] = field(default_factory=dict)
    source_arns: dict[str, pulumi.Output[str]] = field(default_factory=dict)
    """The ``source_arn`` of each route's permission (after :meth:`permit`)."""

    def body(self, title: str) -> str:
        """The REST API's OpenAPI definition: every route's method and its Lambda proxy integration."""
        return rest_api_body(title, [(self.routes[key], self.invoke_uris[key]) for key in self.routes],
                             authorization=self.authorization, api_key_required=self.api_key_required)

    def permit(self, rest_api: aws.apigateway.RestApi) -> None:
        """Let ``rest_api`` invoke each route's function: only this API, this stage, this method and this path."""
        for key, route in self.routes.items():
            arn = source_arn(rest_api.execution_arn, self.stage_name, route)
            self.permissions[key] = aws.lambda_.Permission(
                f"{self.name}-{route.slug}-permission",
                action="lambda:InvokeFunction",
                function=self.functions[key].name,
                principal="apigateway.amazonaws.com",
                source_arn=arn,
                opts=pulumi.ResourceOptions(parent=self.parent),
            )
            self.source_arns[key] = arn

    def depends_on(self) -> list[pulumi.Resource]:
        """What the API must wait for: the functions its integrations name."""
        return list(self.functions.values())

    def depends_on_permissions(self) -> list[pulumi.Resource]:
        """What the deployment waits for: the invoke permissions, so a stage never serves a route whose function
        API Gateway may not call yet (a 500 "Invalid permissions on Lambda function")."""
        return list(self.permissions.values())

    @property
    def function_names(self) -> pulumi.Output[list[str]]:
        """Function names in route-key order."""
        return pulumi.Output.all(*[self.functions[k].name for k in sorted(self.functions)])


def function_name(prefix: str, route: Route) -> str:
    """``{prefix}-{route slug}``, shortened with a stable hash when over Lambda's 64 characters."""
    full = f"{prefix}-{route.slug}"
    if len(full) <= FUNCTION_NAME_LIMIT:
        return full
    digest = hashlib.sha256(full.encode()).hexdigest()[:8]
    return f"{full[:FUNCTION_NAME_LIMIT - 9].rstrip('-')}-{digest}"


def lambda_trust_policy() -> str:
    """Only the Lambda service may assume a function's execution role."""
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }, separators=(",", ":"))


def function_log_policy(log_group_arn: str, tracing: bool = False) -> str:
    """The execution role's only permissions: write streams of its own log group (+ X-Ray when traced).

    No ``logs:CreateLogGroup``: the stack creates the group. X-Ray's write actions support no
    resource-level scoping, so they are the one ``"Resource": "*"`` and only when tracing is on.
    """
    statements: list[dict[str, Any]] = [{
        "Sid": "WriteOwnLogGroup",
        "Effect": "Allow",
        "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
        "Resource": f"{log_group_arn}:log-stream:*",
    }]
    if tracing:
        statements.append({"Sid": "WriteTraces", "Effect": "Allow",
                           "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], "Resource": "*"})
    return json.dumps({"Version": "2012-10-17", "Statement": statements}, separators=(",", ":"))


def code_files(code_dir: str | Path) -> dict[str, str]:
    """Archive path -> file path of every file to ship, sorted, without caches and tests.

    Listing files explicitly (instead of one ``FileArchive`` of the directory) keeps ``__pycache__``
    left by local test runs out of the package, so the code hash, and with it the function, only
    changes when the code does.
    """
    root = Path(code_dir)
    files: dict[str, str] = {}
    for directory, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _EXCLUDED_DIRS and not d.startswith("."))
        for file_name in sorted(names):
            if file_name.endswith((".pyc", ".pyo")) or file_name.startswith(("test_", ".")):
                continue
            path = Path(directory) / file_name
            files[path.relative_to(root).as_posix()] = str(path)
    return files


def source_arn(execution_arn: pulumi.Input[str], stage_name: str, route: Route) -> pulumi.Output[str]:
    """``{execution_arn}/{stage}/{METHOD}/{path}`` for the route's Lambda permission."""
    return pulumi.Output.concat(execution_arn, f"/{stage_name}/{route.arn_method}/{route.arn_path}")


def create_lambda_routes(
    name: str,
    *,
    parent: pulumi.Resource,
    routes: Sequence[Route],
    authorization: str,
    stage_name: str,
    settings: FunctionSettings,
    function_name_prefix: str | None = None,
    tags: Mapping[str, str] | None = None,
    api_key_required: bool = False,
) -> LambdaRoutes:
    """Create each route's function, log group and execution role; the API's methods are :meth:`LambdaRoutes.body`.

    ``authorization`` (``AWS_IAM`` or ``NONE``) applies to every method. ``function_name_prefix``
    defaults to ``{project}-{stack}-{name}`` so two stacks in one account never collide.
    ``api_key_required`` makes every method also require an API key (metering only: the caller keeps
    the authorization). Once the ``RestApi`` exists (defined by the body, depending on :meth:`LambdaRoutes.depends_on`),
    :meth:`LambdaRoutes.permit` adds the invoke permissions.

    The steps, in creation order: check the arguments, resolve what every route shares (the function name
    prefix, where the stack deploys, the code archive), then per route its log group, execution role and
    policy, and function.
    """
    _check_arguments(routes, authorization, stage_name, settings)
    prefix = function_name_prefix or f"{pulumi.get_project()}-{pulumi.get_stack()}-{name}"
    where = aws_context(parent)
    archive = pulumi.AssetArchive({path: pulumi.FileAsset(file)
                                   for path, file in code_files(settings.code_dir).items()})
    context = _RouteContext(name=name, parent=parent, child=pulumi.ResourceOptions(parent=parent),
                            settings=settings, function_name_prefix=prefix,
                            log_arn_prefix=f"arn:{where.partition}:logs:{where.region}:{where.account_id}:log-group:",
                            archive=archive, tags=tags)
    built = LambdaRoutes(name=name, parent=parent, authorization=authorization, api_key_required=api_key_required,
                         stage_name=stage_name, routes={r.key: r for r in routes}, invoke_uris={}, functions={},
                         roles={}, log_groups={})
    for route in routes:
        fn_name = function_name(prefix, route)
        log_group, role, role_policy = _logs_and_role(context, route, fn_name)
        built.functions[route.key] = _function(context, route, fn_name, log_group, role, role_policy)
        built.roles[route.key] = role
        built.log_groups[route.key] = log_group
        built.invoke_uris[route.key] = lambda_invoke_uri(where.partition, where.region, where.account_id, fn_name)
    return built


def _check_arguments(routes: Sequence[Route], authorization: str, stage_name: str,
                     settings: FunctionSettings) -> None:
    """The arguments' ConfigErrors, before anything is created: at least one route, each handler defined."""
    validation.check_choice(authorization, "authorization", METHOD_AUTHORIZATIONS)
    validation.check_stage_name(stage_name, "stage_name")
    if not routes:
        raise ConfigError("routes", "no routes are defined", "list at least one route, e.g. 'GET /entities'")
    for route in routes:
        check_handler_defined(settings.code_dir, route.handler or settings.default_handler, "routes")


@dataclass(frozen=True)
class _RouteContext:
    """What every route's resources are made from: :func:`create_lambda_routes`'s arguments, resolved."""

    name: str
    parent: pulumi.Resource
    child: pulumi.ResourceOptions
    settings: FunctionSettings
    function_name_prefix: str
    log_arn_prefix: str
    archive: pulumi.AssetArchive
    tags: Mapping[str, str] | None


def _logs_and_role(context: _RouteContext, route: Route,
                   fn_name: str) -> tuple[aws.cloudwatch.LogGroup, aws.iam.Role, aws.iam.RolePolicy]:
    """The function's log group (named as Lambda expects it) and an execution role that only writes to it."""
    stem = f"{context.name}-{route.slug}"
    log_group_name = f"/aws/lambda/{fn_name}"
    log_group = aws.cloudwatch.LogGroup(
        f"{stem}-logs",
        name=log_group_name,
        retention_in_days=context.settings.log_retention_days,
        tags=merge_tags(context.tags, f"{stem}-logs"),
        opts=context.child,
    )
    role = aws.iam.Role(
        f"{stem}-role",
        description=f"Execution role of {fn_name} ({route.key}): writes its own logs only",
        assume_role_policy=lambda_trust_policy(),
        tags=merge_tags(context.tags, f"{stem}-role"),
        opts=context.child,
    )
    role_policy = aws.iam.RolePolicy(
        f"{stem}-role-policy",
        role=role.id,
        policy=function_log_policy(f"{context.log_arn_prefix}{log_group_name}", context.settings.tracing),
        opts=context.child,
    )
    return log_group, role, role_policy


def _function(context: _RouteContext, route: Route, fn_name: str, log_group: aws.cloudwatch.LogGroup,
              role: aws.iam.Role, role_policy: aws.iam.RolePolicy) -> aws.lambda_.Function:
    """The route's Lambda function: the shared code archive, its own role, JSON logs to its own group."""
    settings = context.settings
    return aws.lambda_.Function(
        f"{context.name}-{route.slug}-function",
        name=fn_name,
        description=f"Serves {route.key}",
        role=role.arn,
        runtime=settings.runtime,
        architectures=[settings.architecture],
        handler=route.handler or settings.default_handler,
        code=context.archive,
        memory_size=settings.memory_size,
        timeout=settings.timeout_seconds,
        logging_config=aws.lambda_.FunctionLoggingConfigArgs(
            log_format="JSON", log_group=log_group.name, application_log_level="INFO", system_log_level="WARN"),
        tracing_config=aws.lambda_.FunctionTracingConfigArgs(mode="Active") if settings.tracing else None,
        environment=aws.lambda_.FunctionEnvironmentArgs(variables=dict(settings.environment))
        if settings.environment else None,
        tags=merge_tags(context.tags, fn_name),
        # The role policy must be in place before the first invocation can log.
        opts=pulumi.ResourceOptions(parent=context.parent, depends_on=[role_policy]),
    )
