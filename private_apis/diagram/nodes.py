"""The resources drawn as nodes of their own, and the box each goes in."""

from __future__ import annotations

from collections.abc import Callable

from private_apis.diagram.model import Node
from private_apis.diagram.network import Network
from private_apis.diagram.references import as_list
from private_apis.engine.recorder import RecordedResource, is_secret


def shown(resource: RecordedResource, key: str) -> str:
    """An input as the picture may print it: a secret one (the program wrapped it in ``pulumi.Output.secret``) is
    ``[secret]``, as ``preview`` prints it."""
    value = resource.inputs.get(key)
    if value is None:
        return ""
    return "[secret]" if is_secret(value) else str(value)


def normal_type(token: str) -> str:
    """``aws:alb/...`` is the provider's alias module of ``aws:lb/...`` (same resources, same inputs)."""
    return token.replace("aws:alb/", "aws:lb/", 1)


def _load_balancer(r: RecordedResource, network: Network) -> Node:
    inputs = r.plain_inputs
    subnet_ids = as_list(inputs.get("subnets")) + [m.get("subnetId") for m in as_list(inputs.get("subnetMappings"))
                                                   if isinstance(m, dict)]
    box, subnets = network.placement(subnet_ids)
    kind = {"network": "nlb", "gateway": "gwlb"}.get(str(inputs.get("loadBalancerType")), "alb")
    scheme = "internal" if inputs.get("internal") is True else "internet-facing"
    return Node(id=r.urn, kind=kind, label=r.name, box=box or "aws", subnets=subnets,
                detail=[f"{kind.upper()}, {scheme}"], urns=[r.urn])


def _instance(r: RecordedResource, network: Network) -> Node:
    inputs = r.plain_inputs
    box, subnets = network.placement([inputs.get("subnetId")])
    detail = [f"EC2 {inputs.get('instanceType') or ''}".strip()]
    if inputs.get("associatePublicIpAddress") is True:
        detail.append("public IP")
    return Node(id=r.urn, kind="instance", label=r.name, box=box or "aws", subnets=subnets, detail=detail,
                urns=[r.urn])


def service_of(endpoint: RecordedResource) -> str:
    """``com.amazonaws.eu-west-1.execute-api`` -> ``execute-api``."""
    return str(endpoint.plain_inputs.get("serviceName") or "").rsplit(".", 1)[-1] or "endpoint"


def _endpoint(r: RecordedResource, network: Network) -> Node:
    inputs = r.plain_inputs
    box, subnets = network.placement(as_list(inputs.get("subnetIds")), inputs.get("vpcId"))
    kind = str(inputs.get("vpcEndpointType") or "Gateway")
    detail = [f"VPC endpoint {service_of(r)} ({kind})"]
    if kind == "Interface":
        detail.append("private DNS" if inputs.get("privateDnsEnabled") is True else "no private DNS")
    return Node(id=r.urn, kind="endpoint", label=r.name, box=box or "aws", subnets=subnets, detail=detail,
                urns=[r.urn])


def _function(r: RecordedResource, network: Network) -> Node:
    inputs = r.plain_inputs
    vpc_config = inputs.get("vpcConfig") or {}
    box, subnets = network.placement(as_list(vpc_config.get("subnetIds")), vpc_config.get("vpcId"))
    detail = [f"Lambda {shown(r, 'runtime')}".strip()]
    if shown(r, "description"):
        detail.append(shown(r, "description"))
    return Node(id=r.urn, kind="function", label=r.name, box=box or "lambda", subnets=subnets, detail=detail,
                urns=[r.urn])


def endpoint_types(r: RecordedResource) -> list[str]:
    config = r.plain_inputs.get("endpointConfiguration") or {}
    return [str(t) for t in as_list(config.get("types"))] or ["EDGE"]


def _rest_api(r: RecordedResource, network: Network) -> Node:
    return Node(id=r.urn, kind="api", label=r.name, box="apigateway",
                detail=[f"REST API, {'/'.join(endpoint_types(r))}"], urns=[r.urn])


def _http_api(r: RecordedResource, network: Network) -> Node:
    protocol = r.plain_inputs.get("protocolType") or "HTTP"
    return Node(id=r.urn, kind="api", label=r.name, box="apigateway", detail=[f"{protocol} API (v2)"], urns=[r.urn])


def _vpc_link(r: RecordedResource, network: Network) -> Node:
    inputs = r.plain_inputs
    _, subnets = network.placement(as_list(inputs.get("subnetIds")))
    return Node(id=r.urn, kind="vpc-link", label=r.name, box="apigateway", subnets=subnets, detail=["VPC link"],
                urns=[r.urn])


def _domain(r: RecordedResource, network: Network) -> Node:
    name = r.plain_inputs.get("domainName") or r.name
    return Node(id=r.urn, kind="domain", label=str(name), box="apigateway",
                detail=[f"custom domain, {'/'.join(endpoint_types(r))}"], urns=[r.urn])


def _zone(r: RecordedResource, network: Network) -> Node:
    inputs = r.plain_inputs
    private = bool(inputs.get("vpcs"))
    return Node(id=r.urn, kind="zone", label=str(inputs.get("name") or r.name), box="route53",
                detail=[f"{'private' if private else 'public'} hosted zone"], urns=[r.urn])


def _resolver(r: RecordedResource, network: Network) -> Node:
    inputs = r.plain_inputs
    subnet_ids = [a.get("subnetId") for a in as_list(inputs.get("ipAddresses")) if isinstance(a, dict)]
    box, subnets = network.placement(subnet_ids)
    direction = str(inputs.get("direction") or "").lower()
    return Node(id=r.urn, kind="resolver", label=r.name, box=box or "route53", subnets=subnets,
                detail=[f"Route 53 Resolver, {direction}".rstrip(", ")], urns=[r.urn])


def _internet_gateway(r: RecordedResource, network: Network) -> Node:
    box = network.vpc_box_of.get(str(r.plain_inputs.get("vpcId")))
    return Node(id=r.urn, kind="gateway", label=r.name, box=box or "aws", detail=["Internet gateway"], urns=[r.urn])


def _nat_gateway(r: RecordedResource, network: Network) -> Node:
    box, subnets = network.placement([r.plain_inputs.get("subnetId")])
    scheme = "private" if r.plain_inputs.get("connectivityType") == "private" else "public"
    return Node(id=r.urn, kind="gateway", label=r.name, box=box or "aws", subnets=subnets,
                detail=[f"NAT gateway, {scheme}"], urns=[r.urn])


NODE_BUILDERS: dict[str, Callable[[RecordedResource, Network], Node]] = {
    "aws:lb/loadBalancer:LoadBalancer": _load_balancer,
    "aws:ec2/instance:Instance": _instance,
    "aws:ec2/vpcEndpoint:VpcEndpoint": _endpoint,
    "aws:lambda/function:Function": _function,
    "aws:apigateway/restApi:RestApi": _rest_api,
    "aws:apigatewayv2/api:Api": _http_api,
    "aws:apigateway/vpcLink:VpcLink": _vpc_link,
    "aws:apigatewayv2/vpcLink:VpcLink": _vpc_link,
    "aws:apigateway/domainName:DomainName": _domain,
    "aws:apigatewayv2/domainName:DomainName": _domain,
    "aws:route53/zone:Zone": _zone,
    "aws:route53/resolverEndpoint:ResolverEndpoint": _resolver,
    "aws:ec2/internetGateway:InternetGateway": _internet_gateway,
    "aws:ec2/natGateway:NatGateway": _nat_gateway,
}


def merge_support_endpoints(nodes: list[Node], resources: dict[str, RecordedResource]) -> list[Node]:
    """One node for a VPC's interface endpoints to AWS services (SSM, logs...) that share subnets and security
    groups: they are plumbing that a reader takes in at once. execute-api endpoints, which carry the APIs' traffic,
    stay nodes of their own."""
    merged: dict[tuple, Node] = {}
    kept: list[Node] = []
    for node in nodes:
        resource = resources[node.id]
        inputs = resource.plain_inputs
        if node.kind != "endpoint" or service_of(resource) == "execute-api" \
                or inputs.get("vpcEndpointType") != "Interface":
            kept.append(node)
            continue
        key = (node.box, tuple(node.subnets), tuple(sorted(as_list(inputs.get("securityGroupIds")))))
        if key not in merged:
            merged[key] = Node(id=node.id, kind="endpoint", label="interface endpoints", box=node.box,
                               subnets=node.subnets, detail=[], urns=[])
            kept.append(merged[key])
        merged[key].urns.append(node.id)
        merged[key].detail = [", ".join(service_of(resources[u]) for u in merged[key].urns)]
    for node in merged.values():
        if len(node.urns) == 1:
            only = resources[node.urns[0]]
            node.label, node.detail = only.name, [f"VPC endpoint {service_of(only)} (Interface)"]
    return kept
