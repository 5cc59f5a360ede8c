"""Text from the program (resource names, tags, labels) is drawn as written, whatever it holds: an SVG that any
parser opens, a line cut to fit with its whole text in the tooltip, and a job summary whose cells stay cells."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from private_apis.diagram.geometry import CUT, MAX_CHARS, Layout, Line, PlacedEdge, Rect, Shape
from private_apis.diagram.model import Mark, Node
from private_apis.diagram.stacking import node_lines, tooltip
from private_apis.diagram.summary import job_summary
from private_apis.diagram.svg import to_svg

SVG = "{http://www.w3.org/2000/svg}"


def _drawn(shapes: list[Shape], edges: list[PlacedEdge] = ()) -> ET.Element:
    return ET.fromstring(to_svg(Layout(400, 300, [Line("p / dev", "title")], list(shapes), list(edges))))


def test_characters_xml_cannot_hold_are_written_as_escapes():
    name = "app\x1b[31m\x00\ud800\ufffe-é"
    shape = Shape(f"urn:{name}", "instance", Rect(10, 10, 200, 40), [Line(name, "label")], tooltip=name)
    edge = PlacedEdge(f"urn:{name}", "b", "traffic", [(0, 0), (5, 5)], f"tcp {name}", None)
    root = _drawn([shape], [edge])
    group = root.find(f"{SVG}g[@class='instance']")
    expected = "app\\x1b[31m\\x00\\ud800\\ufffe-é"
    assert group.get("data-id") == f"urn:{expected}"
    assert group.find(f"{SVG}text").text == expected and group.find(f"{SVG}title").text == expected
    assert root.find(f"{SVG}g[@class='edge traffic']").get("data-source") == f"urn:{expected}"
    to_svg(Layout(1, 1, [Line(name, "title")])).encode("utf-8")  # a lone surrogate cannot be written as UTF-8


def test_a_long_name_is_cut_to_fit_and_kept_whole_in_the_tooltip():
    name = "orders-" + "x" * 200
    node = Node(id="n", kind="instance", label=name, box="b", marks=[Mark("aws-ec2-instance-x", "advisory", "u")])
    lines = node_lines(node)
    assert lines[0].text == name[: MAX_CHARS - len(CUT)] + CUT and len(lines[0].text) == MAX_CHARS
    assert tooltip(node, lines) == f"{name}\nadvisory: aws-ec2-instance-x"
    assert Line("short", "label") == Line("short", "label", "")


def test_a_label_that_fits_nowhere_is_the_edges_title_not_text():
    unplaced = PlacedEdge("a", "b", "traffic", [(0, 0), (9, 9)], "443/tcp, 80/tcp", None)
    placed = PlacedEdge("c", "d", "traffic", [(0, 0), (9, 9)], "22/tcp", Rect(1, 1, 50, 16))
    root = _drawn([], [unplaced, placed])
    first, second = root.findall(f"{SVG}g")
    assert first.find(f"{SVG}title").text == "443/tcp, 80/tcp" and first.find(f"{SVG}text") is None
    assert second.find(f"{SVG}title") is None and [t.text for t in second.iter(f"{SVG}text")] == ["22/tcp"]


def test_summary_cells_hold_backticks_pipes_and_line_breaks(tmp_path):
    results = [{"ruleId": "aws-x", "level": "error", "locations": [{"logicalLocations": [{"name": name}]}]}
               for name in ("a`b|c", "`edge``", "two\nlines")]
    sarif = tmp_path / "policy.sarif"
    sarif.write_text(json.dumps({"runs": [{"results": results}]}))
    rows = [line for line in job_summary("dev", sarif, "").splitlines() if line.startswith("| `")]
    assert rows == ["| `aws-x` | ``` `edge`` ``` |", "| `aws-x` | ``a`b\\|c`` |", "| `aws-x` | `two lines` |"]
