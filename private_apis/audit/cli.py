"""The ``analyze`` and ``audit`` subcommands of ``python -m private_apis``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXIT_OK, EXIT_FINDINGS = 0, 1


def _add_pack_arguments(p: argparse.ArgumentParser, *, default_pack: bool) -> None:
    default = " (default: the project's policies/)" if default_pack else ", repeatable"
    p.add_argument("--policy-pack", action="append", default=[], metavar="DIR", dest="policy_packs",
                   help=f"Judge with this policy pack{default}.")
    p.add_argument("--policy-pack-config", action="append", default=[], metavar="FILE", dest="policy_pack_configs",
                   help="JSON config for the policy pack at the same position (the CLI's format).")
    p.add_argument("-C", "--cwd", default=".",
                   help="The Pulumi program directory the stack was deployed from: SARIF results point into it.")
    p.add_argument("--json", action="store_true", help="Print one JSON document instead of text.")
    p.add_argument("--sarif", metavar="FILE", help="Also write the findings as SARIF 2.1.0 to FILE.")
    p.add_argument("--pack-start-timeout", type=float, default=60.0, help="Seconds a pack may take to start.")
    p.add_argument("--pack-timeout", type=float, default=120.0, help="Seconds a pack may take to answer a call.")
    p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="Show tracebacks for errors.")


def _pack_options(args: argparse.Namespace, *, default_pack: bool):
    from private_apis.audit.packs import DEFAULT_PACK, PackOptions

    packs = args.policy_packs or ([DEFAULT_PACK] if default_pack else [])
    return PackOptions(policy_packs=packs, policy_pack_configs=args.policy_pack_configs,
                       pack_start_timeout=args.pack_start_timeout, pack_rpc_timeout=args.pack_timeout)


def add_analyze_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "analyze", help="Run policy packs over a stack's recorded state (pulumi stack export), offline.",
        description="Drives each policy pack over the Analyzer protocol with the state's resources: Analyze with "
                    "their inputs, AnalyzeStack with their outputs, secrets as [secret]. No credentials needed.")
    p.add_argument("--stack-export", required=True, metavar="FILE",
                   help="The file `pulumi stack export --file FILE` wrote.")
    _add_pack_arguments(p, default_pack=False)
    p.set_defaults(func=_run_analyze)


def _run_analyze(args: argparse.Namespace) -> int:
    from private_apis.audit.analyze import analyze_export
    from private_apis.audit.report import analysis_text
    from private_apis.engine.render import to_json
    from private_apis.engine.sarif import to_sarif, write_sarif

    result = analyze_export(args.stack_export, _pack_options(args, default_pack=False), cwd=args.cwd)
    if args.sarif:
        write_sarif(to_sarif(result, root=Path.cwd()), args.sarif)
    if args.json:
        print(json.dumps(to_json(result), indent=2, sort_keys=True))
    else:
        sys.stdout.write(analysis_text(result, args.stack_export))
    return EXIT_FINDINGS if result.mandatory else EXIT_OK


def add_audit_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "audit", help="Check a deployed stack's live AWS configuration against the policy pack, and for drift.",
        description="Reads the resources a stack owns from its state (or its outputs), reads their live "
                    "configuration with read-only boto3 calls, judges it with the policy pack and reports every "
                    "exposure and every drift from what the stack declared.")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--stack-export", metavar="FILE", help="The file `pulumi stack export --file FILE` wrote.")
    source.add_argument("--outputs", metavar="FILE", help="The file `pulumi stack output --json` wrote (no drift: "
                                                          "outputs do not record inputs).")
    p.add_argument("--region", help="AWS region of the resources of the default provider (default: the stack's "
                                    "aws:region, or aws_region of the outputs); a resource of an explicit provider "
                                    "is read in that provider's region, where the program put it.")
    p.add_argument("--endpoint-url", help="Send every AWS call to this URL (default: AWS_ENDPOINT_URL and "
                                          "AWS_ENDPOINT_URL_<SERVICE>, as boto3 reads them, else AWS); https, or "
                                          "http to this machine only, wherever it comes from.")
    _add_pack_arguments(p, default_pack=True)
    p.set_defaults(func=_run_audit)


def _run_audit(args: argparse.Namespace) -> int:
    from private_apis.audit.live import AuditOptions, run_audit
    from private_apis.audit.report import audit_json, audit_sarif, audit_text
    from private_apis.engine.sarif import write_sarif

    options = AuditOptions(stack_export=args.stack_export, outputs=args.outputs, region=args.region,
                           # Without the flag botocore reads AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> itself.
                           endpoint_url=args.endpoint_url,
                           packs=_pack_options(args, default_pack=True), cwd=args.cwd)
    audit = run_audit(options)
    if args.sarif:
        write_sarif(audit_sarif(audit, root=Path.cwd()), args.sarif)
    if args.json:
        print(json.dumps(audit_json(audit), indent=2, sort_keys=True))
    else:
        sys.stdout.write(audit_text(audit))
    return EXIT_FINDINGS if audit.failed else EXIT_OK
