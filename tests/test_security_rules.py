"""tcp_rule: the single-port TCP security group rule every component declares, under the offline engine's mocks."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws
import pytest

from components.security_rules import tcp_rule
from private_apis.testing import Graph, run_program

COMPONENT = "test:index:Holder"
SG = "aws:ec2/securityGroup:SecurityGroup"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
PEERS = ("cidrIpv4", "cidrIpv6", "referencedSecurityGroupId")


def build(rules: dict[str, dict]) -> Graph:
    """A component ``holder`` with the groups ``own`` and ``peer`` and one :func:`tcp_rule` per entry of ``rules``
    (resource name -> keywords; ``ingress=True`` picks the ingress class; ``peer_group`` refers to ``peer``)."""

    def program() -> None:
        holder = pulumi.ComponentResource(COMPONENT, "holder")
        child = pulumi.ResourceOptions(parent=holder)
        own = aws.ec2.SecurityGroup("own", vpc_id="vpc-0123456789abcdef0", opts=child)
        peer = aws.ec2.SecurityGroup("peer", vpc_id="vpc-0123456789abcdef0", opts=child)
        for resource_name, kwargs in rules.items():
            kwargs = dict(kwargs)
            rule_class = aws.vpc.SecurityGroupIngressRule if kwargs.pop("ingress", False) \
                else aws.vpc.SecurityGroupEgressRule
            if kwargs.pop("peer_group", False):
                kwargs["referenced_security_group_id"] = peer.id
            rule = tcp_rule(rule_class, resource_name, security_group_id=own.id, parent=holder,
                            **{"description": "a rule", "tags": None, **kwargs})
            assert isinstance(rule, rule_class)

    return run_program(program)


def test_ingress_from_an_ipv4_cidr():
    graph = build({"holder-https-in": {"ingress": True, "port": 443, "description": "HTTPS from the office",
                                         "cidr_ipv4": "203.0.113.0/24"}})
    rule = graph.one(INGRESS, "holder-https-in")
    assert rule.plain_inputs == {
        "securityGroupId": graph.one(SG, "own").id,
        "description": "HTTPS from the office",
        "ipProtocol": "tcp",
        "fromPort": 443,
        "toPort": 443,
        "cidrIpv4": "203.0.113.0/24",
        "tags": {"Name": "holder-https-in"},
    }
    assert graph.of_type(EGRESS) == []


def test_egress_to_another_group_sets_only_the_group():
    graph = build({"holder-to-peer": {"port": 8080, "peer_group": True}})
    rule = graph.one(EGRESS, "holder-to-peer")
    assert rule.inputs["referencedSecurityGroupId"] == graph.one(SG, "peer").id
    assert (rule.inputs["fromPort"], rule.inputs["toPort"], rule.inputs["ipProtocol"]) == (8080, 8080, "tcp")
    assert [field for field in PEERS if field in rule.inputs] == ["referencedSecurityGroupId"]
    assert graph.of_type(INGRESS) == []


def test_ipv6_cidr_and_none_peers_left_out():
    # Passing None for the other peers is the same as omitting them: they are not inputs at all.
    graph = build({"holder-v6": {"ingress": True, "port": 22, "cidr_ipv4": None, "cidr_ipv6": "2001:db8::/48",
                                   "referenced_security_group_id": None}})
    rule = graph.one(INGRESS, "holder-v6")
    assert [field for field in PEERS if field in rule.inputs] == ["cidrIpv6"]
    assert rule.inputs["cidrIpv6"] == "2001:db8::/48"


@pytest.mark.parametrize("tags, expected", [
    (None, {"Name": "holder-tagged"}),
    ({"team": "platform"}, {"team": "platform", "Name": "holder-tagged"}),
    # The Name tag is always the resource name, whatever the base tags say.
    ({"Name": "other", "env": "dev"}, {"Name": "holder-tagged", "env": "dev"}),
])
def test_name_tag_is_the_resource_name_over_the_base_tags(tags, expected):
    graph = build({"holder-tagged": {"port": 443, "cidr_ipv4": "10.0.0.0/16", "tags": tags}})
    assert graph.one(EGRESS, "holder-tagged").inputs["tags"] == expected


def test_rules_are_children_of_the_given_parent():
    graph = build({"holder-b": {"port": 443, "cidr_ipv4": "10.0.0.0/16"},
                     "holder-a": {"ingress": True, "port": 443, "peer_group": True}})
    holder = graph.one(COMPONENT, "holder")
    rules = [r for r in graph.resources if r.type in (INGRESS, EGRESS)]
    assert {r.parent for r in rules} == {holder.urn}
    assert sorted(r.name for r in rules) == ["holder-a", "holder-b"]


def test_an_ipv6_range_goes_to_cidr_ipv6_and_an_ipv4_range_to_cidr_ipv4():
    from components.security_rules import cidr_peer

    assert cidr_peer("2001:db8::/32") == {"cidr_ipv6": "2001:db8::/32"}
    assert cidr_peer("10.128.0.0/16") == {"cidr_ipv4": "10.128.0.0/16"}


def test_ipv6_data_centre_ranges_are_ipv6_rules_of_the_nlb_group():
    # An on-premises range given in onpremClientCidrs used to land in cidrIpv4 whatever its version, which EC2
    # refuses at deploy time; the preview cannot see that, so the graph is asserted.
    from components.network import PrivateNetwork, PrivateNetworkArgs
    from components.onprem_domain import OnPremDomainApi, OnPremDomainApiArgs

    cert = "arn:aws:acm:eu-west-1:123456789012:certificate/0f3c1a52-7d4e-4b8a-9c61-2e5f8a9b7c10"

    def program():
        network = PrivateNetwork("net", PrivateNetworkArgs())
        OnPremDomainApi("onprem", OnPremDomainApiArgs(
            placement=network.placement(), certificate_arn=cert, onprem_cidrs=("10.128.0.0/16", "2001:db8::/32")))

    graph = run_program(program, config={"aws:region": "eu-west-1"})
    rules = {r.name: r.inputs for r in graph.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
             if r.name.startswith("onprem-nlb-https-onprem-")}
    assert rules["onprem-nlb-https-onprem-1"].get("cidrIpv4") == "10.128.0.0/16"
    assert rules["onprem-nlb-https-onprem-2"].get("cidrIpv6") == "2001:db8::/32"
    assert "cidrIpv4" not in rules["onprem-nlb-https-onprem-2"]
