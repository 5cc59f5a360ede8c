"""Subnet CIDR derivation: exact layouts and every rejection, no Pulumi involved."""

from __future__ import annotations

import pytest

from components.cidr import SubnetPlan, derive_subnet_cidrs, plan_subnets
from components.errors import ConfigError


def test_slash_16_two_azs_private_only():
    assert derive_subnet_cidrs("10.40.0.0/16", 2, public=False) == SubnetPlan(
        private=("10.40.0.0/20", "10.40.16.0/20"), public=())


def test_slash_16_three_azs_with_public():
    assert derive_subnet_cidrs("10.40.0.0/16", 3, public=True) == SubnetPlan(
        private=("10.40.0.0/20", "10.40.16.0/20", "10.40.32.0/20"),
        public=("10.40.128.0/20", "10.40.144.0/20", "10.40.160.0/20"),
    )


def test_slash_20_six_azs_with_public():
    assert derive_subnet_cidrs("172.16.32.0/20", 6, public=True) == SubnetPlan(
        private=("172.16.32.0/24", "172.16.33.0/24", "172.16.34.0/24",
                 "172.16.35.0/24", "172.16.36.0/24", "172.16.37.0/24"),
        public=("172.16.40.0/24", "172.16.41.0/24", "172.16.42.0/24",
                "172.16.43.0/24", "172.16.44.0/24", "172.16.45.0/24"),
    )


def test_slash_24_gives_the_smallest_aws_subnets():
    assert derive_subnet_cidrs("192.168.7.0/24", 2, public=True) == SubnetPlan(
        private=("192.168.7.0/28", "192.168.7.16/28"), public=("192.168.7.128/28", "192.168.7.144/28"))


def test_existing_subnets_keep_their_cidr_when_azs_or_public_subnets_are_added():
    small = derive_subnet_cidrs("10.40.0.0/16", 2, public=False)
    grown = derive_subnet_cidrs("10.40.0.0/16", 4, public=True)
    assert grown.private[:2] == small.private


def test_plan_derives_when_no_cidrs_are_given():
    assert plan_subnets("10.40.0.0/16", 2, public=True) == derive_subnet_cidrs("10.40.0.0/16", 2, public=True)


def test_plan_accepts_explicit_cidrs():
    plan = plan_subnets("10.0.0.0/16", 2, True, ["10.0.1.0/24", "10.0.2.0/24"], ["10.0.101.0/24", "10.0.102.0/24"])
    assert plan == SubnetPlan(private=("10.0.1.0/24", "10.0.2.0/24"), public=("10.0.101.0/24", "10.0.102.0/24"))


def _error(**kwargs) -> str:
    with pytest.raises(ConfigError) as caught:
        plan_subnets(**{"vpc_cidr": "10.40.0.0/16", "az_count": 2, "public": False, **kwargs})
    return str(caught.value)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"vpc_cidr": "10.40.0.0/33"},
     "Invalid configuration 'vpc_cidr': '10.40.0.0/33' is not a valid CIDR block: '10.40.0.0/33' does not "
     "appear to be an IPv4 or IPv6 network. Fix: set 'vpc_cidr' to a network address with a prefix length, "
     "e.g. 10.0.0.0/16"),
    ({"vpc_cidr": "10.40.1.0/16"},
     "Invalid configuration 'vpc_cidr': '10.40.1.0/16' is not a valid CIDR block: 10.40.1.0/16 has host bits "
     "set (did you mean 10.40.0.0/16?). Fix: set 'vpc_cidr' to a network address with a prefix length, "
     "e.g. 10.0.0.0/16"),
    ({"vpc_cidr": "10.0.0.0/8"},
     "Invalid configuration 'vpc_cidr': 10.0.0.0/8 must be an IPv4 block between /16 and /24. "
     "Fix: set 'vpc_cidr' to e.g. 10.40.0.0/16"),
    ({"vpc_cidr": "10.40.0.0/25"},
     "Invalid configuration 'vpc_cidr': 10.40.0.0/25 must be an IPv4 block between /16 and /24. "
     "Fix: set 'vpc_cidr' to e.g. 10.40.0.0/16"),
    ({"vpc_cidr": "fd00::/56"},
     "Invalid configuration 'vpc_cidr': fd00::/56 must be an IPv4 block between /16 and /24. "
     "Fix: set 'vpc_cidr' to e.g. 10.40.0.0/16"),
    ({"az_count": 1},
     "Invalid configuration 'az_count': 1 availability zone(s) is too few: the internal NLB and the VPC "
     "endpoint need subnets in at least 2. Fix: set 'az_count' to 2 or more"),
    ({"az_count": 7},
     "Invalid configuration 'az_count': 7 is out of range. Fix: set 'az_count' to a whole number from 2 to 6"),
    ({"private_cidrs": ["10.40.1.0/24"]},
     "Invalid configuration 'private_subnet_cidrs': 1 CIDR(s) given for 2 availability zones. Fix: list "
     "exactly one CIDR per availability zone in 'private_subnet_cidrs', or remove it to derive them"),
    ({"private_cidrs": ["10.40.1.0/24", "10.41.1.0/24"]},
     "Invalid configuration 'private_subnet_cidrs': 10.41.1.0/24 is not inside the VPC CIDR 10.40.0.0/16. "
     "Fix: choose subnets of 10.40.0.0/16 in 'private_subnet_cidrs'"),
    ({"private_cidrs": ["10.40.1.0/24", "10.40.2.0/29"]},
     "Invalid configuration 'private_subnet_cidrs': 10.40.2.0/29 is smaller than /28, the smallest AWS subnet. "
     "Fix: use /28 or larger blocks in 'private_subnet_cidrs'"),
    ({"private_cidrs": ["10.40.0.0/20", "10.40.8.0/24"]},
     "Invalid configuration 'private_subnet_cidrs': private subnet 1 10.40.0.0/20 overlaps private subnet 2 "
     "10.40.8.0/24. Fix: choose non-overlapping ranges in 'private_subnet_cidrs'"),
    ({"public": True, "private_cidrs": ["10.40.128.0/20", "10.40.0.0/20"]},
     "Invalid configuration 'private_subnet_cidrs': private subnet 1 10.40.128.0/20 overlaps public subnet 1 "
     "10.40.128.0/20. Fix: choose non-overlapping ranges in 'private_subnet_cidrs'"),
    ({"public": True, "public_cidrs": ["10.40.16.0/24", "10.40.200.0/24"]},
     "Invalid configuration 'public_subnet_cidrs': private subnet 2 10.40.16.0/20 overlaps public subnet 1 "
     "10.40.16.0/24. Fix: choose non-overlapping ranges in 'public_subnet_cidrs'"),
    ({"public_cidrs": ["10.40.128.0/24", "10.40.129.0/24"]},
     "Invalid configuration 'public_subnet_cidrs': public subnet CIDRs are given but no public subnets are "
     "created. Fix: remove 'public_subnet_cidrs', or enable what needs public subnets (NAT egress or the SSH "
     "bastion)"),
])
def test_plan_rejects(kwargs, message):
    assert _error(**kwargs) == message


def test_plan_names_config_keys_when_asked():
    with pytest.raises(ConfigError) as caught:
        plan_subnets("10.40.0.0/16", 2, False, ["bogus", "10.40.1.0/24"],
                     private_key="private-apis:privateSubnetCidrs")
    assert caught.value.key == "private-apis:privateSubnetCidrs"
