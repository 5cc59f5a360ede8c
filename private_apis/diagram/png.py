"""The layout as a PNG, drawn with Pillow: its wheels ship their own FreeType and a default font
(``ImageFont.load_default(size=...)``, Pillow 10.1+), so no system package is needed. Optional: without Pillow,
``--output x.png`` is one error saying to install it or use .svg."""

from __future__ import annotations

import itertools
import math

from private_apis.diagram.geometry import FONT, LINE, Layout
from private_apis.diagram.style import BOLD, EDGES, TEXT_COLOURS, shape_stroke
from private_apis.engine.errors import EngineError

SCALE = 2
"""Pixels per layout unit: sharp text on high-density screens."""


def require_pillow():
    """Pillow's modules, or the one error that says how to get them."""
    try:
        from PIL import Image, ImageDraw, ImageFont
    except ImportError as exc:
        raise EngineError("--output ends in .png, which needs Pillow (pillow in requirements.txt), and it is not "
                          "installed here. Fix: run `make .venv/.installed`, or write .svg instead.") from exc
    return Image, ImageDraw, ImageFont


def _dashed(draw, start, end, colour, width, dash) -> None:
    if not dash:
        draw.line([start, end], fill=colour, width=width)
        return
    length = math.dist(start, end)
    if length == 0:
        return
    ux, uy = (end[0] - start[0]) / length, (end[1] - start[1]) / length
    position, index = 0.0, 0
    while position < length:
        step = dash[index % len(dash)] * SCALE
        if index % 2 == 0:
            stop = min(length, position + step)
            draw.line([(start[0] + ux * position, start[1] + uy * position),
                       (start[0] + ux * stop, start[1] + uy * stop)], fill=colour, width=width)
        position += step
        index += 1


def _rectangle(draw, rect, stroke) -> None:
    box = [rect.x * SCALE, rect.y * SCALE, rect.right * SCALE, rect.bottom * SCALE]
    if stroke.fill != "none":
        draw.rectangle(box, fill=stroke.fill)
    if not stroke.width:
        return
    width = max(1, round(stroke.width * SCALE))
    corners = [(box[0], box[1]), (box[2], box[1]), (box[2], box[3]), (box[0], box[3])]
    for index in range(4):
        _dashed(draw, corners[index], corners[(index + 1) % 4], stroke.colour, width, stroke.dash)


def _arrow(draw, start, end, colour) -> None:
    angle = math.atan2(end[1] - start[1], end[0] - start[0])
    size = 8 * SCALE
    left = (end[0] - size * math.cos(angle - 0.4), end[1] - size * math.sin(angle - 0.4))
    right = (end[0] - size * math.cos(angle + 0.4), end[1] - size * math.sin(angle + 0.4))
    draw.polygon([end, left, right], fill=colour)


def to_png(layout: Layout, path: str) -> None:
    image_module, draw_module, font_module = require_pillow()
    image = image_module.new("RGB", (round(layout.width * SCALE), round(layout.height * SCALE)), "#ffffff")
    draw = draw_module.Draw(image)
    font = font_module.load_default(size=FONT * SCALE)

    def text(x: float, y: float, line_text: str, colour: str, bold: bool = False) -> None:
        draw.text((x * SCALE, y * SCALE), line_text, fill=colour, font=font, stroke_width=1 if bold else 0,
                  stroke_fill=colour)

    for index, line in enumerate(layout.title):
        text(10, 10 + LINE * index, line.text, TEXT_COLOURS[line.style], line.style in BOLD)
    for shape in layout.shapes:
        _rectangle(draw, shape.rect, shape_stroke(shape.kind, shape.mandatory))
        for index, line in enumerate(shape.lines):
            text(shape.rect.x + 8, shape.rect.y + 6 + LINE * index, line.text, TEXT_COLOURS[line.style],
                 line.style in BOLD)
    for edge in layout.edges:
        stroke = EDGES[edge.kind]
        points = [(x * SCALE, y * SCALE) for x, y in edge.points]
        for start, end in itertools.pairwise(points):
            _dashed(draw, start, end, stroke.colour, max(1, round(stroke.width * SCALE)), stroke.dash)
        _arrow(draw, points[-2], points[-1], stroke.colour)
    for edge in layout.edges:
        if edge.label_rect is not None:
            r = edge.label_rect
            draw.rectangle([r.x * SCALE, r.y * SCALE, r.right * SCALE, r.bottom * SCALE], fill="#ffffff",
                           outline=EDGES[edge.kind].colour)
            for index, part in enumerate(edge.label.split(", ")):
                text(r.x + 4, r.y + LINE * index + 1, part, EDGES[edge.kind].colour)
    try:
        image.save(path, format="PNG", optimize=True)
    except OSError as exc:
        raise EngineError(f"Cannot write {path}: {exc.strerror or exc}. Fix: pass --output a writable path.") from exc
