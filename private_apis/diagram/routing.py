"""Edges as straight arrows between the borders of what they join, spread along each side so that arrows meeting
one node do not share a point, with each label placed where it covers no node, box title or other label."""

from __future__ import annotations

import bisect

from private_apis.diagram.geometry import LINE, Layout, PlacedEdge, Rect, printable, text_width
from private_apis.diagram.model import Model

_ALONG = (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78, 0.15, 0.85, 0.45, 0.55, 0.35, 0.65, 0.26, 0.74, 0.18, 0.82, 0.1,
          0.9)
CELL = 160.0
"""Side of a cell of the spatial grid that finds the rectangles near a segment or a label."""
_BOX_KINDS = ("area", "vpc", "az", "subnet")


def _sides(a: Rect, b: Rect) -> tuple[str, str]:
    if b.x >= a.right:
        return "right", "left"
    if b.right <= a.x:
        return "left", "right"
    if b.y >= a.bottom:
        return "bottom", "top"
    if b.bottom <= a.y:
        return "top", "bottom"
    return "right", "right"


def _centre(rect: Rect) -> tuple[float, float]:
    return rect.x + rect.w / 2, rect.y + rect.h / 2


def _anchor(rect: Rect, side: str, fraction: float) -> tuple[float, float]:
    if side == "left":
        return rect.x, rect.y + rect.h * fraction
    if side == "right":
        return rect.right, rect.y + rect.h * fraction
    if side == "top":
        return rect.x + rect.w * fraction, rect.y
    return rect.x + rect.w * fraction, rect.bottom


def label_size(label: str) -> tuple[float, float]:
    lines = label.split(", ") if label else []
    return max((text_width(line) for line in lines), default=0) + 8, LINE * len(lines)


def route_edges(model: Model, layout: Layout) -> list[PlacedEdge]:
    rects = {s.id: s.rect for s in layout.shapes}
    edges = [e for e in model.edges if e.source in rects and e.target in rects]
    ends: dict[tuple[str, str], list[tuple[float, int, int]]] = {}
    for index, edge in enumerate(edges):
        a, b = rects[edge.source], rects[edge.target]
        source_side, target_side = _sides(a, b)
        for end, (element, side, other) in enumerate(((edge.source, source_side, b), (edge.target, target_side, a))):
            cx, cy = _centre(other)
            ends.setdefault((element, side), []).append((cy if side in ("left", "right") else cx, index, end))
    points: dict[tuple[int, int], tuple[float, float]] = {}
    for (element, side), items in ends.items():
        items.sort()
        for position, (_, index, end) in enumerate(items):
            points[index, end] = _anchor(rects[element], side, (position + 1) / (len(items) + 1))
    obstacles = _Grid()
    for shape in layout.shapes:
        if shape.kind not in _BOX_KINDS:
            obstacles.add(shape.rect)
        elif shape.lines:
            obstacles.add(Rect(shape.rect.x, shape.rect.y, text_width(shape.lines[0].text) + 20, 20))
    nodes = _Grid()
    for shape in layout.shapes:
        if shape.kind not in _BOX_KINDS:
            nodes.add(shape.rect, shape.id)
    lanes: list[float] = []
    placed: list[PlacedEdge] = []
    for index, edge in enumerate(edges):
        path = [points[index, 0], points[index, 1]]
        ends = (edge.source, edge.target)
        if _sides(rects[edge.source], rects[edge.target])[0] in ("top", "bottom") and any(
                _crosses(path[0], path[1], r) for r, key in nodes.along(path[0], path[1]) if key not in ends):
            path = _bracket(rects[edge.source], rects[edge.target], lanes,
                            [r for r, key in nodes.items if key not in ends])
        along = (path[0], path[1]) if len(path) == 2 else (path[1], path[2])
        # A label that fits nowhere is not drawn over something else: the SVG keeps it as the edge's <title>.
        label = printable(edge.label)
        label_rect = _place_label(label, *along, obstacles) if label else None
        if label_rect is not None:
            obstacles.add(label_rect)
        placed.append(PlacedEdge(edge.source, edge.target, edge.kind, path, label, label_rect))
    return placed


class _Grid:
    """Rectangles filed by the :data:`CELL` cells they cover, to find those near a segment or a rectangle."""

    def __init__(self) -> None:
        self.items: list[tuple[Rect, str | None]] = []
        self.cells: dict[tuple[int, int], list[int]] = {}

    def add(self, rect: Rect, key: str | None = None) -> None:
        self.items.append((rect, key))
        for i in range(int(rect.x // CELL), int(rect.right // CELL) + 1):
            for j in range(int(rect.y // CELL), int(rect.bottom // CELL) + 1):
                self.cells.setdefault((i, j), []).append(len(self.items) - 1)

    def _found(self, cells: list[tuple[int, int]]) -> list[tuple[Rect, str | None]]:
        indices = sorted({i for cell in cells for i in self.cells.get(cell, ())})
        return [self.items[i] for i in indices]

    def near(self, rect: Rect, margin: float = 0) -> list[tuple[Rect, str | None]]:
        columns = range(int((rect.x - margin) // CELL), int((rect.right + margin) // CELL) + 1)
        rows = range(int((rect.y - margin) // CELL), int((rect.bottom + margin) // CELL) + 1)
        return self._found([(i, j) for i in columns for j in rows])

    def along(self, start: tuple[float, float], end: tuple[float, float]) -> list[tuple[Rect, str | None]]:
        """Every rectangle filed in a cell the segment passes through (each column: the rows its part spans)."""
        (x0, y0), (x1, y1) = sorted((start, end))
        cells = []
        for i in range(int(x0 // CELL), int(x1 // CELL) + 1):
            if x1 == x0:
                low, high = sorted((y0, y1))
            else:
                a, b = max(x0, i * CELL), min(x1, (i + 1) * CELL)
                ya, yb = (y0 + (y1 - y0) * (a - x0) / (x1 - x0), y0 + (y1 - y0) * (b - x0) / (x1 - x0))
                low, high = min(ya, yb), max(ya, yb)
            cells += [(i, j) for j in range(int(low // CELL), int(high // CELL) + 1)]
        return self._found(cells)


def _crosses(start: tuple[float, float], end: tuple[float, float], rect: Rect) -> bool:
    """Whether the segment passes through the inside of ``rect`` (shrunk by one unit: touching a border is not
    crossing), exactly: Liang-Barsky clipping of the segment to the rectangle."""
    left, top, right, bottom = rect.x + 1, rect.y + 1, rect.right - 1, rect.bottom - 1
    if right <= left or bottom <= top:
        return False
    dx, dy = end[0] - start[0], end[1] - start[1]
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, start[0] - left), (dx, right - start[0]), (-dy, start[1] - top), (dy, bottom - start[1])):
        if p == 0:
            if q <= 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 >= t1:
            return False
    return True


def _bracket(a: Rect, b: Rect, lanes: list[float], blocking: list[Rect]) -> list[tuple[float, float]]:
    """A detour for an edge between two nodes of one column with others in between: out of the source's right
    side into a lane right of everything between them, along it, and into the target's right side. Each detour
    gets a lane of its own."""
    start = (a.right, a.y + a.h * 0.7)
    end = (b.right, b.y + b.h * 0.3)
    low, high = min(start[1], end[1]), max(start[1], end[1])
    band = [r for r in blocking if r.y < high and r.bottom > low]
    lane = max(a.right, b.right) + 14
    moved = True
    while moved:
        moved = False
        for rect in band:
            if rect.x - 4 <= lane <= rect.right + 4:
                lane, moved = rect.right + 14, True
        near = bisect.bisect_left(lanes, lane - 8)
        if near < len(lanes) and abs(lanes[near] - lane) < 8:
            lane, moved = lane + 8, True
    bisect.insort(lanes, lane)
    return [start, (lane, start[1]), (lane, end[1]), end]


def _place_label(label: str, start: tuple[float, float], end: tuple[float, float], obstacles: _Grid
                 ) -> Rect | None:
    """The first position along the line (from its middle outwards) where the label covers nothing: on the line,
    then beside it; for a line that is mostly vertical, the label sits beside it rather than on it. ``None``
    where every position covers something."""
    width, height = label_size(label)
    vertical = abs(end[1] - start[1]) > abs(end[0] - start[0])
    candidates = []
    for t in _ALONG:
        x = start[0] + (end[0] - start[0]) * t
        y = start[1] + (end[1] - start[1]) * t
        if vertical:
            candidates += [Rect(x + 4, y - height / 2, width, height),
                           Rect(x - 4 - width, y - height / 2, width, height)]
        else:
            candidates.append(Rect(x - width / 2, y - height / 2, width, height))
    if not vertical:
        candidates += [Rect(c.x, c.y + offset, width, height) for offset in (-height / 2 - 4, height / 2 + 4)
                       for c in list(candidates)]
    for rect in candidates:
        if not any(rect.overlaps(other, margin=2) for other, _ in obstacles.near(rect, margin=2)):
            return rect
    return None
