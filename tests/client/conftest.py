"""Fixtures for the client tests: isolated AWS credentials and a verifying API server on 127.0.0.1.

The server can also misbehave as a hostile one would: trickle its headers or body a byte at a time,
stream a body larger than any cap, or send raw bytes (control characters in the reason phrase).
Every such loop is bounded and ends at teardown.

``onprem_server`` is the same server behind TLS, as on-premises callers reach a custom domain name: it presents a
certificate for :data:`ONPREM_DOMAINS` issued by a private CA (``onprem_server.ca_bundle``), and connections to
those names on port 443 are routed to it, so the client connects to ``https://api.example.internal/`` verbatim
(SNI, certificate check and Host all by the domain name).

No test reads real credentials or reaches a metadata service: every AWS_* variable and proxy
setting is cleared, the config and credentials files are empty temp files, IMDS is disabled, and
the keys below are set in the environment (the first link of the standard chain).
"""

from __future__ import annotations

import json
import os
import ssl
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO

import pytest
import urllib3.util.connection

from tests.client import tls
from tests.client.sigv4_verifier import Verification, verify

ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
SESSION_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE//TOKEN+value=="
REGION = "eu-west-1"
API_ID = "a1b2c3d4e5"
VPCE_HOST = f"vpce-0abc123def4567890-1a2b3c4d.execute-api.{REGION}.vpce.amazonaws.com"
API_HOST = f"{API_ID}.execute-api.{REGION}.amazonaws.com"
ALIAS_HOST = f"{API_ID}-vpce-0abc123def4567890.execute-api.{REGION}.amazonaws.com"
ONPREM_DOMAINS = ("api.example.internal", "api2.example.internal")
"""The seed's two onprem-domain APIs (components/onprem_domain.py DEFAULT_API_SPECS)."""

_PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "no_proxy", "requests_ca_bundle", "curl_ca_bundle")


@pytest.fixture(autouse=True)
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path) -> dict[str, str]:
    for name in list(os.environ):
        if name.startswith("AWS_") or name.lower() in _PROXY_VARS:
            monkeypatch.delenv(name, raising=False)
    config = tmp_path / "aws_config"
    credentials = tmp_path / "aws_credentials"
    config.write_text("")
    credentials.write_text("")
    env = {
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_SESSION_TOKEN": SESSION_TOKEN,
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": str(config),
        "AWS_SHARED_CREDENTIALS_FILE": str(credentials),
        "NO_PROXY": "127.0.0.1,localhost",
        "NETRC": str(tmp_path / "no-netrc"),
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


@dataclass
class Received:
    method: str
    target: str
    """Request target as received: encoded path and query."""
    headers: list[tuple[str, str]]
    body: bytes
    verification: Verification

    def header(self, name: str) -> str | None:
        values = [v for k, v in self.headers if k.lower() == name.lower()]
        return values[0] if values else None


Reply = tuple[int, dict[str, str], bytes]


@dataclass
class Raw:
    """A script entry that writes the whole response itself, status line included; the connection then closes."""

    write: Callable[[Received, BinaryIO], None]


@dataclass
class Streamed:
    """How much of a streamed body the server got onto the wire, and why it stopped."""

    sent: int = 0
    ended: str = ""
    """``complete``, ``client closed`` or ``stuck`` (the client neither read nor closed)."""
    done: threading.Event = field(default_factory=threading.Event)


@dataclass
class ApiServer:
    """Records every request, verifies its signature, and answers from a script or by default.

    Default answer: 200 with a JSON echo when the signature verifies, else API Gateway's 403
    signature error. ``script`` entries are replies, callables taking the request, or :class:`Raw` writers.
    """

    region: str = REGION
    received: list[Received] = field(default_factory=list)
    script: deque[Reply | Raw | Callable[[Received], Reply]] = field(default_factory=deque)
    release: threading.Event = field(default_factory=threading.Event)
    origin: str = ""
    ca_bundle: Path | None = None
    """With TLS: the PEM certificate of the private CA that issued the server's certificate."""

    def reply(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode() if body is not None else b""
        self.script.append((status, {"Content-Type": "application/json", **(headers or {})}, data))

    def stall(self, seconds: float) -> None:
        """The next request waits ``seconds`` (or until teardown) before answering 200."""
        def stalled(_: Received) -> Reply:
            self.release.wait(seconds)
            return 200, {}, b"{}"
        self.script.append(stalled)

    def raw(self, data: bytes) -> None:
        """The next request gets exactly these bytes."""
        self.script.append(Raw(lambda _, out: out.write(data)))

    def trickle_body(self, size: int = 100, interval: float = 0.1) -> None:
        """The next request gets its headers at once, then its ``size``-byte body one byte per ``interval``."""
        def write(_: Received, out: BinaryIO) -> None:
            out.write(f"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {size}\r\n\r\n".encode())
            for _ in range(size):
                if self.release.wait(interval):
                    return
                out.write(b"x")
        self.script.append(Raw(write))

    def trickle_headers(self, size: int = 200, interval: float = 0.1) -> None:
        """The next request gets its status line, then one header byte per ``interval``; the headers never end."""
        def write(_: Received, out: BinaryIO) -> None:
            out.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            for _ in range(size):
                if self.release.wait(interval):
                    return
                out.write(b"a")
        self.script.append(Raw(write))

    def stream(self, total: int, *, declare_length: bool = True) -> Streamed:
        """The next request gets a ``total``-byte body written as fast as the client takes it.

        Without ``declare_length`` the body has no Content-Length and ends when the connection closes.
        """
        streamed = Streamed()

        def write(_: Received, out: BinaryIO) -> None:
            length = f"Content-Length: {total}" if declare_length else "Connection: close"
            block = b"a" * 65536
            try:
                out.write(f"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n{length}\r\n\r\n".encode())
                while streamed.sent < total:
                    out.write(block)
                    streamed.sent += len(block)
                streamed.ended = "complete"
            except ConnectionError:
                streamed.ended = "client closed"
            except TimeoutError:
                streamed.ended = "stuck"
            finally:
                streamed.done.set()
        self.script.append(Raw(write))
        return streamed

    def answer(self, request: Received) -> Reply | Raw:
        if self.script:
            item = self.script.popleft()
            return item(request) if callable(item) and not isinstance(item, Raw) else item
        if request.verification.ok:
            echo = {"method": request.method, "target": request.target, "host": request.header("host"),
                    "body": request.body.decode("utf-8", "replace")}
            return 200, {"Content-Type": "application/json"}, json.dumps(echo).encode()
        return (403, {"Content-Type": "application/json", "x-amzn-ErrorType": "InvalidSignatureException"},
                json.dumps({"message": request.verification.reason}).encode())


def _handler(server_state: ApiServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Socket timeout: a handler whose client neither reads nor closes ends instead of blocking forever.
        timeout = 10

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = list(self.headers.items())
            verification = verify(self.command, self.path, headers, body, access_key=ACCESS_KEY,
                                  secret_key=SECRET_KEY, session_token=SESSION_TOKEN, region=server_state.region,
                                  now=datetime.now(UTC))
            request = Received(self.command, self.path, headers, body, verification)
            server_state.received.append(request)
            answer = server_state.answer(request)
            if isinstance(answer, Raw):
                self.close_connection = True
                answer.write(request, self.wfile)
                return
            status, reply_headers, data = answer
            self.send_response(status)
            for name, value in reply_headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hung up first (a timeout, a refused body) is what these tests do; anything else is a bug.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def _serving(state: ApiServer, tls_context: ssl.SSLContext | None = None) -> Iterator[int]:
    """Serve ``state`` on 127.0.0.1 (behind TLS with ``tls_context``) until the block ends; yields the port."""
    httpd = _Server(("127.0.0.1", 0), _handler(state))
    if tls_context is not None:
        # The handshake runs in accept(): a client that rejects the certificate never becomes a request.
        httpd.socket = tls_context.wrap_socket(httpd.socket, server_side=True)
    port = httpd.server_address[1]
    state.origin = f"{'https' if tls_context else 'http'}://127.0.0.1:{port}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield port
    finally:
        state.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=2)


@pytest.fixture
def api_server() -> Iterator[ApiServer]:
    state = ApiServer()
    with _serving(state):
        yield state


@pytest.fixture(scope="session")
def private_ca() -> tls.Authority:
    return tls.authority("private-apis test private CA")


@pytest.fixture
def onprem_server(private_ca: tls.Authority, tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> Iterator[ApiServer]:
    """The verifying server behind TLS for the onprem domain names, which resolve to it on port 443."""
    directory = tmp_path_factory.mktemp("onprem-tls")
    state = ApiServer(ca_bundle=private_ca.write(directory / "private-ca.pem"))
    cert, key = private_ca.issue(list(ONPREM_DOMAINS), directory)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    with _serving(state, context) as port:
        real = urllib3.util.connection.create_connection

        def route(address: tuple[str, int], *args: Any, **kwargs: Any) -> Any:
            host, wanted = address
            # What the data centre's DNS and the NLB (or the native domain's endpoint) do: the name reaches the API.
            return real(("127.0.0.1", port) if host in ONPREM_DOMAINS and wanted == 443 else address,
                        *args, **kwargs)

        monkeypatch.setattr(urllib3.util.connection, "create_connection", route)
        yield state


class Sleeps(list):
    """A recording stand-in for time.sleep."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()
