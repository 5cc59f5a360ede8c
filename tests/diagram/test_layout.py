"""The layout is readable: nothing overlaps, everything sits inside its box, and the writers draw it all."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

import pytest

from private_apis.diagram.build import build_model
from private_apis.diagram.geometry import Rect
from private_apis.diagram.layout import layout
from private_apis.diagram.png import to_png
from private_apis.diagram.svg import to_svg

SVG = "{http://www.w3.org/2000/svg}"
BOXES = ("area", "vpc", "az", "subnet")


def _inside(inner: Rect, outer: Rect) -> bool:
    return outer.x <= inner.x and outer.y <= inner.y and inner.right <= outer.right and inner.bottom <= outer.bottom


@pytest.fixture(scope="module", params=["dev", "native", "prod", "insecure"])
def drawn(request, stack_preview, insecure_preview):
    result = insecure_preview if request.param == "insecure" else stack_preview(request.param)
    model = build_model(result)
    return model, layout(model)


def test_nodes_and_labels_do_not_overlap(drawn):
    _, placed = drawn
    nodes = [s for s in placed.shapes if s.kind not in BOXES and s.kind != "group"]
    for a, b in itertools.combinations(nodes, 2):
        assert not a.rect.overlaps(b.rect), (a.id, b.id)
    labels = [e.label_rect for e in placed.edges if e.label_rect is not None]
    for a, b in itertools.combinations(labels, 2):
        assert not a.overlaps(b)
    for label in labels:
        assert not any(label.overlaps(n.rect) for n in nodes), label


def test_every_node_and_box_sits_inside_its_container(drawn):
    model, placed = drawn
    rects = {s.id: s.rect for s in placed.shapes}
    for node in model.nodes:
        assert _inside(rects[node.id], rects[node.box]), node.label
    for box in model.boxes:
        if box.parent:
            assert _inside(rects[box.id], rects[box.parent]), box.label
    areas = [rects[b.id] for b in model.boxes if b.kind == "area"]
    for a, b in itertools.combinations(areas, 2):
        assert not a.overlaps(b)
    assert all(_inside(r, Rect(0, 0, placed.width, placed.height)) for r in rects.values())


def test_svg_has_an_element_per_box_node_and_edge(drawn):
    model, placed = drawn
    root = ET.fromstring(to_svg(placed))
    assert (root.tag, root.get("width"), root.get("height")) == (f"{SVG}svg", str(round(placed.width)),
                                                                  str(round(placed.height)))
    drawn_ids = {g.get("data-id") for g in root.iter(f"{SVG}g") if g.get("data-id")}
    assert {n.id for n in model.nodes} | {b.id for b in model.boxes} <= drawn_ids
    lines = root.findall(f"./{SVG}g/{SVG}polyline")
    assert len(lines) == len(model.edges)
    texts = {t.text for t in root.iter(f"{SVG}text")}
    assert {f"{b.label}  {b.detail}" for b in model.boxes if b.kind == "subnet" and not b.marks} <= texts


def test_png_is_drawn_from_the_same_layout(drawn, tmp_path):
    from PIL import Image

    _, placed = drawn
    path = tmp_path / "picture.png"
    to_png(placed, str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(path) as image:
        assert image.size == (round(placed.width * 2), round(placed.height * 2))
