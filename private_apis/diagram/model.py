"""The intermediate model of a stack's architecture picture: boxes, nodes, edges and marks, as plain data.

Everything the picture shows is decided here (which resource sits in which box, which edges exist, what is marked
red); the layout and the writers only place and draw it. Tests assert on this model, and ``docs/`` keeps it as JSON
next to each picture so a stale picture is caught by comparing models, never rendered bytes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

MODEL_VERSION = 1

AREAS = ("internet", "datacentre", "route53", "aws", "apigateway", "lambda", "other")
"""The boxes outside every VPC, left to right as traffic usually flows (the internet and the data centre call in)."""

AREA_TITLES = {
    "internet": "Internet",
    "datacentre": "Data centre",
    "route53": "Route 53",
    "aws": "AWS region",
    "apigateway": "API Gateway",
    "lambda": "Lambda",
    "other": "Other resources",
}


@dataclass
class Mark:
    """What a policy pack reported on a resource drawn in (or folded into) an element."""

    policy: str
    level: str
    urn: str

    @property
    def mandatory(self) -> bool:
        return self.level in ("mandatory", "remediate")


@dataclass
class Box:
    """A container: an outside area, a VPC, an availability zone or a subnet."""

    id: str
    kind: str
    """``area``, ``vpc``, ``az`` or ``subnet``."""
    label: str
    parent: str | None
    detail: str = ""
    """The CIDR of a VPC or subnet."""
    urns: list[str] = field(default_factory=list)
    """The resources this box stands for (a VPC box: the VPC, its route tables, security groups, flow logs...)."""
    marks: list[Mark] = field(default_factory=list)


@dataclass
class Node:
    """One drawn thing: a resource (or a few merged, such as a VPC's SSM endpoints) in the box it uses."""

    id: str
    kind: str
    """``nlb``, ``alb``, ``instance``, ``endpoint``, ``function``, ``api``, ``vpc-link``, ``domain``, ``zone``,
    ``resolver``, ``gateway`` (internet or NAT), ``datacentre`` or ``callers``."""
    label: str
    box: str
    detail: list[str] = field(default_factory=list)
    subnets: list[str] = field(default_factory=list)
    """Every subnet the resource has a network interface in; ``box`` is the subnet when there is one, else the VPC."""
    urns: list[str] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)


@dataclass
class Edge:
    """Traffic (or DNS, or a network link) from one element to another, labelled with what crosses it."""

    source: str
    target: str
    kind: str
    """``traffic``, ``dns`` or ``network``."""
    label: str


@dataclass
class GroupEntry:
    """Resources the picture does not draw on their own, one line per type."""

    type: str
    urns: list[str]
    marks: list[Mark] = field(default_factory=list)


@dataclass
class Model:
    stack: str
    project: str
    boxes: list[Box] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    other: list[GroupEntry] = field(default_factory=list)
    stack_marks: list[Mark] = field(default_factory=list)
    """Violations of the stack as a whole (``AnalyzeStack`` without a resource)."""
    components: list[str] = field(default_factory=list)
    """Component resources: they group the program's code, not AWS, so they are listed, not drawn."""

    def box(self, box_id: str) -> Box:
        return next(b for b in self.boxes if b.id == box_id)

    def node(self, node_id: str) -> Node:
        return next(n for n in self.nodes if n.id == node_id)

    def element_of(self, urn: str) -> Box | Node | GroupEntry | None:
        """The box, node or group entry that stands for a resource."""
        for element in (*self.nodes, *self.boxes, *self.other):
            if urn in element.urns:
                return element
        return None

    def to_json(self) -> dict[str, Any]:
        return {"version": MODEL_VERSION, **asdict(self)}


def from_json(document: dict[str, Any]) -> Model:
    """A model back from :meth:`Model.to_json` (``docs/diagram-<stack>.json``)."""

    def marks(items: list[dict[str, Any]]) -> list[Mark]:
        return [Mark(**m) for m in items]

    return Model(
        stack=document["stack"], project=document["project"],
        boxes=[Box(**{**b, "marks": marks(b["marks"])}) for b in document["boxes"]],
        nodes=[Node(**{**n, "marks": marks(n["marks"])}) for n in document["nodes"]],
        edges=[Edge(**e) for e in document["edges"]],
        other=[GroupEntry(**{**g, "marks": marks(g["marks"])}) for g in document["other"]],
        stack_marks=marks(document["stack_marks"]), components=list(document["components"]))
