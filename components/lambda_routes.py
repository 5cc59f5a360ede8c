"""Lambda-backed routes on a REST API: the resource tree, methods, proxy integrations and functions.

Shared by every topology whose backend is Lambda. From a route table (see components/routes.py)
:func:`create_lambda_routes` makes, under the caller's component:

* one ``Resource`` per path segment, shared prefixes once (``/entities`` serves ``/entities/{id}``);
* per route a ``Method`` with the caller's authorization and its path parameters declared, an
  ``AWS_PROXY`` ``Integration`` (always ``POST`` to Lambda, whatever the route's method), and a
  Lambda ``Function`` of its own, with:

  - an explicit name, so its log group ``/aws/lambda/<name>`` exists, with retention, before the
    function first runs (otherwise Lambda creates the group itself, without retention, on the first
    invocation, and the stack's group then fails with "already exists");
  - its own execution role whose only permission is writing to that log group (no
    ``AWSLambdaBasicExecutionRole``, which grants ``logs:*`` on every group of the account);
  - a ``Permission`` for API Gateway limited by ``source_arn`` to this API, this stage, this
    method and this path (with ``*`` for path parameters).

The stage-scoped permission means the console's "Test" button (stage ``test-invoke-stage``) is
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
from components.routes import Route, check_handler_defined, parent_path, path_slug, resource_paths
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


@dataclass(frozen=True)
class LambdaRoutes:
    """What :func:`create_lambda_routes` made, keyed by path (resources) or route key (``GET /a``)."""

    authorization: str
    routes: dict[str, Route]
    resources: dict[str, aws.apigateway.Resource]
    methods: dict[str, aws.apigateway.Method]
    integrations: dict[str, aws.apigateway.Integration]
    functions: dict[str, aws.lambda_.Function]
    roles: dict[str, aws.iam.Role]
    log_groups: dict[str, aws.cloudwatch.LogGroup]
    permissions: dict[str, aws.lambda_.Permission]
    source_arns: dict[str, pulumi.Output[str]]
    """The ``source_arn`` of each route's permission."""

    def redeploy_parts(self) -> list[dict[str, Any]]:
        """Everything about the routes that must trigger a new deployment when it changes.

        Built from what the program set (route, authorization, parameters) plus ids and the
        integration URI, never from optional provider outputs: an output the provider did not
        return is unknown in a preview, and it would make the whole trigger unknown.
        """
        return [
            {
                "route": route_key,
                "authorization": self.authorization,
                "request_parameters": method_request_parameters(self.routes[route_key]),
                "method": self.methods[route_key].id,
                "integration": self.integrations[route_key].id,
                "uri": self.integrations[route_key].uri,
            }
            for route_key in sorted(self.methods)
        ]

    def depends_on(self) -> list[pulumi.Resource]:
        """What a deployment must wait for: a method without its integration cannot be deployed."""
        return [*self.methods.values(), *self.integrations.values()]

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


def method_request_parameters(route: Route) -> dict[str, bool]:
    """Path parameters declared as required on the method."""
    return {f"method.request.path.{name}": True for name in route.path_parameters}


def source_arn(execution_arn: pulumi.Input[str], stage_name: str, route: Route) -> pulumi.Output[str]:
    """``{execution_arn}/{stage}/{METHOD}/{path}`` for the route's Lambda permission."""
    return pulumi.Output.concat(execution_arn, f"/{stage_name}/{route.arn_method}/{route.arn_path}")


def create_lambda_routes(
    name: str,
    *,
    parent: pulumi.Resource,
    rest_api: aws.apigateway.RestApi,
    routes: Sequence[Route],
    authorization: str,
    stage_name: str,
    settings: FunctionSettings,
    function_name_prefix: str | None = None,
    tags: Mapping[str, str] | None = None,
    api_key_required: bool = False,
) -> LambdaRoutes:
    """Create the resource tree, methods, integrations, functions and permissions for ``routes``.

    ``authorization`` (``AWS_IAM`` or ``NONE``) applies to every method. ``function_name_prefix``
    defaults to ``{project}-{stack}-{name}`` so two stacks in one account never collide.
    ``api_key_required`` makes every method also require an API key (metering only: the caller keeps
    the authorization); the caller must add it to its own deployment triggers.

    The steps, in creation order: check the arguments, resolve what every route shares (the
    function name prefix, the log group ARN prefix, the code archive), the resource tree, then per
    route its log group, execution role and policy, function, method, integration and permission.
    """
    _check_arguments(routes, authorization, stage_name, settings)
    prefix = function_name_prefix or f"{pulumi.get_project()}-{pulumi.get_stack()}-{name}"
    log_arn_prefix = _log_arn_prefix(parent)
    archive = pulumi.AssetArchive({path: pulumi.FileAsset(file)
                                   for path, file in code_files(settings.code_dir).items()})
    child = pulumi.ResourceOptions(parent=parent)
    resources = _resource_tree(name, rest_api, routes, child)
    context = _RouteContext(name=name, parent=parent, child=child, rest_api=rest_api, resources=resources,
                            authorization=authorization, stage_name=stage_name, settings=settings,
                            function_name_prefix=prefix, log_arn_prefix=log_arn_prefix, archive=archive,
                            tags=tags, api_key_required=api_key_required)
    built = LambdaRoutes(authorization, {r.key: r for r in routes}, {**resources}, {}, {}, {}, {}, {}, {}, {})
    for route in routes:
        _add_route(context, built, route)
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


def _log_arn_prefix(parent: pulumi.Resource) -> str:
    """``arn:{partition}:logs:{region}:{account}:log-group:``, the prefix of every function's log group ARN.

    Log group ARNs are derived, not read from the groups, so each role policy is a plain string a
    first preview (and the policy pack) can already check.
    """
    where = aws_context(parent)
    return f"arn:{where.partition}:logs:{where.region}:{where.account_id}:log-group:"


def _resource_tree(name: str, rest_api: aws.apigateway.RestApi, routes: Sequence[Route],
                   child: pulumi.ResourceOptions) -> dict[str, aws.apigateway.Resource]:
    """One ``Resource`` per path segment of the routes, parents before children, keyed by path."""
    resources: dict[str, aws.apigateway.Resource] = {}
    for path in resource_paths(routes):
        parent_of = parent_path(path)
        resources[path] = aws.apigateway.Resource(
            f"{name}-resource-{path_slug(path)}",
            rest_api=rest_api.id,
            parent_id=rest_api.root_resource_id if parent_of == "/" else resources[parent_of].id,
            path_part=path.rsplit("/", 1)[1],
            opts=child,
        )
    return resources


@dataclass(frozen=True)
class _RouteContext:
    """What every route's resources are made from: :func:`create_lambda_routes`'s arguments, resolved."""

    name: str
    parent: pulumi.Resource
    child: pulumi.ResourceOptions
    rest_api: aws.apigateway.RestApi
    resources: Mapping[str, aws.apigateway.Resource]
    authorization: str
    stage_name: str
    settings: FunctionSettings
    function_name_prefix: str
    log_arn_prefix: str
    archive: pulumi.AssetArchive
    tags: Mapping[str, str] | None
    api_key_required: bool


def _add_route(context: _RouteContext, built: LambdaRoutes, route: Route) -> None:
    """One route's function (with its log group and role) and API side (method, integration, permission)."""
    fn_name = function_name(context.function_name_prefix, route)
    log_group, role, role_policy = _logs_and_role(context, route, fn_name)
    function = _function(context, route, fn_name, log_group, role, role_policy)
    method, integration = _method_and_integration(context, route, function)
    arn = source_arn(context.rest_api.execution_arn, context.stage_name, route)
    permission = aws.lambda_.Permission(
        f"{context.name}-{route.slug}-permission",
        action="lambda:InvokeFunction",
        function=function.name,
        principal="apigateway.amazonaws.com",
        source_arn=arn,
        opts=context.child,
    )
    built.methods[route.key] = method
    built.integrations[route.key] = integration
    built.functions[route.key] = function
    built.roles[route.key] = role
    built.log_groups[route.key] = log_group
    built.permissions[route.key] = permission
    built.source_arns[route.key] = arn


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


def _method_and_integration(
    context: _RouteContext, route: Route, function: aws.lambda_.Function,
) -> tuple[aws.apigateway.Method, aws.apigateway.Integration]:
    """The route's method on its resource, and the ``AWS_PROXY`` integration that invokes ``function``."""
    rest_api = context.rest_api
    resource_id = rest_api.root_resource_id if route.path == "/" else context.resources[route.path].id
    method = aws.apigateway.Method(
        f"{context.name}-{route.slug}-method",
        rest_api=rest_api.id,
        resource_id=resource_id,
        http_method=route.method,
        authorization=context.authorization,
        # Unset rather than False when off, so other topologies' methods are unchanged.
        api_key_required=True if context.api_key_required else None,
        request_parameters=method_request_parameters(route) or None,
        opts=context.child,
    )
    integration = aws.apigateway.Integration(
        f"{context.name}-{route.slug}-integration",
        rest_api=rest_api.id,
        resource_id=resource_id,
        http_method=method.http_method,
        type="AWS_PROXY",
        # Lambda is always invoked with POST, whatever the client's method.
        integration_http_method="POST",
        uri=function.invoke_arn,
        opts=context.child,
    )
    return method, integration
