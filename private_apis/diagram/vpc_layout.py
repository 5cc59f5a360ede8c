"""A VPC's box: availability zones as columns, subnets as rows (by CIDR), the nodes of one subnet inside it and
the nodes that span several subnets (an NLB, an interface endpoint) as bars across them, as AWS draws them."""

from __future__ import annotations

import ipaddress

from private_apis.diagram.geometry import Rect, text_width
from private_apis.diagram.model import Box, Model, Node
from private_apis.diagram.stacking import GAP, PAD, TITLE, Builder, measure_stack, node_size, stack

AZ_GAP = 2 * PAD
MIN_CELL = 180.0

def _cidr_key(box: Box) -> tuple:
    try:
        network = ipaddress.ip_network(box.detail, strict=False)
        return (0, network.version, int(network.network_address), box.label)
    except ValueError:
        return (1, 0, 0, box.label)


def _chain_order(nodes: list[Node], model: Model) -> list[Node]:
    """Nodes that send to each other next to each other (an NLB right above the endpoint it forwards to), so the
    short edge between them crosses nothing."""
    ids = {n.id for n in nodes}
    targets = {n.id: [e.target for e in model.edges if e.source == n.id and e.target in ids] for n in nodes}
    has_source = {e.target for e in model.edges if e.source in ids and e.target in ids}
    by_id = {n.id: n for n in nodes}
    ordered: list[Node] = []

    def visit(node_id: str) -> None:
        if by_id[node_id] in ordered:
            return
        ordered.append(by_id[node_id])
        for target in targets[node_id]:
            visit(target)

    roots = [n for n in nodes if n.id not in has_source]
    # Roots that a node of a single subnet talks to go first: the bar sits right under that node.
    roots.sort(key=lambda n: not any(n.id in (e.source, e.target) and {e.source, e.target} - ids for e in model.edges
                                     if _in_cell(model, e.source if e.target == n.id else e.target)))
    for node in roots:
        visit(node.id)
    for node in nodes:
        visit(node.id)
    return ordered


def _in_cell(model: Model, node_id: str) -> bool:
    node = next((n for n in model.nodes if n.id == node_id), None)
    return node is not None and len(node.subnets) == 1


class VpcGrid:
    """The measured grid of one VPC box; :meth:`place` draws it at a position."""

    def __init__(self, builder: Builder, box: Box) -> None:
        self.builder, self.box = builder, box
        self.azs = sorted(builder.children.get(box.id, []), key=lambda b: b.label)
        self.columns = [sorted(builder.children.get(az.id, []), key=_cidr_key) for az in self.azs]
        self.rows = max((len(c) for c in self.columns), default=0)
        cell_of = {s.id: (r, c) for c, column in enumerate(self.columns) for r, s in enumerate(column)}
        inside = builder.nodes_in.get(box.id, [])
        self.spanning = [n for n in inside if n.subnets and all(s in cell_of for s in n.subnets)]
        self.loose = [n for n in inside if n not in self.spanning]
        self.bars_in_row: dict[int, list[Node]] = {}
        for node in _chain_order(self.spanning, builder.model):
            self.bars_in_row.setdefault(min(cell_of[s][0] for s in node.subnets), []).append(node)
        self.span = {n.id: (min(cell_of[s][1] for s in n.subnets), max(cell_of[s][1] for s in n.subnets))
                     for n in self.spanning}
        self.cell_w = self._cell_widths()
        self.singles_h = [max([measure_stack(builder.nodes_in.get(column[r].id, []))[1] for column in self.columns
                               if r < len(column)] + [0.0]) for r in range(self.rows)]
        bars_h = [sum(node_size(n)[1] + GAP for n in self.bars_in_row.get(r, [])) for r in range(self.rows)]
        self.row_h = [TITLE + self.singles_h[r] + (GAP if self.singles_h[r] else 0) + bars_h[r] + PAD
                      for r in range(self.rows)]
        self.grid_h = (TITLE + sum(self.row_h) + PAD * (self.rows + 1)) if self.azs else 0.0
        grid_w = sum(w + 2 * PAD + AZ_GAP for w in self.cell_w) - AZ_GAP + 2 * PAD if self.azs else 2 * PAD
        loose_w, loose_h = measure_stack(self.loose)
        self.width = max(grid_w, loose_w + 2 * PAD, text_width(f"{box.label}  {box.detail}") + 2 * PAD)
        self.height = TITLE + PAD + self.grid_h + (PAD + loose_h if self.loose else 0) + PAD

    def _cell_widths(self) -> list[float]:
        """Each zone's column as wide as its widest title or node, widened further where a bar's text needs it."""
        nodes_in = self.builder.nodes_in
        widths = [max([text_width(az.label) + 2 * PAD, MIN_CELL]
                      + [text_width(f"{s.label}  {s.detail}") + 2 * PAD for s in column]
                      + [measure_stack(nodes_in.get(s.id, []))[0] + 2 * PAD for s in column])
                  for az, column in zip(self.azs, self.columns, strict=True)]
        for node in self.spanning:
            first, last = self.span[node.id]
            have = sum(widths[first:last + 1]) + (last - first) * (AZ_GAP + 2 * PAD) - 2 * PAD
            need = node_size(node)[0]
            for c in range(first, last + 1):
                widths[c] += max(0.0, need - have) / (last - first + 1)
        return widths

    def place(self, x: float, y: float) -> None:
        builder = self.builder
        builder.shapes.append(builder.box_shape(self.box, Rect(x, y, self.width, self.height)))
        top = y + TITLE + PAD
        cell_x = []
        cursor = x + PAD
        for c, az in enumerate(self.azs):
            builder.shapes.append(builder.box_shape(az, Rect(cursor, top, self.cell_w[c] + 2 * PAD, self.grid_h)))
            cell_x.append(cursor + PAD)
            cursor += self.cell_w[c] + 2 * PAD + AZ_GAP
        row_y = top + TITLE + PAD
        bars: list[tuple[Node, float, float, float]] = []
        for r in range(self.rows):
            for c, column in enumerate(self.columns):
                if r < len(column):
                    subnet = column[r]
                    rect = Rect(cell_x[c], row_y, self.cell_w[c], self.row_h[r])
                    builder.shapes.append(builder.box_shape(subnet, rect))
                    stack(builder, builder.nodes_in.get(subnet.id, []), cell_x[c] + PAD, row_y + TITLE)
            bar_y = row_y + TITLE + self.singles_h[r] + (GAP if self.singles_h[r] else 0)
            for node in self.bars_in_row.get(r, []):
                first, last = self.span[node.id]
                left, right = cell_x[first] + PAD, cell_x[last] + self.cell_w[last] - PAD
                bars.append((node, left, bar_y, right - left))
                bar_y += node_size(node)[1] + GAP
            row_y += self.row_h[r] + PAD
        # Bars after every subnet box: each is painted over the zones and subnets it crosses.
        for node, left, bar_y, bar_w in bars:
            builder.node_shape(node, left, bar_y, bar_w)
        stack(builder, self.loose, x + PAD, top + self.grid_h + PAD)
