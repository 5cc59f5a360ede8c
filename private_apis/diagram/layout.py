"""A layout of our own for the model: nested boxes placed by rules, nodes stacked in them, straight edges with
their labels put where they collide with nothing. Pure Python: no Graphviz binary, no system package, so the
picture renders wherever ``make test`` runs. Both writers (svg.py, png.py) draw exactly these primitives."""

from __future__ import annotations

from private_apis.diagram.geometry import LINE, Layout, Line, Rect, Shape, text_width
from private_apis.diagram.model import Box, Model, Node
from private_apis.diagram.routing import route_edges
from private_apis.diagram.stacking import GAP, PAD, TITLE, Builder, measure_stack, stack
from private_apis.diagram.vpc_layout import VpcGrid

COLUMN_GAP = 150
"""Between the outside areas: room for the edge labels that cross them."""


def _area_content(builder: Builder, area: Box, x: float, y: float, place: bool) -> tuple[float, float]:
    """An outside area: its VPC boxes, then its own nodes, one under the other."""
    width = height = 0.0
    for vpc in builder.children.get(area.id, []):
        grid = VpcGrid(builder, vpc)
        if place:
            grid.place(x, y + height)
        width, height = max(width, grid.width), height + grid.height + GAP
    nodes = _area_order(builder, area.id)
    if place:
        w, h = stack(builder, nodes, x, y + height)
    else:
        w, h = measure_stack(nodes)
    width, height = max(width, w), height + h
    return width, height if nodes else max(0.0, height - GAP)


def _area_order(builder: Builder, area_id: str) -> list[Node]:
    """API Gateway: callers first, then each API with the custom domains in front of it and the VPC links behind
    it; Lambda: functions in the order of the APIs that invoke them. Edges between neighbours stay short."""
    nodes = builder.nodes_in.get(area_id, [])
    edges = builder.model.edges
    if area_id == "apigateway":
        ordered = [n for n in nodes if n.kind == "callers"]
        for api in (n for n in nodes if n.kind == "api"):
            ordered += [n for n in nodes if n.kind == "domain" and any(e.source == n.id and e.target == api.id
                                                                        for e in edges) and n not in ordered]
            ordered.append(api)
            ordered += [n for n in nodes if n.kind == "vpc-link" and any(e.source == api.id and e.target == n.id
                                                                          for e in edges) and n not in ordered]
        return ordered + [n for n in nodes if n not in ordered]
    if area_id == "lambda":
        apis = [n.id for n in builder.nodes_in.get("apigateway", []) if n.kind == "api"]
        rank = {}
        for edge in edges:
            if edge.source in apis:
                rank.setdefault(edge.target, apis.index(edge.source))
        return sorted(nodes, key=lambda n: (rank.get(n.id, len(apis)), n.label))
    return nodes


def _other(builder: Builder, area: Box, x: float, y: float, width: float) -> float:
    lines = [Line(f"{entry.type} x{len(entry.urns)}" + "".join(f"  [x {m.policy}]" for m in entry.marks
                                                              if m.mandatory),
                  "mandatory" if any(m.mandatory for m in entry.marks) else "detail") for entry in builder.model.other]
    per_row = max(1, int((width - 2 * PAD) // (max(text_width(line.text) for line in lines) + 3 * PAD)))
    rows = (len(lines) + per_row - 1) // per_row
    height = TITLE + PAD + rows * (LINE + 6) + PAD
    builder.shapes.append(Shape(area.id, "area", Rect(x, y, width, height), [Line(area.label, "title")]))
    column_w = (width - 2 * PAD) / per_row
    for index, line in enumerate(lines):
        row, column = divmod(index, per_row)
        rect = Rect(x + PAD + column * column_w, y + TITLE + PAD + row * (LINE + 6), column_w, LINE + 6)
        builder.shapes.append(Shape(f"other:{builder.model.other[index].type}", "group", rect, [line],
                                    mandatory=line.style == "mandatory"))
    return height


COLUMNS = (("internet", "datacentre", "route53"), ("aws",), ("apigateway",), ("lambda",))


def layout(model: Model) -> Layout:
    builder = Builder(model)
    areas = {b.id: b for b in model.boxes if b.kind == "area"}
    mandatory = sum(1 for e in (*model.nodes, *model.boxes, *model.other) for m in e.marks if m.mandatory)
    mandatory += sum(1 for m in model.stack_marks if m.mandatory)
    title = [Line(f"{model.project} / {model.stack}", "title"),
                  Line(f"{mandatory} mandatory violation(s) marked red; advisory ones as '!'. Drawn from the "
                       "recorded graph (python -m private_apis diagram).", "detail")]
    title += [Line(f"x stack: {m.policy}", "mandatory" if m.mandatory else "advisory") for m in model.stack_marks]
    top = PAD + len(title) * LINE + PAD
    x = PAD
    bottom = top
    for column in COLUMNS:
        present = [areas[a] for a in column if a in areas]
        if not present:
            continue
        sizes = [_area_content(builder, area, 0, 0, place=False) for area in present]
        width = max(w for w, _ in sizes) + 2 * PAD
        y = top
        for area, (_, h) in zip(present, sizes, strict=True):
            height = TITLE + PAD + h + PAD
            builder.shapes.append(Shape(area.id, "area", Rect(x, y, width, height), [Line(area.label, "title")]))
            _area_content(builder, area, x + PAD, y + TITLE + PAD, place=True)
            y += height + GAP
            bottom = max(bottom, y - GAP)
        x += width + COLUMN_GAP
    width = max(x - COLUMN_GAP + PAD, max(text_width(line.text) for line in title) + 2 * PAD)
    if "other" in areas:
        bottom += GAP + _other(builder, areas["other"], PAD, bottom + GAP, width - 2 * PAD)
    result = Layout(width=width, height=bottom + PAD, title=title, shapes=_paint_order(builder.shapes))
    result.edges = route_edges(model, result)
    return result


_DEPTH = {"area": 0, "vpc": 1, "az": 2, "subnet": 3}


def _paint_order(shapes: list[Shape]) -> list[Shape]:
    return sorted(shapes, key=lambda s: _DEPTH.get(s.kind, 4))
