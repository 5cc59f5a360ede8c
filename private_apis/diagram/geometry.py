"""The primitives a layout is made of, which both writers (svg.py, png.py) draw."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FONT = 12
LINE = 16
MAX_CHARS = 72
"""The longest line a shape shows; a longer one (a resource named at length) is cut, its whole text in the shape's
tooltip, so one name cannot stretch its column across the picture."""
CUT = "..."

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
"""What XML 1.0 cannot hold (https://www.w3.org/TR/xml/#charsets), and DEL: an SVG holding one does not open."""


def printable(text: str) -> str:
    """``text`` with each character an SVG cannot hold written as its escape (``\\x1b``): resource names and tags
    are whatever a program chose."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                        else f"\\u{ord(m.group()):04x}", text)


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
    whole: str = ""
    """The text before it was cut to :data:`MAX_CHARS` ("" when it was not)."""

    def __post_init__(self) -> None:
        text = printable(self.text)
        if len(text) > MAX_CHARS:
            self.whole, text = text, text[: MAX_CHARS - len(CUT)] + CUT
        self.text = text


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
