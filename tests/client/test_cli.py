"""``invoke`` through its own parser: output, exit codes and every way of naming the target."""

from __future__ import annotations

import argparse
import json

import pytest

from private_apis.client.cli import add_invoke_parser, run_invoke
from tests.client.conftest import API_HOST, API_ID


def invoke(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="private_apis")
    subcommands = parser.add_subparsers(dest="command", required=True)
    add_invoke_parser(subcommands)
    args = parser.parse_args(["invoke", *argv])
    assert args.func is run_invoke
    return args.func(args)


def test_get_through_the_host_header_form(api_server, capsys):
    code = invoke("--url", f"{api_server.origin}/v1", "--host-header", API_HOST, "GET", "/user/42?expand=orders")
    out, err = capsys.readouterr()
    assert code == 0
    assert err.startswith("HTTP 200 OK (")
    assert json.loads(out)["target"] == "/v1/user/42?expand=orders"
    request = api_server.received[0]
    assert request.verification.ok and request.header("host") == API_HOST


def test_post_file_with_headers_api_key_and_verbose(api_server, capsys, tmp_path):
    body = tmp_path / "order.json"
    body.write_text('{"item": "book"}')
    code = invoke("--url", f"{api_server.origin}/v1", "--api-id-header", API_ID, "--region", "eu-west-1",
                  "-H", "X-Request-Id: 7", "--api-key", "s3cret-key", "-v", "post", "/orders", "--data", f"@{body}")
    _, err = capsys.readouterr()
    assert code == 0
    request = api_server.received[-1]
    assert request.verification.ok
    assert (request.body, request.header("content-type")) == (b'{"item": "book"}', "application/json")
    assert (request.header("x-apigw-api-id"), request.header("x-api-key"), request.header("x-request-id")) == \
        (API_ID, "s3cret-key", "7")
    assert "s3cret-key" not in err and "Signature=<redacted>" in err and "x-api-key: <redacted>" in err
    assert "> POST " in err and "< Content-Type: application/json" in err


def test_outputs_file(api_server, capsys, tmp_path):
    outputs = tmp_path / "preview.json"
    outputs.write_text(json.dumps({"outputs": {"iam_api_url": f"{api_server.origin}/v1",
                                               "iam_api_host": API_HOST}}))
    code = invoke("--outputs", str(outputs), "--output-key", "url=iam_api_url", "--output-key",
                  "host_header=iam_api_host", "DELETE", "/user/1")
    assert code == 0, capsys.readouterr().err
    assert api_server.received[0].method == "DELETE" and api_server.received[0].verification.ok


def test_api_takes_the_contract_keys_of_a_private_apis_stack(api_server, capsys, tmp_path):
    outputs = tmp_path / "outputs.json"
    outputs.write_text(json.dumps({"serverless_vpc_endpoint_url": f"{api_server.origin}/v1",
                                   "serverless_api_id_header": API_ID, "iam_invoke_url": f"{api_server.origin}/v2",
                                   "aws_region": "eu-west-1"}))
    assert invoke("--outputs", str(outputs), "--api", "serverless", "GET", "/entities") == 0, capsys.readouterr().err
    assert invoke("--outputs", str(outputs), "--api", "iam", "GET", "/user/1") == 0, capsys.readouterr().err
    first, second = api_server.received
    assert (first.target, first.header("x-apigw-api-id")) == ("/v1/entities", API_ID)
    # The IAM API of this stack has no API key (no parameter output): none is read or sent.
    assert (second.target, second.header("x-apigw-api-id"), second.header("x-api-key")) == ("/v2/user/1", None, None)
    assert first.verification.ok and second.verification.ok


def test_http_error_exits_1_with_the_explanation(api_server, capsys):
    api_server.reply(403, {"Message": "User: arn:aws:sts::123456789012:assumed-role/x/y is not authorized to "
                                      "perform: execute-api:Invoke on resource: arn:aws:execute-api:eu-west-1:"
                                      "123456789012:a1b2c3d4e5/v1/GET/user/1"})
    code = invoke("--url", f"{api_server.origin}/v1", "--host-header", API_HOST, "GET", "/user/1")
    out, err = capsys.readouterr()
    assert code == 1
    assert "error: 403 identity-policy: IAM denied execute-api:Invoke" in err
    assert "not authorized" in out


def test_retries_flag(api_server, capsys):
    api_server.reply(503, {})
    code = invoke("--url", f"{api_server.origin}/v1", "--host-header", API_HOST, "--retries", "0", "GET", "/x")
    assert code == 1 and "503 server-error" in capsys.readouterr().err


def test_transport_failure_exits_1(api_server, capsys):
    api_server.stall(2.0)
    code = invoke("--url", f"{api_server.origin}/v1", "--host-header", API_HOST, "--timeout", "0.2",
                  "--retries", "0", "GET", "/slow")
    assert code == 1 and "no complete response within 0.2 s" in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "message"), [
    (["--url", "https://api.example.internal", "GET", "/"], "--region"),
    (["--url", f"https://{API_HOST}/v1", "FETCH", "/"], "METHOD 'FETCH'"),
    (["--url", f"https://{API_HOST}/v1", "-H", "no-colon", "GET", "/"], "NAME:VALUE"),
    (["--url", f"https://{API_HOST}/v1", "-H", "Host: x", "GET", "/"], "--host-header"),
    (["--url", f"https://{API_HOST}/v1", "GET", "/a//b"], "empty"),
    (["--url", f"https://{API_HOST}/v1", "--retries", "99", "GET", "/"], "retries"),
    (["--url", f"https://{API_HOST}/v1", "--timeout", "0", "GET", "/"], "timeout"),
    (["--url", f"https://{API_HOST}/v1", "--data", "@/nonexistent/file", "POST", "/"], "cannot read"),
    (["--url", f"https://{API_HOST}/v1", "--output-key", "url=x", "GET", "/"], "need --outputs"),
    (["--url", f"https://{API_HOST}/v1", "--api", "iam", "GET", "/"], "need --outputs"),
    (["--outputs", "/nonexistent.json", "GET", "/"], "cannot read outputs file"),
    (["--url", f"http://{API_HOST}/v1", "GET", "/"], "plain http"),
])
def test_bad_input_exits_2(argv, message, capsys):
    assert invoke(*argv) == 2
    assert message in capsys.readouterr().err


SECONDS = "a number of seconds above 0 and at most 3600"
WHOLE_BYTES = "a whole number of bytes from 1 to 1073741824"
RETRIES = "a whole number from 0 to 10"
OTHER_DIGITS = " written in the digits 0-9"


@pytest.mark.parametrize(("flag", "value", "message"), [
    # float() and int() read any script's decimal digits: Arabic-Indic, Devanagari, fullwidth.
    ("--timeout", "\u0663", f"must be {SECONDS}{OTHER_DIGITS}, e.g. --timeout 30"),
    ("--timeout", "\u0969.5", f"must be {SECONDS}{OTHER_DIGITS}, e.g. --timeout 30"),
    ("--timeout", "\uff13", f"must be {SECONDS}{OTHER_DIGITS}, e.g. --timeout 30"),
    ("--retries", "\u0662", f"must be {RETRIES}{OTHER_DIGITS}, e.g. --retries 3"),
    ("--max-body-bytes", "\u0661\u0660\u0660\u0660",
     f"must be {WHOLE_BYTES}{OTHER_DIGITS}, e.g. --max-body-bytes 52428800"),
    # ... and also underscores, surrounding spaces, a second dot, and a spelled-out infinity.
    ("--timeout", "1_0", f"must be {SECONDS}, e.g. --timeout 30"),
    ("--timeout", " 3", f"must be {SECONDS}, e.g. --timeout 30"),
    ("--timeout", "1.2.3", f"must be {SECONDS}, e.g. --timeout 30"),
    ("--timeout", "Infinity", f"must be {SECONDS}, e.g. --timeout 30"),
    ("--retries", "1_0", f"must be {RETRIES}, e.g. --retries 3"),
    ("--retries", "3 ", f"must be {RETRIES}, e.g. --retries 3"),
    ("--max-body-bytes", "1_000", f"must be {WHOLE_BYTES}, e.g. --max-body-bytes 52428800"),
])
def test_numeric_flags_take_ascii_numbers_only(flag, value, message, capsys):
    assert invoke("--url", f"https://{API_HOST}/v1", flag, value, "GET", "/") == 2
    assert capsys.readouterr().err == f"error: {flag} {value}: {message}\n"


@pytest.mark.parametrize("timeout", ["5", "2.5", ".5", "5.", "1e1", "+3", "2.5E0"])
def test_numeric_flags_accept_every_ascii_spelling(api_server, capsys, timeout):
    code = invoke("--url", f"{api_server.origin}/v1", "--host-header", API_HOST, "--timeout", timeout,
                  "--retries", "+0", "--max-body-bytes", "1000", "GET", "/x")
    assert code == 0, capsys.readouterr().err


def test_mutually_exclusive_flags_are_argparse_errors(capsys):
    with pytest.raises(SystemExit) as info:
        invoke("--url", f"https://{API_HOST}/v1", "--host-header", API_HOST, "--api-id-header", API_ID, "GET", "/")
    assert info.value.code == 2


def test_no_credentials_exits_1(api_server, capsys, monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    assert invoke("--url", f"{api_server.origin}/v1", "--host-header", API_HOST, "GET", "/") == 1
    assert "no AWS credentials found" in capsys.readouterr().err
