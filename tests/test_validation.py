"""Pure validators: world-open ranges however they are split, region names and nearest-name suggestions."""

from __future__ import annotations

import ipaddress
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components.errors import ConfigError
from components.validation import (
    WHOLE_INTERNET,
    check_known_region,
    check_not_whole_internet,
    check_region,
    covered_internet,
    is_world_open,
    nearest_name,
    parse_restricted_cidrs,
)

V4_WORLD, V6_WORLD = WHOLE_INTERNET
KEY = "private-apis:serverlessClientCidrs"


def nets(*values: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(v) for v in values]


# --- covered_internet: fixed cases ------------------------------------------------------------------------------


@pytest.mark.parametrize(("ranges", "world"), [
    (["0.0.0.0/0"], V4_WORLD),
    (["0.0.0.0/1", "128.0.0.0/1"], V4_WORLD),
    (["128.0.0.0/1", "0.0.0.0/2", "64.0.0.0/2"], V4_WORLD),
    (["::/0"], V6_WORLD),
    (["::/1", "8000::/1"], V6_WORLD),
    (["::/1"], V6_WORLD),  # 0::/1 contains 2000::/3
    (["2000::/3"], V6_WORLD),
    (["2000::/4", "3000::/4"], V6_WORLD),
    (["2000::/4", "3000::/5", "3800::/5", "10.0.0.0/8"], V6_WORLD),
])
def test_ranges_that_cover_the_whole_internet(ranges: list[str], world: object) -> None:
    assert covered_internet(nets(*ranges)) == world


@pytest.mark.parametrize("ranges", [
    [],
    ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"],
    ["0.0.0.0/1"],
    ["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3", "224.0.0.0/4"],  # 240.0.0.0/4 missing
    ["2000::/4"],
    ["2000::/4", "3000::/5"],  # 3800::/5 missing
    ["4000::/2", "fc00::/7"],  # all outside 2000::/3
    ["0.0.0.0/1", "8000::/1"],  # half of each version is not the whole of either
])
def test_ranges_that_leave_part_of_the_internet_out(ranges: list[str]) -> None:
    assert covered_internet(nets(*ranges)) is None


def test_a_single_range_is_world_open_when_it_covers_a_world_range() -> None:
    assert is_world_open(ipaddress.ip_network("2000::/3"))
    assert is_world_open(ipaddress.ip_network("::/1"))
    assert not is_world_open(ipaddress.ip_network("2000::/4"))
    assert not is_world_open(ipaddress.ip_network("0.0.0.0/1"))


def test_split_ranges_are_refused_with_one_message_naming_the_key() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_restricted_cidrs(["0.0.0.0/1", "10.0.0.0/8", "128.0.0.0/1"], KEY)
    assert str(caught.value) == (
        f"Invalid configuration '{KEY}': together the ranges 0.0.0.0/1, 10.0.0.0/8, 128.0.0.0/1 admit the whole "
        f"internet (they cover 0.0.0.0/0). Fix: list only the operator or client networks in '{KEY}', e.g. "
        "203.0.113.0/24")


def test_ipv6_splits_name_only_the_ipv6_ranges_inside_global_unicast() -> None:
    with pytest.raises(ConfigError) as caught:
        check_not_whole_internet(nets("10.0.0.0/8", "fd00::/8", "2000::/4", "3000::/4"), KEY)
    assert caught.value.problem == ("together the ranges 2000::/4, 3000::/4 admit the whole internet (they cover "
                                    "2000::/3)")


def test_single_world_ranges_keep_their_own_message() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_restricted_cidrs(["2000::/3"], KEY)
    assert caught.value.problem == "'2000::/3' opens access to the whole internet"


# --- covered_internet: properties ---------------------------------------------------------------------------------


def _split(world: ipaddress.IPv4Network | ipaddress.IPv6Network, rng: random.Random,
           splits: int) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """``world`` cut into pieces: ``splits`` times, one piece is replaced by its two halves."""
    pieces = [world]
    for _ in range(splits):
        index = rng.randrange(len(pieces))
        if pieces[index].prefixlen < pieces[index].max_prefixlen:
            pieces[index:index + 1] = list(pieces[index].subnets(prefixlen_diff=1))
    rng.shuffle(pieces)
    return pieces


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(0, 2**32), splits=st.integers(0, 60), world=st.sampled_from(WHOLE_INTERNET))
def test_any_split_of_the_world_is_seen_as_the_world(seed: int, splits: int, world: object) -> None:
    pieces = _split(world, random.Random(seed), splits)  # type: ignore[arg-type]
    assert covered_internet(pieces) == world
    with pytest.raises(ConfigError, match=r"admit the whole internet|opens access to the whole internet"):
        parse_restricted_cidrs([str(p) for p in pieces], KEY)


def _network(version: int, value: int, prefix: int) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    cls = ipaddress.IPv4Network if version == 4 else ipaddress.IPv6Network
    bits = 32 if version == 4 else 128
    return cls((value % 2**bits, prefix % (bits + 1)), strict=False)


@settings(max_examples=200, deadline=None)
@given(ranges=st.lists(st.tuples(st.sampled_from((4, 6)), st.integers(0, 2**128), st.integers(0, 128)), max_size=12),
       hole4=st.integers(0, 2**32 - 1), hole6=st.integers(0, 2**125 - 1))
def test_ranges_with_a_hole_in_each_world_are_never_the_world(ranges: list[tuple[int, int, int]], hole4: int,
                                                              hole6: int) -> None:
    holes = {4: ipaddress.IPv4Network((hole4, 32)),
             6: ipaddress.IPv6Network((int(V6_WORLD.network_address) + hole6, 128))}
    pieces: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
    for version, value, prefix in ranges:
        network = _network(version, value, prefix)
        hole = holes[version]
        # Cut the hole out, so one address of each world stays uncovered whatever else is listed.
        pieces.extend(network.address_exclude(hole) if hole.subnet_of(network) else [network])  # type: ignore[arg-type]
    assert covered_internet(pieces) is None
    check_not_whole_internet(pieces, KEY)


# --- region names and suggestions ---------------------------------------------------------------------------------

KNOWN = ("eu-west-1", "eu-west-2", "us-east-1", "us-gov-west-1", "cn-north-1")


@pytest.mark.parametrize("region", ["eu-west-1", "us-gov-west-1", "cn-north-1", "eusc-de-east-1", "ap-southeast-7",
                                    "us-isob-east-1"])
def test_region_names_as_aws_writes_them(region: str) -> None:
    assert check_region(region, "aws:region", KNOWN) == region


@pytest.mark.parametrize(("value", "problem"), [
    ("EU-WEST-1", "'EU-WEST-1' is not an AWS region name (did you mean 'eu-west-1'?)"),
    ("Eu-West-1", "'Eu-West-1' is not an AWS region name (did you mean 'eu-west-1'?)"),
    ("eu-west1", "'eu-west1' is not an AWS region name (did you mean 'eu-west-1'?)"),
    (" eu-west-1", "' eu-west-1' is not an AWS region name (did you mean 'eu-west-1'?)"),
    ("ireland", "'ireland' is not an AWS region name"),
    ("", "the region is empty"),
    ("   ", "the region is empty"),
])
def test_invalid_region_names(value: str, problem: str) -> None:
    with pytest.raises(ConfigError) as caught:
        check_region(value, "aws:region", KNOWN)
    assert (caught.value.key, caught.value.problem) == ("aws:region", problem)


SKIP_FIX = ("set 'aws:region' to a region such as eu-west-1, or set 'aws:skipRegionValidation' to true if it is a "
            "region newer than the provider or an AWS-compatible endpoint")


@pytest.mark.parametrize(("region", "problem"), [
    ("eu-west-9", "'eu-west-9' is not a region the AWS provider knows (did you mean 'eu-west-2'?)"),
    ("us-gov-west-2", "'us-gov-west-2' is not a region the AWS provider knows (did you mean 'us-gov-west-1'?)"),
    ("xx-fake-9", "'xx-fake-9' is not a region the AWS provider knows"),
])
def test_a_well_formed_region_the_provider_does_not_know(region: str, problem: str) -> None:
    with pytest.raises(ConfigError) as caught:
        check_known_region(region, "aws:region", KNOWN, "aws:skipRegionValidation")
    assert (caught.value.key, caught.value.problem, caught.value.fix) == ("aws:region", problem, SKIP_FIX)


def test_a_known_region_passes_the_known_check() -> None:
    assert check_known_region("cn-north-1", "aws:region", KNOWN, "aws:skipRegionValidation") == "cn-north-1"


@pytest.mark.parametrize(("name", "nearest"), [
    ("azcount", "azCount"), ("vpcCidrr", "vpcCidr"), ("AZCOUNT", "azCount"), ("vpccidr", "vpcCidr"),
    ("serverlessClientCidr", "serverlessClientCidrs"), ("zzzzzz", None),
])
def test_nearest_name_ignores_case(name: str, nearest: str | None) -> None:
    assert nearest_name(name, ["azCount", "vpcCidr", "serverlessClientCidrs", "egress"]) == nearest
