"""PrivateServerlessApi: Lambda functions behind a PRIVATE REST API, reached only through a VPC endpoint.

The SAM stack of the seed scenario (``AWS::Serverless::Function`` + ``AWS::Serverless::Api`` with
``EndpointConfiguration: PRIVATE``), rebuilt from raw resources so every pitfall of that setup is
handled in one place:

* the API carries a resource policy (a PRIVATE API without one fails to deploy) generated from the
  allowed sources with an explicit Deny for everything else, inline, so it survives each import of the body;
* the methods and their Lambda integrations are the API's OpenAPI body (components/openapi_body.py), so a
  removed route leaves the stage in the same ``up``;
* the deployment's ``triggers`` hash the policy, the endpoint configuration and the body, so changing only
  the policy still reaches the stage;
* the endpoint's private DNS is off by default, so public APIs stay reachable from the VPC, and
  every invoke form that works without it is exported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pulumi
import pulumi_aws as aws

from components import validation
from components.api_stage import StageSettings, create_deployment_and_stage
from components.aws_context import aws_context
from components.config_fields import section, setting
from components.contract import Serverless
from components.errors import ConfigError
from components.execute_api_endpoint import (
    ExecuteApiEndpoint,
    ExecuteApiEndpointArgs,
    check_client_sources,
    check_endpoint_subnets,
)
from components.lambda_routes import METHOD_AUTHORIZATIONS, FunctionSettings, create_lambda_routes
from components.network import NetworkPlacement
from components.resource_policy import (
    account_apis_resource,
    check_account_id,
    check_vpc_endpoint_id,
    check_vpc_id,
    network_principal_account,
    private_api_policy_json,
)
from components.routes import Route, check_handler_defined, parse_routes
from components.tags import merge_tags
from components.topology_spec import TopologySpec
from components.type_tokens import with_former_type

DEFAULT_ROUTES = ("GET /entities app.list_entities", "GET /entities/{id} app.get_entity")
"""The seed's ``GET /entities`` plus a lookup by id, each with its own handler."""
DEFAULT_CODE_DIR = str(Path(__file__).resolve().parent.parent / "functions" / "entities")
API_ID_HEADER = "x-apigw-api-id"
VPC_CIDR = "vpc"
"""In ``client_cidrs``: the CIDR of the VPC the endpoint is placed in, known only once the network is."""


def check_account_restriction(authorization: str, account_ids: Sequence[object], authorization_key: str,
                              accounts_key: str) -> None:
    """Account restrictions need signed requests: the resource policy denies callers whose aws:PrincipalAccount is
    not listed, and an unsigned (NONE) request has no principal, so every call would be denied."""
    if authorization == "NONE" and account_ids:
        raise ConfigError(accounts_key, f"callers are restricted to accounts but '{authorization_key}' is NONE: "
                          "unsigned requests carry no account, so the resource policy would refuse every call",
                          f"set '{authorization_key}' to AWS_IAM, or remove '{accounts_key}'")


@dataclass(frozen=True)
class PrivateServerlessApiArgs:
    """Arguments of :class:`PrivateServerlessApi`; validated on construction (a ConfigError names the argument).

    A new execute-api endpoint goes in ``placement`` (e.g. a shared ``PrivateNetwork.placement()``), or the
    component adopts an existing endpoint with ``existing_vpc_endpoint_id``.
    """

    routes: Sequence[str] = setting("serverlessRoutes", DEFAULT_ROUTES)
    """Route table, ``"METHOD /path"`` or ``"METHOD /path module.function"``. Default: ``DEFAULT_ROUTES``."""
    placement: NetworkPlacement | None = None
    """VPC and private subnets (one per AZ, at least 2) of a new execute-api endpoint; its CIDR is the default
    client range. Required unless ``existing_vpc_endpoint_id`` is set, and not used then."""
    existing_vpc_endpoint_id: str | None = setting("serverlessVpcEndpointId", None, kind="str")
    """Adopt this execute-api endpoint instead of creating one (``vpce-`` + 8 or 17 hex). Default: create."""
    client_cidrs: Sequence[str] = setting("serverlessClientCidrs", (VPC_CIDR,))
    """Ranges admitted to the endpoint on 443; ``vpc`` (:data:`VPC_CIDR`) stands for the placement's VPC CIDR.
    Default ``("vpc",)``: the API VPC; ``()`` admits no range (then security groups must)."""
    client_security_group_ids: Sequence[pulumi.Input[str]] = setting("serverlessClientSecurityGroupIds", ())
    """Security groups admitted to the endpoint on 443. Default none."""
    private_dns_enabled: bool = setting("serverlessPrivateDns", False)
    """Private DNS on the new endpoint. Default **off**: on, no public API is reachable from the VPC
    (see ``ExecuteApiEndpointArgs.private_dns_enabled``)."""
    allowed_vpc_endpoint_ids: Sequence[str] = setting("serverlessAllowedVpcEndpointIds", ())
    """Further execute-api endpoints (other VPCs or accounts) admitted and associated. Default none."""
    allowed_source_vpc_ids: Sequence[str] = setting("serverlessAllowedVpcIds", ())
    """VPCs admitted by ``aws:SourceVpc`` (through any endpoint in them). Default none."""
    allowed_account_ids: Sequence[str] = setting("serverlessAllowedAccountIds", ())
    """If set, callers must also be principals of these accounts (needs ``AWS_IAM``). Default none."""
    authorization: str = setting("serverlessAuthorization", "AWS_IAM")
    """Method authorization: ``AWS_IAM`` (default; callers sign with SigV4, service ``execute-api``) or
    ``NONE``, the seed's setting, where the network is the only control: an explicit opt-out that the
    policy pack's method-authorization rule reports unless the API is exempted there."""
    stage: StageSettings = section(StageSettings, "serverless")
    """Stage name, throttling, access-log retention and X-Ray (also turns on function tracing)."""
    code_dir: str = DEFAULT_CODE_DIR
    """Directory packaged as every function's code. Default: the repo's ``functions/entities``."""
    runtime: str = setting("serverlessRuntime", "python3.13")
    """``python3.12`` or ``python3.13``. Default ``python3.13``."""
    memory_size: int = setting("serverlessMemorySize", 128)
    """Function memory in MB. Default 128."""
    timeout_seconds: int = setting("serverlessTimeoutSeconds", 10)
    """Function timeout in seconds, at most 29. Default 10."""
    log_retention_days: int = setting("serverlessFunctionLogRetentionDays", 30)
    """Retention of each function's log group. Default 30."""
    tags: Mapping[str, str] | None = None
    """Tags for every taggable child. Default none."""

    def __post_init__(self) -> None:
        for route in self.parsed_routes():
            check_handler_defined(self.code_dir, route.handler or "app.handler", "routes")
        validation.check_choice(self.authorization, "authorization", METHOD_AUTHORIZATIONS)
        for value in self.allowed_vpc_endpoint_ids:
            check_vpc_endpoint_id(value, "allowed_vpc_endpoint_ids")
        for value in self.allowed_source_vpc_ids:
            check_vpc_id(value, "allowed_source_vpc_ids")
        for value in self.allowed_account_ids:
            check_account_id(value, "allowed_account_ids")
        check_account_restriction(self.authorization, self.allowed_account_ids, "authorization", "allowed_account_ids")
        self._check_endpoint_sources()
        self.function_settings()

    def _check_endpoint_sources(self) -> None:
        if isinstance(self.client_cidrs, (str, bytes)):
            raise ConfigError("client_cidrs", f"expected a list, got the single string {self.client_cidrs!r}",
                              "write 'client_cidrs' as a list, e.g. [vpc, 10.50.0.0/16]")
        validation.parse_restricted_cidrs([c for c in self.client_cidrs if c != VPC_CIDR], "client_cidrs")
        if list(self.client_cidrs).count(VPC_CIDR) > 1:
            raise ConfigError("client_cidrs", f"'{VPC_CIDR}' is listed twice",
                              "remove the duplicate from 'client_cidrs'")
        for group in self.client_security_group_ids:
            # An Output is a group created alongside (AWS checks it); anything else must read as an id.
            if not isinstance(group, pulumi.Output):
                validation.check_security_group_id(group, "client_security_group_ids")
        if self.existing_vpc_endpoint_id is not None:
            check_vpc_endpoint_id(self.existing_vpc_endpoint_id, "existing_vpc_endpoint_id")
            created_only = [f"'{name}'" for name, value in (
                ("client_cidrs", tuple(self.client_cidrs) != (VPC_CIDR,)),
                ("client_security_group_ids", self.client_security_group_ids),
                ("private_dns_enabled", self.private_dns_enabled)) if value]
            if created_only:
                raise ConfigError("existing_vpc_endpoint_id", f"an existing endpoint is adopted, so "
                                  f"{', '.join(created_only)} would be ignored", "configure clients and private DNS "
                                  "on the existing endpoint, or remove 'existing_vpc_endpoint_id' to create one")
        elif not self.client_cidrs and not self.client_security_group_ids:
            raise ConfigError("client_cidrs", "no caller source is given, so no client could reach the VPC endpoint",
                              "list client networks in 'client_cidrs' or security groups in "
                              f"'client_security_group_ids', or set 'client_cidrs' to [{VPC_CIDR}] to admit the VPC "
                              "CIDR")

    def parsed_routes(self) -> tuple[Route, ...]:
        """The validated route table."""
        return parse_routes(self.routes, "routes")

    def function_settings(self) -> FunctionSettings:
        """How each route's function is built."""
        return FunctionSettings(
            code_dir=self.code_dir,
            runtime=self.runtime,
            memory_size=self.memory_size,
            timeout_seconds=self.timeout_seconds,
            log_retention_days=self.log_retention_days,
            tracing=self.stage.xray_tracing,
        )

    def endpoint_args(self) -> ExecuteApiEndpointArgs:
        """Arguments of the execute-api endpoint (created in ``placement``, or adopted)."""
        if self.existing_vpc_endpoint_id is not None:
            return ExecuteApiEndpointArgs(existing_endpoint_id=self.existing_vpc_endpoint_id, tags=self.tags)
        placement = self.placement
        if placement is None:
            raise ConfigError("placement", "no network is given for the execute-api endpoint",
                              "pass placement=network.placement(), or existing_vpc_endpoint_id to adopt an endpoint")
        check_endpoint_subnets(placement.private_subnet_ids, "placement.private_subnet_ids")
        validation.parse_cidr(placement.vpc_cidr, "placement.vpc_cidr")
        # [vpc, 10.40.0.0/16] in a VPC of 10.40.0.0/16 names one range twice: admitted once, not refused late.
        client_cidrs = tuple(dict.fromkeys(
            str(validation.parse_cidr(placement.vpc_cidr if cidr == VPC_CIDR else cidr, "client_cidrs"))
            for cidr in self.client_cidrs))
        check_client_sources(client_cidrs, self.client_security_group_ids, "client_cidrs",
                             "client_security_group_ids")
        return ExecuteApiEndpointArgs(
            vpc_id=placement.vpc_id,
            subnet_ids=tuple(placement.private_subnet_ids),
            client_cidrs=client_cidrs,
            client_security_group_ids=tuple(self.client_security_group_ids),
            private_dns_enabled=self.private_dns_enabled,
            tags=self.tags,
        )


class PrivateServerlessApi(pulumi.ComponentResource):
    """A private REST API with one Lambda function per route.

    Default settings:

    * REST API with endpoint type ``PRIVATE``, associated with the execute-api endpoint (and
      ``allowed_vpc_endpoint_ids``), which creates the ``{api-id}-{vpce-id}`` alias names;
    * resource policy: Allow from the endpoint (plus the allowed endpoints, VPCs, accounts) and an
      explicit Deny for every other source; with ``AWS_IAM`` the network Allows name this account's root, so
      a caller also needs an identity grant (``components.grants``), and callers of other accounts need their
      account in ``allowed_account_ids``;
    * every method ``AWS_IAM``; per route an ``AWS_PROXY`` integration, a function with its own role
      that can only write its own log group (30 days), and an invoke permission scoped to this API,
      stage, method and path;
    * the execute-api endpoint created in the given subnets with a security group admitting 443 from
      the VPC CIDR (or the listed clients) only, private DNS off, an endpoint policy limited to this
      account's APIs; or an existing endpoint adopted;
    * stage ``v1`` with JSON access logs (90 days), throttling 50 rps / burst 100, X-Ray off.

    How clients call it (private DNS off): ``GET {vpc_endpoint_url}/entities`` with header
    ``Host: {host_header_value}`` or ``x-apigw-api-id: {api_id_header_value}``, or
    ``GET {alias_url}/entities``; with private DNS on, ``GET {private_dns_url}/entities``. With
    ``AWS_IAM``, requests are SigV4-signed for service ``execute-api`` with the API's own host
    (``{host_header_value}``), e.g. ``python -m private_apis invoke``.
    """

    TYPE = "private-apis:private_serverless:PrivateServerlessApi"
    """The type token (see components/type_tokens.py)."""

    rest_api_id: pulumi.Output[str]
    """Id of the REST API (the ``x-apigw-api-id`` header value)."""
    stage_name: pulumi.Output[str]
    """Name of the deployed stage."""
    execution_arn: pulumi.Output[str]
    """The API's execution ARN; IAM grants are ``{execution_arn}/{stage}/{METHOD}/{path}``."""
    authorization: pulumi.Output[str]
    """Method authorization of every route (``AWS_IAM`` or ``NONE``)."""
    vpc_endpoint_id: pulumi.Output[str]
    """The execute-api endpoint the API is reached through."""
    vpc_endpoint_dns_names: pulumi.Output[list[str]]
    """All DNS names of that endpoint, as AWS lists them: regional, one per AZ, and the private names."""
    private_dns_url: pulumi.Output[str]
    """``https://{api}.execute-api.{region}.amazonaws.com/{stage}``: works only from a VPC whose endpoint has
    private DNS on."""
    vpc_endpoint_url: pulumi.Output[str]
    """``https://{vpce regional DNS}/{stage}``: send ``Host`` or ``x-apigw-api-id`` with it."""
    host_header_value: pulumi.Output[str]
    """``Host`` header for ``vpc_endpoint_url``: ``{api}.execute-api.{region}.amazonaws.com``."""
    api_id_header_value: pulumi.Output[str]
    """Value of the ``x-apigw-api-id`` header for ``vpc_endpoint_url`` (the API id)."""
    alias_url: pulumi.Output[str]
    """``https://{api}-{vpce}.execute-api.{region}.amazonaws.com/{stage}``: public DNS resolving to the endpoint."""
    resource_policy: pulumi.Output[str]
    """The resource policy JSON attached to the API."""
    function_names: pulumi.Output[list[str]]
    """Lambda function names, in route order."""
    access_log_group_name: pulumi.Output[str]
    """CloudWatch log group of the stage's access logs."""

    def __init__(self, name: str, args: PrivateServerlessApiArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        endpoint_args = args.endpoint_args()  # checks the placement before anything is registered
        super().__init__(self.TYPE, name, None, with_former_type(self.TYPE, opts))
        child = pulumi.ResourceOptions(parent=self)
        where = aws_context(self)
        region = where.region
        api_domain = f"execute-api.{region}.{where.dns_suffix}"
        stage_settings = args.stage

        self.endpoint = ExecuteApiEndpoint(f"{name}-vpce", endpoint_args, child)
        endpoint_ids = [self.endpoint.endpoint_id, *sorted(set(args.allowed_vpc_endpoint_ids))]

        self.routes = create_lambda_routes(
            name,
            parent=self,
            routes=args.parsed_routes(),
            authorization=args.authorization,
            stage_name=stage_settings.stage_name,
            settings=args.function_settings(),
            tags=args.tags,
        )
        # Inline on the RestApi, whose id does not exist yet, so named by the account-scoped ARN (stored as written;
        # the execute-api:/* shorthand reads back expanded and shows a diff on every up,
        # hashicorp/terraform-provider-aws#5549); attached to this API it applies to this API only. Inline because
        # the body's import clears a separate RestApiPolicy (components/openapi_body.py). With AWS_IAM methods the
        # network Allows name this account's root, so callers also need an identity grant
        # (resource_policy.network_principal_account).
        principal_account = network_principal_account(args.authorization, where.account_id)
        resource = account_apis_resource(where.partition, region, where.account_id)
        policy_json = pulumi.Output.all(*endpoint_ids).apply(
            lambda ids: private_api_policy_json(
                vpc_endpoint_ids=ids,
                source_vpc_ids=args.allowed_source_vpc_ids,
                account_ids=args.allowed_account_ids,
                principal_account_id=principal_account,
                partition=where.partition,
                resource=resource,
            ))
        body = self.routes.body(f"{pulumi.get_project()}-{pulumi.get_stack()}-{name}")
        self.api = aws.apigateway.RestApi(
            f"{name}-api",
            description=f"Private API {name}: reachable only through execute-api VPC endpoints",
            body=body,
            put_rest_api_mode="overwrite",
            endpoint_configuration=aws.apigateway.RestApiEndpointConfigurationArgs(
                types="PRIVATE",
                vpc_endpoint_ids=endpoint_ids,
            ),
            policy=policy_json,
            tags=merge_tags(args.tags, f"{name}-api"),
            opts=pulumi.ResourceOptions(parent=self, depends_on=self.routes.depends_on()),
        )
        self.routes.permit(self.api)
        self.api_stage = create_deployment_and_stage(
            name,
            parent=self,
            rest_api=self.api,
            settings=stage_settings,
            redeploy_on={
                "policy": policy_json,
                "endpoint_configuration": {"types": "PRIVATE", "vpc_endpoint_ids": endpoint_ids},
                "body": body,
            },
            depends_on=self.routes.depends_on_permissions(),
            tags=dict(args.tags) if args.tags else None,
        )

        stage = self.api_stage.stage.stage_name
        self.rest_api_id = self.api.id
        self.stage_name = stage
        self.execution_arn = self.api.execution_arn
        self.authorization = pulumi.Output.from_input(args.authorization)
        self.vpc_endpoint_id = self.endpoint.endpoint_id
        self.vpc_endpoint_dns_names = self.endpoint.dns_names
        self.host_header_value = pulumi.Output.concat(self.api.id, f".{api_domain}")
        self.api_id_header_value = self.api.id
        self.private_dns_url = pulumi.Output.concat("https://", self.host_header_value, "/", stage)
        self.vpc_endpoint_url = pulumi.Output.concat("https://", self.endpoint.regional_dns_name, "/", stage)
        self.alias_url = pulumi.Output.concat("https://", self.api.id, "-", self.endpoint.endpoint_id,
                                              f".{api_domain}/", stage)
        self.resource_policy = policy_json
        self.function_names = self.routes.function_names
        self.access_log_group_name = self.api_stage.access_log_group.name
        # Registered outputs are what `pulumi stack` shows for the component.
        self.register_outputs({
            "rest_api_id": self.rest_api_id,
            "stage_name": self.stage_name,
            "execution_arn": self.execution_arn,
            "authorization": self.authorization,
            "vpc_endpoint_id": self.vpc_endpoint_id,
            "vpc_endpoint_dns_names": self.vpc_endpoint_dns_names,
            "private_dns_url": self.private_dns_url,
            "vpc_endpoint_url": self.vpc_endpoint_url,
            "host_header_value": self.host_header_value,
            "api_id_header_value": self.api_id_header_value,
            "alias_url": self.alias_url,
            "resource_policy": self.resource_policy,
            "function_names": self.function_names,
            "access_log_group_name": self.access_log_group_name,
        })


def private_serverless_outputs(api: PrivateServerlessApi) -> dict[str, pulumi.Output[Any]]:
    """The topology's keys of the output contract (:class:`components.contract.Serverless`)."""
    outputs = {
        Serverless.API_ID: api.rest_api_id,
        Serverless.STAGE_NAME: api.stage_name,
        Serverless.EXECUTION_ARN: api.execution_arn,
        Serverless.AUTHORIZATION: api.authorization,
        Serverless.VPC_ENDPOINT_ID: api.vpc_endpoint_id,
        Serverless.VPC_ENDPOINT_DNS_NAMES: api.vpc_endpoint_dns_names,
        Serverless.VPC_ENDPOINT_URL: api.vpc_endpoint_url,
        Serverless.HOST_HEADER: api.host_header_value,
        Serverless.API_ID_HEADER: api.api_id_header_value,
        Serverless.PRIVATE_DNS_URL: api.private_dns_url,
        Serverless.ALIAS_URL: api.alias_url,
        Serverless.FUNCTION_NAMES: api.function_names,
    }
    if api.endpoint.security_group is not None:
        outputs[Serverless.VPC_ENDPOINT_SECURITY_GROUP_ID] = api.endpoint.security_group.id
    return outputs


TOPOLOGY = TopologySpec(name="private-serverless", resource_name="serverless", args_class=PrivateServerlessApiArgs,
                        component=PrivateServerlessApi, outputs=private_serverless_outputs)
