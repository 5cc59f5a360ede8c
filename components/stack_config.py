"""Reads and validates every config key of the stack, in one place, before any resource exists.

Key names, types and defaults match the ``config:`` schema in Pulumi.yaml. A mistake raises
:class:`~components.errors.ConfigError` naming the full key (``private-apis:vpcCidr``) and the fix.
Each topology section turns config into that topology's typed component args.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pulumi
import pulumi.runtime.config as runtime_config
import pulumi_aws as aws
import yaml

from components import validation
from components.api_stage import StageSettings
from components.bridge_host import BridgeHostApiArgs, network_inputs, validate_bridge_options
from components.cidr import plan_subnets
from components.errors import ConfigError
from components.iam_internal import DEFAULT_CODE_DIR as IAM_CODE_DIR
from components.iam_internal import DEFAULT_ROUTES as IAM_DEFAULT_ROUTES
from components.iam_internal import (
    QUOTA_PERIODS,
    IamInternalApiArgs,
    UsagePlanSettings,
    role_name_of,
    validate_iam_options,
)
from components.lambda_routes import AUTHORIZATIONS, RUNTIMES
from components.network import PrivateNetwork, PrivateNetworkArgs, available_zone_names
from components.onprem_domain import DEFAULT_API_SPECS as ONPREM_DEFAULT_APIS
from components.onprem_domain import DEFAULT_CODE_DIR as ONPREM_CODE_DIR
from components.onprem_domain import DEFAULT_SIMULATION_CIDR as ONPREM_DEFAULT_SIMULATION_CIDR
from components.onprem_domain import DEFAULT_ZONE_NAME as ONPREM_DEFAULT_ZONE
from components.onprem_domain import (
    DomainApi,
    OnPremDomainApiArgs,
    certificate_region,
    parse_api_spec,
    validate_onprem_options,
)
from components.private_serverless import (
    DEFAULT_CODE_DIR,
    DEFAULT_ROUTES,
    PrivateServerlessApiArgs,
    check_account_restriction,
)
from components.resource_policy import check_account_id, check_vpc_endpoint_id, check_vpc_id
from components.routes import check_handler_defined, parse_routes

PROJECT = "private-apis"

TOPOLOGIES = ("bridge-host", "private-serverless", "onprem-domain", "iam-internal")
VPC_TOPOLOGIES = ("bridge-host", "private-serverless", "onprem-domain")


def key(name: str) -> str:
    """The fully qualified config key, as users write it in Pulumi.<stack>.yaml."""
    return f"{PROJECT}:{name}"


_ASCII_INTEGER = re.compile(r"-?[0-9]+", re.ASCII)


def _has_other_digits(raw: str) -> bool:
    return any(char.isdigit() and not char.isascii() for char in raw)


class _Reader:
    """Typed reads that turn config type errors into ConfigErrors naming the key.

    Integers are ASCII digits with an optional leading minus and booleans exactly true or false: stricter than
    pulumi.Config, which takes whatever Python's int() takes and also True and False.
    """

    def __init__(self, config: pulumi.Config) -> None:
        self._config = config

    def str(self, name: str, default: str | None = None) -> str | None:
        value = self._config.get(name)
        return default if value is None else value

    def int(self, name: str, default: int) -> int:
        raw = self._config.get(name)
        if raw is None:
            return default
        if not _ASCII_INTEGER.fullmatch(raw):
            # int() also reads Arabic-Indic or fullwidth digits, " 3", "+3" and "3_0"; config must mean what it shows.
            problem = f"'{raw}' is not a whole number" + (" in the digits 0-9" if _has_other_digits(raw) else "")
            raise ConfigError(key(name), problem, f"set '{key(name)}' to a number, e.g. {default}")
        return int(raw)

    def bool(self, name: str, default: bool) -> bool:
        raw = self._config.get(name)
        if raw is None:
            return default
        if raw not in ("true", "false"):
            raise ConfigError(key(name), f"'{raw}' is not true or false", f"set '{key(name)}' to true or false")
        return raw == "true"

    def list(self, name: str, default: list[Any]) -> list[Any]:
        try:
            value = self._config.get_object(name)
        except pulumi.ConfigTypeError:
            raise ConfigError(key(name), f"'{self._config.get(name)}' is not a list",
                              f"set '{key(name)}' to a YAML list") from None
        if value is None:
            return list(default)
        if not isinstance(value, list):
            raise ConfigError(key(name), f"{value!r} is not a list", f"set '{key(name)}' to a YAML list")
        return value


# --- keys and region ---------------------------------------------------------------------------


def declared_keys() -> frozenset[str] | None:
    """The bare config keys Pulumi.yaml declares, or None when the project file cannot be found.

    The program runs with the project directory as cwd under the CLI and the offline engine alike; the project
    is also found next to this package, so a test run from elsewhere checks the same keys.
    """
    for directory in (Path(__file__).resolve().parent.parent, Path.cwd()):
        with contextlib.suppress(OSError, yaml.YAMLError):
            project = yaml.safe_load((directory / "Pulumi.yaml").read_text(encoding="utf-8"))
            if isinstance(project, dict) and project.get("name") == PROJECT:
                names = [str(name) for name in project.get("config") or {}]
                return frozenset(name.removeprefix(f"{PROJECT}:") for name in names
                                 if ":" not in name or name.startswith(f"{PROJECT}:"))
    return None


def given_config_keys() -> set[str]:
    """Every config key the program was given.

    The CLI has accepted undeclared project keys since v3.45.0, so only the program can catch a typo. The CLI's
    language host passes config in PULUMI_CONFIG (and copies it into the SDK's config map); the mock runtime and
    Automation API programs fill the map with set_all_config. Either source may be missing.
    """
    keys: set[str] = set()
    with contextlib.suppress(ValueError, TypeError):
        keys.update(pulumi.runtime.get_config_env())
    with contextlib.suppress(AttributeError, LookupError, TypeError):
        keys.update(runtime_config.CONFIG.get())
    return keys


@dataclass(frozen=True)
class _Namespace:
    """A config namespace whose keys are all known, and how messages name who declares them."""

    prefix: str
    declared_by: str
    listed_in: str


_PROJECT_NAMESPACE = _Namespace(PROJECT, "declared in Pulumi.yaml", "the keys declared in the config section of "
                                "Pulumi.yaml")
_AWS_NAMESPACE = _Namespace("aws", "read by the AWS provider", "the AWS provider's configuration keys, such as "
                            "aws:region or aws:profile")


def check_unknown_keys(given: Iterable[str], declared: Iterable[str], namespace: _Namespace = _PROJECT_NAMESPACE
                       ) -> None:
    """Reject a key of ``namespace`` that is not in ``declared`` (bare names), suggesting the nearest one; keys of
    other namespaces are left alone."""
    declared = set(declared)
    for full in sorted(given):
        ns, _, name = full.partition(":")
        if ns != namespace.prefix or name in declared:
            continue
        nearest = validation.nearest_name(name, declared)
        if nearest is not None:
            suggestion = f"{namespace.prefix}:{nearest}"
            raise ConfigError(full, f"no such key is {namespace.declared_by} (did you mean '{suggestion}'?)",
                              f"rename it to '{suggestion}' in the stack file or -c, or remove it")
        raise ConfigError(full, f"no such key is {namespace.declared_by}, so it would be ignored",
                          f"remove it, or use one of {namespace.listed_in}")


def aws_provider_keys() -> frozenset[str]:
    """The ``aws:`` config keys the provider reads, in camelCase as users write them.

    pulumi_aws.config is generated from the provider schema's config section, one property per key named in
    snake_case (s3_us_east1_regional_endpoint is aws:s3UsEast1RegionalEndpoint), so the list follows the
    installed provider version.
    """
    from pulumi_aws.config import vars as generated  # importing the lazy package through its submodule loads it

    exported = generated._ExportableConfig
    return frozenset(_camel_case(name) for name, member in vars(exported).items() if isinstance(member, property))


def _camel_case(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _check_given_keys() -> None:
    given = given_config_keys()
    declared = declared_keys()
    if declared is not None:
        check_unknown_keys(given, declared)
    # The provider itself refuses an unknown aws: key, but only once its default provider is configured, mid-run,
    # and never for explicit providers (pulumi/pulumi-aws#3360): caught here, before any resource, with the nearest.
    check_unknown_keys(given, aws_provider_keys(), _AWS_NAMESPACE)


REGION_KEY = "aws:region"
SKIP_REGION_VALIDATION_KEY = "aws:skipRegionValidation"


def load_region() -> str | None:
    """aws:region, validated; None when unset (the provider then takes AWS_REGION or the profile's region).

    The region must be one pulumi_aws.Region lists unless aws:skipRegionValidation is true. The provider skips
    its own check by default (skipRegionValidation defaults to true in pulumi_aws), so a typo such as eu-west-9
    would otherwise surface only when the first AWS call fails to reach the endpoint.
    """
    config = pulumi.Config("aws")
    value = config.get("region")
    if value is None:
        return None
    known = [region.value for region in aws.Region]
    region = validation.check_region(value, REGION_KEY, known)
    if config.get("skipRegionValidation") == "true":
        return region
    return validation.check_known_region(region, REGION_KEY, known, SKIP_REGION_VALIDATION_KEY)


@dataclass(frozen=True)
class NetworkConfig:
    """Settings of the shared API VPC (see components/network.py for what each one does)."""

    vpc_cidr: str
    az_count: int
    egress: str
    nat_gateways: str
    flow_log_retention_days: int
    private_subnet_cidrs: tuple[str, ...] = ()
    public_subnet_cidrs: tuple[str, ...] = ()


@dataclass(frozen=True)
class StackConfig:
    """Everything the program needs, validated."""

    topologies: tuple[str, ...]
    network: NetworkConfig | None
    # --- topology sections: each topology adds its own field here ---
    bridge_host: BridgeHostConfig | None = None
    private_serverless: PrivateServerlessConfig | None = None
    iam_internal: IamInternalApiArgs | None = None
    onprem_domain: OnPremDomainConfig | None = None


def _load_network(read: _Reader) -> NetworkConfig:
    cidr = validation.parse_cidr(read.str("vpcCidr", "10.40.0.0/16"), key("vpcCidr"))
    if cidr.version != 4 or not 16 <= cidr.prefixlen <= 24:
        raise ConfigError(key("vpcCidr"), f"{cidr} must be an IPv4 block between /16 and /24",
                          f"set '{key('vpcCidr')}' to e.g. 10.40.0.0/16")
    az_count = read.int("azCount", 2)
    if az_count < 2:
        raise ConfigError(key("azCount"), f"{az_count} availability zone(s) is too few: the internal NLB and the "
                          "VPC endpoint need subnets in at least two", f"set '{key('azCount')}' to 2 or more")
    validation.check_int_range(az_count, key("azCount"), 2, 6)
    egress = validation.check_choice(read.str("egress", "none"), key("egress"), ("none", "nat"))
    nat_gateways = validation.check_choice(read.str("natGateways", "single"), key("natGateways"), ("single", "per-az"))
    if egress == "none" and nat_gateways == "per-az":
        raise ConfigError(key("natGateways"), f"per-az NAT gateways are asked for but '{key('egress')}' is none, so "
                          "no NAT gateway is created", f"set '{key('egress')}' to nat, or remove "
                          f"'{key('natGateways')}'")
    return NetworkConfig(
        vpc_cidr=str(cidr),
        az_count=az_count,
        egress=egress,
        nat_gateways=nat_gateways,
        flow_log_retention_days=validation.check_log_retention(
            read.int("flowLogRetentionDays", 90), key("flowLogRetentionDays")),
        private_subnet_cidrs=tuple(read.list("privateSubnetCidrs", [])),
        public_subnet_cidrs=tuple(read.list("publicSubnetCidrs", [])),
    )


# --- bridge-host -------------------------------------------------------------------------------

_BRIDGE_KEYS = {
    "app_port": key("bridgeAppPort"),
    "listener_port": key("bridgeListenerPort"),
    "health_check_path": key("bridgeHealthCheckPath"),
    "instance_type": key("bridgeInstanceType"),
    "ssh_bastion": key("bridgeSshBastion"),
    "ssh_cidrs": key("bridgeSshCidrs"),
    "ssh_key_name": key("bridgeSshKeyName"),
    "endpoint_type": key("bridgeEndpointType"),
    "execute_api_vpc_endpoint_ids": key("bridgeExecuteApiVpcEndpointIds"),
    "authorization": key("bridgeAuthorization"),
    "cognito_user_pool_arns": key("bridgeCognitoUserPoolArns"),
}
"""BridgeHostApiArgs field -> the config key that sets it, so errors name what the user wrote."""

_AMI_ID = re.compile(r"ami-(?:[0-9a-f]{8}|[0-9a-f]{17})", re.ASCII)
_KEY_PAIR_NAME = re.compile(r"[ -~]{1,255}", re.ASCII)
"""EC2 key pair names are up to 255 ASCII characters (EC2 API Reference, CreateKeyPair, KeyName)."""


@dataclass(frozen=True)
class BridgeHostConfig:
    """Settings of the bridge-host topology (see components/bridge_host.py for what each one does)."""

    app_port: int
    listener_port: int
    health_check_path: str
    nlb_deletion_protection: bool
    instance_type: str
    ami_id: str | None
    ssh_bastion: bool
    ssh_cidrs: tuple[str, ...]
    ssh_key_name: str | None
    endpoint_type: str
    execute_api_vpc_endpoint_ids: tuple[str, ...]
    authorization: str
    cognito_user_pool_arns: tuple[str, ...]
    stage: StageSettings


def _load_bridge_host(read: _Reader) -> BridgeHostConfig:
    settings = BridgeHostConfig(
        app_port=read.int("bridgeAppPort", 8080),
        listener_port=read.int("bridgeListenerPort", 80),
        health_check_path=read.str("bridgeHealthCheckPath", "/healthz") or "",
        nlb_deletion_protection=read.bool("bridgeNlbDeletionProtection", False),
        instance_type=read.str("bridgeInstanceType", "t3.micro") or "",
        ami_id=read.str("bridgeAmiId") or None,
        ssh_bastion=read.bool("bridgeSshBastion", False),
        ssh_cidrs=tuple(read.list("bridgeSshCidrs", [])),
        ssh_key_name=read.str("bridgeSshKeyName") or None,
        endpoint_type=read.str("bridgeEndpointType", "REGIONAL") or "",
        execute_api_vpc_endpoint_ids=tuple(read.list("bridgeExecuteApiVpcEndpointIds", [])),
        authorization=read.str("bridgeAuthorization", "AWS_IAM") or "",
        cognito_user_pool_arns=tuple(read.list("bridgeCognitoUserPoolArns", [])),
        stage=StageSettings(
            stage_name=validation.check_stage_name(read.str("bridgeStageName", "v1"), key("bridgeStageName")),
            throttling_burst_limit=validation.check_int_range(
                read.int("bridgeThrottlingBurstLimit", 100), key("bridgeThrottlingBurstLimit"), 0, 10000),
            throttling_rate_limit=float(validation.check_int_range(
                read.int("bridgeThrottlingRateLimit", 50), key("bridgeThrottlingRateLimit"), 0, 10000)),
            access_log_retention_days=validation.check_log_retention(
                read.int("bridgeAccessLogRetentionDays", 90), key("bridgeAccessLogRetentionDays")),
            xray_tracing=read.bool("bridgeXrayTracing", False),
        ),
    )
    if settings.ami_id is not None and not _AMI_ID.fullmatch(settings.ami_id):
        raise ConfigError(key("bridgeAmiId"), f"'{settings.ami_id}' is not an AMI id",
                          f"set '{key('bridgeAmiId')}' to an id such as ami-0123456789abcdef0, or remove it to "
                          "use the newest Amazon Linux 2023")
    if settings.ssh_key_name is not None and not _KEY_PAIR_NAME.fullmatch(settings.ssh_key_name):
        raise ConfigError(key("bridgeSshKeyName"), f"'{settings.ssh_key_name}' is not an EC2 key pair name",
                          f"set '{key('bridgeSshKeyName')}' to the name of an existing key pair (up to 255 ASCII "
                          "characters)")
    validate_bridge_options(
        app_port=settings.app_port, listener_port=settings.listener_port,
        health_check_path=settings.health_check_path, instance_type=settings.instance_type,
        ssh_bastion=settings.ssh_bastion, ssh_cidrs=settings.ssh_cidrs, ssh_key_name=settings.ssh_key_name,
        endpoint_type=settings.endpoint_type, execute_api_vpc_endpoint_ids=settings.execute_api_vpc_endpoint_ids,
        authorization=settings.authorization, cognito_user_pool_arns=settings.cognito_user_pool_arns,
        keys=_BRIDGE_KEYS,
    )
    return settings


def needs_public_subnets(settings: StackConfig) -> bool:
    """Public subnets exist only for what needs them: NAT gateways and the SSH bastion."""
    bastion = settings.bridge_host is not None and settings.bridge_host.ssh_bastion
    return bastion or (settings.network is not None and settings.network.egress == "nat")


def network_args(settings: StackConfig) -> PrivateNetworkArgs:
    """PrivateNetworkArgs of the shared API VPC; the stack must deploy a VPC topology."""
    if settings.network is None:
        raise ValueError("network_args needs a stack that deploys a VPC topology")
    network = settings.network
    return PrivateNetworkArgs(
        vpc_cidr=network.vpc_cidr,
        az_count=network.az_count,
        egress=network.egress,
        nat_gateways=network.nat_gateways,
        public_subnets=needs_public_subnets(settings),
        flow_log_retention_days=network.flow_log_retention_days,
        private_subnet_cidrs=network.private_subnet_cidrs,
        public_subnet_cidrs=network.public_subnet_cidrs,
    )


def bridge_host_args(settings: StackConfig, network: PrivateNetwork) -> BridgeHostApiArgs:
    """BridgeHostApiArgs for the bridge-host section, in the shared network."""
    bridge = settings.bridge_host
    if bridge is None or settings.network is None:
        raise ValueError("bridge_host_args needs a stack that deploys bridge-host")
    return BridgeHostApiArgs(
        **network_inputs(network),
        app_port=bridge.app_port,
        listener_port=bridge.listener_port,
        health_check_path=bridge.health_check_path,
        nlb_deletion_protection=bridge.nlb_deletion_protection,
        instance_type=bridge.instance_type,
        ami_id=bridge.ami_id,
        internet_egress=settings.network.egress == "nat",
        ssh_bastion=bridge.ssh_bastion,
        ssh_cidrs=bridge.ssh_cidrs,
        ssh_key_name=bridge.ssh_key_name,
        endpoint_type=bridge.endpoint_type,
        execute_api_vpc_endpoint_ids=bridge.execute_api_vpc_endpoint_ids,
        authorization=bridge.authorization,
        cognito_user_pool_arns=bridge.cognito_user_pool_arns,
        stage=bridge.stage,
        tags={"topology": "bridge-host"},
    )


def _check_subnet_plan(settings: StackConfig) -> None:
    network = settings.network
    if network is None:
        return
    plan_subnets(network.vpc_cidr, network.az_count, needs_public_subnets(settings), network.private_subnet_cidrs,
                 network.public_subnet_cidrs, vpc_key=key("vpcCidr"), az_key=key("azCount"),
                 private_key=key("privateSubnetCidrs"), public_key=key("publicSubnetCidrs"))


# --- private-serverless ------------------------------------------------------------------------


@dataclass(frozen=True)
class PrivateServerlessConfig:
    """Settings of the private-serverless topology (see components/private_serverless.py for each one)."""

    routes: tuple[str, ...]
    authorization: str
    existing_vpc_endpoint_id: str | None
    client_cidrs: tuple[str, ...] | None
    client_security_group_ids: tuple[str, ...]
    private_dns_enabled: bool
    allowed_vpc_endpoint_ids: tuple[str, ...]
    allowed_source_vpc_ids: tuple[str, ...]
    allowed_account_ids: tuple[str, ...]
    runtime: str
    memory_size: int
    timeout_seconds: int
    log_retention_days: int
    stage: StageSettings


def _load_private_serverless(read: _Reader) -> PrivateServerlessConfig:
    routes_key = key("serverlessRoutes")
    routes = parse_routes(read.list("serverlessRoutes", list(DEFAULT_ROUTES)), routes_key)
    for route in routes:
        check_handler_defined(DEFAULT_CODE_DIR, route.handler or "app.handler", routes_key)
    endpoint_id = read.str("serverlessVpcEndpointId") or None
    if endpoint_id is not None:
        check_vpc_endpoint_id(endpoint_id, key("serverlessVpcEndpointId"))
    # Unset means "the VPC CIDR"; an explicit empty list means "no range".
    client_cidrs = None if read.str("serverlessClientCidrs") is None else tuple(read.list("serverlessClientCidrs", []))
    groups = tuple(read.list("serverlessClientSecurityGroupIds", []))
    private_dns = read.bool("serverlessPrivateDns", False)
    if client_cidrs is not None:
        validation.parse_restricted_cidrs(client_cidrs, key("serverlessClientCidrs"))
    for group in groups:
        validation.check_security_group_id(group, key("serverlessClientSecurityGroupIds"))
    if endpoint_id is not None:
        ignored = [key(name) for name, value in (("serverlessClientCidrs", client_cidrs is not None),
                                                 ("serverlessClientSecurityGroupIds", groups),
                                                 ("serverlessPrivateDns", private_dns)) if value]
        if ignored:
            raise ConfigError(key("serverlessVpcEndpointId"), f"an existing endpoint is adopted, so "
                              f"{', '.join(ignored)} would be ignored", "configure clients and private DNS on the "
                              f"existing endpoint, or remove '{key('serverlessVpcEndpointId')}' to create one")
    elif client_cidrs == () and not groups:
        raise ConfigError(key("serverlessClientCidrs"), "no caller source is given, so no client could reach the VPC "
                          "endpoint", f"list client networks in '{key('serverlessClientCidrs')}' or security groups "
                          f"in '{key('serverlessClientSecurityGroupIds')}', or remove "
                          f"'{key('serverlessClientCidrs')}' to admit the VPC CIDR")
    settings = PrivateServerlessConfig(
        routes=tuple(route.key if route.handler is None else f"{route.key} {route.handler}" for route in routes),
        authorization=validation.check_choice(read.str("serverlessAuthorization", "AWS_IAM"),
                                              key("serverlessAuthorization"), AUTHORIZATIONS),
        existing_vpc_endpoint_id=endpoint_id,
        client_cidrs=client_cidrs,
        client_security_group_ids=groups,
        private_dns_enabled=private_dns,
        allowed_vpc_endpoint_ids=tuple(check_vpc_endpoint_id(v, key("serverlessAllowedVpcEndpointIds"))
                                       for v in read.list("serverlessAllowedVpcEndpointIds", [])),
        allowed_source_vpc_ids=tuple(check_vpc_id(v, key("serverlessAllowedVpcIds"))
                                     for v in read.list("serverlessAllowedVpcIds", [])),
        allowed_account_ids=tuple(check_account_id(v, key("serverlessAllowedAccountIds"))
                                  for v in read.list("serverlessAllowedAccountIds", [])),
        runtime=validation.check_choice(read.str("serverlessRuntime", "python3.13"), key("serverlessRuntime"),
                                        RUNTIMES),
        memory_size=validation.check_int_range(read.int("serverlessMemorySize", 128), key("serverlessMemorySize"),
                                               128, 10240),
        timeout_seconds=validation.check_int_range(read.int("serverlessTimeoutSeconds", 10),
                                                   key("serverlessTimeoutSeconds"), 1, 29),
        log_retention_days=validation.check_log_retention(read.int("serverlessFunctionLogRetentionDays", 30),
                                                          key("serverlessFunctionLogRetentionDays")),
        stage=StageSettings(
            stage_name=validation.check_stage_name(read.str("serverlessStageName", "v1"), key("serverlessStageName")),
            throttling_burst_limit=validation.check_int_range(
                read.int("serverlessThrottlingBurstLimit", 100), key("serverlessThrottlingBurstLimit"), 0, 10000),
            throttling_rate_limit=float(validation.check_int_range(
                read.int("serverlessThrottlingRateLimit", 50), key("serverlessThrottlingRateLimit"), 0, 10000)),
            access_log_retention_days=validation.check_log_retention(
                read.int("serverlessAccessLogRetentionDays", 90), key("serverlessAccessLogRetentionDays")),
            xray_tracing=read.bool("serverlessXrayTracing", False),
        ),
    )
    check_account_restriction(settings.authorization, settings.allowed_account_ids, key("serverlessAuthorization"),
                              key("serverlessAllowedAccountIds"))
    return settings


def private_serverless_args(settings: StackConfig, network: PrivateNetwork | None) -> PrivateServerlessApiArgs:
    """PrivateServerlessApiArgs for the private-serverless section; the endpoint goes in the shared network
    unless an existing one is adopted."""
    serverless = settings.private_serverless
    if serverless is None:
        raise ValueError("private_serverless_args needs a stack that deploys private-serverless")
    network_fields: dict[str, Any] = {}
    if serverless.existing_vpc_endpoint_id is None:
        if network is None or settings.network is None:
            raise ValueError("private_serverless_args needs the shared network to create the endpoint in")
        network_fields = {
            "vpc_id": network.vpc.id,
            "vpc_cidr": settings.network.vpc_cidr,
            "subnet_ids": [s.id for s in network.private_subnets],
            "client_cidrs": serverless.client_cidrs,
            "client_security_group_ids": serverless.client_security_group_ids,
            "private_dns_enabled": serverless.private_dns_enabled,
        }
    return PrivateServerlessApiArgs(
        **network_fields,
        routes=serverless.routes,
        existing_vpc_endpoint_id=serverless.existing_vpc_endpoint_id,
        allowed_vpc_endpoint_ids=serverless.allowed_vpc_endpoint_ids,
        allowed_source_vpc_ids=serverless.allowed_source_vpc_ids,
        allowed_account_ids=serverless.allowed_account_ids,
        authorization=serverless.authorization,
        stage=serverless.stage,
        runtime=serverless.runtime,
        memory_size=serverless.memory_size,
        timeout_seconds=serverless.timeout_seconds,
        log_retention_days=serverless.log_retention_days,
        tags={"topology": "private-serverless"},
    )


# --- iam-internal ------------------------------------------------------------------------------

_IAM_KEYS = {
    "routes": key("iamRoutes"),
    "caller_grants": key("iamCallerGrants"),
    "caller_restriction": key("iamCallerRestriction"),
    "allowed_account_ids": key("iamAllowedAccountIds"),
    "organization_id": key("iamOrganizationId"),
    "api_key": key("iamApiKey"),
    "api_key_parameter_name": key("iamApiKeyParameterName"),
    "invoke_user_routes": key("iamInvokeUserRoutes"),
}
"""IamInternalApiArgs field -> the config key that sets it, so errors name what the user wrote."""


def _load_iam_internal(read: _Reader) -> IamInternalApiArgs:
    options: dict[str, Any] = {
        "routes": tuple(read.list("iamRoutes", list(IAM_DEFAULT_ROUTES))),
        "caller_grants": tuple(read.list("iamCallerGrants", [])),
        "caller_restriction": read.str("iamCallerRestriction", "account") or "",
        "allowed_account_ids": tuple(read.list("iamAllowedAccountIds", [])),
        "organization_id": read.str("iamOrganizationId") or None,
        "api_key": read.bool("iamApiKey", False),
        "api_key_parameter_name": read.str("iamApiKeyParameterName") or None,
        "invoke_user_routes": tuple(read.list("iamInvokeUserRoutes", [])),
    }
    validate_iam_options(**options, code_dir=IAM_CODE_DIR, keys=_IAM_KEYS)
    return IamInternalApiArgs(
        **options,
        usage_plan=_load_usage_plan(read),
        stage=StageSettings(
            stage_name=validation.check_stage_name(read.str("iamStageName", "v1"), key("iamStageName")),
            throttling_burst_limit=validation.check_int_range(
                read.int("iamThrottlingBurstLimit", 100), key("iamThrottlingBurstLimit"), 0, 10000),
            throttling_rate_limit=float(validation.check_int_range(
                read.int("iamThrottlingRateLimit", 50), key("iamThrottlingRateLimit"), 0, 10000)),
            access_log_retention_days=validation.check_log_retention(
                read.int("iamAccessLogRetentionDays", 90), key("iamAccessLogRetentionDays")),
            xray_tracing=read.bool("iamXrayTracing", False),
        ),
        runtime=validation.check_choice(read.str("iamRuntime", "python3.13"), key("iamRuntime"), RUNTIMES),
        memory_size=validation.check_int_range(read.int("iamMemorySize", 128), key("iamMemorySize"), 128, 10240),
        timeout_seconds=validation.check_int_range(read.int("iamTimeoutSeconds", 10), key("iamTimeoutSeconds"),
                                                   1, 29),
        log_retention_days=validation.check_log_retention(read.int("iamFunctionLogRetentionDays", 30),
                                                          key("iamFunctionLogRetentionDays")),
        tags={"topology": "iam-internal"},
    )


def _load_usage_plan(read: _Reader) -> UsagePlanSettings:
    # The ranges UsagePlanSettings enforces, checked here so errors name the config keys.
    return UsagePlanSettings(
        rate_limit=float(validation.check_int_range(read.int("iamUsagePlanRateLimit", 10),
                                                    key("iamUsagePlanRateLimit"), 1, 10_000)),
        burst_limit=validation.check_int_range(read.int("iamUsagePlanBurstLimit", 20), key("iamUsagePlanBurstLimit"),
                                               1, 10_000),
        quota_limit=validation.check_int_range(read.int("iamUsagePlanQuotaLimit", 100_000),
                                               key("iamUsagePlanQuotaLimit"), 1, 2_000_000_000),
        quota_period=validation.check_choice(read.str("iamUsagePlanQuotaPeriod", "DAY"),
                                             key("iamUsagePlanQuotaPeriod"), QUOTA_PERIODS),
    )


def _check_caller_accounts(iam: IamInternalApiArgs | None) -> None:
    """Inline policies go only on roles of the deploying account; a role ARN of another account is refused here,
    with the account asked of the provider, rather than by the component once resources exist."""
    callers = [grant.split()[0] for grant in (iam.caller_grants if iam is not None else ())]
    if not any(caller.startswith("arn:") for caller in callers):
        return
    account_id = aws.get_caller_identity().account_id
    for index, caller in enumerate(callers):
        role_name_of(caller, f"{key('iamCallerGrants')}[{index}]", account_id,
                     accounts_key=f"'{key('iamAllowedAccountIds')}'")


# --- onprem-domain -----------------------------------------------------------------------------

_ONPREM_KEYS = {
    "mode": key("onpremMode"),
    "zone_name": key("onpremZoneName"),
    "apis": key("onpremApis"),
    "vpc_cidr": key("vpcCidr"),
    "onprem_cidrs": key("onpremClientCidrs"),
    "simulate_onprem": key("onpremSimulation"),
    "simulation_cidr": key("onpremSimulationCidr"),
    "certificate_arn": key("onpremCertificateArn"),
    "validation_zone_id": key("onpremValidationZoneId"),
}
"""OnPremDomainApiArgs field -> the config key that sets it, so errors name what the user wrote."""


@dataclass(frozen=True)
class OnPremDomainConfig:
    """Settings of the onprem-domain topology (see components/onprem_domain.py for what each one does)."""

    mode: str
    zone_name: str
    apis: tuple[DomainApi, ...]
    certificate_arn: str | None
    validation_zone_id: str | None
    onprem_cidrs: tuple[str, ...]
    simulate_onprem: bool
    simulation_cidr: str
    associated_vpc_ids: tuple[str, ...]
    private_dns_enabled: bool
    client_instance_type: str
    stage: StageSettings


def _load_onprem_domain(read: _Reader, network: NetworkConfig | None) -> OnPremDomainConfig:
    if network is None:
        raise ValueError("onprem-domain needs the shared network config")
    settings = OnPremDomainConfig(
        mode=read.str("onpremMode", "nlb") or "",
        zone_name=read.str("onpremZoneName", ONPREM_DEFAULT_ZONE) or "",
        apis=tuple(parse_api_spec(spec, key("onpremApis"))
                   for spec in read.list("onpremApis", list(ONPREM_DEFAULT_APIS))),
        certificate_arn=read.str("onpremCertificateArn") or None,
        validation_zone_id=read.str("onpremValidationZoneId") or None,
        onprem_cidrs=tuple(read.list("onpremClientCidrs", [])),
        simulate_onprem=read.bool("onpremSimulation", False),
        simulation_cidr=read.str("onpremSimulationCidr", ONPREM_DEFAULT_SIMULATION_CIDR) or "",
        associated_vpc_ids=tuple(check_vpc_id(v, key("onpremAssociatedVpcIds"))
                                 for v in read.list("onpremAssociatedVpcIds", [])),
        private_dns_enabled=read.bool("onpremPrivateDns", True),
        client_instance_type=validation.check_instance_type(read.str("onpremClientInstanceType", "t3.micro"),
                                                            key("onpremClientInstanceType")),
        stage=StageSettings(
            stage_name=validation.check_stage_name(read.str("onpremStageName", "v1"), key("onpremStageName")),
            access_log_retention_days=validation.check_log_retention(
                read.int("onpremAccessLogRetentionDays", 90), key("onpremAccessLogRetentionDays")),
        ),
    )
    validate_onprem_options(
        mode=settings.mode, zone_name=settings.zone_name, apis=settings.apis, vpc_cidr=network.vpc_cidr,
        onprem_cidrs=settings.onprem_cidrs, simulate_onprem=settings.simulate_onprem,
        simulation_cidr=settings.simulation_cidr, certificate_arn=settings.certificate_arn,
        validation_zone_id=settings.validation_zone_id, code_dir=ONPREM_CODE_DIR, keys=_ONPREM_KEYS,
    )
    return settings


def onprem_domain_args(settings: StackConfig, network: PrivateNetwork) -> OnPremDomainApiArgs:
    """OnPremDomainApiArgs for the onprem-domain section, in the shared network."""
    onprem = settings.onprem_domain
    if onprem is None or settings.network is None:
        raise ValueError("onprem_domain_args needs a stack that deploys onprem-domain")
    return OnPremDomainApiArgs(
        vpc_id=network.vpc_id,
        vpc_cidr=settings.network.vpc_cidr,
        subnet_ids=[s.id for s in network.private_subnets],
        route_table_ids=[t.id for t in network.private_route_tables],
        mode=onprem.mode,
        zone_name=onprem.zone_name,
        apis=onprem.apis,
        certificate_arn=onprem.certificate_arn,
        validation_zone_id=onprem.validation_zone_id,
        onprem_cidrs=onprem.onprem_cidrs,
        simulate_onprem=onprem.simulate_onprem,
        simulation_cidr=onprem.simulation_cidr,
        associated_vpc_ids=onprem.associated_vpc_ids,
        private_dns_enabled=onprem.private_dns_enabled,
        client_instance_type=onprem.client_instance_type,
        stage=onprem.stage,
        tags={"topology": "onprem-domain"},
    )


def load_stack_config(config: pulumi.Config | None = None) -> StackConfig:
    """Read and validate the whole stack config; raise ConfigError on the first mistake.

    Nothing here registers a resource; the checks that need the region's zones or the deploying account ask the
    provider (data sources), so every mistake still surfaces before the first resource.
    """
    _check_given_keys()
    region = load_region()
    read = _Reader(config or pulumi.Config(PROJECT))
    topologies = _load_topologies(read)
    network = _load_network(read) if any(t in VPC_TOPOLOGIES for t in topologies) else None
    bridge_host = _load_bridge_host(read) if "bridge-host" in topologies else None
    private_serverless = _load_private_serverless(read) if "private-serverless" in topologies else None
    iam_internal = _load_iam_internal(read) if "iam-internal" in topologies else None
    onprem_domain = _load_onprem_domain(read, network) if "onprem-domain" in topologies else None
    settings = StackConfig(topologies=topologies, network=network, bridge_host=bridge_host,
                           private_serverless=private_serverless, iam_internal=iam_internal,
                           onprem_domain=onprem_domain)
    _check_subnet_plan(settings)
    _check_private_dns(settings)
    _check_deployment_target(settings, region)
    return settings


def _load_topologies(read: _Reader) -> tuple[str, ...]:
    topologies = read.list("topologies", list(TOPOLOGIES))
    if not topologies:
        raise ConfigError(key("topologies"), "no topology is listed, so the stack would deploy nothing",
                          f"list at least one of {', '.join(TOPOLOGIES)} in '{key('topologies')}', or remove it "
                          "to deploy all four")
    for topology in topologies:
        validation.check_choice(topology, key("topologies"), TOPOLOGIES)
    if len(set(topologies)) != len(topologies):
        raise ConfigError(key("topologies"), "a topology is listed twice", f"list each topology once in "
                          f"'{key('topologies')}'")
    return tuple(topologies)


def _check_deployment_target(settings: StackConfig, configured_region: str | None) -> None:
    """The rules that depend on where the stack deploys: the region's zones, the certificate's region and the
    deploying account."""
    if settings.network is not None:
        region = configured_region or aws.get_region().region
        where = f"'{REGION_KEY}' is {region}" if configured_region else f"the provider deploys to {region}"
        _check_zone_count(settings.network, region)
        _check_certificate_region(settings.onprem_domain, region, where)
    _check_caller_accounts(settings.iam_internal)


def _check_zone_count(network: NetworkConfig, region: str) -> None:
    zones = available_zone_names()
    if len(zones) >= network.az_count:
        return
    fix = (f"set '{key('azCount')}' to {len(zones)} or fewer" if len(zones) >= validation.MIN_AZS
           else f"deploy to a region with at least {validation.MIN_AZS} available zones")
    raise ConfigError(key("azCount"), f"{network.az_count} availability zones requested but {region} has only "
                      f"{len(zones)} available", fix)


def _check_certificate_region(onprem: OnPremDomainConfig | None, region: str, where: str) -> None:
    """A REGIONAL or PRIVATE custom domain name, like an NLB TLS listener, takes only a certificate of its own
    region (API Gateway Developer Guide, "Custom domain name for public REST APIs" and "Custom domain names for
    private APIs": the certificate must be in the same Region as the API; only edge-optimized names use
    us-east-1)."""
    found = certificate_region(onprem.certificate_arn) if onprem is not None and onprem.certificate_arn else None
    if found is not None and found != region:
        raise ConfigError(key("onpremCertificateArn"), f"the certificate is in {found} but {where}",
                          f"import or request the certificate in {region}, or deploy the stack to {found}")


def _check_private_dns(settings: StackConfig) -> None:
    """Two execute-api endpoints with private DNS cannot share a VPC: each claims *.execute-api for the VPC, and AWS
    refuses the second endpoint ("conflicting DNS domain") only at deploy time."""
    serverless, onprem = settings.private_serverless, settings.onprem_domain
    if (serverless is not None and onprem is not None and serverless.existing_vpc_endpoint_id is None
            and serverless.private_dns_enabled and onprem.private_dns_enabled):
        raise ConfigError(key("serverlessPrivateDns"), "private-serverless and onprem-domain would both create an "
                          "execute-api endpoint with private DNS in the shared VPC, and AWS allows only one",
                          f"set '{key('serverlessPrivateDns')}' to false (callers use the Host or x-apigw-api-id "
                          f"header, or the alias URL) or '{key('onpremPrivateDns')}' to false")
