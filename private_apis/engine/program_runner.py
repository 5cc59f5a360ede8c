"""Runs a Pulumi Python program in a process of its own, against the engine's resource monitor: the job of the CLI's
``pulumi-language-python-exec``, which ships with the CLI and not with the SDK.

Executed as a script by the program's own interpreter, so it imports nothing but the standard library and the
Pulumi SDK of that environment. The program talks to the engine over gRPC exactly as under ``pulumi preview``; how
it ended is written as one JSON object to the file descriptor ``--outcome-fd``, for the engine to report.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import runpy
import sys
import traceback


def _frames(exc: BaseException, directory: str) -> list[list]:
    return [[f.filename, f.lineno] for f in traceback.extract_tb(exc.__traceback__)
            if os.path.abspath(f.filename).startswith(directory)]


def _describe(exc: BaseException, directory: str) -> dict:
    import pulumi

    if isinstance(exc, SystemExit):
        code = exc.code
        return {"kind": "exit", "code": code if isinstance(code, (int, str)) or code is None else str(code)}
    if isinstance(exc, pulumi.RunError):
        return {"kind": "run_error", "message": str(exc)}
    args = [a for a in exc.args if isinstance(a, str)] if len(exc.args) == 1 else []
    return {"kind": "exception", "type": type(exc).__name__, "message": str(exc), "args": args,
            "frames": _frames(exc, directory), "traceback": traceback.format_exc()}


def _configure(args: argparse.Namespace) -> None:
    import pulumi.runtime

    pulumi.runtime.set_all_config(pulumi.runtime.get_config_env(), pulumi.runtime.get_config_secret_keys_env())
    pulumi.runtime.configure(pulumi.runtime.Settings(
        project=args.project, stack=args.stack, monitor=args.monitor, engine=args.engine, dry_run=True,
        organization=args.organization, root_directory=args.root))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for flag in ("--monitor", "--engine", "--project", "--stack", "--organization", "--root", "--outcome-fd"):
        parser.add_argument(flag, required=True)
    parser.add_argument("program")
    args = parser.parse_args()
    outcome = os.fdopen(int(args.outcome_fd), "w")
    directory = os.path.abspath(args.root)
    try:
        import pulumi.runtime
    except ImportError as exc:
        json.dump({"kind": "no_sdk", "message": str(exc), "python": sys.executable}, outcome)
        return 1
    _configure(args)
    # Applies that never ran when a program fails are expected; asyncio would report each of them.
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    sys.argv = [args.program]
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    result: dict = {"kind": "ok"}
    try:
        loop.run_until_complete(pulumi.runtime.run_in_stack(lambda: runpy.run_path(args.program,
                                                                                  run_name="__main__")))
    except BaseException as exc:  # every way a program ends is the engine's to report
        result = _describe(exc, directory)
    json.dump(result, outcome)
    outcome.flush()
    sys.stdout.flush()
    sys.stderr.flush()
    return 0 if result["kind"] == "ok" or (result["kind"] == "exit" and result["code"] in (None, 0)) else 1


if __name__ == "__main__":
    sys.exit(main())
