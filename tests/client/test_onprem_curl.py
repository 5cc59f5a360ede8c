"""The README's snippet for the simulated data centre's client, run as written with ``sh`` and this machine's curl.

Only two things differ from the instance: IMDS is a stand-in on 127.0.0.1 that behaves as IMDSv2 with tokens
required (a ``PUT`` for the token, then every read carrying it; the instance's hop limit is 1, so only the host
itself asks), and a ``curl`` shell function adds ``--connect-to`` and ``--cacert`` so that
``https://api.example.internal/`` reaches the verifying server (conftest ``onprem_server``) with its private CA.
The request's Host, path and signature are the snippet's own.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.client.conftest import ACCESS_KEY, ONPREM_DOMAINS, SECRET_KEY, SESSION_TOKEN

README = Path(__file__).resolve().parents[2] / "README.md"
IMDS_LINE = "IMDS=http://169.254.169.254/latest"
REGION = "eu-central-1"
ROLE = "onprem-client-role"
IMDS_TOKEN = "AQAEAExampleImdsV2Token=="


def readme_snippet() -> str:
    """The ``sh`` block of the README that starts with the IMDS line."""
    blocks = re.findall(r"^```sh\n(.*?)^```", README.read_text(encoding="utf-8"), flags=re.S | re.M)
    found = [block for block in blocks if block.startswith(IMDS_LINE + "\n")]
    assert len(found) == 1, "README.md has no (or several) sh block starting with the IMDS line"
    return found[0]


def _curl_signs() -> bool:
    curl = shutil.which("curl")
    if curl is None or shutil.which("python3") is None or shutil.which("sh") is None:
        return False
    result = subprocess.run([curl, "--help", "all"], capture_output=True, text=True, check=False)
    return "--aws-sigv4" in result.stdout


class FakeImds:
    """IMDSv2 with tokens required, for one instance role."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.origin = ""

    def handler(self) -> type[BaseHTTPRequestHandler]:
        imds = self

        class Handler(BaseHTTPRequestHandler):
            def _reply(self, status: int, body: str) -> None:
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_PUT(self) -> None:
                imds.requests.append(("PUT", self.path, dict(self.headers.items())))
                if self.path == "/latest/api/token" and self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
                    self._reply(200, IMDS_TOKEN)
                else:
                    self._reply(400, "")

            def do_GET(self) -> None:
                imds.requests.append(("GET", self.path, dict(self.headers.items())))
                if self.headers.get("X-aws-ec2-metadata-token") != IMDS_TOKEN:
                    self._reply(401, "")  # IMDSv1 is off on the instance (http_tokens = required)
                    return
                answers = {
                    "/latest/meta-data/iam/security-credentials/": ROLE,
                    f"/latest/meta-data/iam/security-credentials/{ROLE}": json.dumps({
                        "Code": "Success", "LastUpdated": "2026-12-01T10:00:00Z", "Type": "AWS-HMAC",
                        "AccessKeyId": ACCESS_KEY, "SecretAccessKey": SECRET_KEY, "Token": SESSION_TOKEN,
                        "Expiration": "2026-12-01T16:00:00Z"}, indent=2),
                    "/latest/meta-data/placement/region": REGION,
                }
                if self.path in answers:
                    self._reply(200, answers[self.path])
                else:
                    self._reply(404, "")

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler


@pytest.fixture
def imds() -> Iterator[FakeImds]:
    state = FakeImds()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), state.handler())
    state.origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=2)


def test_the_readme_block_is_there_and_plain_posix_sh():
    snippet = readme_snippet()
    assert "<(" not in snippet and "<<<" not in snippet and "[[" not in snippet  # the SSM session shell is sh
    assert '--aws-sigv4 "aws:amz:$REGION:execute-api"' in snippet
    assert "https://api.example.internal/test-resource" in snippet


@pytest.mark.skipif(not _curl_signs(), reason="needs curl with --aws-sigv4 (7.75+), python3 and sh")
def test_the_readme_curl_snippet_signs_for_the_domain_with_the_role_credentials(onprem_server, imds, tmp_path):
    onprem_server.region = REGION
    port = onprem_server.origin.rsplit(":", 1)[1]
    domain = ONPREM_DOMAINS[0]
    script = readme_snippet().replace(IMDS_LINE, f"IMDS={imds.origin}/latest", 1)
    reroute = (f'curl() {{ command curl --connect-to "{domain}:443:127.0.0.1:{port}" '
               f'--cacert "{onprem_server.ca_bundle}" "$@"; }}\n')
    result = subprocess.run(["sh", "-c", reroute + script], capture_output=True, text=True, timeout=60,
                            check=False, env={"PATH": os.environ["PATH"], "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    (request,) = onprem_server.received
    assert request.verification.ok, request.verification.reason
    assert request.header("host") == domain and request.target == "/test-resource"
    assert f"/{REGION}/execute-api/aws4_request" in request.header("authorization")
    assert "x-amz-security-token" in request.verification.signed_headers
    assert json.loads(result.stdout)["host"] == domain
    # IMDSv2: the token first, then every read with it.
    assert imds.requests[0][:2] == ("PUT", "/latest/api/token")
    assert all(headers.get("X-aws-ec2-metadata-token") == IMDS_TOKEN for method, _, headers in imds.requests[1:])
