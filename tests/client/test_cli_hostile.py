"""``python -m private_apis invoke`` run as a user runs it, against bad flags and a hostile server on 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.client.conftest import API_HOST

ROOT = Path(__file__).resolve().parents[2]
MIB = 1024 * 1024


def run_cli(*argv: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "private_apis", "invoke", *argv], cwd=ROOT, env=dict(os.environ),
                          capture_output=True, timeout=60, check=False)


def local(server) -> list[str]:
    return ["--url", f"{server.origin}/v1", "--host-header", API_HOST]


def stderr_lines(result: subprocess.CompletedProcess[bytes]) -> list[str]:
    text = result.stderr.decode()
    assert "Traceback" not in text
    return text.splitlines()


@pytest.mark.parametrize(("flag", "value", "rule"), [
    ("--timeout", "inf", "a number of seconds above 0 and at most 3600"),
    ("--timeout", "1e300", "a number of seconds above 0 and at most 3600"),
    ("--timeout", "nan", "a number of seconds above 0 and at most 3600"),
    ("--timeout", "-1", "a number of seconds above 0 and at most 3600"),
    ("--timeout", "0", "a number of seconds above 0 and at most 3600"),
    ("--timeout", "ten", "a number of seconds above 0 and at most 3600"),
    ("--max-body-bytes", "0", "a whole number of bytes from 1 to 1073741824"),
    ("--max-body-bytes", "-1", "a whole number of bytes from 1 to 1073741824"),
    ("--max-body-bytes", "1e6", "a whole number of bytes from 1 to 1073741824"),
    ("--max-body-bytes", "99999999999999999999", "a whole number of bytes from 1 to 1073741824"),
    ("--retries", "11", "a whole number from 0 to 10"),
    ("--retries", "inf", "a whole number from 0 to 10"),
])
def test_a_bad_number_is_one_line_naming_the_flag_exit_2_and_nothing_is_sent(api_server, flag, value, rule):
    result = run_cli(*local(api_server), flag, value, "GET", "/x")
    assert result.returncode == 2
    assert stderr_lines(result) == [f"error: {flag} {value}: must be {rule}, e.g. {flag} {_example(flag)}"]
    assert result.stdout == b"" and api_server.received == []


@pytest.mark.parametrize("opening", ["[", '{"outputs": '])
def test_an_outputs_file_nested_too_deeply_is_one_line_exit_2(api_server, tmp_path, opening):
    outputs = tmp_path / "outputs.json"
    outputs.write_text(opening * 100_000)
    result = run_cli("--outputs", str(outputs), "GET", "/x")
    assert result.returncode == 2
    assert stderr_lines(result) == [f"error: outputs file {outputs} is nested too deeply to be stack outputs"]
    assert result.stdout == b"" and api_server.received == []


def _example(flag: str) -> str:
    return {"--timeout": "30", "--max-body-bytes": "52428800", "--retries": "3"}[flag]


HOSTILE_BODY = "\x1b[31mred\x1b[0m\r\nfake prompt\x07 \u009b2J \u202egnp.exe\n".encode() + b"\xff\n"
HOSTILE_RESPONSE = (b"HTTP/1.1 200 \x1b[2Jwiped\r\nContent-Type: text/plain\r\nX-Evil: \x1b]0;pwned\x07\r\n"
                    + f"Content-Length: {len(HOSTILE_BODY)}\r\n\r\n".encode() + HOSTILE_BODY)


def test_control_characters_from_the_server_are_printed_escaped(api_server):
    api_server.raw(HOSTILE_RESPONSE)
    result = run_cli(*local(api_server), "-v", "GET", "/x")
    assert result.returncode == 0, result.stderr
    assert result.stdout == b"\\x1b[31mred\\x1b[0m\\x0d\nfake prompt\\x07 \\x9b2J \\u202egnp.exe\n\\xff\n"
    lines = stderr_lines(result)
    assert any(line.startswith("HTTP 200 \\x1b[2Jwiped (") for line in lines)
    assert "< X-Evil: \\x1b]0;pwned\\x07" in lines
    assert lines[-1] == "note: the body's control characters and bytes that are not UTF-8 are shown as \\xNN; " \
                        "--output FILE writes its exact bytes"
    for stream in (result.stdout, result.stderr):
        assert not any(byte in stream for byte in (b"\x1b", b"\x07", b"\r", b"\xc2\x9b"))


def test_output_file_and_dash_keep_the_exact_bytes(api_server, tmp_path):
    api_server.raw(HOSTILE_RESPONSE)
    api_server.raw(HOSTILE_RESPONSE)
    body = tmp_path / "body.bin"
    to_file = run_cli(*local(api_server), "--output", str(body), "GET", "/x")
    to_stdout = run_cli(*local(api_server), "-o", "-", "GET", "/x")
    assert (to_file.returncode, to_file.stdout, body.read_bytes()) == (0, b"", HOSTILE_BODY)
    assert (to_stdout.returncode, to_stdout.stdout) == (0, HOSTILE_BODY)
    assert b"\x1b" not in to_file.stderr + to_stdout.stderr


def test_an_output_path_that_cannot_be_written_is_refused_before_sending(api_server, tmp_path):
    result = run_cli(*local(api_server), "--output", str(tmp_path / "missing" / "body.bin"), "POST", "/orders")
    assert result.returncode == 2 and api_server.received == []
    assert stderr_lines(result) == [f"error: --output {tmp_path / 'missing' / 'body.bin'}: directory "
                                    f"{tmp_path / 'missing'} does not exist"]


def test_an_error_message_cannot_forge_lines(api_server):
    api_server.reply(403, {"message": "Forbidden\x1b[2J\nHTTP 200 OK (0.01 s)"})
    result = run_cli(*local(api_server), "GET", "/x")
    assert result.returncode == 1
    lines = stderr_lines(result)
    assert len(lines) == 2 and lines[0].startswith("HTTP 403 Forbidden (") and lines[1].startswith("error: 403 ")
    assert "Forbidden\\x1b[2J\\x0aHTTP 200 OK" in lines[1]


def test_a_trickling_server_is_cut_off_at_the_timeout(api_server):
    api_server.trickle_body(size=300, interval=0.1)
    started = time.monotonic()
    result = run_cli(*local(api_server), "--timeout", "1", "--retries", "0", "GET", "/slow")
    # Process start-up included; without the whole-attempt bound it would take the 30 s of the trickle.
    assert result.returncode == 1 and time.monotonic() - started < 10
    [line] = stderr_lines(result)
    assert "no complete response within 1 s (the timeout bounds the whole attempt), after 1 attempt" in line
    assert line.endswith("; raise --timeout (at most 3600 s) if the API is just slow")


def test_an_oversize_body_is_refused_at_the_flag_s_cap(api_server):
    streamed = api_server.stream(64 * MIB, declare_length=False)
    result = run_cli(*local(api_server), "--max-body-bytes", "1000", "GET", "/big")
    assert result.returncode == 1 and result.stdout == b""
    [line] = stderr_lines(result)
    assert "response body is over max_body_bytes=1000 (cut off at the cap)" in line
    assert line.endswith("; to accept it, raise the cap with --max-body-bytes N (at most 1073741824)")
    assert streamed.done.wait(5) and streamed.ended == "client closed" and streamed.sent < 32 * MIB


def test_the_default_cap_refuses_a_declared_64_mib_body_unread(api_server):
    streamed = api_server.stream(64 * MIB)
    result = run_cli(*local(api_server), "GET", "/big")
    assert result.returncode == 1
    [line] = stderr_lines(result)
    assert "over max_body_bytes=10485760 (Content-Length 67108864, refused before reading it)" in line
    assert streamed.done.wait(5) and streamed.ended == "client closed"


def test_a_raised_cap_accepts_the_body(api_server):
    api_server.reply(200, b"a" * 2000, headers={"Content-Type": "text/plain"})
    result = run_cli(*local(api_server), "--max-body-bytes", "2000", "GET", "/x")
    assert (result.returncode, result.stdout) == (0, b"a" * 2000)
