"""The edges of the picture: who sends traffic to whom, on which port, read from the resources that carry it
(listeners and target groups, VPC links, integrations, endpoint configurations, base path mappings, DNS records,
security group ingress rules, peering and gateway routes)."""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Iterator
from typing import Any

import yaml

from private_apis.diagram.folding import forwarded_target_groups
from private_apis.diagram.model import Edge
from private_apis.diagram.nodes import endpoint_types, normal_type
from private_apis.diagram.references import References, as_list
from private_apis.engine.recorder import Graph, RecordedResource

_PORT_IN_URI = re.compile(r"^[a-z]+://[^/:]+:(\d+)")


def _port(value: object) -> str:
    return str(int(value)) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value or "")


class Edges:
    """Edges in the order found, one per (source, target); a second reason for the same pair adds to the label."""

    def __init__(self) -> None:
        self.items: list[Edge] = []

    def add(self, source: str | None, target: str | None, kind: str, label: str, *, merge: bool = True) -> None:
        if not source or not target or source == target:
            return
        for edge in self.items:
            if (edge.source, edge.target) == (source, target):
                if merge and label and label not in edge.label.split(", "):
                    edge.label = f"{edge.label}, {label}" if edge.label else label
                return
        self.items.append(Edge(source=source, target=target, kind=kind, label=label))


def of_type(graph: Graph, token: str) -> Iterator[RecordedResource]:
    return (r for r in graph.resources if normal_type(r.type) == token)


def listener_labels(graph: Graph, refs: References, balancer_urn: str) -> list[str]:
    return [f"{listener.plain_inputs.get('protocol') or 'TCP'} {_port(listener.plain_inputs.get('port'))}"
            for listener in of_type(graph, "aws:lb/listener:Listener")
            if refs.urn(listener.plain_inputs.get("loadBalancerArn")) == balancer_urn]


def load_balancer_edges(graph: Graph, refs: References, held: dict[str, str], edges: Edges) -> None:
    """Load balancer -> each registered target, ``listener port -> target port``. An IP target (an endpoint's
    interface addresses) is traced to the resource the address came from, through the attachment's dependencies."""
    attachments = list(of_type(graph, "aws:lb/targetGroupAttachment:TargetGroupAttachment"))
    for listener in of_type(graph, "aws:lb/listener:Listener"):
        inputs = listener.plain_inputs
        balancer = held.get(refs.urn(inputs.get("loadBalancerArn")) or "")
        for group_arn in forwarded_target_groups(inputs):
            group = refs.resource(group_arn)
            for attachment in attachments:
                if group is None or refs.urn(attachment.plain_inputs.get("targetGroupArn")) != group.urn:
                    continue
                a_inputs = attachment.plain_inputs
                target = refs.urn(a_inputs.get("targetId"))
                if target is None:
                    target = next(iter(attachment.property_dependencies.get("targetId") or []), None)
                target_port = _port(a_inputs.get("port") or group.plain_inputs.get("port"))
                label = f"{inputs.get('protocol') or 'TCP'} {_port(inputs.get('port'))} -> {target_port}"
                edges.add(balancer, held.get(target or ""), "traffic", label)


def api_gateway_edges(graph: Graph, refs: References, held: dict[str, str], edges: Edges) -> None:
    """VPC link -> load balancer, API -> integration target, endpoint -> private API, domain -> API."""
    _vpc_link_edges(graph, refs, held, edges)
    _integration_edges(graph, refs, held, edges)
    _private_api_edges(graph, refs, held, edges)
    _domain_edges(graph, refs, held, edges)


def _vpc_link_edges(graph: Graph, refs: References, held: dict[str, str], edges: Edges) -> None:
    links = (*of_type(graph, "aws:apigateway/vpcLink:VpcLink"), *of_type(graph, "aws:apigatewayv2/vpcLink:VpcLink"))
    for link in links:
        inputs = link.plain_inputs
        for target in refs.urns(as_list(inputs.get("targetArn")) + as_list(inputs.get("targetArns"))):
            edges.add(held.get(link.urn), held.get(target), "traffic", ", ".join(listener_labels(graph, refs, target)))


def _integration_edges(graph: Graph, refs: References, held: dict[str, str], edges: Edges) -> None:
    for integration in (*of_type(graph, "aws:apigateway/integration:Integration"),
                        *of_type(graph, "aws:apigatewayv2/integration:Integration")):
        inputs = integration.plain_inputs
        api = held.get(integration.urn)
        kind = str(inputs.get("type") or inputs.get("integrationType") or "")
        uri = str(inputs.get("uri") or inputs.get("integrationUri") or "")
        port = _PORT_IN_URI.match(uri)
        label = f"{kind} :{port.group(1)}" if port else kind
        via = refs.urn(inputs.get("connectionId"))
        target = held.get(via or "") or held.get(refs.urn(uri) or "")
        edges.add(api, target, "traffic", label)
    for api in of_type(graph, "aws:apigateway/restApi:RestApi"):
        for route, integration in openapi_integrations(api.plain_inputs.get("body")):
            target = refs.urn(integration.get("connectionId")) or refs.urn(integration.get("uri"))
            edges.add(held.get(api.urn), held.get(target or ""), "traffic", route)


def _private_api_edges(graph: Graph, refs: References, held: dict[str, str], edges: Edges) -> None:
    for api in of_type(graph, "aws:apigateway/restApi:RestApi"):
        if "PRIVATE" not in endpoint_types(api):
            continue
        config = api.plain_inputs.get("endpointConfiguration") or {}
        for endpoint in refs.urns(as_list(config.get("vpcEndpointIds"))):
            edges.add(held.get(endpoint), held.get(api.urn), "traffic", "HTTPS 443")


def _domain_edges(graph: Graph, refs: References, held: dict[str, str], edges: Edges) -> None:
    for mapping in of_type(graph, "aws:apigateway/basePathMapping:BasePathMapping"):
        inputs = mapping.plain_inputs
        path = f"/{inputs.get('basePath') or ''}"
        stage = f" ({inputs['stageName']})" if inputs.get("stageName") else ""
        edges.add(held.get(mapping.urn), held.get(refs.urn(inputs.get("restApi")) or ""), "traffic", f"{path}{stage}")
    for access in of_type(graph, "aws:apigateway/domainNameAccessAssociation:DomainNameAccessAssociation"):
        inputs = access.plain_inputs
        edges.add(held.get(refs.urn(inputs.get("accessAssociationSource")) or ""), held.get(access.urn), "traffic",
                  "HTTPS 443")


def openapi_integrations(body: Any) -> Iterator[tuple[str, dict]]:
    """``("GET /entities", integration)`` for each operation of a REST API's OpenAPI ``body`` that has an
    ``x-amazon-apigateway-integration`` (API Gateway Developer Guide, "OpenAPI extensions for API Gateway"); the
    body is JSON or YAML, as ``PutRestApi`` takes either."""
    if not isinstance(body, str) or not body.strip():
        return
    try:
        document = json.loads(body)
    except ValueError:
        try:
            document = yaml.safe_load(body)
        except yaml.YAMLError:
            return
    paths = document.get("paths") if isinstance(document, dict) else None
    for path, operations in (paths or {}).items() if isinstance(paths, dict) else ():
        for method, operation in (operations or {}).items() if isinstance(operations, dict) else ():
            integration = operation.get("x-amazon-apigateway-integration") if isinstance(operation, dict) else None
            if isinstance(integration, dict):
                verb = "ANY" if method == "x-amazon-apigateway-any-method" else str(method).upper()
                yield f"{verb} {path}", integration


def dns_edges(graph: Graph, refs: References, held: dict[str, str], edges: Edges) -> None:
    """Zone -> what each alias record points at, labelled with the record's name."""
    for record in of_type(graph, "aws:route53/record:Record"):
        inputs = record.plain_inputs
        for alias in as_list(inputs.get("aliases")):
            if isinstance(alias, dict):
                name = str(alias.get("name") or "").rstrip(".")
                target = refs.urn(name) or refs.urn(f"dualstack.{name}") or refs.urn(name.removeprefix("dualstack."))
                edges.add(held.get(record.urn), held.get(target or ""), "dns", str(inputs.get("name") or ""),
                          merge=True)


def network_edges(graph: Graph, refs: References, held: dict[str, str], edges: Edges) -> None:
    for peering in of_type(graph, "aws:ec2/vpcPeeringConnection:VpcPeeringConnection"):
        inputs = peering.plain_inputs
        edges.add(held.get(refs.urn(inputs.get("peerVpcId")) or ""), held.get(refs.urn(inputs.get("vpcId")) or ""),
                  "network", "VPC peering")


def rule_label(protocol: object, from_port: object, to_port: object) -> str:
    protocol = str(protocol if protocol is not None else "tcp").lower()
    if protocol in ("-1", "all"):
        return "all traffic"
    low, high = _port(from_port), _port(to_port)
    return f"{protocol} {low}" if low == high or not high else f"{protocol} {low}-{high}"


def cidr_contains(outer: str, inner: str) -> bool:
    try:
        return ipaddress.ip_network(inner, strict=False).subnet_of(ipaddress.ip_network(outer, strict=False))
    except (TypeError, ValueError):
        return False
