"""PrivateNetwork: the resource graph under the offline engine's mocks, and its argument validation."""

from __future__ import annotations

import ipaddress
import json

import pulumi
import pytest

from components.errors import ConfigError
from components.network import (
    PrivateNetwork,
    PrivateNetworkArgs,
    flow_log_delivery_policy,
    flow_log_trust_policy,
)
from private_apis.testing import Graph, run_program

VPC = "aws:ec2/vpc:Vpc"
SUBNET = "aws:ec2/subnet:Subnet"
ROUTE_TABLE = "aws:ec2/routeTable:RouteTable"
ROUTE = "aws:ec2/route:Route"
RTA = "aws:ec2/routeTableAssociation:RouteTableAssociation"
IGW = "aws:ec2/internetGateway:InternetGateway"
NAT = "aws:ec2/natGateway:NatGateway"
EIP = "aws:ec2/eip:Eip"
ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint"
SG = "aws:ec2/securityGroup:SecurityGroup"
DEFAULT_SG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
FLOW_LOG = "aws:ec2/flowLog:FlowLog"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
ROLE = "aws:iam/role:Role"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"


def named(graph: Graph, token: str, prefix: str) -> list:
    """Resources of one kind in name order (registration order is not deterministic)."""
    return sorted((r for r in graph.of_type(token) if r.name.startswith(prefix)), key=lambda r: r.name)


def build(args: PrivateNetworkArgs | None = None, holder: dict | None = None) -> Graph:
    def program() -> None:
        network = PrivateNetwork("net", args or PrivateNetworkArgs())
        if holder is not None:
            holder["network"] = network
        pulumi.export("vpc_id", network.vpc_id)
        pulumi.export("vpc_cidr", network.vpc_cidr)
        pulumi.export("private_subnet_ids", network.private_subnet_ids)
        pulumi.export("public_subnet_ids", network.public_subnet_ids)
        pulumi.export("availability_zones", network.availability_zones)

    return run_program(program, config={"aws:region": "eu-west-1"})


@pytest.fixture(scope="module")
def default_graph() -> Graph:
    return build()


def test_vpc_has_dns_support_and_hostnames(default_graph):
    vpc = default_graph.one(VPC)
    assert vpc.inputs["cidrBlock"] == "10.40.0.0/16"
    assert vpc.inputs["enableDnsSupport"] is True
    assert vpc.inputs["enableDnsHostnames"] is True


def test_component_token_and_children(default_graph):
    component = default_graph.one("private-apis:network:PrivateNetwork")
    assert component.name == "net"
    assert all(r.parent == component.urn for r in default_graph.resources if r is not component)


def test_private_subnets_in_two_azs_with_derived_cidrs(default_graph):
    subnets = named(default_graph, SUBNET, "net-")
    assert [s.name for s in subnets] == ["net-private-1", "net-private-2"]
    assert [s.inputs["cidrBlock"] for s in subnets] == ["10.40.0.0/20", "10.40.16.0/20"]
    assert [s.inputs["availabilityZone"] for s in subnets] == ["eu-west-1a", "eu-west-1b"]
    assert all(s.inputs["mapPublicIpOnLaunch"] is False for s in subnets)
    vpc_id = default_graph.one(VPC).id
    assert all(s.inputs["vpcId"] == vpc_id for s in subnets)


def test_private_route_tables_have_no_internet_route(default_graph):
    assert default_graph.of_type(ROUTE) == []
    assert default_graph.of_type(IGW) == []
    assert default_graph.of_type(NAT) == []
    tables = {t.id: t for t in default_graph.of_type(ROUTE_TABLE)}
    subnets = {s.id: s for s in default_graph.of_type(SUBNET)}
    associations = default_graph.of_type(RTA)
    # One table per private subnet, each table used once.
    assert sorted(a.inputs["subnetId"] for a in associations) == sorted(subnets)
    assert sorted(a.inputs["routeTableId"] for a in associations) == sorted(tables)
    assert all("routes" not in t.inputs for t in tables.values())


def test_no_public_subnets_by_default(default_graph):
    assert default_graph.outputs["public_subnet_ids"] == []
    assert all(s.name.startswith("net-private-") for s in default_graph.of_type(SUBNET))


def test_outputs(default_graph):
    outputs = default_graph.outputs
    assert outputs["vpc_id"] == default_graph.one(VPC).id
    assert outputs["vpc_cidr"] == "10.40.0.0/16"
    assert outputs["private_subnet_ids"] == [s.id for s in named(default_graph, SUBNET, "net-private-")]
    assert outputs["availability_zones"] == ["eu-west-1a", "eu-west-1b"]


def test_management_endpoints_for_ssm_and_logs(default_graph):
    endpoints = default_graph.of_type(ENDPOINT)
    assert sorted(e.inputs["serviceName"] for e in endpoints) == [
        "com.amazonaws.eu-west-1.ec2messages", "com.amazonaws.eu-west-1.logs",
        "com.amazonaws.eu-west-1.ssm", "com.amazonaws.eu-west-1.ssmmessages"]
    endpoint_sg = default_graph.one(SG, "net-endpoints-sg")
    subnet_ids = [s.id for s in named(default_graph, SUBNET, "net-private-")]
    for endpoint in endpoints:
        assert endpoint.inputs["vpcEndpointType"] == "Interface"
        assert endpoint.inputs["privateDnsEnabled"] is True
        assert endpoint.inputs["subnetIds"] == subnet_ids
        assert endpoint.inputs["securityGroupIds"] == [endpoint_sg.id]


def test_endpoint_security_group_admits_https_from_the_vpc_only(default_graph):
    endpoint_sg = default_graph.one(SG, "net-endpoints-sg")
    assert "ingress" not in endpoint_sg.inputs and "egress" not in endpoint_sg.inputs
    rules = [r for r in default_graph.of_type(INGRESS) if r.inputs["securityGroupId"] == endpoint_sg.id]
    assert [(r.inputs["ipProtocol"], r.inputs["fromPort"], r.inputs["toPort"], r.inputs["cidrIpv4"])
            for r in rules] == [("tcp", 443, 443, "10.40.0.0/16")]
    assert default_graph.of_type(EGRESS) == []


def test_no_world_open_ingress(default_graph):
    for rule in default_graph.of_type(INGRESS):
        for field in ("cidrIpv4", "cidrIpv6"):
            if field in rule.inputs:
                assert ipaddress.ip_network(rule.inputs[field]).prefixlen > 0, rule.urn
    assert all("ingress" not in sg.inputs for sg in default_graph.of_type(SG))


def test_default_security_group_is_adopted_with_no_rules(default_graph):
    default_sg = default_graph.one(DEFAULT_SG)
    assert default_sg.inputs["vpcId"] == default_graph.one(VPC).id
    assert "ingress" not in default_sg.inputs and "egress" not in default_sg.inputs


def test_flow_logs_to_cloudwatch_with_retention(default_graph):
    log_group = default_graph.one(LOG_GROUP)
    assert log_group.inputs["retentionInDays"] == 90
    flow_log = default_graph.one(FLOW_LOG)
    role = default_graph.one(ROLE)
    assert flow_log.inputs["vpcId"] == default_graph.one(VPC).id
    assert flow_log.inputs["trafficType"] == "ALL"
    assert flow_log.inputs["logDestinationType"] == "cloud-watch-logs"
    assert flow_log.inputs["logDestination"] == log_group.outputs["arn"]
    assert flow_log.inputs["iamRoleArn"] == role.outputs["arn"]
    assert default_graph.one(ROLE_POLICY).urn in flow_log.dependencies
    assert json.loads(role.inputs["assumeRolePolicy"]) == json.loads(
        flow_log_trust_policy("123456789012", "aws", "eu-west-1"))
    assert json.loads(default_graph.one(ROLE_POLICY).inputs["policy"]) == json.loads(
        flow_log_delivery_policy(log_group.outputs["arn"]))


def test_flow_log_delivery_policy_is_scoped_to_the_group():
    arn = "arn:aws:logs:eu-west-1:123456789012:log-group:net-flow-logs"
    assert json.loads(flow_log_delivery_policy(arn))["Statement"] == [
        {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
         "Resource": [arn, f"{arn}:*"]},
        {"Effect": "Allow", "Action": "logs:DescribeLogGroups",
         "Resource": "arn:aws:logs:eu-west-1:123456789012:log-group:*"},
    ]


def test_python_attributes_known_at_preview():
    holder: dict = {}
    build(PrivateNetworkArgs(az_count=3, public_subnets=True), holder)
    network = holder["network"]
    assert network.az_count == 3
    assert len(network.private_subnets) == 3 and len(network.public_subnets) == 3
    assert len(network.private_route_tables) == 3
    assert network.endpoint_security_group is not None
    assert network.availability_zone_names == ["eu-west-1a", "eu-west-1b", "eu-west-1c"]


def test_public_subnets_route_to_the_internet_gateway_only():
    graph = build(PrivateNetworkArgs(public_subnets=True))
    igw = graph.one(IGW)
    public_rt = graph.one(ROUTE_TABLE, "net-public-rt")
    route = graph.one(ROUTE)
    assert (route.inputs["routeTableId"], route.inputs["destinationCidrBlock"], route.inputs["gatewayId"]) == \
        (public_rt.id, "0.0.0.0/0", igw.id)
    public = named(graph, SUBNET, "net-public-")
    assert [s.inputs["cidrBlock"] for s in public] == ["10.40.128.0/20", "10.40.144.0/20"]
    assert all(s.inputs["mapPublicIpOnLaunch"] is False for s in public)
    public_associations = [a for a in graph.of_type(RTA) if a.inputs["routeTableId"] == public_rt.id]
    assert sorted(a.inputs["subnetId"] for a in public_associations) == sorted(s.id for s in public)
    assert graph.outputs["public_subnet_ids"] == [s.id for s in public]
    assert graph.of_type(NAT) == []


def test_nat_egress_single_gateway():
    graph = build(PrivateNetworkArgs(egress="nat"))
    nat = graph.one(NAT)
    public = named(graph, SUBNET, "net-public-")
    assert nat.inputs["subnetId"] == public[0].id
    assert nat.inputs["allocationId"] == graph.one(EIP).id
    assert graph.one(IGW).urn in nat.dependencies
    private_tables = [t.id for t in named(graph, ROUTE_TABLE, "net-private-rt-")]
    nat_routes = [r for r in graph.of_type(ROUTE) if "natGatewayId" in r.inputs]
    assert sorted(r.inputs["routeTableId"] for r in nat_routes) == sorted(private_tables)
    assert {r.inputs["natGatewayId"] for r in nat_routes} == {nat.id}
    assert graph.of_type(ENDPOINT) == []


def test_nat_egress_per_az():
    holder: dict = {}
    graph = build(PrivateNetworkArgs(egress="nat", nat_gateways="per-az"), holder)
    nats = named(graph, NAT, "net-nat-")
    assert len(nats) == 2 and len(graph.of_type(EIP)) == 2
    public = named(graph, SUBNET, "net-public-")
    assert [n.inputs["subnetId"] for n in nats] == [s.id for s in public]
    routes = {r.inputs["routeTableId"]: r.inputs["natGatewayId"] for r in graph.of_type(ROUTE)
              if "natGatewayId" in r.inputs}
    private_tables = [t.id for t in named(graph, ROUTE_TABLE, "net-private-rt-")]
    assert [routes[t] for t in private_tables] == [n.id for n in nats]
    assert holder["network"].endpoint_security_group is None


def test_more_azs_than_the_region_has():
    with pytest.raises(ConfigError) as caught:
        build(PrivateNetworkArgs(az_count=4))
    assert str(caught.value) == ("Invalid configuration 'az_count': 4 availability zones requested but eu-west-1 has "
                                 "only 3 available. Fix: set 'az_count' to 3 or fewer")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"egress": "internet"},
     "Invalid configuration 'egress': 'internet' is not one of none, nat. Fix: set 'egress' to one of: none, nat"),
    ({"nat_gateways": "double"},
     "Invalid configuration 'nat_gateways': 'double' is not one of single, per-az. Fix: set 'nat_gateways' to one "
     "of: single, per-az"),
    ({"flow_log_retention_days": 100},
     "Invalid configuration 'flow_log_retention_days': 100 is not a retention period CloudWatch Logs accepts. Fix: "
     "set 'flow_log_retention_days' to one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, "
     "1096, 1827, 2192, 2557, 2922, 3288, 3653"),
    ({"az_count": 1},
     "Invalid configuration 'az_count': 1 availability zone(s) is too few: the internal NLB and the VPC endpoint "
     "need subnets in at least 2. Fix: set 'az_count' to 2 or more"),
    ({"vpc_cidr": "10.40.0.0/8"},
     "Invalid configuration 'vpc_cidr': '10.40.0.0/8' is not a valid CIDR block: 10.40.0.0/8 has host bits set "
     "(did you mean 10.0.0.0/8?). Fix: set 'vpc_cidr' to a network address with a prefix length, e.g. 10.0.0.0/16"),
    ({"public_subnets": True, "private_subnet_cidrs": ["10.40.0.0/20", "10.40.128.0/20"]},
     "Invalid configuration 'private_subnet_cidrs': private subnet 2 10.40.128.0/20 overlaps public subnet 1 "
     "10.40.128.0/20. Fix: choose non-overlapping ranges in 'private_subnet_cidrs'"),
])
def test_args_are_validated_on_construction(kwargs, message):
    with pytest.raises(ConfigError) as caught:
        PrivateNetworkArgs(**kwargs)
    assert str(caught.value) == message


def test_nat_implies_public_subnets():
    assert PrivateNetworkArgs(egress="nat").has_public_subnets
    assert not PrivateNetworkArgs().has_public_subnets


def test_explicit_subnet_cidrs_are_used():
    graph = build(PrivateNetworkArgs(vpc_cidr="10.0.0.0/16", private_subnet_cidrs=["10.0.1.0/24", "10.0.2.0/24"]))
    assert [s.inputs["cidrBlock"] for s in named(graph, SUBNET, "net-private-")] == ["10.0.1.0/24", "10.0.2.0/24"]
