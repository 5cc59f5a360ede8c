"""Builds every selected topology's args from the stack config, before any resource exists.

The args classes are the schema: :func:`build_args` reads each field that carries a config key
(:mod:`components.config_fields`), with the dataclass defaults, and lets the class check itself. A mistake
raises :class:`~components.errors.ConfigError`, and the one place that renames argument names to config keys
(:func:`renamed`) makes it name the key the user wrote (``private-apis:bridgeAppPort``) and the fix. What
remains here are the checks that span topologies: the topology list, the shared VPC's public subnets and
ranges, private DNS, and where the stack deploys.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi

from components import validation
from components.apigateway_account import ApiGatewayLoggingArgs
from components.aws_context import aws_context
from components.config_fields import all_settings, sections_of, settings_of
from components.config_reader import PROJECT, REGION_KEY, Reader, check_given_keys, key, load_region
from components.errors import ConfigError
from components.network import PrivateNetworkArgs
from components.topologies import BY_NAME, SPECS, TOPOLOGIES
from components.topology_spec import DeploymentTarget, TopologySpec

__all__ = ["PROJECT", "TOPOLOGIES", "DeploymentTarget", "StackSettings", "build_args", "config_keys",
           "declared_settings", "key", "load_stack_config", "renamed"]


@dataclass(frozen=True)
class StackSettings:
    """The validated stack: which topologies, the shared VPC's args, and each topology's args."""

    topologies: tuple[str, ...]
    network: PrivateNetworkArgs | None
    args: Mapping[str, Any]
    """Topology name -> its args, without the network placement (the program adds it)."""
    api_gateway_logging: ApiGatewayLoggingArgs = dataclasses.field(default_factory=ApiGatewayLoggingArgs)
    """The account's API Gateway CloudWatch role, which every topology's stages log with."""

    @property
    def specs(self) -> tuple[TopologySpec, ...]:
        """The selected topologies in the registry's order, the order they are created in."""
        return tuple(spec for spec in SPECS if spec.name in self.topologies)


def config_keys(args_class: type, prefix: str = "", only: tuple[str, ...] | None = None) -> dict[str, str]:
    """Field path (``app_port``, ``stage.stage_name``) -> full config key, for one args class."""
    names = {s.field.name: key(s.key) for s in settings_of(args_class, prefix, only)}
    for field, nested, nested_prefix, nested_only in sections_of(args_class):
        names.update({f"{field.name}.{path}": full for path, full in config_keys(nested, nested_prefix,
                                                                                   nested_only).items()})
    return names


def renamed(error: ConfigError, names: Mapping[str, str]) -> ConfigError:
    """``error`` with every quoted argument name in ``names`` (and its ``[index]`` forms) as its config key."""
    pattern = re.compile("'(" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")(?=['\[])")

    def swap(text: str) -> str:
        return pattern.sub(lambda match: "'" + names[match.group(1)], text) if names else text

    base, bracket, rest = error.key.partition("[")
    return ConfigError(names.get(base, base) + bracket + rest, swap(error.problem), swap(error.fix))


def build_args(args_class: type, read: Reader, prefix: str = "", only: tuple[str, ...] | None = None,
               aliases: Mapping[str, str] | None = None, **given: Any) -> Any:
    """``args_class`` from config: each configurable field read by its key and kind, sections built the same
    way, ``given`` fields passed as they are. A ConfigError names config keys (``aliases`` adds names of
    given fields that stand for a config key, such as the network's CIDR)."""
    values = dict(given)
    names = {**config_keys(args_class, prefix, only), **(aliases or {})}
    try:
        for setting in settings_of(args_class, prefix, only):
            if not read.is_set(setting.key):
                values[setting.field.name] = setting.default
                continue
            value = read.value(setting.kind, setting.key, setting.default)
            if setting.item is not None and value is not None:
                value = tuple(setting.item(element, setting.field.name) for element in value)
            values[setting.field.name] = value
        for field, nested, nested_prefix, nested_only in sections_of(args_class):
            values[field.name] = build_args(nested, read, nested_prefix, nested_only)
        return args_class(**values)
    except ConfigError as error:
        raise renamed(error, names) from None


def load_stack_config(config: pulumi.Config | None = None) -> StackSettings:
    """Read and validate the whole stack config; raise ConfigError on the first mistake.

    Nothing here registers a resource; the checks that need the region's zones or the deploying account ask the
    provider (data sources), so every mistake still surfaces before the first resource.
    """
    check_given_keys()
    region = load_region()
    read = Reader(config or pulumi.Config(PROJECT))
    topologies = _load_topologies(read)
    specs = [BY_NAME[name] for name in TOPOLOGIES if name in topologies]
    args = {spec.name: build_args(spec.args_class, read, tags={"topology": spec.name}) for spec in specs}
    network = None
    if any(spec.needs_network for spec in specs):
        # Public subnets exist only for what needs them: a topology's public host (the SSH bastion) and, as
        # PrivateNetworkArgs itself decides, NAT gateways.
        public = any(spec.needs_public_subnets(args[spec.name]) for spec in specs)
        network = build_args(PrivateNetworkArgs, read, public_subnets=public)
    logging = build_args(ApiGatewayLoggingArgs, read)
    settings = StackSettings(topologies=topologies, network=network, args=args, api_gateway_logging=logging)
    _check_onprem_ranges(settings)
    _check_private_dns(settings)
    _check_deployment_target(settings, region)
    return settings


def _load_topologies(read: Reader) -> tuple[str, ...]:
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


def _check_onprem_ranges(settings: StackSettings) -> None:
    """The data-centre ranges must not overlap the shared VPC: known from config, so refused before the VPC."""
    onprem = settings.args.get("onprem-domain")
    if onprem is not None and settings.network is not None:
        try:
            onprem.check_clear_of(settings.network.vpc_cidr)
        except ConfigError as error:
            raise renamed(error, {**config_keys(type(onprem)), "vpc_cidr": key("vpcCidr")}) from None


def _check_private_dns(settings: StackSettings) -> None:
    """Two execute-api endpoints with private DNS cannot share a VPC: each claims *.execute-api for the VPC, and AWS
    refuses the second endpoint ("conflicting DNS domain") only at deploy time."""
    serverless, onprem = settings.args.get("private-serverless"), settings.args.get("onprem-domain")
    if (serverless is not None and onprem is not None and serverless.existing_vpc_endpoint_id is None
            and serverless.private_dns_enabled and onprem.private_dns_enabled):
        raise ConfigError(key("serverlessPrivateDns"), "private-serverless and onprem-domain would both create an "
                          "execute-api endpoint with private DNS in the shared VPC, and AWS allows only one",
                          f"set '{key('serverlessPrivateDns')}' to false (callers use the Host or x-apigw-api-id "
                          f"header, or the alias URL) or '{key('onpremPrivateDns')}' to false")


def _check_deployment_target(settings: StackSettings, configured_region: str | None) -> None:
    """Each args class checks what depends on the region and account (``check_deployment_target``)."""
    targets = [args for args in (settings.network, *settings.args.values())
               if args is not None and hasattr(args, "check_deployment_target")]
    if not targets:
        return
    region = configured_region or aws_context().region
    where = f"'{REGION_KEY}' is {region}" if configured_region else f"the provider deploys to {region}"
    for args in targets:
        try:
            args.check_deployment_target(DeploymentTarget(region, where))
        except ConfigError as error:
            raise renamed(error, config_keys(type(args))) from None


def declared_settings() -> dict[str, Any]:
    """Every config key the program reads (bare) -> its field's default, from the args classes."""
    classes = [PrivateNetworkArgs, ApiGatewayLoggingArgs, *(spec.args_class for spec in SPECS)]
    return {setting.key: setting.default for args_class in classes for setting in all_settings(args_class)}

