"""VPCs, availability zones and subnets as nested boxes, and the box a resource's network interfaces put it in."""

from __future__ import annotations

from dataclasses import dataclass, field

from private_apis.diagram.model import Box
from private_apis.diagram.references import References
from private_apis.engine.recorder import Graph

VPC = "aws:ec2/vpc:Vpc"
SUBNET = "aws:ec2/subnet:Subnet"
SIMULATED_DATACENTRE_ROLE = "simulated-onprem"
"""The ``role`` tag components/onprem_domain.py puts on the VPC that stands in for the data centre."""


@dataclass
class Network:
    boxes: list[Box] = field(default_factory=list)
    vpc_box_of: dict[str, str] = field(default_factory=dict)
    """VPC id (as inputs name it) -> VPC box id."""
    subnet_box_of: dict[str, str] = field(default_factory=dict)
    """Subnet id -> subnet box id."""
    vpc_of_subnet: dict[str, str] = field(default_factory=dict)
    """Subnet box id -> VPC box id."""
    datacentre_vpcs: list[str] = field(default_factory=list)

    def placement(self, subnet_ids: list[str], vpc_id: str | None = None) -> tuple[str | None, list[str]]:
        """The box a resource with interfaces in these subnets sits in (the subnet, or the VPC when it spans
        several), and the subnet boxes it uses."""
        subnets = [self.subnet_box_of[s] for s in subnet_ids if s in self.subnet_box_of]
        subnets = list(dict.fromkeys(subnets))
        if len(subnets) == 1:
            return subnets[0], subnets
        if subnets:
            return self.vpc_of_subnet[subnets[0]], subnets
        return self.vpc_box_of.get(vpc_id or ""), []


def _az_sort_key(box: Box) -> tuple[str, str]:
    return (box.label, box.id)


def build_network(graph: Graph, refs: References) -> Network:
    network = Network()
    for vpc in graph.of_type(VPC):
        tags = vpc.plain_inputs.get("tags") or {}
        simulated = isinstance(tags, dict) and tags.get("role") == SIMULATED_DATACENTRE_ROLE
        label = f"Simulated data centre: {vpc.name}" if simulated else f"VPC {vpc.name}"
        box = Box(id=vpc.urn, kind="vpc", label=label, parent="datacentre" if simulated else "aws",
                  detail=str(vpc.plain_inputs.get("cidrBlock") or ""), urns=[vpc.urn])
        network.boxes.append(box)
        if simulated:
            network.datacentre_vpcs.append(box.id)
        if vpc.id:
            network.vpc_box_of[vpc.id] = box.id
    azs: dict[str, Box] = {}
    subnets: list[Box] = []
    for subnet in graph.of_type(SUBNET):
        inputs = subnet.plain_inputs
        vpc_box = network.vpc_box_of.get(str(inputs.get("vpcId")))
        if vpc_box is None:
            continue
        zone = str(inputs.get("availabilityZone") or inputs.get("availabilityZoneId") or "zone not set")
        az_id = f"{vpc_box}#az:{zone}"
        azs.setdefault(az_id, Box(id=az_id, kind="az", label=zone, parent=vpc_box))
        subnets.append(Box(id=subnet.urn, kind="subnet", label=subnet.name, parent=az_id,
                           detail=str(inputs.get("cidrBlock") or ""), urns=[subnet.urn]))
        if subnet.id:
            network.subnet_box_of[subnet.id] = subnet.urn
        network.vpc_of_subnet[subnet.urn] = vpc_box
    network.boxes += sorted(azs.values(), key=_az_sort_key) + subnets
    return network
