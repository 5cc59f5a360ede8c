"""A preview's recorded graph and its policy verdicts -> the picture's model (private_apis/diagram/model.py)."""

from __future__ import annotations

from private_apis.diagram.folding import fold
from private_apis.diagram.model import AREA_TITLES, AREAS, Box, GroupEntry, Mark, Model, Node
from private_apis.diagram.network import build_network
from private_apis.diagram.nodes import NODE_BUILDERS, merge_support_endpoints, normal_type
from private_apis.diagram.reach import (
    add_datacentre,
    add_public_callers,
    ingress_edges,
    security_group_users,
)
from private_apis.diagram.references import References
from private_apis.diagram.traffic import Edges, api_gateway_edges, dns_edges, load_balancer_edges, network_edges
from private_apis.engine.preview import PreviewResult
from private_apis.engine.recorder import Graph

_SECURITY_GROUP_PARTS = ("aws:ec2/securityGroup:SecurityGroup",
                         "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
                         "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
                         "aws:ec2/securityGroupRule:SecurityGroupRule")


def build_model(result: PreviewResult) -> Model:
    """The model of what ``result`` recorded, with every pack's violations marked on the element that holds the
    resource. Deterministic for a given graph: the same stack gives the same model on every machine."""
    graph = result.graph
    resources = sorted(graph.resources, key=lambda r: r.urn)
    refs = References(resources)
    network = build_network(graph, refs)
    model = Model(stack=result.stack, project=result.project.name, boxes=list(network.boxes))
    built = [NODE_BUILDERS[normal_type(r.type)](r, network) for r in resources if normal_type(r.type) in NODE_BUILDERS]
    model.nodes = merge_support_endpoints(built, refs.by_urn)
    held = {urn: element.id for element in (*model.boxes, *model.nodes) for urn in element.urns}
    users = security_group_users(model, refs)
    edges = Edges()
    datacentre = add_datacentre(graph, model, refs, edges)
    fold(resources, refs, held)
    _record_folded(model, held)
    load_balancer_edges(graph, refs, held, edges)
    api_gateway_edges(graph, refs, held, edges)
    dns_edges(graph, refs, held, edges)
    network_edges(graph, refs, held, edges)
    ingress_edges(graph, model, refs, edges, datacentre)
    add_public_callers(graph, model, held, edges)
    model.edges = edges.items
    model.other = _other_group(graph, held)
    model.components = sorted(r.urn for r in resources if not r.custom)
    _mark(result, model, refs, users)
    model.boxes = _areas(model) + model.boxes
    return _canonical(model)


def _record_folded(model: Model, held: dict[str, str]) -> None:
    elements: dict[str, Box | Node] = {e.id: e for e in (*model.boxes, *model.nodes)}
    for urn, element_id in held.items():
        element = elements[element_id]
        if urn not in element.urns:
            element.urns.append(urn)


def _other_group(graph: Graph, held: dict[str, str]) -> list[GroupEntry]:
    by_type: dict[str, list[str]] = {}
    for resource in graph.resources:
        if resource.custom and resource.urn not in held:
            by_type.setdefault(resource.type, []).append(resource.urn)
    return [GroupEntry(type=token, urns=sorted(urns)) for token, urns in sorted(by_type.items())]


def _mark(result: PreviewResult, model: Model, refs: References, users: dict[str, list[str]]) -> None:
    """Each violation on the element holding its resource; one on a security group or its rules on every node
    that uses the group (that is what the rule exposes)."""
    for pack in result.packs:
        for violation in pack.violations:
            mark = Mark(policy=violation.policy, level=violation.level, urn=violation.urn)
            resource = refs.by_urn.get(violation.urn)
            if resource is None:
                model.stack_marks.append(mark)
                continue
            targets = []
            if normal_type(resource.type) in _SECURITY_GROUP_PARTS:
                group = resource.id if resource.type == _SECURITY_GROUP_PARTS[0] else resource.plain_inputs.get(
                    "securityGroupId")
                targets = [model.node(n) for n in users.get(str(group), [])]
            element = model.element_of(resource.urn)
            for target in targets or ([element] if element is not None else []):
                if mark not in target.marks:
                    target.marks.append(mark)


def _areas(model: Model) -> list[Box]:
    used = {b.parent for b in model.boxes} | {n.box for n in model.nodes}
    if model.other:
        used.add("other")
    outside = {"internet", "datacentre", "route53", "apigateway", "lambda"}
    if used & outside or any(b.kind == "vpc" for b in model.boxes):
        used.add("aws")
    return [Box(id=area, kind="area", label=AREA_TITLES[area], parent=None) for area in AREAS if area in used]


def _canonical(model: Model) -> Model:
    """Sorted lists, so that registration order (which the SDK's threads may vary) never changes the model."""
    for element in (*model.boxes, *model.nodes, *model.other):
        element.urns.sort()
        element.marks.sort(key=lambda m: (m.level, m.policy, m.urn))
    for node in model.nodes:
        node.detail = [line for line in node.detail if not line.startswith("from ")] + sorted(
            line for line in node.detail if line.startswith("from "))
    for edge in model.edges:
        edge.label = ", ".join(sorted(edge.label.split(", "))) if edge.label else ""
    order = {area: index for index, area in enumerate(AREAS)}
    model.boxes.sort(key=lambda b: (b.kind != "area", order.get(b.id, 0), b.parent or "", b.label, b.id))
    model.nodes.sort(key=lambda n: (n.box, n.kind, n.label, n.id))
    model.edges.sort(key=lambda e: (e.source, e.target))
    model.stack_marks.sort(key=lambda m: (m.level, m.policy))
    return model
