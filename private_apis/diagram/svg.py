"""The layout as an SVG document (plain text; any browser and GitHub show it)."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from private_apis.diagram.geometry import FONT, LINE, Layout, Line, PlacedEdge, Shape, printable
from private_apis.diagram.style import BOLD, EDGES, TEXT_COLOURS, shape_stroke

FONT_FAMILY = "DejaVu Sans Mono, Menlo, Consolas, monospace"
"""Monospace, as the layout measures text (geometry.text_width)."""


def _xml(text: str) -> str:
    return escape(printable(text))


def _attr(text: str) -> str:
    return quoteattr(printable(text))


def _text(x: float, y: float, line: Line) -> str:
    weight = ' font-weight="bold"' if line.style in BOLD else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" fill="{TEXT_COLOURS[line.style]}"{weight}>'
            f"{_xml(line.text)}</text>")


def _dash(dash: tuple[int, ...]) -> str:
    return f' stroke-dasharray="{",".join(map(str, dash))}"' if dash else ""


def _shape(shape: Shape) -> str:
    stroke = shape_stroke(shape.kind, shape.mandatory)
    r = shape.rect
    parts = [f'<g class="{shape.kind}" data-id={_attr(shape.id)}>']
    if shape.tooltip:
        parts.append(f"<title>{_xml(shape.tooltip)}</title>")
    if stroke.width:
        parts.append(f'<rect x="{r.x:.1f}" y="{r.y:.1f}" width="{r.w:.1f}" height="{r.h:.1f}" rx="4" '
                     f'fill="{stroke.fill}" stroke="{stroke.colour}" stroke-width="{stroke.width}"'
                     f"{_dash(stroke.dash)}/>")
    for index, line in enumerate(shape.lines):
        parts.append(_text(r.x + 8, r.y + 6 + LINE * index + FONT, line))
    parts.append("</g>")
    return "".join(parts)


def _edge(edge: PlacedEdge) -> str:
    stroke = EDGES[edge.kind]
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in edge.points)
    parts = [f'<g class="edge {edge.kind}" data-source={_attr(edge.source)} data-target={_attr(edge.target)}>',
             f'<polyline points="{points}" fill="none" stroke="{stroke.colour}" stroke-width="{stroke.width}"'
             f'{_dash(stroke.dash)} marker-end="url(#arrow-{edge.kind})"/>']
    if edge.label and edge.label_rect is None:
        parts.insert(1, f"<title>{_xml(edge.label)}</title>")
    if edge.label_rect is not None:
        r = edge.label_rect
        parts.append(f'<rect x="{r.x:.1f}" y="{r.y:.1f}" width="{r.w:.1f}" height="{r.h:.1f}" fill="#ffffff" '
                     f'fill-opacity="0.92" stroke="{stroke.colour}" stroke-width="0.5"/>')
        for index, text in enumerate(edge.label.split(", ")):
            parts.append(f'<text x="{r.x + 4:.1f}" y="{r.y + LINE * index + FONT:.1f}" fill="{stroke.colour}">'
                         f"{_xml(text)}</text>")
    parts.append("</g>")
    return "".join(parts)


def _markers() -> str:
    return "".join(
        f'<marker id="arrow-{kind}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{stroke.colour}"/></marker>'
        for kind, stroke in EDGES.items())


def to_svg(layout: Layout) -> str:
    width, height = round(layout.width), round(layout.height)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
           f'font-family="{FONT_FAMILY}" font-size="{FONT}">',
           f"<defs>{_markers()}</defs>", f'<rect width="{width}" height="{height}" fill="#ffffff"/>']
    out += [_text(10, 10 + LINE * index + FONT, line) for index, line in enumerate(layout.title)]
    out += [_shape(shape) for shape in layout.shapes]
    out += [_edge(edge) for edge in layout.edges]
    out.append("</svg>")
    return "\n".join(out) + "\n"
