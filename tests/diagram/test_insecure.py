"""A program with mandatory violations: each mark lands on the resource that caused it, red in the picture."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from private_apis.diagram.layout import layout
from private_apis.diagram.style import RED
from private_apis.diagram.svg import to_svg
from tests.diagram.conftest import box_named, edges_by_label, node_named, urn_named

SVG = "{http://www.w3.org/2000/svg}"


def test_boxes_nest_vpc_zone_subnet(insecure_model):
    vpc = box_named(insecure_model, "VPC shop-vpc")
    assert (vpc.kind, vpc.detail, vpc.parent) == ("vpc", "10.70.0.0/16", "aws")
    zone_a, zone_b = box_named(insecure_model, "eu-west-1a"), box_named(insecure_model, "eu-west-1b")
    assert zone_a.parent == zone_b.parent == vpc.id
    public, private = box_named(insecure_model, "shop-public-a"), box_named(insecure_model, "shop-private-b")
    assert (public.kind, public.detail, public.parent) == ("subnet", "10.70.0.0/24", zone_a.id)
    assert (private.kind, private.detail, private.parent) == ("subnet", "10.70.1.0/24", zone_b.id)


def test_resources_sit_in_the_subnets_they_use(insecure_model):
    public, private = box_named(insecure_model, "shop-public-a"), box_named(insecure_model, "shop-private-b")
    host = node_named(insecure_model, "shop-app")
    assert (host.kind, host.box, host.subnets) == ("instance", public.id, [public.id])
    assert host.detail == ["EC2 t3.small", "public IP"]
    balancer = node_named(insecure_model, "shop-nlb")
    assert (balancer.kind, balancer.box, balancer.subnets) == ("nlb", box_named(insecure_model, "VPC shop-vpc").id,
                                                               [public.id, private.id])
    assert sorted(u.rsplit("::", 1)[1] for u in balancer.urns) == ["shop-listener", "shop-nlb", "shop-tg",
                                                                    "shop-tg-app"]
    gateway = node_named(insecure_model, "shop-igw")
    assert (gateway.kind, gateway.box, gateway.detail) == ("gateway", box_named(insecure_model, "VPC shop-vpc").id,
                                                           ["Internet gateway"])


def test_traffic_edges_with_ports(insecure_model):
    assert edges_by_label(insecure_model) == {
        ("Anyone", "shop-app", "traffic", "tcp 22"),
        ("shop-nlb", "shop-app", "traffic", "TCP 80 -> 8080"),
    }
    assert node_named(insecure_model, "Anyone").box == "internet"


def test_mandatory_violations_mark_the_resource_they_are_about(insecure_model):
    host = node_named(insecure_model, "shop-app")
    rule = urn_named(insecure_model, "shop-ssh-from-anywhere")
    assert sorted((m.policy, m.urn.rsplit("::", 1)[1]) for m in host.marks if m.mandatory) == [
        ("aws-ec2-instance-disallow-public-ip", "shop-app"),
        ("aws-ec2-securitygroup-configure-admin-port-sources", "shop-ssh-from-anywhere"),
        ("aws-ec2-securitygroup-disallow-world-ingress", "shop-ssh-from-anywhere"),
    ]
    # The rule itself is folded into the VPC (its security group's), yet its verdict is shown on the host it exposes.
    assert rule in box_named(insecure_model, "VPC shop-vpc").urns
    assert not any(m.mandatory for m in node_named(insecure_model, "shop-nlb").marks)
    subnet = box_named(insecure_model, "shop-public-a")
    assert [(m.policy, m.level) for m in subnet.marks] == [("aws-ec2-subnet-disallow-auto-public-ip", "advisory")]


def test_unknown_resources_are_grouped_not_dropped(insecure_model, insecure_preview):
    assert [(g.type, [u.rsplit("::", 1)[1] for u in g.urns]) for g in insecure_model.other] == [
        ("aws:sqs/queue:Queue", ["shop-orders"])]
    held = [u for e in (*insecure_model.nodes, *insecure_model.boxes, *insecure_model.other) for u in e.urns]
    assert sorted(held) == sorted(r.urn for r in insecure_preview.graph.resources if r.custom)


def test_svg_draws_the_mark_red_on_its_node(insecure_model):
    root = ET.fromstring(to_svg(layout(insecure_model)))
    assert root.tag == f"{SVG}svg"
    groups = {g.get("data-id"): g for g in root.iter(f"{SVG}g") if g.get("data-id")}
    host = groups[node_named(insecure_model, "shop-app").id]
    rect = host.find(f"{SVG}rect")
    assert (rect.get("stroke"), rect.get("stroke-width")) == (RED, "3")
    red = [t.text for t in host.iter(f"{SVG}text") if t.get("fill") == RED]
    assert red == ["x aws-ec2-instance-disallow-public-ip", "x aws-ec2-securitygroup-configure-admin-port-sources",
                   "x aws-ec2-securitygroup-disallow-world-ingress"]
    balancer = groups[node_named(insecure_model, "shop-nlb").id].find(f"{SVG}rect")
    assert balancer.get("stroke") != RED
    edges = [(g.get("data-source"), g.get("data-target")) for g in root.iter(f"{SVG}g")
             if (g.get("class") or "").startswith("edge ")]
    assert sorted(edges) == sorted((e.source, e.target) for e in insecure_model.edges)
