"""Subnet CIDRs derived from the VPC CIDR: pure ``ipaddress`` arithmetic, no Pulumi.

Layout: the VPC is cut into 16 equal slots (prefix + 4, so a /16 gives /20 subnets and a /24 gives
/28, AWS's smallest subnet). Private subnets take slots 0, 1, ... in AZ order; public subnets take
slots 8, 9, ... in the upper half. Both halves leave room for more AZs, and a subnet's CIDR never
moves when the AZ count or the public/private choice changes, so growing a network does not
replace the subnets that already hold instances, NLB nodes and endpoint interfaces.

Explicit CIDRs (to match an existing IP plan) replace the derived ones and are checked instead:
IPv4, inside the VPC, one per AZ, no overlaps.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass

from components import validation
from components.errors import ConfigError

SLOT_BITS = 4
"""The VPC is split into 2**SLOT_BITS equal slots."""
PUBLIC_FIRST_SLOT = 8
"""Index of the first public slot: the upper half of the VPC."""
MIN_VPC_PREFIX = 16
MAX_VPC_PREFIX = 24
"""A /24 VPC still yields /28 subnets; anything smaller cannot."""
MAX_SUBNET_PREFIX = 28
"""AWS rejects subnets smaller than /28."""


@dataclass(frozen=True)
class SubnetPlan:
    """Subnet CIDRs, one per AZ, in AZ order."""

    private: tuple[str, ...]
    public: tuple[str, ...]


def parse_vpc_cidr(value: object, key: str) -> ipaddress.IPv4Network:
    """An IPv4 VPC CIDR from /16 to /24."""
    network = validation.parse_cidr(value, key)
    if not isinstance(network, ipaddress.IPv4Network) or not MIN_VPC_PREFIX <= network.prefixlen <= MAX_VPC_PREFIX:
        raise ConfigError(key, f"{network} must be an IPv4 block between /{MIN_VPC_PREFIX} and /{MAX_VPC_PREFIX}",
                          f"set '{key}' to e.g. 10.40.0.0/16")
    return network


def derive_subnet_cidrs(vpc_cidr: str, az_count: int, public: bool) -> SubnetPlan:
    """The default layout for ``az_count`` AZs (see the module docstring); no validation of the inputs."""
    vpc = ipaddress.IPv4Network(vpc_cidr)
    slots = list(vpc.subnets(prefixlen_diff=SLOT_BITS))
    private = tuple(str(slot) for slot in slots[:az_count])
    public_cidrs = tuple(str(slot) for slot in slots[PUBLIC_FIRST_SLOT:PUBLIC_FIRST_SLOT + az_count]) if public else ()
    return SubnetPlan(private=private, public=public_cidrs)


def _parse_subnets(values: Sequence[object], vpc: ipaddress.IPv4Network, az_count: int,
                   key: str) -> list[ipaddress.IPv4Network]:
    if len(values) != az_count:
        raise ConfigError(key, f"{len(values)} CIDR(s) given for {az_count} availability zones",
                          f"list exactly one CIDR per availability zone in '{key}', or remove it to derive them")
    networks = []
    for value in values:
        network = validation.parse_cidr(value, key)
        if not isinstance(network, ipaddress.IPv4Network) or not network.subnet_of(vpc):
            raise ConfigError(key, f"{network} is not inside the VPC CIDR {vpc}",
                              f"choose subnets of {vpc} in '{key}'")
        if network.prefixlen > MAX_SUBNET_PREFIX:
            raise ConfigError(key, f"{network} is smaller than /{MAX_SUBNET_PREFIX}, the smallest AWS subnet",
                              f"use /{MAX_SUBNET_PREFIX} or larger blocks in '{key}'")
        networks.append(network)
    return networks


def plan_subnets(
    vpc_cidr: object,
    az_count: object,
    public: bool,
    private_cidrs: Sequence[object] = (),
    public_cidrs: Sequence[object] = (),
    *,
    vpc_key: str = "vpc_cidr",
    az_key: str = "az_count",
    private_key: str = "private_subnet_cidrs",
    public_key: str = "public_subnet_cidrs",
) -> SubnetPlan:
    """Validate the inputs and return the subnet CIDRs; explicit CIDRs win over derived ones.

    The ``*_key`` arguments name the setting in errors: argument names for a component, full config
    keys (``private-apis:vpcCidr``) for the stack config loader.
    """
    vpc = parse_vpc_cidr(vpc_cidr, vpc_key)
    count = validation.check_az_count(az_count, az_key)
    if public_cidrs and not public:
        raise ConfigError(public_key, "public subnet CIDRs are given but no public subnets are created",
                          f"remove '{public_key}', or enable what needs public subnets (NAT egress or the SSH "
                          "bastion)")
    derived = derive_subnet_cidrs(str(vpc), count, public)
    private = _parse_subnets(private_cidrs, vpc, count, private_key) if private_cidrs else \
        [ipaddress.IPv4Network(c) for c in derived.private]
    public_nets = _parse_subnets(public_cidrs, vpc, count, public_key) if public_cidrs else \
        [ipaddress.IPv4Network(c) for c in derived.public]
    validation.check_no_overlap([(f"private subnet {i + 1}", n) for i, n in enumerate(private)], private_key)
    validation.check_no_overlap(
        [(f"private subnet {i + 1}", n) for i, n in enumerate(private)]
        + [(f"public subnet {i + 1}", n) for i, n in enumerate(public_nets)],
        public_key if public_cidrs or not private_cidrs else private_key,
    )
    return SubnetPlan(private=tuple(map(str, private)), public=tuple(map(str, public_nets)))
