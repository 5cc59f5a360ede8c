"""Reads and validates every config key of the stack, in one place, before any resource exists.

Key names, types and defaults match the ``config:`` schema in Pulumi.yaml. A mistake raises
:class:`~components.errors.ConfigError` naming the full key (``private-apis:vpcCidr``) and the fix.
Each topology section turns config into that topology's typed component args.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pulumi

from components import validation
from components.errors import ConfigError

PROJECT = "private-apis"

TOPOLOGIES = ("bridge-host", "private-serverless", "onprem-domain", "iam-internal")
VPC_TOPOLOGIES = ("bridge-host", "private-serverless", "onprem-domain")


def key(name: str) -> str:
    """The fully qualified config key, as users write it in Pulumi.<stack>.yaml."""
    return f"{PROJECT}:{name}"


class _Reader:
    """Typed reads that turn Pulumi's own config type errors into ConfigErrors naming the key."""

    def __init__(self, config: pulumi.Config) -> None:
        self._config = config

    def str(self, name: str, default: str | None = None) -> str | None:
        value = self._config.get(name)
        return default if value is None else value

    def int(self, name: str, default: int) -> int:
        try:
            value = self._config.get_int(name)
        except pulumi.ConfigTypeError:
            raise ConfigError(key(name), f"'{self._config.get(name)}' is not a whole number",
                              f"set '{key(name)}' to a number, e.g. {default}") from None
        return default if value is None else value

    def bool(self, name: str, default: bool) -> bool:
        try:
            value = self._config.get_bool(name)
        except pulumi.ConfigTypeError:
            raise ConfigError(key(name), f"'{self._config.get(name)}' is not true or false",
                              f"set '{key(name)}' to true or false") from None
        return default if value is None else value

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


@dataclass(frozen=True)
class NetworkConfig:
    """Settings of the shared API VPC (see components/network.py for what each one does)."""

    vpc_cidr: str
    az_count: int
    egress: str
    nat_gateways: str
    flow_log_retention_days: int


@dataclass(frozen=True)
class StackConfig:
    """Everything the program needs, validated."""

    topologies: tuple[str, ...]
    network: NetworkConfig | None
    # --- topology sections: each topology adds its own field here ---


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
    return NetworkConfig(
        vpc_cidr=str(cidr),
        az_count=az_count,
        egress=validation.check_choice(read.str("egress", "none"), key("egress"), ("none", "nat")),
        nat_gateways=validation.check_choice(read.str("natGateways", "single"), key("natGateways"),
                                             ("single", "per-az")),
        flow_log_retention_days=validation.check_int_range(
            read.int("flowLogRetentionDays", 90), key("flowLogRetentionDays"), 1, 3653),
    )


def load_stack_config(config: pulumi.Config | None = None) -> StackConfig:
    """Read and validate the whole stack config; raise ConfigError on the first mistake."""
    read = _Reader(config or pulumi.Config(PROJECT))
    topologies = read.list("topologies", list(TOPOLOGIES))
    for topology in topologies:
        validation.check_choice(topology, key("topologies"), TOPOLOGIES)
    if len(set(topologies)) != len(topologies):
        raise ConfigError(key("topologies"), "a topology is listed twice", f"list each topology once in "
                          f"'{key('topologies')}'")
    network = _load_network(read) if any(t in VPC_TOPOLOGIES for t in topologies) else None
    return StackConfig(topologies=tuple(topologies), network=network)
