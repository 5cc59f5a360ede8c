"""Data sources other teams' programs call most, answered as AWS would for the mocked account and region.

The default VPC follows AWS's documented shape (Amazon VPC User Guide, "Default VPCs"): 172.31.0.0/16, one /20
default subnet per availability zone that assigns public IPv4 addresses on launch, an internet gateway, and a
default security group. Every id is derived from the region and account, so runs are deterministic and a program
that reads the same thing twice gets the same answer.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from private_apis.engine.aws_mocks import AwsMocks, _call, _get_azs, _hex

DEFAULT_VPC_CIDR = "172.31.0.0/16"


def _default_vpc_id(m: AwsMocks) -> str:
    return f"vpc-{_hex(f'default-vpc/{m.region}/{m.account}', 17)}"


def _default_subnets(m: AwsMocks) -> list[dict[str, Any]]:
    zones = _get_azs(m, {})
    blocks = list(ipaddress.ip_network(DEFAULT_VPC_CIDR).subnets(new_prefix=20))
    vpc_id = _default_vpc_id(m)
    subnets = []
    for index, (zone, zone_id) in enumerate(zip(zones["names"], zones["zoneIds"], strict=True)):
        subnet_id = f"subnet-{_hex(f'default-subnet/{m.region}/{m.account}/{zone}', 17)}"
        subnets.append({"id": subnet_id, "vpcId": vpc_id, "cidrBlock": str(blocks[index]), "availabilityZone": zone,
                        "availabilityZoneId": zone_id, "defaultForAz": True, "mapPublicIpOnLaunch": True,
                        "state": "available", "ownerId": m.account,
                        "arn": f"arn:aws:ec2:{m.region}:{m.account}:subnet/{subnet_id}"})
    return subnets


def _filters(args: dict[str, Any]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for entry in args.get("filters") or []:
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            found.setdefault(entry["name"], []).extend(str(v) for v in entry.get("values") or [])
    return found


def _unanswerable(token: str, what: str) -> None:
    from private_apis.engine.aws_mocks import UnansweredCall

    raise UnansweredCall(f"{token} asked for {what}, which the offline engine only knows for the default VPC. Fix: "
                         f"supply the result in a mocks file (--mocks FILE) under calls['{token}'].")


@_call("aws:ec2/getVpc:getVpc")
def _get_vpc(m: AwsMocks, args: dict) -> dict:
    filters = _filters(args)
    wanted = args.get("id") or (filters.get("vpc-id") or [None])[0]
    if not (args.get("default") or (filters.get("isDefault") or filters.get("is-default")) or
            wanted == _default_vpc_id(m)):
        _unanswerable("aws:ec2/getVpc:getVpc", f"a VPC other than the default one ({args})")
    vpc_id = _default_vpc_id(m)
    return {"id": vpc_id, "cidrBlock": DEFAULT_VPC_CIDR, "default": True, "state": "available", "ownerId": m.account,
            "arn": f"arn:aws:ec2:{m.region}:{m.account}:vpc/{vpc_id}", "instanceTenancy": "default",
            "enableDnsHostnames": True, "enableDnsSupport": True,
            "mainRouteTableId": f"rtb-{_hex(vpc_id + '/main', 17)}",
            "dhcpOptionsId": f"dopt-{_hex(vpc_id, 17)}", "cidrBlockAssociations": [
                {"associationId": f"vpc-cidr-assoc-{_hex(vpc_id, 17)}", "cidrBlock": DEFAULT_VPC_CIDR,
                 "state": "associated"}]}


@_call("aws:ec2/getSubnets:getSubnets")
def _get_subnets(m: AwsMocks, args: dict) -> dict:
    filters = _filters(args)
    vpcs = filters.get("vpc-id")
    if vpcs is not None and _default_vpc_id(m) not in vpcs:
        _unanswerable("aws:ec2/getSubnets:getSubnets", f"the subnets of {vpcs}")
    subnets = _default_subnets(m)
    zones = filters.get("availability-zone") or filters.get("availabilityZone")
    if zones:
        subnets = [s for s in subnets if s["availabilityZone"] in zones]
    return {"id": m.region, "ids": [s["id"] for s in subnets], "filters": args.get("filters")}


@_call("aws:ec2/getSubnet:getSubnet")
def _get_subnet(m: AwsMocks, args: dict) -> dict:
    filters = _filters(args)
    subnets = _default_subnets(m)
    if args.get("id"):
        subnets = [s for s in subnets if s["id"] == args["id"]]
    if args.get("availabilityZone") or filters.get("availability-zone"):
        zone = args.get("availabilityZone") or filters["availability-zone"][0]
        subnets = [s for s in subnets if s["availabilityZone"] == zone]
    if not subnets or (args.get("vpcId") and args["vpcId"] != _default_vpc_id(m)):
        _unanswerable("aws:ec2/getSubnet:getSubnet", f"a subnet outside the default VPC ({args})")
    return subnets[0]


@_call("aws:ec2/getSecurityGroup:getSecurityGroup")
def _get_security_group(m: AwsMocks, args: dict) -> dict:
    filters = _filters(args)
    name = args.get("name") or (filters.get("group-name") or [None])[0]
    vpc_id = args.get("vpcId") or (filters.get("vpc-id") or [_default_vpc_id(m)])[0]
    if name not in (None, "default") or vpc_id != _default_vpc_id(m):
        _unanswerable("aws:ec2/getSecurityGroup:getSecurityGroup", f"a security group other than the default "
                      f"VPC's default group ({args})")
    group_id = f"sg-{_hex(vpc_id + '/default-sg', 17)}"
    return {"id": group_id, "name": "default", "vpcId": vpc_id, "description": "default VPC security group",
            "arn": f"arn:aws:ec2:{m.region}:{m.account}:security-group/{group_id}"}
