"""Which subnets route the internet through an internet gateway, and what the stack places in them (no policy).

A subnet is public when the route table that applies to it sends a world range to an internet gateway: the
destinations of its internet-gateway routes together cover ``0.0.0.0/0`` or ``2000::/3`` (``core.world_covered``,
so ``0.0.0.0/1`` + ``128.0.0.0/1`` or ``::/0`` count). Routes are a table's inline ``routes`` (``ec2.RouteTable``,
``ec2.DefaultRouteTable``) and ``ec2.Route`` resources; the target is ``gatewayId`` naming an
``ec2.InternetGateway`` (``igw-`` id, or a property dependency on one). NAT gateways, transit and virtual private
gateways, endpoints and ``ec2.EgressOnlyInternetGateway`` (outbound-only IPv6,
https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html) are not inbound paths.

The table of a subnet is its ``ec2.RouteTableAssociation``'s; without one, the VPC's main table: the one an
``ec2.MainRouteTableAssociation`` names, else the VPC's default table (the VPC's ``mainRouteTableId`` /
``defaultRouteTableId``, adopted by an ``ec2.DefaultRouteTable``)
(https://docs.aws.amazon.com/vpc/latest/userguide/RouteTables.html#RouteTables). Links follow property
dependencies, known in a first preview, then literal ids (EC2 ARNs carry the ids of declared resources). A subnet,
table or gateway the stack does not declare cannot be seen, and is not judged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pulumi_policy import PolicyResource
from pulumi_policy.proxy import UnknownValueError

from private_api_guard import types
from private_api_guard.core import as_list
from private_api_guard.ec2.elastic_ips import ElasticIpView
from private_api_guard.network_rules import (
    LOAD_BALANCER_TYPES,
    Network,
    arn_id,
    count,
    is_true,
    known_str,
    linked,
    port_number,
    world_cover,
)

TABLE_SOURCES = (types.ROUTE_TABLE, types.DEFAULT_ROUTE_TABLE, types.VPC)
"""What a ``routeTableId`` can come from: a table, or a VPC's ``mainRouteTableId`` / ``defaultRouteTableId``."""
GATEWAY_SOURCES = (types.INTERNET_GATEWAY, types.VPN_GATEWAY)
"""What a route's ``gatewayId`` can come from."""
SUBNETS = (types.SUBNET,)


@dataclass(frozen=True)
class RouteEntry:
    """One route to an internet gateway: ``label`` names it (``route public-default`` or ``routes[0]``)."""

    label: str
    destination: str
    gateway: str


@dataclass(frozen=True)
class PublicRoute:
    """A table's internet-gateway routes that together send ``world`` to the internet."""

    table: str
    world: Network
    routes: tuple[RouteEntry, ...]

    def describe(self) -> str:
        gateways = " and ".join(dict.fromkeys(r.gateway for r in self.routes))
        routes = ", ".join(f"{r.label} {r.destination}" for r in self.routes)
        return f"{self.table} sends {self.world} to {gateways} ({routes})"


class Routing:
    """The stack's route tables, internet-gateway routes and subnet associations (indexes built once)."""

    def __init__(self, resources: Iterable[PolicyResource]) -> None:
        self.by_type: dict[str, list[PolicyResource]] = defaultdict(list)
        for resource in resources:
            self.by_type[resource.resource_type].append(resource)
        self.unknowns: list[UnknownValueError] = []
        self._ids: dict[str, dict[str, Any]] = defaultdict(dict)
        for kind, token in (("subnet", types.SUBNET), ("vpc", types.VPC), ("igw", types.INTERNET_GATEWAY)):
            for resource in self.by_type[token]:
                if (rid := arn_id(resource)) is not None:
                    self._ids[kind][rid] = resource
        self._labels: dict[str, str] = {}
        self._index_tables()
        self._routes: dict[str, list[tuple[str, RouteEntry]]] = defaultdict(list)
        for table in self.by_type[types.ROUTE_TABLE] + self.by_type[types.DEFAULT_ROUTE_TABLE]:
            self._guard(lambda t=table: self._inline_routes(t))
        for route in self.by_type[types.ROUTE]:
            self._guard(lambda r=route: self._route(r))
        self._public = {key: self._public_routes(key) for key in self._routes}
        self._main: dict[str, str | None] = {}
        for association in self.by_type[types.MAIN_ROUTE_TABLE_ASSOCIATION]:
            vpc = self.vpc_of(association)
            if vpc is not None:
                self._main[vpc.urn] = self.table_of(association)
        self._explicit: dict[str, str | None] = {}
        for association in self.by_type[types.ROUTE_TABLE_ASSOCIATION]:
            for subnet in self.subnets(association, "subnetId"):
                self._explicit[subnet.urn] = self.table_of(association)

    def _guard(self, read: Callable[[], None]) -> None:
        try:
            read()
        except UnknownValueError as exc:
            self.unknowns.append(exc)

    # -- tables

    def _index_tables(self) -> None:
        self._table_ids: dict[str, str] = {}
        for vpc in self.by_type[types.VPC]:
            key = _default_key(vpc)
            self._labels[key] = f"the default route table of VPC {vpc.name}"
            for prop in ("mainRouteTableId", "defaultRouteTableId"):
                if (rid := known_str(vpc.props, prop)) is not None:
                    self._table_ids[rid] = key
        self._default_tables: dict[str, str] = {}
        for table in self.by_type[types.DEFAULT_ROUTE_TABLE]:
            vpcs = linked(table, "defaultRouteTableId", (types.VPC,))
            rid = known_str(table.props, "defaultRouteTableId")
            key = _default_key(vpcs[0]) if vpcs else self._table_ids.get(rid or "", table.urn)
            self._default_tables[table.urn] = key
            self._labels[key] = f"route table {table.name}"
            for found in (rid, arn_id(table)):
                if found is not None:
                    self._table_ids[found] = key
        for table in self.by_type[types.ROUTE_TABLE]:
            self._labels[table.urn] = f"route table {table.name}"
            if (rid := arn_id(table)) is not None:
                self._table_ids[rid] = table.urn

    def _key(self, table: PolicyResource) -> str:
        if table.resource_type == types.VPC:
            return _default_key(table)
        return self._default_tables.get(table.urn, table.urn)

    def table_of(self, resource: PolicyResource, prop: str = "routeTableId") -> str | None:
        """The key of the table ``prop`` names, or None for a table the stack does not declare."""
        found = linked(resource, prop, TABLE_SOURCES)
        if found:
            return self._key(found[0])
        return self._table_ids.get(known_str(resource.props, prop) or "")

    def vpc_of(self, resource: PolicyResource, prop: str = "vpcId") -> PolicyResource | None:
        found = linked(resource, prop, (types.VPC,))
        return found[0] if found else self._ids["vpc"].get(known_str(resource.props, prop) or "")

    # -- routes

    def _gateway(self, resource: PolicyResource, prop: str, read: Callable[[], Any]) -> str | None:
        """``internet gateway <name or id>`` when the route targets one, else None; unknown raises.

        A known id is matched first; an unknown one is decided by the property dependencies of ``prop``, which
        for inline routes cover the whole ``routes`` list: only internet gateways there make it one.
        """
        try:
            value = read()
        except UnknownValueError:
            sources = linked(resource, prop, GATEWAY_SOURCES)
            if sources and all(s.resource_type == types.INTERNET_GATEWAY for s in sources):
                return f"internet gateway {sources[0].name}"
            if any(s.resource_type == types.INTERNET_GATEWAY for s in sources) or not sources:
                raise
            return None
        if not isinstance(value, str):
            return None
        if value in self._ids["igw"]:
            return f"internet gateway {self._ids['igw'][value].name}"
        return f"internet gateway {value}" if value.strip().startswith("igw-") else None

    def _inline_routes(self, table: PolicyResource) -> None:
        key = self._key(table)
        for i, entry in enumerate(as_list(table.props.get("routes"))):
            if not isinstance(entry, Mapping):
                continue
            gateway = self._gateway(table, "routes", lambda e=entry: e.get("gatewayId"))
            if gateway is not None:
                for field in ("cidrBlock", "ipv6CidrBlock"):
                    self._add(key, entry.get(field), RouteEntry(f"routes[{i}]", "", gateway))

    def _route(self, route: PolicyResource) -> None:
        key = self.table_of(route)
        if key is None:
            return
        gateway = self._gateway(route, "gatewayId", lambda: route.props.get("gatewayId"))
        if gateway is not None:
            for field in ("destinationCidrBlock", "destinationIpv6CidrBlock"):
                self._add(key, route.props.get(field), RouteEntry(f"route {route.name}", "", gateway))

    def _add(self, key: str, destination: Any, entry: RouteEntry) -> None:
        if isinstance(destination, str) and destination:
            self._routes[key].append((destination, RouteEntry(entry.label, destination, entry.gateway)))

    def _public_routes(self, key: str) -> list[PublicRoute]:
        label = self._labels.get(key, "a route table")
        return [PublicRoute(label, world, tuple(routes)) for world, routes in world_cover(self._routes[key])]

    # -- subnets

    def subnets(self, resource: PolicyResource, prop: str, *path: str) -> list[PolicyResource]:
        """The declared subnets ``prop`` (at ``path`` inside it, through lists) names: dependencies, then ids."""
        found = linked(resource, prop, SUBNETS)
        if found:
            return found
        return [self._ids["subnet"][i] for i in _known_strings(resource.props, prop, path) if i in self._ids["subnet"]]

    def public(self, subnet: PolicyResource) -> list[PublicRoute]:
        """How ``subnet`` reaches the internet through an internet gateway ([] for a private subnet)."""
        if subnet.urn in self._explicit:
            key = self._explicit[subnet.urn]
        else:
            vpc = self.vpc_of(subnet)
            key = None if vpc is None else self._main.get(vpc.urn, _default_key(vpc))
        return self._public.get(key, []) if key is not None else []


def _default_key(vpc: PolicyResource) -> str:
    return f"default-route-table:{vpc.urn}"


def _known_strings(value: Any, prop: str, path: tuple[str, ...]) -> list[str]:
    """The known strings at ``prop`` / ``path`` (descending through lists); unknown parts are skipped, as ids
    only link what property dependencies did not."""
    try:
        values = [value.get(prop)] if isinstance(value, Mapping) else []
        for key in path:
            values = [item.get(key) for v in values for item in as_list(v) if isinstance(item, Mapping)]
        return [s for v in values for s in as_list(v) if isinstance(s, str)]
    except UnknownValueError:
        return []


# -- what the stack places in subnets


@dataclass(frozen=True)
class Placement:
    """A resource placed in a subnet through ``field`` (``subnetId``, ``vpcZoneIdentifiers of ...``)."""

    resource: PolicyResource
    kind: str
    field: str
    subnet: PolicyResource


PLACED = {
    types.INSTANCE: ("instance", (("subnetId",),)),
    types.NETWORK_INTERFACE: ("network interface", (("subnetId",),)),
    types.LAUNCH_TEMPLATE: ("launch template", (("networkInterfaces", "subnetId"),)),
    types.ECS_SERVICE: ("ECS service", (("networkConfiguration", "subnets"),)),
    types.EKS_NODE_GROUP: ("EKS node group", (("subnetIds",),)),
    types.VPC_ENDPOINT: ("VPC endpoint", (("subnetIds",),)),
    types.LAMBDA_FUNCTION: ("Lambda function", (("vpcConfig", "subnetIds"),)),
    **{t: ("load balancer", (("subnets",), ("subnetMappings", "subnetId")))
       for t in (*LOAD_BALANCER_TYPES, types.ELB_LOAD_BALANCER)},
}
"""Resource type -> (kind, the property paths that name its subnets). NAT gateways are left out: their Elastic IP
is the one legitimate public address of a public subnet."""


def placements(routing: Routing) -> list[Placement]:
    """Every resource the stack places in a public subnet, once per (resource, subnet)."""
    found: dict[tuple[str, str], Placement] = {}

    def add(resource: PolicyResource, kind: str, field: str, subnets: Iterable[PolicyResource]) -> None:
        for subnet in subnets:
            if routing.public(subnet):
                found.setdefault((resource.urn, subnet.urn), Placement(resource, kind, field, subnet))

    for token, (kind, paths) in PLACED.items():
        for resource in routing.by_type[token]:
            for prop, *path in paths:
                add(resource, kind, ".".join((prop, *path)), routing.subnets(resource, prop, *path))
    for group in routing.by_type[types.AUTOSCALING_GROUP]:
        subnets = routing.subnets(group, "vpcZoneIdentifiers")
        for template in linked(group, "launchTemplate", (types.LAUNCH_TEMPLATE,)) + linked(
                group, "mixedInstancesPolicy", (types.LAUNCH_TEMPLATE,)):
            add(template, "launch template", f"vpcZoneIdentifiers of autoscaling group {group.name}", subnets)
    return list(found.values())


def public_addresses(placement: Placement, elastic_ips: Mapping[str, list[Any]]) -> dict[int, str]:
    """IP version -> why the placed resource holds a public address of that version there; unknowns raise.

    ``elastic_ips`` maps an instance or network interface URN to the Elastic IP bindings on it.
    """
    resource, subnet = placement.resource, placement.subnet
    props = resource.props
    found: dict[int, str] = {}
    if resource.resource_type in (types.INSTANCE, types.NETWORK_INTERFACE):
        bound = elastic_ips.get(resource.urn)
        if bound:
            found[4] = f"{bound[0].eip_label()} is bound to it"
        elif resource.resource_type == types.INSTANCE:
            found.update(_auto_ipv4([props], "associatePublicIpAddress", subnet))
        found.update(_ipv6([props], "", subnet))
    elif resource.resource_type == types.LAUNCH_TEMPLATE:
        interfaces = [i for i in as_list(props.get("networkInterfaces")) if isinstance(i, Mapping)]
        found.update(_auto_ipv4(interfaces or [{}], "networkInterfaces[{i}].associatePublicIpAddress", subnet))
        found.update(_ipv6(interfaces or [{}], "networkInterfaces[{i}].", subnet))
    elif resource.resource_type == types.ECS_SERVICE:
        configuration = props.get("networkConfiguration")
        if isinstance(configuration, Mapping) and is_true(configuration.get("assignPublicIp")):
            found[4] = "networkConfiguration.assignPublicIp is true"
    elif resource.resource_type == types.EKS_NODE_GROUP and is_true(subnet.props.get("mapPublicIpOnLaunch")):
        # Managed node groups give their nodes a public address exactly where the subnet assigns one on launch
        # (Amazon EKS User Guide, "Managed node groups": subnet requirements, MapPublicIpOnLaunch).
        found[4] = f"its nodes launch in subnet {subnet.name}, which sets mapPublicIpOnLaunch"
    return found


def _auto_ipv4(blocks: list[Mapping[str, Any]], field: str, subnet: PolicyResource) -> dict[int, str]:
    """A public IPv4 address from ``associatePublicIpAddress`` on any block, or from the subnet when none sets it."""
    values = [block.get("associatePublicIpAddress") for block in blocks]
    for i, value in enumerate(values):
        if is_true(value):
            return {4: f"{field.format(i=i)} is true"}
    if all(value is None for value in values) and is_true(subnet.props.get("mapPublicIpOnLaunch")):
        return {4: f"associatePublicIpAddress is unset and subnet {subnet.name} sets mapPublicIpOnLaunch"}
    return {}


def _ipv6(blocks: list[Mapping[str, Any]], prefix: str, subnet: PolicyResource) -> dict[int, str]:
    """IPv6 addresses (all global unicast in a VPC) from the blocks, or from the subnet when none asks."""
    counts = [port_number(block.get("ipv6AddressCount")) for block in blocks]
    for i, block in enumerate(blocks):
        if (counts[i] or 0) > 0 or count(block.get("ipv6Addresses")):
            return {6: f"{prefix.format(i=i)}ipv6AddressCount / ipv6Addresses give it IPv6 addresses"}
    if all(n is None for n in counts) and is_true(subnet.props.get("assignIpv6AddressOnCreation")):
        return {6: f"subnet {subnet.name} sets assignIpv6AddressOnCreation"}
    return {}


@dataclass
class SubnetExposure:
    """What both internet-route policies read: the placements in public subnets and the Elastic IPs on workloads."""

    routing: Routing
    placements: list[Placement]
    elastic_ips: Mapping[str, list[Any]]
    unknowns: list[UnknownValueError]

    def first_unknown(self) -> UnknownValueError | None:
        return self.unknowns[0] if self.unknowns else None


def subnet_exposure(resources: Iterable[PolicyResource]) -> SubnetExposure:
    """Index the stack once: routing, Elastic IP bindings, and what sits in each public subnet.

    A route that cannot be read matters only where something could be placed behind it, so a stack without
    workloads does not report "cannot decide" for it.
    """
    resources = list(resources)
    routing = Routing(resources)
    found = placements(routing)
    bound, unknown = ElasticIpView(resources).by_target() if found else ({}, [])
    placeable = any(routing.by_type[t] for t in (*PLACED, types.AUTOSCALING_GROUP))
    return SubnetExposure(routing, found, bound, [*(routing.unknowns if placeable else []), *unknown])
