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
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from pulumi_policy import PolicyResource
from pulumi_policy.proxy import UnknownValueError

from private_api_guard import types
from private_api_guard.core import WORLD_RANGES, as_ipv4_if_mapped, as_list, dependencies, is_world_open, parse_network

T = TypeVar("T")
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

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


@lru_cache(maxsize=4096)
def _mapped(cidr: str) -> Network | None:
    # Stacks repeat the same few CIDRs across thousands of rules and routes: parse each once.
    network = parse_network(cidr)
    return None if network is None else as_ipv4_if_mapped(network)


def mapped_network(value: Any) -> Network | None:
    """A CIDR as a network, an IPv4-mapped IPv6 range as its IPv4 range (as :func:`core.world_covered` reads it)."""
    return _mapped(value) if isinstance(value, str) else None


def ip_version(value: Any) -> int | None:
    """4 or 6 for a CIDR (an IPv4-mapped IPv6 range counts as IPv4); None for anything else."""
    network = mapped_network(value)
    return None if network is None else network.version


@lru_cache(maxsize=4096)
def _world_open(cidr: str) -> bool:
    return is_world_open(cidr)


def world_open(value: Any) -> bool:
    """:func:`core.is_world_open`, decided once per distinct CIDR."""
    return isinstance(value, str) and _world_open(value)


def _covered(networks: Iterable[Network], version: int) -> Network | None:
    world = WORLD_RANGES[0] if version == 4 else WORLD_RANGES[1]
    same = [n for n in networks if n.version == version]
    return world if any(n.supernet_of(world) for n in ipaddress.collapse_addresses(same)) else None  # type: ignore


def world_covers(values: Iterable[Any], version: int) -> Network | None:
    """The world range of ``version`` (:data:`core.WORLD_RANGES`) the CIDRs in ``values`` cover together, or None."""
    return _covered((n for n in map(mapped_network, values) if n is not None), version)


def world_cover(entries: Sequence[tuple[Any, T]]) -> list[tuple[Network, list[T]]]:
    """Per IP version, the world range the CIDRs of ``entries`` cover together and a minimal set of entries doing so.

    ``entries`` are ``(cidr, tag)`` pairs; the result pairs each covered world range (``0.0.0.0/0``, ``2000::/3``)
    with the tags of entries that still cover it once every entry not needed was dropped: repeated ranges and ranges
    inside another first, then the narrowest while the rest still covers. Values that are not CIDRs drop out. One
    merge when nothing is covered, the usual case.
    """
    found: list[tuple[Network, list[T]]] = []
    for version in (4, 6):
        same = [(network, tag) for network, tag in ((mapped_network(cidr), tag) for cidr, tag in entries)
                if network is not None and network.version == version]
        world = _covered((network for network, _ in same), version)
        if world is None:
            continue
        kept: list[tuple[Network, T]] = []
        for network, tag in sorted(same, key=lambda e: e[0].prefixlen):
            if not any(network.subnet_of(wider) for wider, _ in kept):  # type: ignore[arg-type]
                kept.append((network, tag))
        for entry in sorted(kept, key=lambda e: -e[0].prefixlen):
            rest = [e for e in kept if e is not entry]
            if _covered((network for network, _ in rest), version) is not None:
                kept = rest
        order = {id(tag): i for i, (_, tag) in enumerate(entries)}
        found.append((world, [tag for _, tag in sorted(kept, key=lambda e: order.get(id(e[1]), 0))]))
    return found


def arn_id(resource: PolicyResource) -> str | None:
    """The id an EC2 ARN output ends with (``...:security-group/sg-0abc`` -> ``sg-0abc``); None while unknown.

    The analyzer gives a stack policy each resource's outputs but not its id; for EC2 resources the ARN carries
    it (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html), so an input
    written as a literal id can still be matched to the resource declared in the stack.
    """
    try:
        arn = resource.props.get("arn")
    except UnknownValueError:
        return None
    return arn.rsplit("/", 1)[-1] if isinstance(arn, str) and "/" in arn else None


def known_str(props: Mapping[str, Any], key: str) -> str | None:
    """A string property when it is known; None when unset, unknown or not a string (for id matching only)."""
    try:
        value = props.get(key)
    except UnknownValueError:
        return None
    return value if isinstance(value, str) else None


def linked(resource: PolicyResource, prop: str, resource_types: Collection[str]) -> list[PolicyResource]:
    """The resources of ``resource_types`` that the value of ``prop`` came from (its property dependencies)."""
    return [d for d in dependencies(resource, prop) if d.resource_type in resource_types]
