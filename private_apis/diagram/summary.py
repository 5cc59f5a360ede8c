"""The GitHub job summary of one stack: its policy results (from the preview's SARIF log) next to a link to its
architecture picture. A job summary does not render an embedded image of the run (an artifact is a zip behind a
login, not an image URL), so the picture is an uploaded artifact and the summary links to it.

``python -m private_apis.diagram.summary --stack dev --sarif policy-dev.sarif --picture-url URL`` prints the
markdown; the workflow appends it to ``$GITHUB_STEP_SUMMARY``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

MAX_LISTED = 25
"""Mandatory violations listed in the table; the rest are counted (code scanning lists them all)."""


def _code_cell(text: str) -> str:
    """``text`` as inline code in a table cell, shown as written: resource names are whatever a program chose. The
    fence is one backtick longer than any run inside, padded when the text starts or ends with one (CommonMark code
    spans); pipes are escaped, as GFM splits cells on them even inside code; line breaks become spaces."""
    text = " ".join(text.splitlines()).replace("|", "\\|")
    if not text:
        return ""
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text[0] == "`" or text[-1] == "`" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _results(sarif: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for run in sarif.get("runs") or [] for r in run.get("results") or [] if isinstance(r, dict)]


def _resource(result: dict[str, Any]) -> str:
    for location in result.get("locations") or []:
        for logical in location.get("logicalLocations") or []:
            if logical.get("name"):
                return str(logical["name"])
    return ""


def policy_lines(sarif_path: Path) -> list[str]:
    if not sarif_path.is_file():
        return ["Policy results: none, the preview did not finish (bad config, a failing program or pack): see "
                "the log of the preview step."]
    try:
        results = _results(json.loads(sarif_path.read_text(encoding="utf-8")))
    except (OSError, ValueError, AttributeError):
        return [f"Policy results: {sarif_path.name} could not be read: see the log of the preview step."]
    mandatory = sorted((r for r in results if r.get("level") == "error"),
                       key=lambda r: (str(r.get("ruleId") or ""), _resource(r)))
    lines = [f"Policy results: **{len(mandatory)} mandatory**, {len(results) - len(mandatory)} advisory "
             "(all of them in code scanning and in the preview step's log)."]
    if mandatory:
        lines += ["", "| Mandatory policy | Resource |", "|---|---|"]
        lines += [f"| {_code_cell(str(r.get('ruleId') or ''))} | {_code_cell(_resource(r))} |"
                  for r in mandatory[:MAX_LISTED]]
        if len(mandatory) > MAX_LISTED:
            lines.append(f"| ... and {len(mandatory) - MAX_LISTED} more | |")
    return lines


def job_summary(stack: str, sarif_path: Path, picture_url: str) -> str:
    lines = [f"### Stack `{stack}`", "", *policy_lines(sarif_path), ""]
    if picture_url:
        lines.append(f"Architecture picture, with the violations marked (mandatory red): "
                     f"[diagram-{stack}.svg]({picture_url}) (artifact `diagram-{stack}`).")
    else:
        lines.append("Architecture picture: not drawn or not uploaded, see the log of the picture step.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m private_apis.diagram.summary", description=__doc__.splitlines()[0])
    parser.add_argument("--stack", required=True)
    parser.add_argument("--sarif", required=True, type=Path, help="The preview's --sarif log.")
    parser.add_argument("--picture-url", default="", help="The uploaded picture's artifact URL (may be empty).")
    args = parser.parse_args(argv)
    sys.stdout.write(job_summary(args.stack, args.sarif, args.picture_url))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
