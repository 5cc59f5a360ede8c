"""Colours and strokes per kind, shared by both writers (AWS architecture icon colours: networking green and
purple, compute orange, application integration pink, as in the AWS Architecture Icons deck)."""

from __future__ import annotations

from dataclasses import dataclass

RED = "#d13212"
AMBER = "#a15c00"
TEXT = "#16191f"
MUTED = "#545b64"


@dataclass(frozen=True)
class Stroke:
    colour: str
    fill: str
    dash: tuple[int, ...] = ()
    width: float = 1.5


SHAPES: dict[str, Stroke] = {
    "area": Stroke("#7d8998", "#fafafa"),
    "vpc": Stroke("#248814", "#ffffff", width=2),
    "az": Stroke("#147eba", "#ffffff", dash=(6, 4)),
    "subnet": Stroke("#00a4a6", "#e6f6f7"),
    "group": Stroke("#ffffff", "#fafafa", width=0),
    "nlb": Stroke("#8c4fff", "#ffffff"),
    "alb": Stroke("#8c4fff", "#ffffff"),
    "gwlb": Stroke("#8c4fff", "#ffffff"),
    "endpoint": Stroke("#8c4fff", "#ffffff"),
    "resolver": Stroke("#8c4fff", "#ffffff"),
    "zone": Stroke("#8c4fff", "#ffffff"),
    "instance": Stroke("#ed7100", "#ffffff"),
    "function": Stroke("#ed7100", "#ffffff"),
    "api": Stroke("#e7157b", "#ffffff"),
    "vpc-link": Stroke("#e7157b", "#ffffff"),
    "domain": Stroke("#e7157b", "#ffffff"),
    "gateway": Stroke("#8c4fff", "#ffffff"),
    "callers": Stroke("#545b64", "#f2f3f3", dash=(4, 3)),
    "datacentre": Stroke("#545b64", "#f2f3f3"),
}
DEFAULT_SHAPE = Stroke("#545b64", "#ffffff")

EDGES: dict[str, Stroke] = {
    "traffic": Stroke("#232f3e", "none", width=1.4),
    "dns": Stroke("#8c4fff", "none", dash=(5, 3), width=1.4),
    "network": Stroke("#248814", "none", dash=(8, 4), width=2),
}

TEXT_COLOURS = {"title": TEXT, "label": TEXT, "detail": MUTED, "mandatory": RED, "advisory": AMBER}
BOLD = ("title", "label", "mandatory")


def shape_stroke(kind: str, mandatory: bool) -> Stroke:
    stroke = SHAPES.get(kind, DEFAULT_SHAPE)
    if mandatory and kind != "group":
        return Stroke(RED, "#fdecea" if kind not in ("area", "vpc", "az", "subnet") else stroke.fill, stroke.dash, 3)
    return stroke
