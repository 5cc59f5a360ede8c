"""The shipped stacks' pictures, asserted on their models: the boxes, where each resource sits, the traffic."""

from __future__ import annotations

import pytest

from private_apis.diagram.build import build_model
from tests.diagram.conftest import box_named, edges_by_label, node_named

STACKS = ("dev", "native", "prod")


@pytest.fixture(scope="module")
def models(stack_preview):
    return {stack: build_model(stack_preview(stack)) for stack in STACKS}


@pytest.mark.parametrize("stack", STACKS)
def test_every_resource_is_drawn_folded_or_grouped_once(models, stack_preview, stack):
    model = models[stack]
    held = [u for e in (*model.nodes, *model.boxes, *model.other) for u in e.urns]
    graph = stack_preview(stack).graph
    assert sorted(held) == sorted(r.urn for r in graph.resources if r.custom)
    assert model.components == sorted(r.urn for r in graph.resources if not r.custom)
    ids = [e.id for e in (*model.nodes, *model.boxes)]
    assert len(ids) == len(set(ids))
    known = set(ids)
    assert all(e.source in known and e.target in known for e in model.edges)
    assert all(n.box in known for n in model.nodes) and all(b.parent in known for b in model.boxes if b.parent)


def test_dev_vpcs_zones_and_subnets(models):
    model = models["dev"]
    vpc = box_named(model, "VPC network-vpc")
    assert (vpc.detail, vpc.parent) == ("10.40.0.0/16", "aws")
    zones = sorted((b.label, b.parent) for b in model.boxes if b.kind == "az" and b.parent == vpc.id)
    assert zones == [("eu-west-1a", vpc.id), ("eu-west-1b", vpc.id)]
    subnets = sorted((b.label, b.detail, model.box(b.parent).label) for b in model.boxes
                     if b.kind == "subnet" and model.box(b.parent).parent == vpc.id)
    assert subnets == [("network-private-1", "10.40.0.0/20", "eu-west-1a"),
                       ("network-private-2", "10.40.16.0/20", "eu-west-1b")]
    datacentre = box_named(model, "Simulated data centre: onprem-onprem-vpc")
    assert (datacentre.detail, datacentre.parent) == ("10.60.0.0/16", "datacentre")


def test_dev_resources_sit_where_they_run(models):
    model = models["dev"]
    vpc = box_named(model, "VPC network-vpc").id
    private_1, private_2 = box_named(model, "network-private-1").id, box_named(model, "network-private-2").id
    assert node_named(model, "bridge-app").box == private_1
    assert node_named(model, "onprem-client").box == box_named(model, "onprem-onprem-private-1").id
    for spanning in ("bridge-nlb", "onprem-nlb", "serverless-vpce-endpoint", "onprem-vpce-endpoint"):
        node = node_named(model, spanning)
        assert (node.box, node.subnets) == (vpc, [private_1, private_2]), spanning
    endpoints = [n for n in model.nodes if n.label == "interface endpoints" and n.box == vpc]
    assert [n.detail[0] for n in endpoints] == ["ec2messages, logs, ssm, ssmmessages"]
    outside = {n.label: n.box for n in model.nodes if n.box in ("apigateway", "lambda", "route53")}
    assert {label for label, box in outside.items() if box == "apigateway"} == {
        "Callers", "bridge-api", "bridge-vpc-link", "iam-api", "onprem-one-api", "onprem-two-api", "serverless-api",
        "api.example.internal", "api2.example.internal"}
    assert {label for label, box in outside.items() if box == "route53"} == {"example.internal"}
    assert len([box for box in outside.values() if box == "lambda"]) == 6


def test_dev_traffic_follows_each_topology(models):
    edges = edges_by_label(models["dev"])
    bridge = {("Callers", "bridge-api", "traffic", "HTTPS 443"),
              ("bridge-api", "bridge-vpc-link", "traffic", "HTTP_PROXY :80"),
              ("bridge-vpc-link", "bridge-nlb", "traffic", "TCP 80"),
              ("bridge-nlb", "bridge-app", "traffic", "TCP 80 -> 8080")}
    onprem = {("Simulated data centre: onprem-onprem-vpc", "onprem-nlb", "traffic", "tcp 443"),
              ("Simulated data centre: onprem-onprem-vpc", "VPC network-vpc", "network", "VPC peering"),
              ("example.internal", "onprem-nlb", "dns", "api.example.internal, api2.example.internal"),
              ("onprem-nlb", "onprem-vpce-endpoint", "traffic", "TLS 443 -> 443"),
              ("onprem-vpce-endpoint", "onprem-one-api", "traffic", "HTTPS 443"),
              ("api.example.internal", "onprem-one-api", "traffic", "/ (v1)")}
    serverless = {("serverless-vpce-endpoint", "serverless-api", "traffic", "HTTPS 443")}
    assert bridge | onprem | serverless <= edges
    to_lambda = sorted((s, t, label) for s, t, kind, label in edges if t.endswith("-function"))
    assert ("serverless-api", "serverless-get-entities-id-function", "GET /entities/{id}") in to_lambda
    assert len(to_lambda) == 6


def test_dev_advisories_mark_the_load_balancers(models):
    marks = sorted((m.policy, m.level) for m in node_named(models["dev"], "bridge-nlb").marks)
    assert marks == [("aws-lb-loadbalancer-enable-access-logs", "advisory"),
                     ("aws-lb-loadbalancer-enable-deletion-protection", "advisory")]
    assert not any(m.mandatory for e in (*models["dev"].nodes, *models["dev"].boxes) for m in e.marks)


def test_prod_datacentre_behind_the_transit_gateway(models):
    model = models["prod"]
    datacentre = node_named(model, "Data centre")
    assert (datacentre.box, datacentre.detail) == ("datacentre", ["10.128.0.0/16, 172.20.0.0/16"])
    assert [b.label for b in model.boxes if b.kind == "az"] == ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
    edges = edges_by_label(model)
    assert ("Data centre", "VPC network-vpc", "network", "via tgw-0123456789abcdef0") in edges
    assert ("Data centre", "onprem-resolver", "traffic", "tcp 53, udp 53") in edges
    assert ("Data centre", "onprem-nlb", "traffic", "tcp 443") in edges
    assert node_named(model, "onprem-resolver").detail == ["Route 53 Resolver, inbound"]


def test_native_private_domains_through_the_endpoint(models):
    edges = edges_by_label(models["native"])
    assert ("onprem-vpce-endpoint", "api.example.internal", "traffic", "HTTPS 443") in edges
    assert ("example.internal", "onprem-vpce-endpoint", "dns", "api.example.internal, api2.example.internal") in edges
    assert node_named(models["native"], "api.example.internal").detail == ["custom domain, PRIVATE"]
    assert not any(n.kind == "nlb" for n in models["native"].nodes)
