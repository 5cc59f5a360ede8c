"""Pure validators shared by the stack config loader and the components.

Each takes the value and the ``key`` to name in the error, so the stack config loader can name
the config key (``private-apis:vpcCidr``) while a component used as a library names its argument
(``vpc_cidr``). Every failure is a :class:`ConfigError` carrying the fix.
"""

from __future__ import annotations

import contextlib
import difflib
import ipaddress
import re
from collections.abc import Iterable, Sequence

from components.errors import ConfigError

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_DOMAIN_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_STAGE_NAME = re.compile(r"^[A-Za-z0-9_]{1,128}$")


def parse_cidr(value: object, key: str) -> IPNetwork:
    """Parse a CIDR block, rejecting host bits and non-strings."""
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(key, f"expected a CIDR block such as 10.0.0.0/16, got {value!r}",
                          f"set '{key}' to a network address with a prefix length")
    try:
        return ipaddress.ip_network(value.strip(), strict=True)
    except ValueError as exc:
        hint = ""
        with contextlib.suppress(ValueError):
            hint = f" (did you mean {ipaddress.ip_network(value.strip(), strict=False)}?)"
        raise ConfigError(key, f"'{value}' is not a valid CIDR block: {exc}{hint}",
                          f"set '{key}' to a network address with a prefix length, e.g. 10.0.0.0/16") from None


WHOLE_INTERNET: tuple[IPNetwork, ...] = (ipaddress.IPv4Network("0.0.0.0/0"), ipaddress.IPv6Network("2000::/3"))
"""What a list of allowed ranges must never cover: every IPv4 address, and 2000::/3, the IPv6 global unicast
space from which every public IPv6 address is allocated (IANA IPv6 Address Space registry, RFC 4291 section 2.4)."""


def covered_internet(networks: Iterable[IPNetwork]) -> IPNetwork | None:
    """The range of :data:`WHOLE_INTERNET` that ``networks`` cover together, or None.

    Ranges are merged per IP version first, so splits such as 0.0.0.0/1 + 128.0.0.0/1 count as what they are.
    """
    networks = list(networks)
    for world in WHOLE_INTERNET:
        same_version = [n for n in networks if n.version == world.version]
        if any(world.subnet_of(merged) for merged in ipaddress.collapse_addresses(same_version)):
            return world
    return None


def is_world_open(network: IPNetwork) -> bool:
    """True for a single range that admits the whole internet (0.0.0.0/0, ::/0, 2000::/3 or wider)."""
    return covered_internet([network]) is not None


def check_not_whole_internet(networks: Sequence[IPNetwork], key: str) -> None:
    """Reject ranges that together admit the whole internet (see :data:`WHOLE_INTERNET`)."""
    world = covered_internet(networks)
    if world is not None:
        parts = ", ".join(str(n) for n in networks if n.version == world.version and n.overlaps(world))
        raise ConfigError(key, f"together the ranges {parts} admit the whole internet (they cover {world})",
                          f"list only the operator or client networks in '{key}', e.g. 203.0.113.0/24")


def parse_restricted_cidrs(values: Iterable[object], key: str) -> list[IPNetwork]:
    """Parse a list of CIDRs that grant access; reject world-open ranges, alone or together, and duplicates."""
    networks: list[IPNetwork] = []
    for value in values:
        network = parse_cidr(value, key)
        if is_world_open(network):
            raise ConfigError(key, f"'{value}' opens access to the whole internet",
                              f"list only the operator or client networks in '{key}', e.g. 203.0.113.0/24")
        if network in networks:
            raise ConfigError(key, f"'{value}' is listed twice", f"remove the duplicate from '{key}'")
        networks.append(network)
    check_not_whole_internet(networks, key)
    return networks


def check_no_overlap(named: Sequence[tuple[str, IPNetwork]], key: str) -> None:
    """Reject any two ranges in ``named`` (label, network) that overlap."""
    for i, (label_a, net_a) in enumerate(named):
        for label_b, net_b in named[i + 1:]:
            if net_a.version == net_b.version and net_a.overlaps(net_b):
                raise ConfigError(key, f"{label_a} {net_a} overlaps {label_b} {net_b}",
                                  f"choose non-overlapping ranges in '{key}'")


def check_port(value: object, key: str) -> int:
    """A TCP port in 1..65535."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
        raise ConfigError(key, f"{value!r} is not a TCP port", f"set '{key}' to a whole number from 1 to 65535")
    return value


def check_int_range(value: object, key: str, low: int, high: int) -> int:
    """A whole number within [low, high]."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(key, f"{value!r} is out of range", f"set '{key}' to a whole number from {low} to {high}")
    return value


def check_number_range(value: object, key: str, low: float, high: float) -> float:
    """A number (whole or not) within [low, high]; config gives whole numbers, so the fix asks for one."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise ConfigError(key, f"{value!r} is out of range", f"set '{key}' to a whole number from {low} to {high}")
    return float(value)


def check_choice(value: object, key: str, choices: Sequence[str]) -> str:
    """One of a closed set of strings."""
    if value not in choices:
        raise ConfigError(key, f"{value!r} is not one of {', '.join(choices)}",
                          f"set '{key}' to one of: {', '.join(choices)}")
    return str(value)


def check_domain_name(value: object, key: str) -> str:
    """A fully qualified DNS name (lower-case labels, at least two of them, no trailing dot)."""
    text = value.strip().lower() if isinstance(value, str) else ""
    labels = text.split(".")
    if len(text) > 253 or len(labels) < 2 or not all(_DOMAIN_LABEL.match(label) for label in labels) \
            or labels[-1].isdigit():
        raise ConfigError(key, f"{value!r} is not a valid domain name",
                          f"set '{key}' to a name such as api.example.internal")
    return text


def check_domain_in_zone(domain: str, zone: str, key: str) -> None:
    """The domain must be the zone apex or a name below it."""
    if domain != zone and not domain.endswith("." + zone):
        raise ConfigError(key, f"'{domain}' is not inside the hosted zone '{zone}'",
                          f"use a name ending in .{zone} or change the zone")


def check_stage_name(value: object, key: str) -> str:
    """An API Gateway stage name: letters, digits and underscores, 1-128 characters."""
    if not isinstance(value, str) or not _STAGE_NAME.match(value):
        raise ConfigError(key, f"{value!r} is not a valid stage name",
                          f"set '{key}' to letters, digits and underscores only, e.g. v1 or dev")
    return value


MIN_AZS = 2
MAX_AZS = 6


def check_az_count(value: object, key: str) -> int:
    """An availability-zone count from 2 to 6: the internal NLB and the VPC endpoints need two AZs."""
    if isinstance(value, int) and not isinstance(value, bool) and value < MIN_AZS:
        raise ConfigError(key, f"{value} availability zone(s) is too few: the internal NLB and the VPC endpoint "
                          f"need subnets in at least {MIN_AZS}", f"set '{key}' to {MIN_AZS} or more")
    return check_int_range(value, key, MIN_AZS, MAX_AZS)


LOG_RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
                      3288, 3653)
"""The only retention periods CloudWatch Logs accepts."""


def check_log_retention(value: object, key: str) -> int:
    """A CloudWatch Logs retention period in days (CloudWatch accepts only a fixed set of values)."""
    if isinstance(value, bool) or value not in LOG_RETENTION_DAYS:
        raise ConfigError(key, f"{value!r} is not a retention period CloudWatch Logs accepts",
                          f"set '{key}' to one of {', '.join(map(str, LOG_RETENTION_DAYS))}")
    return int(value)  # type: ignore[call-overload]


_SECURITY_GROUP_ID = re.compile(r"^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$")


def check_security_group_id(value: object, key: str) -> str:
    """``sg-`` followed by 8 or 17 lower-case hex digits."""
    if not isinstance(value, str) or not _SECURITY_GROUP_ID.match(value):
        raise ConfigError(key, f"{value!r} is not a security group id",
                          f"list security group ids in '{key}', sg- and 8 or 17 hex digits, e.g. sg-0123456789abcdef0")
    return value


_INSTANCE_TYPE = re.compile(r"[a-z][a-z0-9-]*\.[a-z0-9]+", re.ASCII)


def check_instance_type(value: object, key: str) -> str:
    """An EC2 instance type name such as t3.micro (family, a dot, size)."""
    if not isinstance(value, str) or not _INSTANCE_TYPE.fullmatch(value):
        raise ConfigError(key, f"{value!r} is not an EC2 instance type", f"set '{key}' to a type such as t3.micro")
    return value


_REGION = re.compile(r"[a-z]{2,4}(?:-[a-z]+)+-[0-9]{1,2}", re.ASCII)
"""AWS region names: eu-west-1, us-gov-west-1, cn-north-1, eusc-de-east-1."""


def check_region(value: object, key: str, known: Sequence[str] = ()) -> str:
    """An AWS region name, exactly as AWS writes it (lower case); ``known`` regions feed the "did you mean"."""
    if isinstance(value, str) and _REGION.fullmatch(value):
        return value
    text = value.strip() if isinstance(value, str) else ""
    fix = f"set '{key}' to the region to deploy to, e.g. eu-west-1, us-gov-west-1 or cn-north-1"
    if not text:
        raise ConfigError(key, "the region is empty", fix)
    guess = text.lower()
    if guess not in known and not _REGION.fullmatch(guess):
        guess = next(iter(difflib.get_close_matches(guess, known, n=1)), "")
    hint = f" (did you mean '{guess}'?)" if guess else ""
    raise ConfigError(key, f"'{value}' is not an AWS region name{hint}", fix)


def check_known_region(region: str, key: str, known: Sequence[str], skip_key: str) -> str:
    """A well-formed region name that is also in ``known``, the regions the AWS provider ships with.

    A well-formed but unknown name (``eu-west-9``) is a typo far more often than a region newer than the provider;
    ``skip_key`` is the setting that says it is the latter.
    """
    if region in known:
        return region
    nearest = difflib.get_close_matches(region, known, n=1)
    hint = f" (did you mean '{nearest[0]}'?)" if nearest else ""
    raise ConfigError(key, f"'{region}' is not a region the AWS provider knows{hint}",
                      f"set '{key}' to a region such as eu-west-1, or set '{skip_key}' to true if it is a region "
                      "newer than the provider or an AWS-compatible endpoint")


def nearest_name(name: str, names: Iterable[str]) -> str | None:
    """The name in ``names`` closest to ``name``, ignoring case (``azcount`` -> ``azCount``), or None."""
    by_lower = {candidate.lower(): candidate for candidate in names}
    matches = difflib.get_close_matches(name.lower(), list(by_lower), n=1)
    return by_lower[matches[0]] if matches else None
