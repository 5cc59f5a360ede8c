"""``python -m private_apis``: the offline preview engine and the signed API client.

Exit codes: 0 success and no mandatory policy violation; 1 mandatory violations (preview) or an
HTTP error (invoke); 2 bad input, a failing program or a failing policy pack.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import traceback
from collections.abc import Sequence

from private_apis.engine.errors import EngineError
from private_apis.terminal import escape_control

EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2


def add_program_arguments(p: argparse.ArgumentParser, *, pack_help: str) -> None:
    """What every command that previews a program takes: where it is, its stack and config, the packs, the answers
    the engine cannot know, and how long it may run (``preview``, ``diagram``)."""
    p.add_argument("-C", "--cwd", default=".", help="Run the Pulumi program in this directory (default: .).")
    p.add_argument("-s", "--stack", default="dev", help="Stack whose Pulumi.<stack>.yaml to read (default: dev).")
    p.add_argument("-c", "--config", action="append", default=[], metavar="KEY=VALUE",
                   help="Config override, repeatable; bare keys belong to the project namespace.")
    p.add_argument("--policy-pack", action="append", default=[], metavar="DIR", dest="policy_packs", help=pack_help)
    p.add_argument("--policy-pack-config", action="append", default=[], metavar="FILE", dest="policy_pack_configs",
                   help="JSON config for the policy pack at the same position (the CLI's format).")
    p.add_argument("--mocks", metavar="FILE", help='JSON answers for data sources the engine does not know: '
                   '{"calls": {token: result}, "resources": {type: extra outputs}}.')
    p.add_argument("--stack-reference", action="append", default=[], metavar="NAME=FILE", dest="stack_references",
                   help="Outputs for a pulumi.StackReference NAME: a JSON file of outputs or a --json preview.")
    p.add_argument("--program-timeout", type=float, default=600.0,
                   help="Seconds the program may run before it is stopped (exit 2; default: 600).")
    p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="Show tracebacks for errors.")


def _add_preview_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "preview", help="Preview a Pulumi Python program offline and enforce policy packs on it.",
        description="Runs the program with the real Pulumi SDK under mocks that answer like AWS, then drives each "
                    "policy pack over the Analyzer gRPC protocol, as `pulumi preview --policy-pack` does.")
    add_program_arguments(p, pack_help="Run this policy pack, repeatable.")
    p.add_argument("--first-preview", action="store_true",
                   help="Treat provider-computed outputs as unknown, as in a stack's very first preview.")
    p.add_argument("--json", action="store_true", help="Print one JSON document instead of text.")
    p.add_argument("--sarif", metavar="FILE",
                   help="Also write the policy violations as SARIF 2.1.0 to FILE, for GitHub code scanning: each "
                        "violation points at the program line that created the resource, relative to the current "
                        "directory (the repository root). Written whenever the packs ran, violations or not.")
    p.add_argument("--diff", action="store_true", help="Show each resource's inputs.")
    p.add_argument("--show-secrets", action="store_true", help="Show secret values instead of [secret].")
    p.add_argument("--pack-start-timeout", type=float, default=60.0, help="Seconds a pack may take to start.")
    p.add_argument("--pack-timeout", type=float, default=120.0, help="Seconds a pack may take to answer a call.")
    p.set_defaults(func=_run_preview)


def _run_preview(args: argparse.Namespace) -> int:
    from pathlib import Path

    from private_apis.engine.preview import PreviewOptions, preview
    from private_apis.engine.render import mask_secrets, render_text, to_json
    from private_apis.engine.sarif import to_sarif, write_sarif

    options = PreviewOptions(
        cwd=args.cwd, stack=args.stack, config=args.config, policy_packs=args.policy_packs,
        policy_pack_configs=args.policy_pack_configs, first_preview=args.first_preview, mocks_file=args.mocks,
        stack_references=args.stack_references, pack_start_timeout=args.pack_start_timeout,
        pack_rpc_timeout=args.pack_timeout, program_timeout=args.program_timeout, program_output_to_stderr=args.json)
    # With --json the program, in its own process, prints to stderr: the document is the whole of stdout.
    result = preview(options)
    if not args.show_secrets:
        result = mask_secrets(result)
    if args.sarif:
        # Before stdout: a file that cannot be written is exit 2 with nothing printed, like every other error.
        write_sarif(to_sarif(result, root=Path.cwd()), args.sarif)
    if args.json:
        print(json.dumps(to_json(result, show_secrets=args.show_secrets), indent=2, sort_keys=True))
    else:
        sys.stdout.write(render_text(result, diff=args.diff, show_secrets=args.show_secrets))
    return EXIT_VIOLATIONS if result.mandatory else EXIT_OK


INVOKE_HELP = "send one SigV4-signed request to a deployed API"


def _add_audit_parsers(subparsers: argparse._SubParsersAction) -> None:
    from private_apis.audit.cli import add_analyze_parser, add_audit_parser

    add_analyze_parser(subparsers)
    add_audit_parser(subparsers)


def _add_migrate_state_parser(subparsers: argparse._SubParsersAction) -> None:
    from private_apis.state_migration import add_migrate_state_parser

    add_migrate_state_parser(subparsers)


def _add_diagram_parser(subparsers: argparse._SubParsersAction) -> None:
    from private_apis.diagram.cli import add_diagram_parser

    add_diagram_parser(subparsers)


def build_parser(*, invoke: bool = True) -> argparse.ArgumentParser:
    """The command line. ``invoke=False`` registers ``invoke`` by name only: its parser needs the signed client
    (botocore, requests: a sixth of a second to import), which a preview never uses."""
    parser = argparse.ArgumentParser(prog="python -m private_apis", description=__doc__.splitlines()[0])
    parser.add_argument("--debug", action="store_true", help="Show tracebacks for errors.")
    subparsers = parser.add_subparsers(dest="command", required=True)
    _add_preview_parser(subparsers)
    _add_audit_parsers(subparsers)
    _add_diagram_parser(subparsers)
    _add_migrate_state_parser(subparsers)
    if not invoke:
        subparsers.add_parser("invoke", help=INVOKE_HELP)
        return parser
    try:
        from private_apis.client.cli import add_invoke_parser
    except ImportError:
        pass
    else:
        add_invoke_parser(subparsers)
    return parser


def _command(argv: Sequence[str]) -> str | None:
    """The subcommand named on the command line (the first word that is not an option)."""
    return next((word for word in argv if not word.startswith("-")), None)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Only `invoke` (and the full help) needs the signed client's parser.
    parser = build_parser(invoke=_command(argv) in (None, "invoke"))
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except EngineError as exc:
        if args.debug:
            traceback.print_exc()
        # Messages quote file contents, program output and pack stderr: none of it may drive the terminal or
        # start a line of its own that could pass for the tool's.
        print(f"error: {escape_control(str(exc), multiline=False)}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader went away (`| head`): what is left to print has nowhere to go.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return EXIT_ERROR
