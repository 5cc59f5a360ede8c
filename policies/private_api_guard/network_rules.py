"""Shared network helpers: the three security-group rule shapes as one view, port coverage, CIDR containment.

A security group admits traffic through three resource shapes that spell the same thing differently:

* inline ``ingress`` blocks on ``ec2.SecurityGroup`` (and ``ec2.DefaultSecurityGroup``): ``protocol``,
  ``fromPort``/``toPort``, ``cidrBlocks``/``ipv6CidrBlocks``, ``securityGroups``/``self``, ``prefixListIds``;
* ``ec2.SecurityGroupRule`` with ``type == "ingress"``: the same keys, plus ``sourceSecurityGroupId``;
* ``vpc.SecurityGroupIngressRule``: ``ipProtocol``, ``cidrIpv4``/``cidrIpv6``, ``referencedSecurityGroupId``,
  ``prefixListId``.

:func:`ingress_rules` turns any of them into :class:`IngressRule` views, so the world-ingress, admin-port
and internal-range rules read one model. Views read lazily: a rule that only needs the CIDRs never
touches the ports, so an unknown port cannot stop it. Values are read with ``.get``, so an unknown value
raises ``UnknownValueError`` where a rule needs it; malformed shapes (a string where a block belongs)
are skipped, since AWS would reject them before anything is exposed.
"""

from __future__ import annotations

import ipaddress
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pulumi_policy import PolicyResource

from private_api_guard import types
from private_api_guard.core import as_list, parse_network

SECURITY_GROUP_TYPES = (types.SECURITY_GROUP, types.DEFAULT_SECURITY_GROUP, types.SECURITY_GROUP_RULE,
                        types.SECURITY_GROUP_INGRESS_RULE)
"""Every resource type that can carry an ingress rule."""

LOAD_BALANCER_TYPES = frozenset({types.LOAD_BALANCER, types.ALB_LOAD_BALANCER})
LISTENER_TYPES = frozenset({types.LISTENER, types.ALB_LISTENER})

ALL_PROTOCOLS = frozenset({"-1", "all"})
PORT_PROTOCOLS = frozenset({"tcp", "udp", "6", "17"})
"""Protocols whose rules carry a port range (ICMP's fromPort/toPort are a type and a code)."""

_PROTOCOL_NAMES = {"6": "tcp", "17": "udp"}


@dataclass(frozen=True)
class Shape:
    """Where one rule shape keeps its protocol, CIDRs and security-group references."""

    protocol: str
    cidrs: tuple[str, ...]
    references: tuple[str, ...]
    prefix_lists: str


INLINE = Shape("protocol", ("cidrBlocks", "ipv6CidrBlocks"), ("securityGroups", "self"), "prefixListIds")
RULE = Shape("protocol", ("cidrBlocks", "ipv6CidrBlocks"), ("sourceSecurityGroupId", "self"), "prefixListIds")
VPC_RULE = Shape("ipProtocol", ("cidrIpv4", "cidrIpv6"), ("referencedSecurityGroupId",), "prefixListId")


def port_number(value: Any) -> int | None:
    """A port as an int: engine numbers arrive as floats, hand-written ones may be strings."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def protocol_name(value: Any) -> str | None:
    """A protocol lower-cased, numbers as strings ("6" stays "6"; -1 becomes "-1")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = port_number(value)
        return None if number is None else str(number)
    if isinstance(value, str):
        return value.strip().lower()
    return None


@dataclass(frozen=True)
class IngressRule:
    """One ingress rule of any shape; ``prefix`` is ``ingress[i].`` for inline blocks, empty otherwise."""

    prefix: str
    rule: Mapping[str, Any]
    shape: Shape

    def sources(self) -> Iterator[tuple[str, Any]]:
        """``(field, cidr)`` for every CIDR source, IPv4 fields first."""
        for key in self.shape.cidrs:
            for value in as_list(self.rule.get(key)):
                yield self.prefix + key, value

    def prefix_lists(self) -> Iterator[tuple[str, Any]]:
        """``(field, prefix list id)`` for every managed-prefix-list source."""
        key = self.shape.prefix_lists
        for value in as_list(self.rule.get(key)):
            yield self.prefix + key, value

    def protocol(self) -> str | None:
        return protocol_name(self.rule.get(self.shape.protocol))

    def port_range(self) -> tuple[int, int]:
        """The inclusive port range; a missing or negative bound is open (AWS rejects those for TCP/UDP)."""
        low = port_number(self.rule.get("fromPort"))
        high = port_number(self.rule.get("toPort"))
        low = 0 if low is None or low < 0 else low
        high = 65535 if high is None or high < 0 else high
        return low, high

    def covered(self, ports: Iterable[int]) -> list[int]:
        """Those of ``ports`` this rule admits: all of them for protocol -1, none for ICMP and the like."""
        protocol = self.protocol()
        if protocol in ALL_PROTOCOLS:
            return list(ports)
        if protocol not in PORT_PROTOCOLS:
            return []
        low, high = self.port_range()
        return [port for port in ports if low <= port <= high]

    def describe(self) -> str:
        """A short human form: ``tcp 22``, ``tcp 1024-65535``, ``all traffic``, ``icmp``."""
        protocol = self.protocol()
        if protocol in ALL_PROTOCOLS:
            return "all traffic"
        if protocol in PORT_PROTOCOLS:
            low, high = self.port_range()
            name = _PROTOCOL_NAMES.get(protocol, protocol)
            return f"{name} {low}" if low == high else f"{name} {low}-{high}"
        return protocol or "unset protocol"


def ingress_rules(resource_type: str, props: Mapping[str, Any]) -> list[IngressRule]:
    """The ingress rules a resource declares, whatever its shape; [] for other types and for egress."""
    if resource_type in (types.SECURITY_GROUP, types.DEFAULT_SECURITY_GROUP):
        return [IngressRule(f"ingress[{i}].", block, INLINE)
                for i, block in enumerate(as_list(props.get("ingress"))) if isinstance(block, Mapping)]
    if resource_type == types.SECURITY_GROUP_RULE:
        return [IngressRule("", props, RULE)] if props.get("type") == "ingress" else []
    if resource_type == types.SECURITY_GROUP_INGRESS_RULE:
        return [IngressRule("", props, VPC_RULE)]
    return []


@lru_cache(maxsize=64)
def _networks(cidrs: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(network for network in map(parse_network, cidrs) if network is not None)


def networks(cidrs: Any) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """A config list of CIDRs as networks (parsed once per distinct list); entries that are not CIDRs drop out."""
    return _networks(tuple(c for c in as_list(cidrs) if isinstance(c, str)))


def within(value: Any, allowed: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]) -> bool:
    """True when ``value`` is a CIDR inside one of ``allowed`` (same IP version); False for non-CIDRs."""
    return isinstance(value, str) and _within(value, allowed)


@lru_cache(maxsize=4096)
def _within(value: str, allowed: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]) -> bool:
    # Stacks repeat the same few CIDRs across thousands of rules: parse and compare each pair once.
    network = parse_network(value)
    if network is None:
        return False
    return any(network.version == a.version and network.subnet_of(a) for a in allowed)  # type: ignore[arg-type]


def count(value: Any) -> int:
    """How many entries a list property has, without reading them (so unknown entries still count)."""
    if value is None:
        return 0
    if isinstance(value, (str, bytes, Mapping)) or not hasattr(value, "__len__"):
        return 1
    return len(value)


def is_true(value: Any) -> bool:
    """True for ``True`` and for the string "true" that launch templates use."""
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def dependents(resources: Iterable[PolicyResource], resource_types: Collection[str],
               prop: str) -> dict[str, list[PolicyResource]]:
    """URN -> resources of ``resource_types`` whose ``prop`` input comes from it; one pass over the stack."""
    index: dict[str, list[PolicyResource]] = defaultdict(list)
    for resource in resources:
        if resource.resource_type in resource_types:
            for dependency in (resource.property_dependencies or {}).get(prop) or ():
                index[dependency.urn].append(resource)
    return index
