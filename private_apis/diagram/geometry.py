"""The primitives a layout is made of, which both writers (svg.py, png.py) draw."""

from __future__ import annotations

from dataclasses import dataclass, field

FONT = 12
LINE = 16


@dataclass
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def overlaps(self, other: Rect, margin: float = 0) -> bool:
        return (self.x < other.right + margin and other.x < self.right + margin
                and self.y < other.bottom + margin and other.y < self.bottom + margin)


@dataclass
class Line:
    text: str
    style: str
    """``title``, ``label``, ``detail``, ``mandatory`` or ``advisory``."""


@dataclass
class Shape:
    id: str
    kind: str
    """A box kind (``area``, ``vpc``, ``az``, ``subnet``), a node kind, or ``group``."""
    rect: Rect
    lines: list[Line]
    mandatory: bool = False
    tooltip: str = ""


@dataclass
class PlacedEdge:
    source: str
    target: str
    kind: str
    points: list[tuple[float, float]]
    label: str
    label_rect: Rect | None


@dataclass
class Layout:
    width: float
    height: float
    title: list[Line]
    shapes: list[Shape] = field(default_factory=list)
    """Boxes first (outer before inner), then nodes: drawing in order paints each over its container."""
    edges: list[PlacedEdge] = field(default_factory=list)

    def shape(self, shape_id: str) -> Shape:
        return next(s for s in self.shapes if s.id == shape_id)


def text_width(text: str, size: float = FONT) -> float:
    """Width of a text: the writers use a monospace font, whose advance is 0.6 em in every common face."""
    return len(text) * size * 0.6
