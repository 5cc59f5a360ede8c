"""Who may call in: security group ingress rules (from another node's security group, from the data centre's
ranges, from the internet), the data centre behind gateway routes, and the callers of public default endpoints."""

from __future__ import annotations

from collections.abc import Iterator

from private_apis.diagram.model import Model, Node
from private_apis.diagram.nodes import endpoint_types, normal_type
from private_apis.diagram.references import References, as_list
from private_apis.diagram.traffic import Edges, cidr_contains, of_type, rule_label
from private_apis.engine.recorder import Graph, RecordedResource

# Ids apart from the area boxes ("internet", "datacentre"): edges name their ends by id.
DATACENTRE_NODE = "datacentre-ranges"
INTERNET_NODE = "anyone"
CALLERS_NODE = "public-callers"
_GATEWAY_KEYS = ("transitGatewayId", "gatewayId", "vpnGatewayId", "coreNetworkArn")
"""Route targets that lead out of AWS (to a data centre over a transit gateway, a VPN or Direct Connect gateway);
``gatewayId`` is also an internet gateway (``igw-``), which is told apart by its prefix."""


def security_group_ids(resource: RecordedResource) -> list[str]:
    inputs = resource.plain_inputs
    ids = as_list(inputs.get("securityGroupIds")) + as_list(inputs.get("securityGroups"))
    ids += as_list(inputs.get("vpcSecurityGroupIds")) + as_list((inputs.get("vpcConfig") or {}).get("securityGroupIds"))
    return [i for i in ids if isinstance(i, str)]


def security_group_users(model: Model, refs: References) -> dict[str, list[str]]:
    """Security group id -> the nodes whose resources use it."""
    users: dict[str, list[str]] = {}
    for node in model.nodes:
        for urn in node.urns:
            for group in security_group_ids(refs.by_urn[urn]):
                users.setdefault(group, [])
                if node.id not in users[group]:
                    users[group].append(node.id)
    return users


def ingress_rules(graph: Graph) -> Iterator[dict]:
    """Every ingress rule as ``securityGroupId``, ``cidrs``, ``sourceGroup``, ``protocol``, ``fromPort``,
    ``toPort``: standalone rules of both providers' shapes and the inline ``ingress`` blocks of a group."""
    for rule in of_type(graph, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"):
        i = rule.plain_inputs
        yield {"securityGroupId": i.get("securityGroupId"),
               "cidrs": as_list(i.get("cidrIpv4")) + as_list(i.get("cidrIpv6")),
               "sourceGroup": i.get("referencedSecurityGroupId"), "protocol": i.get("ipProtocol"),
               "fromPort": i.get("fromPort"), "toPort": i.get("toPort")}
    for rule in of_type(graph, "aws:ec2/securityGroupRule:SecurityGroupRule"):
        i = rule.plain_inputs
        if i.get("type") == "ingress":
            yield {"securityGroupId": i.get("securityGroupId"),
                   "cidrs": as_list(i.get("cidrBlocks")) + as_list(i.get("ipv6CidrBlocks")),
                   "sourceGroup": i.get("sourceSecurityGroupId"), "protocol": i.get("protocol"),
                   "fromPort": i.get("fromPort"), "toPort": i.get("toPort")}
    for group in of_type(graph, "aws:ec2/securityGroup:SecurityGroup"):
        for block in as_list(group.plain_inputs.get("ingress")):
            if isinstance(block, dict):
                sources = as_list(block.get("securityGroups"))
                yield {"securityGroupId": group.id, "cidrs": as_list(block.get("cidrBlocks"))
                       + as_list(block.get("ipv6CidrBlocks")), "sourceGroup": sources[0] if sources else None,
                       "protocol": block.get("protocol"), "fromPort": block.get("fromPort"),
                       "toPort": block.get("toPort")}


def datacentre_ranges(graph: Graph) -> tuple[list[str], list[str]]:
    """The destination ranges of routes through a transit, VPN or Direct Connect gateway, and those gateways."""
    ranges: list[str] = []
    gateways: list[str] = []
    for route in of_type(graph, "aws:ec2/route:Route"):
        inputs = route.plain_inputs
        gateway = next((str(inputs[k]) for k in _GATEWAY_KEYS if inputs.get(k)), "")
        if not gateway or gateway.startswith("igw-") or gateway == "local":
            continue
        destination = inputs.get("destinationCidrBlock")
        if isinstance(destination, str) and destination not in ranges:
            ranges.append(destination)
        if gateway not in gateways:
            gateways.append(gateway)
    return sorted(ranges), sorted(gateways)


def add_datacentre(graph: Graph, model: Model, refs: References, edges: Edges) -> list[str]:
    """A node for a real data centre reached through gateway routes, with an edge to each VPC that routes to it.
    Returns its ranges (ingress rules from them come from the data centre)."""
    ranges, gateways = datacentre_ranges(graph)
    if not ranges:
        return []
    model.nodes.append(Node(id=DATACENTRE_NODE, kind="datacentre", label="Data centre", box="datacentre",
                            detail=[", ".join(ranges)]))
    for route in of_type(graph, "aws:ec2/route:Route"):
        inputs = route.plain_inputs
        gateway = next((str(inputs[k]) for k in _GATEWAY_KEYS if inputs.get(k)), "")
        if gateway in gateways:
            table = refs.resource(inputs.get("routeTableId"))
            vpc = refs.urn(table.plain_inputs.get("vpcId")) if table else None
            edges.add(DATACENTRE_NODE, vpc, "network", f"via {gateway}")
    return ranges


def _source_of_cidr(cidr: str, model: Model, target: Node, datacentre: list[str]) -> str | None:
    """The element a CIDR source stands for; None when it is the target's own VPC (shown on the node instead)."""
    if cidr in ("0.0.0.0/0", "::/0"):
        if not any(n.id == INTERNET_NODE for n in model.nodes):
            model.nodes.append(Node(id=INTERNET_NODE, kind="callers", label="Anyone", box="internet",
                                    detail=["0.0.0.0/0"]))
        return INTERNET_NODE
    if any(cidr_contains(r, cidr) for r in datacentre):
        return DATACENTRE_NODE
    for box in model.boxes:
        if box.kind == "vpc" and box.detail and cidr_contains(box.detail, cidr):
            return None if _inside(model, target, box.id) else box.id
    return None


def _inside(model: Model, node: Node, box_id: str) -> bool:
    current: str | None = node.box
    while current:
        if current == box_id:
            return True
        current = next((b.parent for b in model.boxes if b.id == current), None)
    return False


def ingress_edges(graph: Graph, model: Model, refs: References, edges: Edges, datacentre: list[str]) -> None:
    """Edges for what security groups admit, unless the pair already has an edge of its own (a listener's): the
    rule is then the reason that traffic is allowed, not more traffic."""
    allowed = Edges()
    _admitted(graph, model, refs, allowed, datacentre)
    for edge in allowed.items:
        edges.add(edge.source, edge.target, edge.kind, edge.label, merge=False)


def _admitted(graph: Graph, model: Model, refs: References, edges: Edges, datacentre: list[str]) -> None:
    users = security_group_users(model, refs)
    for rule in ingress_rules(graph):
        label = rule_label(rule["protocol"], rule["fromPort"], rule["toPort"])
        for target_id in users.get(str(rule["securityGroupId"]), []):
            target = model.node(target_id)
            for source in users.get(str(rule["sourceGroup"]), []) if rule["sourceGroup"] else []:
                edges.add(source, target_id, "traffic", label)
            for cidr in rule["cidrs"]:
                source = _source_of_cidr(str(cidr), model, target, datacentre)
                if source is None:
                    line = f"from {cidr}: {label}"
                    if line not in target.detail:
                        target.detail.append(line)
                else:
                    edges.add(source, target_id, "traffic", label)


def add_public_callers(graph: Graph, model: Model, held: dict[str, str], edges: Edges) -> None:
    """A REGIONAL or EDGE API answers on its default endpoint, from anywhere, unless that endpoint is disabled."""
    for api in of_type(graph, "aws:apigateway/restApi:RestApi"):
        if "PRIVATE" in endpoint_types(api) or api.plain_inputs.get("disableExecuteApiEndpoint") is True:
            continue
        if not any(n.id == CALLERS_NODE for n in model.nodes):
            model.nodes.insert(0, Node(id=CALLERS_NODE, kind="callers", label="Callers",
                                       box="apigateway", detail=["default execute-api endpoints"]))
        edges.add(CALLERS_NODE, held.get(api.urn), "traffic", "HTTPS 443")


def is_ingress_type(token: str) -> bool:
    return normal_type(token) in ("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
                                  "aws:ec2/securityGroupRule:SecurityGroupRule")
