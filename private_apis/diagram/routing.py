"""Edges as straight arrows between the borders of what they join, spread along each side so that arrows meeting
one node do not share a point, with each label placed where it covers no node, box title or other label."""

from __future__ import annotations

from private_apis.diagram.geometry import LINE, Layout, PlacedEdge, Rect, text_width
from private_apis.diagram.model import Model

_ALONG = (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78, 0.15, 0.85)
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
    obstacles = [s.rect for s in layout.shapes if s.kind not in _BOX_KINDS]
    obstacles += [Rect(s.rect.x, s.rect.y, text_width(s.lines[0].text) + 20, 20) for s in layout.shapes
                  if s.kind in _BOX_KINDS and s.lines]
    nodes = {s.id: s.rect for s in layout.shapes if s.kind not in _BOX_KINDS}
    lanes: list[float] = []
    placed: list[PlacedEdge] = []
    for index, edge in enumerate(edges):
        path = [points[index, 0], points[index, 1]]
        blocking = [r for i, r in nodes.items() if i not in (edge.source, edge.target)]
        if any(_crosses(path[0], path[1], r) for r in blocking) and _sides(rects[edge.source], rects[edge.target])[0] \
                in ("top", "bottom"):
            path = _bracket(rects[edge.source], rects[edge.target], lanes, blocking)
        along = (path[0], path[1]) if len(path) == 2 else (path[1], path[2])
        label_rect = _place_label(edge.label, *along, obstacles) if edge.label else None
        if label_rect is not None:
            obstacles.append(label_rect)
        placed.append(PlacedEdge(edge.source, edge.target, edge.kind, path, edge.label, label_rect))
    return placed


def _crosses(start: tuple[float, float], end: tuple[float, float], rect: Rect) -> bool:
    """Whether the segment passes through the inside of ``rect`` (sampled every few units: exact enough for
    deciding on a detour)."""
    steps = max(1, int(max(abs(end[0] - start[0]), abs(end[1] - start[1])) // 3))
    inner = Rect(rect.x + 1, rect.y + 1, rect.w - 2, rect.h - 2)
    for step in range(steps + 1):
        x = start[0] + (end[0] - start[0]) * step / steps
        y = start[1] + (end[1] - start[1]) * step / steps
        if inner.x < x < inner.right and inner.y < y < inner.bottom:
            return True
    return False


def _bracket(a: Rect, b: Rect, lanes: list[float], blocking: list[Rect]) -> list[tuple[float, float]]:
    """A detour for an edge between two nodes of one column with others in between: out of the source's right
    side into a lane right of everything between them, along it, and into the target's right side. Each detour
    gets a lane of its own."""
    start = (a.right, a.y + a.h * 0.7)
    end = (b.right, b.y + b.h * 0.3)
    low, high = min(start[1], end[1]), max(start[1], end[1])
    lane = max(a.right, b.right) + 14
    moved = True
    while moved:
        moved = False
        for rect in blocking:
            if rect.y < high and rect.bottom > low and rect.x - 4 <= lane <= rect.right + 4:
                lane, moved = rect.right + 14, True
        if any(abs(lane - used) < 8 for used in lanes):
            lane, moved = lane + 8, True
    lanes.append(lane)
    return [start, (lane, start[1]), (lane, end[1]), end]


def _place_label(label: str, start: tuple[float, float], end: tuple[float, float], obstacles: list[Rect]) -> Rect:
    """The first position along the line (from its middle outwards) where the label covers nothing; for a line
    that is mostly vertical, the label sits beside it rather than on it."""
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
    for rect in candidates:
        if not any(rect.overlaps(other, margin=2) for other in obstacles):
            return rect
    return candidates[0]
