"""The network mocks answer in EC2's formats: Elastic IPs, NAT gateways, routes, associations, gateways."""

import ipaddress
import re
import zlib

import pulumi
import pulumi_aws as aws

from private_apis.testing import UNKNOWN, run_program


def program():
    vpc = aws.ec2.Vpc("vpc", cidr_block="10.9.0.0/16", assign_generated_ipv6_cidr_block=True)
    public = aws.ec2.Subnet("public", vpc_id=vpc.id, cidr_block="10.9.0.0/24", availability_zone="eu-west-1a")
    private = aws.ec2.Subnet("private", vpc_id=vpc.id, cidr_block="10.9.1.0/24", availability_zone="eu-west-1a")
    igw = aws.ec2.InternetGateway("igw", vpc_id=vpc.id)
    eigw = aws.ec2.EgressOnlyInternetGateway("eigw", vpc_id=vpc.id)
    nat_ip = aws.ec2.Eip("nat-ip", domain="vpc")
    nat = aws.ec2.NatGateway("nat", allocation_id=nat_ip.id, subnet_id=public.id)
    table = aws.ec2.RouteTable("rt", vpc_id=vpc.id)
    route = aws.ec2.Route("default", route_table_id=table.id, destination_cidr_block="0.0.0.0/0", nat_gateway_id=nat.id)
    association = aws.ec2.RouteTableAssociation("rta", subnet_id=private.id, route_table_id=table.id)
    main = aws.ec2.MainRouteTableAssociation("main", vpc_id=vpc.id, route_table_id=table.id)
    default = aws.ec2.DefaultRouteTable("default-rt", default_route_table_id=vpc.default_route_table_id)
    eni = aws.ec2.NetworkInterface("eni", subnet_id=private.id)
    host_ip = aws.ec2.Eip("host-ip", domain="vpc")
    host_assoc = aws.ec2.EipAssociation("host-assoc", allocation_id=host_ip.id, network_interface_id=eni.id)
    for key, value in {
        "vpc": vpc.id, "vpc_main_rt": vpc.main_route_table_id, "igw": igw.id, "igw_arn": igw.arn, "eigw": eigw.id,
        "eip": nat_ip.id, "eip_alloc": nat_ip.allocation_id, "eip_ip": nat_ip.public_ip, "eip_dns": nat_ip.public_dns,
        "eip_domain": nat_ip.domain, "eip_arn": nat_ip.arn, "nat": nat.id, "nat_ip": nat.public_ip,
        "nat_private": nat.private_ip, "nat_eni": nat.network_interface_id, "nat_vpc": nat.vpc_id, "rt": table.id,
        "route": route.id, "route_state": route.state, "rta": association.id, "main": main.id,
        "main_original": main.original_route_table_id, "default_rt": default.id, "default_rt_vpc": default.vpc_id,
        "default_rt_arn": default.arn, "assoc": host_assoc.id, "assoc_ip": host_assoc.public_ip,
        "host_ip": host_ip.public_ip,
    }.items():
        pulumi.export(key, value)


def test_elastic_ips_have_real_formats_and_documentation_addresses():
    out = run_program(program).outputs
    assert re.fullmatch(r"eipalloc-[0-9a-f]{17}", out["eip"]) and out["eip_alloc"] == out["eip"]
    assert ipaddress.ip_address(out["eip_ip"]) in ipaddress.ip_network("203.0.113.0/24")
    assert out["eip_dns"] == f"ec2-{out['eip_ip'].replace('.', '-')}.eu-west-1.compute.amazonaws.com"
    assert out["eip_domain"] == "vpc"
    assert out["eip_arn"] == f"arn:aws:ec2:eu-west-1:123456789012:elastic-ip/{out['eip']}"
    assert re.fullmatch(r"eipassoc-[0-9a-f]{17}", out["assoc"]) and out["assoc_ip"] == out["host_ip"]


def test_us_east_1_public_dns_uses_compute_1():
    out = run_program(lambda: pulumi.export("dns", aws.ec2.Eip("ip").public_dns),
                      config={"aws:region": "us-east-1"}).outputs
    assert re.fullmatch(r"ec2-203-0-113-\d+\.compute-1\.amazonaws\.com", out["dns"])


def test_nat_gateways_take_the_address_of_their_elastic_ip():
    out = run_program(program).outputs
    assert re.fullmatch(r"nat-[0-9a-f]{17}", out["nat"]) and out["nat_ip"] == out["eip_ip"]
    assert out["nat_private"].startswith("10.9.0.") and out["nat_vpc"] == out["vpc"]
    assert re.fullmatch(r"eni-[0-9a-f]{17}", out["nat_eni"])


def test_routes_associations_and_gateways_have_real_formats():
    out = run_program(program).outputs
    assert re.fullmatch(r"igw-[0-9a-f]{17}", out["igw"])
    assert out["igw_arn"] == f"arn:aws:ec2:eu-west-1:123456789012:internet-gateway/{out['igw']}"
    assert re.fullmatch(r"eigw-[0-9a-f]{17}", out["eigw"])
    assert re.fullmatch(r"rtb-[0-9a-f]{17}", out["rt"])
    assert out["route"] == f"r-{out['rt']}{zlib.crc32(b'0.0.0.0/0')}" and out["route_state"] == "active"
    assert re.fullmatch(r"rtbassoc-[0-9a-f]{17}", out["rta"]) and re.fullmatch(r"rtbassoc-[0-9a-f]{17}", out["main"])
    assert out["main_original"] == out["vpc_main_rt"]
    assert out["default_rt"] == out["vpc_main_rt"] and out["default_rt_vpc"] == out["vpc"]
    assert out["default_rt_arn"] == f"arn:aws:ec2:eu-west-1:123456789012:route-table/{out['default_rt']}"


def test_values_are_deterministic_and_unknown_in_a_first_preview():
    assert run_program(program).outputs == run_program(program).outputs
    first = run_program(program, first_preview=True).outputs
    assert first["eip_ip"] == UNKNOWN and first["nat_ip"] == UNKNOWN and first["route"] == UNKNOWN
