"""Nodes as text boxes, stacked one under the other, and the builder that collects the shapes of a layout."""

from __future__ import annotations

from private_apis.diagram.geometry import LINE, Line, Rect, Shape, text_width
from private_apis.diagram.model import Box, Model, Node

PAD = 10
GAP = 28
"""Between stacked nodes: room for one edge label (LINE high) between them."""
TITLE = 22


def node_lines(node: Node) -> list[Line]:
    lines = [Line(node.label, "label"), *(Line(d, "detail") for d in node.detail)]
    lines += [Line(f"x {m.policy}", "mandatory") for m in node.marks if m.mandatory]
    advisory = sorted({m.policy for m in node.marks if not m.mandatory})
    if advisory:
        lines.append(Line(f"! {len(advisory)} advisory", "advisory"))
    return lines


def tooltip(node_or_box: Node | Box, lines: list[Line]) -> str:
    """The whole text of each line cut to fit, then the box's or node's policy marks."""
    return "\n".join([*(line.whole for line in lines if line.whole),
                      *(f"{m.level}: {m.policy}" for m in node_or_box.marks)])


def node_size(node: Node) -> tuple[float, float]:
    lines = node_lines(node)
    return max(150.0, max(text_width(line.text) for line in lines) + 2 * PAD), len(lines) * LINE + 2 * 6


class Builder:
    def __init__(self, model: Model) -> None:
        self.model = model
        self.shapes: list[Shape] = []
        self.children: dict[str, list[Box]] = {}
        for box in model.boxes:
            self.children.setdefault(box.parent or "", []).append(box)
        self.nodes_in: dict[str, list[Node]] = {}
        for node in model.nodes:
            self.nodes_in.setdefault(node.box, []).append(node)

    def node_shape(self, node: Node, x: float, y: float, w: float | None = None) -> Shape:
        width, height = node_size(node)
        lines = node_lines(node)
        shape = Shape(node.id, node.kind, Rect(x, y, w or width, height), lines,
                      mandatory=any(m.mandatory for m in node.marks), tooltip=tooltip(node, lines))
        self.shapes.append(shape)
        return shape

    def box_shape(self, box: Box, rect: Rect) -> Shape:
        title = f"{box.label}  {box.detail}".strip()
        advisory = sorted({m.policy for m in box.marks if not m.mandatory})
        if advisory:
            title += f"  ! {len(advisory)} advisory"
        lines = [Line(title, "title")]
        if any(m.mandatory for m in box.marks):
            lines += [Line(f"x {m.policy}", "mandatory") for m in box.marks if m.mandatory]
        shape = Shape(box.id, box.kind, rect, lines, mandatory=any(m.mandatory for m in box.marks),
                      tooltip=tooltip(box, lines))
        return shape


def stack(builder: Builder, nodes: list[Node], x: float, y: float) -> tuple[float, float]:
    """Nodes one under the other from (x, y); returns the width and height used."""
    width = height = 0.0
    for node in nodes:
        shape = builder.node_shape(node, x, y + height)
        width = max(width, shape.rect.w)
        height += shape.rect.h + GAP
    return width, max(0.0, height - GAP)


def measure_stack(nodes: list[Node]) -> tuple[float, float]:
    sizes = [node_size(n) for n in nodes]
    return (max((w for w, _ in sizes), default=0.0),
            sum(h for _, h in sizes) + GAP * max(0, len(sizes) - 1))


