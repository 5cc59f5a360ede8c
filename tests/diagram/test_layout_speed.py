"""A large program lays out quickly: edges are tested against nearby nodes only, exactly."""

from __future__ import annotations

import time

from private_apis.diagram.geometry import Rect
from private_apis.diagram.layout import layout
from private_apis.diagram.model import Box, Edge, Model, Node
from private_apis.diagram.routing import _crosses


def _big_model(count: int = 500) -> Model:
    boxes = [Box("aws", "area", "AWS region", None), Box("vpc", "vpc", "VPC vpc", "aws", "10.0.0.0/16")]
    boxes += [Box(f"az{z}", "az", f"eu-west-1{'abc'[z]}", "vpc") for z in range(3)]
    boxes += [Box(f"sub{i}", "subnet", f"sub{i}", f"az{i % 3}", f"10.0.{i}.0/24") for i in range(12)]
    nodes = [Node(f"n{i}", "instance", f"inst{i}", f"sub{i % 12}", ["EC2 t3.micro"], [f"sub{i % 12}"])
             for i in range(count)]
    edges = [Edge(f"n{i}", f"n{(i * 7 + k) % count}", "traffic", "tcp 443") for i in range(count) for k in (1, 13)]
    return Model(stack="dev", project="big", boxes=boxes, nodes=nodes, edges=edges)


def test_a_500_resource_program_lays_out_in_under_3_seconds():
    model = _big_model()
    began = time.perf_counter()
    placed = layout(model)
    assert time.perf_counter() - began < 3.0
    assert len(placed.edges) == len(model.edges)


def test_crossing_is_exact():
    box = Rect(10, 10, 10, 10)
    assert _crosses((0, 0), (30, 30), box) and not _crosses((0, 12), (9, 30), box)
    # A corner clipped by less than the old 3-unit sampling step still counts.
    assert _crosses((17, 0), (30, 13), Rect(0, 0, 20, 20))
    assert not _crosses((0, 10), (30, 10), Rect(0, 10, 20, 20))
