"""``python -m private_apis diagram``: a stack's recorded graph drawn as an AWS architecture picture.

Previews the program offline exactly as ``preview`` does (same flags for the program, its config and the packs),
then writes the picture: SVG, or PNG through Pillow. Exit 0 once it is written, whatever the packs reported: the
picture marks violations (mandatory ones red), and ``preview`` is the gate. Exit 2 for bad input, a failing
program or pack, or an output that cannot be written.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from private_apis.cli import add_program_arguments
from private_apis.engine.errors import EngineError

FORMATS = (".svg", ".png")


def add_diagram_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "diagram", help="Draw a stack's recorded graph as an AWS architecture picture (SVG or PNG).",
        description="Previews the program offline (as `preview` does) and draws what it registered: VPCs, "
                    "availability zones and subnets as nested boxes, resources in the subnets they use, API "
                    "Gateway, Route 53 and the data centre outside, traffic edges with ports, and the policy "
                    "packs' violations (mandatory ones red).")
    add_program_arguments(p, pack_help="Run this policy pack and mark its violations, repeatable.")
    p.add_argument("-o", "--output", required=True, metavar="FILE.svg|FILE.png",
                   help="Where to write the picture; the extension picks the format.")
    p.add_argument("--model", metavar="FILE.json",
                   help="Also write the picture's intermediate model (boxes, nodes, edges, marks) as JSON.")
    p.set_defaults(func=run_diagram)


def output_format(path: str) -> str:
    """``.svg`` or ``.png`` from ``--output``; anything else is bad input, refused before the preview runs."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise EngineError(f"--output {path!r} must end in .svg or .png (the extension picks the format). Fix: "
                          f"e.g. --output {Path(path).stem or 'diagram'}.svg.")
    if suffix == ".png":
        from private_apis.diagram.png import require_pillow

        require_pillow()
    return suffix


def check_directory(path: str | None, flag: str) -> None:
    """Refuse an output whose directory does not exist before the preview runs, not after."""
    if path is not None and not Path(path).resolve().parent.is_dir():
        raise EngineError(f"{flag} {path}: the directory {Path(path).parent} does not exist. Fix: create it, or "
                          f"pass {flag} a path in an existing directory.")


def _write_text(path: str, text: str, flag: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise EngineError(f"Cannot write {path} ({flag}): {exc.strerror or exc}. Fix: pass {flag} a path in a "
                          "directory that exists and is writable.") from exc


def run_diagram(args: argparse.Namespace) -> int:
    from private_apis.diagram.build import build_model
    from private_apis.diagram.layout import layout
    from private_apis.diagram.svg import to_svg
    from private_apis.engine.preview import PreviewOptions, preview
    from private_apis.engine.render import mask_secrets

    suffix = output_format(args.output)
    check_directory(args.output, "--output")
    check_directory(args.model, "--model")
    options = PreviewOptions(
        cwd=args.cwd, stack=args.stack, config=args.config, policy_packs=args.policy_packs,
        policy_pack_configs=args.policy_pack_configs, mocks_file=args.mocks, stack_references=args.stack_references,
        program_timeout=args.program_timeout)
    # The model keeps policy names, not messages, and shows secret inputs as [secret] (nodes.shown); masking the
    # result as `preview` does keeps it so if a later change draws messages too.
    model = build_model(mask_secrets(preview(options)))
    drawn = layout(model)
    if suffix == ".svg":
        _write_text(args.output, to_svg(drawn), "--output")
    else:
        from private_apis.diagram.png import to_png

        to_png(drawn, args.output)
    if args.model:
        _write_text(args.model, json.dumps(model.to_json(), indent=1, sort_keys=True) + "\n", "--model")
    mandatory = sum(1 for e in (*model.nodes, *model.boxes, *model.other) for m in e.marks if m.mandatory)
    mandatory += sum(1 for m in model.stack_marks if m.mandatory)
    print(f"wrote {args.output}: {len(model.nodes)} nodes, {len(model.edges)} edges, "
          f"{sum(len(g.urns) for g in model.other)} other resources grouped, {mandatory} mandatory violation(s) "
          "marked", file=sys.stderr)
    return 0
