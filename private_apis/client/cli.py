"""``python -m private_apis invoke``: one signed request to a deployed API.

Prints the status line to stderr (with ``-v`` also the target, the redacted request headers and
the response headers), the body to stdout (or its exact bytes to ``--output FILE``), and on an HTTP
error the diagnosis to stderr. Everything the server sent is printed with its control characters
escaped (:func:`~private_apis.client.terminal.escape_control`), so a hostile body cannot drive the terminal.

Exit codes: 0 for a 2xx response; 1 for an HTTP error, a transport failure (timeouts included), a body
over ``--max-body-bytes``, missing credentials or an unreadable API-key parameter; 2 for bad input
(arguments, numeric flags, outputs file, URL, headers, ``--output`` path).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import requests

from private_apis.cli import INVOKE_HELP
from private_apis.client.errors import (
    CredentialsError,
    InvokeError,
    ParameterError,
    ResponseTooLargeError,
    TargetError,
    TransportError,
)
from private_apis.client.http import (
    MAX_RETRIES,
    METHODS,
    InvokeResponse,
    RetryPolicy,
    SignedClient,
    certificate_failure,
    check_ca_bundle,
)
from private_apis.client.limits import (
    ASCII_DECIMAL,
    ASCII_WHOLE,
    BODY_BYTES_RULE,
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_TIMEOUT,
    MAX_MAX_BODY_BYTES,
    MAX_TIMEOUT,
    SECONDS_RULE,
    valid_body_cap,
    valid_seconds,
)
from private_apis.client.outputs import (
    API_NAMES,
    API_OUTPUT_KEYS,
    ONPREM_API,
    OutputKeys,
    load_outputs,
    onprem_target,
    output_value,
    target_from_outputs,
)
from private_apis.client.signing import configured_region
from private_apis.client.ssm import read_api_key_parameter
from private_apis.client.target import Target, check_headers
from private_apis.terminal import escape_control

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
  invoke --outputs outputs.json --api onprem --domain api.example.internal --ca-bundle corp-ca.pem GET /test-resource
  invoke --outputs other-stack.json --output-key url=base_url --output-key api_id_header=api_id GET /
  invoke --outputs outputs.json --api iam --timeout 30 --max-body-bytes 104857600 -o report.pdf GET /reports/7

--outputs takes `pulumi stack output --json` or the offline engine's --json output ({"outputs": {...}}).
--api NAME (bridge, serverless, iam) takes that API's keys of the output contract (docs/outputs.md),
the API key parameter included when the stack exports one. --output-key FIELD=KEY names the output
holding a field (url, region, host_header, api_id_header, api_key_parameter), alone or over --api;
url defaults to the output `invoke_url`.

--api onprem calls an API of the onprem-domain topology by its custom domain name (onprem_domain_names,
onprem_api_urls): --domain NAME picks one when the stack has several. The request is signed for
execute-api in the stack's aws_region with the domain name as Host, whether it reaches an internal NLB
or a native private custom domain name. The server certificate is verified as always; --ca-bundle FILE
trusts a private CA's PEM certificates instead of the default store.

The body goes to stdout with control characters (ANSI escapes included) and bytes that are not UTF-8
shown as \\xNN, so a hostile server cannot drive the terminal; --output FILE keeps its exact bytes.
"""


def add_invoke_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the ``invoke`` subcommand on an ``add_subparsers()`` object."""
    parser = subparsers.add_parser(
        "invoke", help=INVOKE_HELP,
        description="Send one SigV4-signed (service execute-api) request to an API stage and print the response.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--outputs", metavar="FILE", help="stack outputs JSON to take the URL (and more) from")
    where.add_argument("--url", help="base URL including the stage, e.g. https://{api}.execute-api.{region}."
                                     "amazonaws.com/v1 or a custom domain (with base path)")
    parser.add_argument("--api", choices=API_NAMES,
                        help="with --outputs: which API of a private-apis stack to call (its contract keys)")
    parser.add_argument("--domain", metavar="NAME",
                        help="with --api onprem: the custom domain name of the API to call (default: the only one)")
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
    parser.add_argument("--ca-bundle", metavar="FILE",
                        help="verify the server's TLS certificate against the CA certificates in this PEM file "
                             "(a private CA) instead of the default trust store")
    # Numbers are parsed by run_invoke, not argparse, so a bad one is a single "error: --flag ..." line, exit 2.
    parser.add_argument("--timeout", default=f"{DEFAULT_TIMEOUT:g}", metavar="S",
                        help=f"the most one attempt may take in all, connecting, sending and reading the status, "
                             f"headers and whole body, so a server trickling bytes is cut off; {SECONDS_RULE} "
                             f"(default {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--retries", default="2", metavar="N",
                        help=f"retries on 429/5xx, connection errors and timeouts, 0-{MAX_RETRIES} (default 2)")
    parser.add_argument("--max-body-bytes", default=str(DEFAULT_MAX_BODY_BYTES), metavar="N",
                        help=f"refuse a response body larger than N bytes, without reading the rest (exit 1); "
                             f"1-{MAX_MAX_BODY_BYTES} (default {DEFAULT_MAX_BODY_BYTES}, 10 MiB)")
    parser.add_argument("--output", "-o", metavar="FILE",
                        help="write the body's exact bytes to FILE ('-': stdout) instead of printing it with "
                             "control characters escaped")
    parser.add_argument("--retry-non-idempotent", action="store_true",
                        help="also retry POST and PATCH (only if the operation is safe to repeat)")
    parser.add_argument("--verbose", "-v", action="store_true", help="print the target and the headers")
    parser.set_defaults(func=run_invoke)
    return parser


def _err(message: str) -> None:
    # Every line on stderr may quote the server (reason, headers, diagnosis): one line each, nothing that acts.
    print(escape_control(message, multiline=False), file=sys.stderr)


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
    if args.domain is not None and args.api != ONPREM_API:
        raise TargetError("--domain picks an onprem-domain API: use it with --outputs FILE --api onprem")
    if args.api == ONPREM_API:
        return _onprem_target(args), args.api_key_parameter
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


def _onprem_target(args: argparse.Namespace) -> Target:
    """``--api onprem``: the API named by ``--domain``, signed for its domain name in the stack's region."""
    if not args.outputs:
        raise TargetError("--api onprem needs --outputs FILE (pulumi stack output --json)")
    if args.output_key:
        raise TargetError("--output-key does not apply to --api onprem, whose keys are the contract's lists: "
                          "pick the API with --domain NAME")
    if args.host_header or args.api_id_header:
        flag = "--host-header" if args.host_header else "--api-id-header"
        raise TargetError(f"{flag} does not apply to --api onprem: the request goes to the custom domain name, "
                          "which is its Host and what the signature covers; remove it")
    return onprem_target(load_outputs(args.outputs), domain=args.domain, region=args.region, api_key=args.api_key)


@dataclass(frozen=True)
class _NumericFlag:
    """How one numeric flag is spelt, read and checked, and what its errors say."""

    flag: str
    syntax: re.Pattern[str]
    convert: Callable[[str], Any]
    valid: Callable[[Any], bool]
    rule: str
    example: str


def _number(spec: _NumericFlag, text: str) -> Any:
    value = spec.convert(text) if spec.syntax.fullmatch(text) else None
    if value is None or not spec.valid(value):
        digits = " written in the digits 0-9" if any(c.isdigit() and not c.isascii() for c in text) else ""
        raise TargetError(f"{spec.flag} {text}: must be {spec.rule}{digits}, e.g. {spec.flag} {spec.example}")
    return value


_TIMEOUT = _NumericFlag("--timeout", ASCII_DECIMAL, float, valid_seconds, SECONDS_RULE, "30")
_MAX_BODY_BYTES = _NumericFlag("--max-body-bytes", ASCII_WHOLE, int, valid_body_cap, BODY_BYTES_RULE, "52428800")
_RETRIES = _NumericFlag("--retries", ASCII_WHOLE, int, lambda n: 0 <= n <= MAX_RETRIES,
                        f"a whole number from 0 to {MAX_RETRIES}", "3")


def _limits(args: argparse.Namespace) -> tuple[float, int, RetryPolicy]:
    """``--timeout``, ``--max-body-bytes`` and the retry policy, each refused with its flag's name."""
    timeout = _number(_TIMEOUT, args.timeout)
    cap = _number(_MAX_BODY_BYTES, args.max_body_bytes)
    retries = _number(_RETRIES, args.retries)
    return timeout, cap, RetryPolicy(retries=retries, retry_non_idempotent=args.retry_non_idempotent)


def _check_output(value: str | None) -> None:
    """Refuse an unwritable ``--output`` before the request is sent: a POST must not run for nothing."""
    if value is None or value == "-":
        return
    path = Path(value)
    if path.is_dir():
        raise TargetError(f"--output {value}: is a directory; give a file name")
    if not path.parent.is_dir():
        raise TargetError(f"--output {value}: directory {path.parent} does not exist")


def _prepare(args: argparse.Namespace) -> tuple[Target, str | None, str, bytes | None, dict[str, str]]:
    """Everything checkable offline: target, API-key parameter, method, body and headers."""
    target, parameter = _build_target(args)
    body = _read_data(args.data)
    headers = _parse_headers(args.header)
    if body is not None and not any(k.lower() == "content-type" for k in headers):
        headers["Content-Type"] = _content_type(body)
    method = args.method.upper()
    # Validate method, path and headers before touching SSM or the network.
    if method not in METHODS:
        raise TargetError(f"METHOD {args.method!r} is not one of {', '.join(sorted(METHODS))}")
    check_headers(headers)
    target.request_urls(args.path)
    _check_output(args.output)
    if args.ca_bundle is not None:
        check_ca_bundle(args.ca_bundle, "--ca-bundle")
    return target, parameter, method, body, headers


def run_invoke(args: argparse.Namespace) -> int:
    """Run the ``invoke`` subcommand; returns the exit code."""
    try:
        timeout, cap, retry = _limits(args)
        target, parameter, method, body, headers = _prepare(args)
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
        with SignedClient(target, profile=args.profile, timeout=timeout, max_body_bytes=cap, retry=retry,
                          ca_bundle=args.ca_bundle) as client:
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
    except ResponseTooLargeError as exc:
        _err(f"error: {exc}; to accept it, raise the cap with --max-body-bytes N (at most {MAX_MAX_BODY_BYTES})")
        return EXIT_HTTP_ERROR
    except TransportError as exc:
        _err(f"error: {exc}{_transport_hint(exc, args.ca_bundle, target)}")
        return EXIT_HTTP_ERROR
    except (CredentialsError, ParameterError, InvokeError) as exc:
        _err(f"error: {exc}")
        return EXIT_HTTP_ERROR
    return _report(response, args)


def _transport_hint(exc: TransportError, ca_bundle: str | None, target: Target) -> str:
    """What to do about a failure without a response, appended to its message."""
    if isinstance(exc.__cause__, requests.Timeout):
        return f"; raise --timeout (at most {MAX_TIMEOUT:g} s) if the API is just slow"
    if exc.__cause__ is not None and certificate_failure(exc.__cause__) is not None:
        host = (target.connect_to or target.url).split("://", 1)[1].split("/", 1)[0]
        if ca_bundle:
            return (f"; check that {ca_bundle} holds the CA that issued the certificate of {host} and that the "
                    "certificate covers that name")
        return (f"; if a private CA issued the certificate of {host} (usual on-premises), pass the CA's PEM "
                "certificate with --ca-bundle FILE")
    return ""


def _report(response: InvokeResponse, args: argparse.Namespace) -> int:
    attempts = "" if response.attempts == 1 else f", {response.attempts} attempts"
    _err(f"HTTP {response.status_code} {response.reason} ({response.elapsed:.2f} s{attempts})")
    if args.verbose:
        for name, value in response.headers.items():
            _err(f"< {name}: {value}")
    try:
        _write_body(response.content, args.output)
    except OSError as exc:
        _err(f"error: --output {args.output}: cannot write: {exc.strerror or exc}")
        return EXIT_BAD_INPUT
    if response.ok:
        return EXIT_OK
    if response.diagnosis is not None:
        _err(f"error: {response.diagnosis}")
    return EXIT_HTTP_ERROR


def _write_body(content: bytes, output: str | None) -> None:
    if output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
    elif output is not None:
        Path(output).write_bytes(content)
    elif content:
        _print_body(content)


def _print_body(content: bytes) -> None:
    """The body as text, undecodable bytes and control characters escaped; a note on stderr when any were."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    shown = escape_control(text if text is not None else content.decode("utf-8", "backslashreplace"))
    sys.stdout.flush()
    # Encoded here: a terminal whose encoding lacks a character gets an escape, not a UnicodeEncodeError.
    ending = "" if shown.endswith("\n") or not sys.stdout.isatty() else "\n"
    sys.stdout.buffer.write((shown + ending).encode(sys.stdout.encoding or "utf-8", "backslashreplace"))
    sys.stdout.flush()
    if shown != text:
        _err("note: the body's control characters and bytes that are not UTF-8 are shown as \\xNN; "
             "--output FILE writes its exact bytes")
