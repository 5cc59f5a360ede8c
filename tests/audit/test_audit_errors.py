"""``audit``'s bad input, refused credentials and throttling: one ``error:`` line naming the fix, exit 2."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from private_apis.audit.iam_policy import read_only_policy
from private_apis.cli import main
from private_apis.engine.recorder import RecordedResource
from tests.audit.state_exports import export_document
from tests.audit.world import PROJECT, REGION, STACK, World, build_network


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _one_error(err: str) -> str:
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err.strip()


def test_a_state_without_region_names_the_flag(tmp_path, capsys, monkeypatch):
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)
    export = tmp_path / "stack.json"
    export.write_text(json.dumps(export_document(PROJECT, STACK, [], outputs={}, aws_config={})))
    code, out, err = _run(capsys, "audit", "--stack-export", str(export))
    assert code == 2 and out == ""
    assert _one_error(err) == f"error: {export} does not say the stack's region. Fix: pass --region (e.g. --region " \
                              "eu-west-1)."


def test_a_missing_export_names_the_flag(tmp_path, capsys):
    code, _, err = _run(capsys, "audit", "--stack-export", str(tmp_path / "nope.json"))
    assert code == 2
    assert _one_error(err) == f"error: --stack-export {tmp_path / 'nope.json'}: no such file. Fix: write it with " \
                              "`pulumi stack export --file FILE`."


def test_a_bad_retry_setting_names_the_variable(aws, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "lots")
    export = tmp_path / "stack.json"
    export.write_text(json.dumps(export_document(PROJECT, STACK, [], outputs={}, aws_config={"region": REGION})))
    code, _, err = _run(capsys, "audit", "--stack-export", str(export), "--endpoint-url", aws)
    assert code == 2
    assert _one_error(err) == "error: AWS_MAX_ATTEMPTS is 'lots': it must be a whole number from 1 to 20. Fix: " \
                              "unset it (default 5) or set e.g. AWS_MAX_ATTEMPTS=5."


class _Throttling(BaseHTTPRequestHandler):
    requests_seen = 0

    def do_GET(self) -> None:
        type(self).requests_seen += 1
        body = json.dumps({"message": "Too Many Requests"}).encode()
        self.send_response(429)
        self.send_header("x-amzn-ErrorType", "TooManyRequestsException")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_throttled_after_the_retries_is_exit_2(aws, tmp_path, capsys, monkeypatch):
    api = RecordedResource(type="aws:apigateway/restApi:RestApi", name="api", urn="urn:pulumi:audit::p::t::api",
                           parent=None, custom=True, provider=None, dependencies=[], property_dependencies={},
                           inputs={"name": "api"}, id="a1b2c3d4e5")
    export = tmp_path / "stack.json"
    export.write_text(json.dumps(export_document(PROJECT, STACK, [api], outputs={}, aws_config={"region": REGION})))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Throttling)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "2")
    try:
        # The SDK's own per-service endpoint setting: API Gateway is throttled on every request.
        monkeypatch.setenv("AWS_ENDPOINT_URL_API_GATEWAY", f"http://127.0.0.1:{server.server_port}")
        code, out, err = _run(capsys, "audit", "--stack-export", str(export))
    finally:
        server.shutdown()
        server.server_close()
    assert code == 2 and out == ""
    assert _one_error(err) == "error: AWS throttled apigateway.get_rest_api (TooManyRequestsException) after 2 " \
                              "attempts. Fix: run the audit again later, or one stack at a time."
    assert _Throttling.requests_seen == 2


@pytest.fixture
def enforced_iam(aws):
    """moto checks every request's credentials and IAM policies from here on (POST /moto-api/reset-auth)."""
    def enforce() -> None:
        requests.post(f"{aws}/moto-api/reset-auth", data=b"0", timeout=5)
    try:
        yield enforce
    finally:
        requests.post(f"{aws}/moto-api/reset-auth", data=b"inf", timeout=5)


def _user_with(world, policy: dict) -> dict[str, str]:
    iam = world.client("iam")
    iam.create_user(UserName="auditor")
    iam.put_user_policy(UserName="auditor", PolicyName="audit-read-only", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName="auditor")["AccessKey"]
    return {"AWS_ACCESS_KEY_ID": key["AccessKeyId"], "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"]}


def _audit_as(credentials, world, tmp_path: Path, capsys, monkeypatch, enforce) -> tuple[int, str, str]:
    export = tmp_path / "stack.json"
    export.write_text(json.dumps(world.export()))
    for name, value in credentials.items():
        monkeypatch.setenv(name, value)
    enforce()
    return _run(capsys, "audit", "--stack-export", str(export), "--endpoint-url", world.endpoint, "--json")


def test_access_denied_names_the_action_to_grant(aws, enforced_iam, tmp_path, capsys, monkeypatch):
    world = World(endpoint=aws)
    build_network(world)
    policy = read_only_policy()
    policy["Statement"] = [s for s in policy["Statement"] if s["Sid"] != "AuditReadEc2"]
    code, out, err = _audit_as(_user_with(world, policy), world, tmp_path, capsys, monkeypatch, enforced_iam)
    assert code == 2 and out == ""
    line = _one_error(err)
    assert line.startswith("error: AWS refused ec2.describe_subnets (")
    assert line.endswith("Fix: let the audit's role do ec2:DescribeSubnets (the read-only policy in the README "
                         "lists every call).")
