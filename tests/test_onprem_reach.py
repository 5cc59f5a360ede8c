"""Production reach from the data centre: names resolve there and replies find their way back.

AWS rules encoded here: a Route 53 private hosted zone answers only for queries from the VPCs associated with it, so
a data centre resolves its names by forwarding them to a Route 53 Resolver inbound endpoint in such a VPC (Route 53
Developer Guide, "Resolving DNS queries between VPCs and your network"); and a VPC's route tables route only its own
CIDR until a route is added, so replies to on-premises ranges need a route through the transit gateway or virtual
private gateway the data centre is attached to (Amazon VPC User Guide, "Configure route tables"). The mocks accept a
stack without either, so the graph of the prod stack is asserted.
"""

from __future__ import annotations

import pytest
import yaml

from components.errors import ConfigError
from private_apis.engine.recorder import program_from_directory
from private_apis.testing import run_program
from tests.engine.conftest import ROOT

PROD = yaml.safe_load((ROOT / "Pulumi.prod.yaml").read_text(encoding="utf-8"))["config"]
RANGES = PROD["private-apis:onpremClientCidrs"]
GATEWAY = PROD["private-apis:onpremGatewayId"]
MAIN = program_from_directory(str(ROOT / "__main__.py"))


def test_the_resolver_inbound_endpoint_has_an_address_in_every_private_subnet(stack_preview):
    graph = stack_preview("prod").graph
    resolver = graph.one("aws:route53/resolverEndpoint:ResolverEndpoint")
    private = sorted(r.id for r in graph.of_type("aws:ec2/subnet:Subnet") if r.name.startswith("network-private-"))
    assert resolver.inputs["direction"] == "INBOUND"
    assert sorted(a["subnetId"] for a in resolver.inputs["ipAddresses"]) == private
    assert graph.outputs["onprem_resolver_addresses"] == [a["ip"] for a in resolver.outputs["ipAddresses"]]
    assert len(graph.outputs["onprem_resolver_addresses"]) == len(private) == 3


def test_the_resolver_admits_dns_from_the_data_centre_ranges_only(stack_preview):
    graph = stack_preview("prod").graph
    group = graph.one("aws:ec2/securityGroup:SecurityGroup", "onprem-resolver-sg")
    assert graph.one("aws:route53/resolverEndpoint:ResolverEndpoint").inputs["securityGroupIds"] == [group.id]
    rules = [r.inputs for r in graph.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
             if r.name.startswith("onprem-resolver-")]
    assert sorted((r["ipProtocol"], r["fromPort"], r["toPort"], r["cidrIpv4"]) for r in rules) == sorted(
        (protocol, 53, 53, cidr) for cidr in RANGES for protocol in ("tcp", "udp"))
    assert not [r for r in graph.of_type("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
                if r.name.startswith("onprem-resolver-")]


def test_every_private_route_table_routes_every_data_centre_range_through_the_gateway(stack_preview):
    graph = stack_preview("prod").graph
    tables = sorted(r.id for r in graph.of_type("aws:ec2/routeTable:RouteTable") if "-private-rt-" in r.name)
    routes = [r.inputs for r in graph.of_type("aws:ec2/route:Route") if r.name.startswith("onprem-datacentre-")]
    assert sorted((r["routeTableId"], r["destinationCidrBlock"], r["transitGatewayId"]) for r in routes) == sorted(
        (table, cidr, GATEWAY) for table in tables for cidr in RANGES)


def test_a_virtual_private_gateway_is_a_gateway_target():
    config = {**PROD, "private-apis:onpremGatewayId": "vgw-0123456789abcdef0"}
    graph = run_program(MAIN, config=config)
    routes = [r.inputs for r in graph.of_type("aws:ec2/route:Route") if r.name.startswith("onprem-datacentre-")]
    assert routes and {r.get("gatewayId") for r in routes} == {"vgw-0123456789abcdef0"}
    assert not any("transitGatewayId" in r for r in routes)


@pytest.mark.parametrize(("value", "fragment"), [
    ("igw-0123456789abcdef0", "is not a transit gateway or virtual private gateway id"),
    ("tgw-123", "is not a transit gateway or virtual private gateway id"),
])
def test_a_gateway_that_is_not_one_names_the_config_key(value, fragment):
    with pytest.raises(ConfigError) as caught:
        run_program(MAIN, config={**PROD, "private-apis:onpremGatewayId": value})
    assert caught.value.key == "private-apis:onpremGatewayId" and fragment in caught.value.problem


def test_the_dev_stack_reaches_its_simulated_data_centre_by_peering_alone(stack_preview):
    graph = stack_preview("dev").graph
    assert not graph.of_type("aws:route53/resolverEndpoint:ResolverEndpoint")
    assert not [r for r in graph.of_type("aws:ec2/route:Route") if r.name.startswith("onprem-datacentre-")]


def test_loosely_written_ranges_are_routed_as_the_rules_admit_them():
    # A route takes a network address only; the ranges as parsed (not as typed) go to routes and rules alike.
    config = {**PROD, "private-apis:onpremClientCidrs": [" 10.128.0.0/16 ", "FD00:0000::/8"]}
    graph = run_program(MAIN, config=config)
    routes = [r.inputs for r in graph.of_type("aws:ec2/route:Route") if r.name.startswith("onprem-datacentre-")]
    assert {r.get("destinationCidrBlock") or r.get("destinationIpv6CidrBlock") for r in routes} == {
        "10.128.0.0/16", "fd00::/8"}


def test_overlapping_data_centre_ranges_name_their_own_key():
    with pytest.raises(ConfigError) as caught:
        run_program(MAIN, config={**PROD, "private-apis:onpremClientCidrs": ["10.128.0.0/16", "10.128.0.0/17"]})
    assert caught.value.key == "private-apis:onpremClientCidrs"
