"""bridge-demo: a tiny JSON HTTP service for the bridge-host topology (stdlib only).

It runs on the private EC2 instance behind the internal NLB; BridgeHostApi delivers this file in
the instance's user data and starts it as a systemd service, so no SSH or scp is ever needed.
Kept compatible with Python 3.9, the python3 of Amazon Linux 2023.

    GET /healthz      -> 200 {"status": "ok"}            (the NLB target group health check)
    ANY /<anything>   -> 200 {"method", "path", "query", "host", "body_bytes", "api_gateway": {...}}

Configuration: ``PORT`` (default 8080) and ``BIND`` (default 0.0.0.0) environment variables.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HEALTH_PATH = "/healthz"
MAX_BODY_BYTES = 1024 * 1024
# Headers API Gateway adds on the way through the VPC link; echoing them shows the request came that way.
API_GATEWAY_HEADERS = ("x-amzn-apigateway-api-id", "x-amzn-trace-id", "x-amzn-vpce-id", "x-forwarded-for")


class Handler(BaseHTTPRequestHandler):
    server_version = "bridge-demo/1.0"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def _reply(self, status: int, payload: dict) -> None:
        body = json.dumps(payload, sort_keys=True).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _handle(self) -> None:
        url = urlsplit(self.path)
        if url.path == HEALTH_PATH:
            self._reply(200, {"status": "ok"})
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            self._reply(413, {"error": f"request body over {MAX_BODY_BYTES} bytes"})
            return
        body = self.rfile.read(length) if length else b""
        self._reply(200, {
            "service": "bridge-demo",
            "method": self.command,
            "path": url.path,
            "query": url.query,
            "host": socket.gethostname(),
            "body_bytes": len(body),
            "api_gateway": {h: self.headers[h] for h in API_GATEWAY_HEADERS if h in self.headers},
        })

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _handle

    def log_message(self, format: str, *args: object) -> None:
        # One JSON line per request on stderr, which systemd sends to the journal.
        sys.stderr.write(json.dumps({"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "client": self.client_address[0],
                                     "message": format % args}) + "\n")


def make_server(port: int, bind: str = "0.0.0.0") -> ThreadingHTTPServer:
    """The demo server, bound but not yet serving (tests use port 0)."""
    return ThreadingHTTPServer((bind, port), Handler)


def main() -> None:
    server = make_server(int(os.environ.get("PORT", "8080")), os.environ.get("BIND", "0.0.0.0"))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
