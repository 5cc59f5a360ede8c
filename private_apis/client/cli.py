"""``python -m private_apis invoke``: one signed request to a deployed API.

Prints the status line to stderr (with ``-v`` also the target, the redacted request headers and
the response headers), the body to stdout, and on an HTTP error the diagnosis to stderr.

Exit codes: 0 for a 2xx response; 1 for an HTTP error, a transport failure, missing credentials
or an unreadable API-key parameter; 2 for bad input (arguments, outputs file, URL, headers).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from private_apis.client.errors import CredentialsError, InvokeError, ParameterError, TargetError, TransportError
from private_apis.client.http import MAX_RETRIES, METHODS, RetryPolicy, SignedClient
from private_apis.client.outputs import API_OUTPUT_KEYS, OutputKeys, load_outputs, output_value, target_from_outputs
from private_apis.client.signing import configured_region
from private_apis.client.ssm import read_api_key_parameter
from private_apis.client.target import Target, check_headers

EXIT_OK = 0
EXIT_HTTP_ERROR = 1
EXIT_BAD_INPUT = 2

_EPILOG = """\
examples:
  invoke --url https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/v1 GET /user/42
  invoke --url https://vpce-0abc-12345678.execute-api.eu-west-1.vpce.amazonaws.com/v1 \\
         --host-header a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com GET /user/42
  invoke --url https://api.example.internal --region eu-west-1 POST /orders --data @order.json
  invoke --outputs outputs.json --api iam GET /user/42
  invoke --outputs outputs.json --api serverless GET /entities
  invoke --outputs other-stack.json --output-key url=base_url --output-key api_id_header=api_id GET /

--outputs takes `pulumi stack output --json` or the offline engine's --json output ({"outputs": {...}}).
--api NAME (bridge, serverless, iam) takes that API's keys of the output contract (docs/outputs.md),
the API key parameter included when the stack exports one. --output-key FIELD=KEY names the output
holding a field (url, region, host_header, api_id_header, api_key_parameter), alone or over --api;
url defaults to the output `invoke_url`.
"""


def add_invoke_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the ``invoke`` subcommand on an ``add_subparsers()`` object."""
    parser = subparsers.add_parser(
        "invoke", help="send one SigV4-signed request to a deployed API",
        description="Send one SigV4-signed (service execute-api) request to an API stage and print the response.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--outputs", metavar="FILE", help="stack outputs JSON to take the URL (and more) from")
    where.add_argument("--url", help="base URL including the stage, e.g. https://{api}.execute-api.{region}."
                                     "amazonaws.com/v1 or a custom domain (with base path)")
    parser.add_argument("--api", choices=sorted(API_OUTPUT_KEYS),
                        help="with --outputs: which API of a private-apis stack to call (its contract keys)")
    parser.add_argument("--output-key", action="append", metavar="FIELD=KEY", default=[],
                        help="with --outputs: which output holds FIELD (repeatable)")
    parser.add_argument("method", metavar="METHOD", help="GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS")
    parser.add_argument("path", metavar="PATH", help="path below the stage, unencoded, optional ?query (form-encoded)")
    parser.add_argument("--data", "-d", metavar="DATA|@FILE", help="request body; @FILE reads a file, @- stdin")
    parser.add_argument("--header", "-H", action="append", metavar="K:V", default=[],
                        help="extra header (repeatable; signed like every header)")
    private = parser.add_mutually_exclusive_group()
    private.add_argument("--host-header", metavar="HOST",
                         help="send and sign this Host (private API through the VPC endpoint DNS name)")
    private.add_argument("--api-id-header", metavar="ID", help="send x-apigw-api-id: ID (VPC endpoint DNS name)")
    key = parser.add_mutually_exclusive_group()
    key.add_argument("--api-key", metavar="KEY", help="send x-api-key (in addition to the signature)")
    key.add_argument("--api-key-parameter", metavar="NAME",
                     help="read the API key from this SSM SecureString parameter (decrypted)")
    parser.add_argument("--region", help="signing region (required for custom domains)")
    parser.add_argument("--profile", help="AWS profile for credentials (default: the standard chain)")
    parser.add_argument("--timeout", type=float, default=10.0, metavar="S", help="seconds per attempt (default 10)")
    parser.add_argument("--retries", type=int, default=2, metavar="N",
                        help=f"retries on 429/5xx and connection errors, 0-{MAX_RETRIES} (default 2)")
    parser.add_argument("--retry-non-idempotent", action="store_true",
                        help="also retry POST and PATCH (only if the operation is safe to repeat)")
    parser.add_argument("--verbose", "-v", action="store_true", help="print the target and the headers")
    parser.set_defaults(func=run_invoke)
    return parser


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def _read_data(value: str | None) -> bytes | None:
    if value is None:
        return None
    if value == "@-":
        return sys.stdin.buffer.read()
    if value.startswith("@"):
        path = Path(value[1:])
        try:
            return path.read_bytes()
        except OSError as exc:
            raise TargetError(f"--data: cannot read {path}: {exc.strerror or exc}") from None
    return value.encode("utf-8")


def _parse_headers(specs: list[str]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for spec in specs:
        name, sep, value = spec.partition(":")
        if not sep or not name.strip():
            raise TargetError(f"--header {spec!r}: expected NAME:VALUE")
        headers[name.strip()] = value.strip()
    return headers


def _content_type(body: bytes) -> str:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "application/octet-stream"
    try:
        json.loads(text)
    except ValueError:
        return "text/plain; charset=utf-8"
    return "application/json"


def _build_target(args: argparse.Namespace) -> tuple[Target, str | None]:
    """The target and the SSM parameter name to read the API key from, if any."""
    default_region = None if args.region else configured_region(args.profile)
    if args.outputs:
        outputs = load_outputs(args.outputs)
        base = API_OUTPUT_KEYS[args.api] if args.api else None
        if base is not None:
            # Optional keys: a stack without an API key has no parameter output; a region is parsed from
            # an execute-api URL when a stack (of an older contract) does not export it.
            absent = [f for f in ("api_key_parameter", "region") if getattr(base, f) not in outputs]
            base = replace(base, **dict.fromkeys(absent))
        keys = OutputKeys.parse(args.output_key, base)
        target = target_from_outputs(outputs, keys, region=args.region, default_region=default_region,
                                     host_header=args.host_header, api_id_header=args.api_id_header,
                                     api_key=args.api_key)
        parameter = args.api_key_parameter
        if parameter is None and keys.api_key_parameter and args.api_key is None:
            parameter = output_value(outputs, keys.api_key_parameter)
        return target, parameter
    if args.output_key or args.api:
        raise TargetError("--api and --output-key need --outputs")
    target = Target.from_url(args.url, region=args.region, host_header=args.host_header,
                             api_id_header=args.api_id_header, api_key=args.api_key, default_region=default_region)
    return target, args.api_key_parameter


def run_invoke(args: argparse.Namespace) -> int:
    """Run the ``invoke`` subcommand; returns the exit code."""
    try:
        target, parameter = _build_target(args)
        body = _read_data(args.data)
        headers = _parse_headers(args.header)
        if body is not None and not any(k.lower() == "content-type" for k in headers):
            headers["Content-Type"] = _content_type(body)
        retry = RetryPolicy(retries=args.retries, retry_non_idempotent=args.retry_non_idempotent)
        if not args.timeout > 0:
            raise TargetError("--timeout must be positive")
        method = args.method.upper()
        # Validate method, path and headers before touching SSM or the network.
        if method not in METHODS:
            raise TargetError(f"METHOD {args.method!r} is not one of {', '.join(sorted(METHODS))}")
        check_headers(headers)
        target.request_urls(args.path)
    except TargetError as exc:
        _err(f"error: {exc}")
        return EXIT_BAD_INPUT
    except CredentialsError as exc:
        _err(f"error: {exc}")
        return EXIT_HTTP_ERROR

    try:
        if parameter:
            target = replace(target, api_key=read_api_key_parameter(parameter, region=target.region,
                                                                    profile=args.profile))
        with SignedClient(target, profile=args.profile, timeout=args.timeout, retry=retry) as client:
            if args.verbose:
                _err(f"* {target.describe()}")
                prepared = client.prepare(method, args.path, data=body, headers=headers)
                _err(f"> {prepared.method} {prepared.url}")
                for name, value in prepared.redacted_headers().items():
                    _err(f"> {name}: {value}")
            response = client.request(method, args.path, data=body, headers=headers, check=False)
    except TargetError as exc:
        _err(f"error: {exc}")
        return EXIT_BAD_INPUT
    except (TransportError, CredentialsError, ParameterError, InvokeError) as exc:
        _err(f"error: {exc}")
        return EXIT_HTTP_ERROR

    attempts = "" if response.attempts == 1 else f", {response.attempts} attempts"
    _err(f"HTTP {response.status_code} {response.reason} ({response.elapsed:.2f} s{attempts})")
    if args.verbose:
        for name, value in response.headers.items():
            _err(f"< {name}: {value}")
    _write_body(response.content)
    if response.ok:
        return EXIT_OK
    if response.diagnosis is not None:
        _err(f"error: {response.diagnosis}")
    return EXIT_HTTP_ERROR


def _write_body(content: bytes) -> None:
    if not content:
        return
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return
    sys.stdout.write(text if text.endswith("\n") or not sys.stdout.isatty() else text + "\n")
    sys.stdout.flush()
