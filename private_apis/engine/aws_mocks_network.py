"""Realistic outputs for the network resources the pack's exposure rules reason about (registered on import).

Elastic IPs and their associations, NAT gateways (their public IP is their Elastic IP's), routes, route-table
associations (explicit and main), default route tables and egress-only internet gateways, in the formats the EC2
API returns. Public addresses come from 203.0.113.0/24 (TEST-NET-3, RFC 5737): documentation-only, never routed.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Any

from private_apis.engine.aws_mocks import _BUILDERS, AwsMocks, _builder, _ec2_arn, _hex

VPC = "aws:ec2/vpc:Vpc"


@dataclass
class NetworkState:
    """What later builders of one run read: Elastic IP addresses by allocation id, VPCs' default route tables."""

    public_ips: dict[str, str] = field(default_factory=dict)
    default_route_tables: dict[str, str] = field(default_factory=dict)
    """VPC id -> its default (initially main) route table id."""
    route_table_vpcs: dict[str, str] = field(default_factory=dict)
    """Default route table id -> its VPC id."""


def state(m: AwsMocks) -> NetworkState:
    found = m.__dict__.get("_network_state")
    if found is None:
        found = m.__dict__["_network_state"] = NetworkState()
    return found


def public_ip(seed: str) -> str:
    """A stable address in 203.0.113.0/24, never the network or broadcast address."""
    return f"203.0.113.{int(_hex(seed, 4), 16) % 253 + 1}"


def public_dns(region: str, ip: str) -> str:
    """EC2's public DNS name for an address: ``compute-1`` in us-east-1, ``<region>.compute`` elsewhere
    (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-naming.html)."""
    domain = "compute-1.amazonaws.com" if region == "us-east-1" else f"{region}.compute.amazonaws.com"
    return f"ec2-{ip.replace('.', '-')}.{domain}"


def route_id(route_table_id: Any, destination: Any) -> str:
    """The provider's route id: ``r-`` + table id + the CRC-32 of the destination (terraform-provider-aws,
    internal/service/ec2/vpc_route.go, ``routeCreateID``)."""
    return f"r-{route_table_id}{zlib.crc32(str(destination).encode())}"


_vpc_builder = _BUILDERS.get(VPC)


@_builder(VPC)
def _vpc(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    computed = _vpc_builder(m, seed, name, inputs) if _vpc_builder else {}
    vpc_id, table = computed.get("id"), computed.get("defaultRouteTableId")
    if isinstance(vpc_id, str) and isinstance(table, str):
        state(m).default_route_tables[vpc_id] = table
        state(m).route_table_vpcs[table] = vpc_id
    return computed


@_builder("aws:ec2/eip:Eip")
def _eip(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    rid = f"eipalloc-{_hex(seed, 17)}"
    address = inputs.get("address") or public_ip(seed)
    state(m).public_ips[rid] = address
    computed: dict[str, Any] = {
        "id": rid, "allocationId": rid, "arn": _ec2_arn(m, "elastic-ip", rid), "domain": "vpc",
        "publicIp": address, "publicDns": public_dns(m.region, address), "publicIpv4Pool": "amazon",
        "networkBorderGroup": m.region, "carrierIp": "", "customerOwnedIp": "", "ptrRecord": "",
    }
    interface = inputs.get("networkInterface")
    if inputs.get("instance") or interface:
        computed["associationId"] = f"eipassoc-{_hex(seed + 'assoc', 17)}"
        private = inputs.get("associateWithPrivateIp") or (m._enis.get(interface) or {}).get("privateIp")
        if private:
            computed["privateIp"] = private
            computed["privateDns"] = f"ip-{private.replace('.', '-')}.{m.region}.compute.internal"
    return computed


@_builder("aws:ec2/eipAssociation:EipAssociation")
def _eip_association(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    computed: dict[str, Any] = {"id": f"eipassoc-{_hex(seed, 17)}"}
    address = state(m).public_ips.get(inputs.get("allocationId"))
    if address:
        computed["publicIp"] = address
    private = (m._enis.get(inputs.get("networkInterfaceId")) or {}).get("privateIp")
    if private and not inputs.get("privateIpAddress"):
        computed["privateIpAddress"] = private
    return computed


@_builder("aws:ec2/natGateway:NatGateway")
def _nat_gateway(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    subnet_id = inputs.get("subnetId")
    public = inputs.get("connectivityType", "public") == "public"
    computed: dict[str, Any] = {
        "id": f"nat-{_hex(seed, 17)}", "connectivityType": "public" if public else "private",
        "networkInterfaceId": f"eni-{_hex(seed + 'eni', 17)}",
        "privateIp": inputs.get("privateIp") or m.ip_in(subnet_id, seed),
        "publicIp": state(m).public_ips.get(inputs.get("allocationId"), "") if public else "",
        "associationId": f"eipassoc-{_hex(seed + 'assoc', 17)}" if public and inputs.get("allocationId") else "",
    }
    vpc_id = (m._subnets.get(subnet_id) or {}).get("vpcId")
    if vpc_id:
        computed["vpcId"] = vpc_id
    return computed


@_builder("aws:ec2/route:Route")
def _route(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    destination = (inputs.get("destinationCidrBlock") or inputs.get("destinationIpv6CidrBlock")
                   or inputs.get("destinationPrefixListId"))
    return {"id": route_id(inputs.get("routeTableId"), destination), "state": "active", "origin": "CreateRoute"}


@_builder("aws:ec2/routeTableAssociation:RouteTableAssociation")
def _route_table_association(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return {"id": f"rtbassoc-{_hex(seed, 17)}"}


@_builder("aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation")
def _main_route_table_association(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    vpc_id = inputs.get("vpcId")
    original = state(m).default_route_tables.get(vpc_id) or f"rtb-{_hex(f'{vpc_id}/main', 17)}"
    return {"id": f"rtbassoc-{_hex(seed, 17)}", "originalRouteTableId": original}


@_builder("aws:ec2/defaultRouteTable:DefaultRouteTable")
def _default_route_table(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    rid = inputs.get("defaultRouteTableId") or f"rtb-{_hex(seed, 17)}"
    computed = {"id": rid, "arn": _ec2_arn(m, "route-table", rid), "ownerId": m.account}
    if vpc_id := state(m).route_table_vpcs.get(rid):
        computed["vpcId"] = vpc_id
    return computed


@_builder("aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway")
def _egress_only_internet_gateway(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return {"id": f"eigw-{_hex(seed, 17)}"}


@_builder("aws:route53/resolverEndpoint:ResolverEndpoint")
def _resolver_endpoint(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    """Route 53 Resolver picks an address in each listed subnet unless one is given, as for any interface."""
    rid = f"rslvr-{'in' if inputs.get('direction') == 'INBOUND' else 'out'}-{_hex(seed, 17)}"
    addresses = []
    for index, entry in enumerate(inputs.get("ipAddresses") or []):
        entry = dict(entry) if isinstance(entry, dict) else {}
        subnet = entry.get("subnetId")
        entry.setdefault("ip", m.ip_in(subnet, f"{seed}{subnet}{index}"))
        entry.setdefault("ipId", f"rni-{_hex(seed + str(index), 17)}")
        addresses.append(entry)
    return {"id": rid, "arn": f"arn:aws:route53resolver:{m.region}:{m.account}:resolver-endpoint/{rid}",
            "ipAddresses": addresses, "hostVpcId": None}
