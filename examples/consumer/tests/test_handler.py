"""The consumer's Lambda handler: one signed call per event, only to its granted routes (verifying server on
127.0.0.1, the API key from an SSM SecureString in a moto server)."""

from __future__ import annotations

import importlib.util
import json
from dataclasses import replace
from pathlib import Path

import pytest

from private_apis.client import SignedClient, Target
from tests.client.conftest import API_HOST, API_ID, VPCE_HOST
from tests.client.test_ssm import KEY

_spec = importlib.util.spec_from_file_location(
    "consumer_app", Path(__file__).resolve().parent.parent / "handler" / "app.py")
app = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(app)


def via(server):
    """Clients that sign for the real host but connect to the local server."""
    return lambda target: SignedClient(replace(target, connect_to=server.origin), timeout=5)


PRIVATE_ENV = {"API_URL": f"https://{VPCE_HOST}/v1", "API_ID_HEADER": API_ID,
               "ALLOWED_ROUTES": json.dumps(["GET /entities", "GET /entities/{id}"])}


@pytest.mark.parametrize(("method", "path", "expected"), [
    ("GET", "/entities", True),
    ("get", "/entities/42", True),
    ("GET", "/entities/42/", True),
    ("POST", "/entities", False),
    ("GET", "/entities/42/history", False),
    ("GET", "/users", False),
])
def test_allowed_follows_the_route_templates(method, path, expected):
    assert app.allowed(method, path, ["GET /entities", "GET /entities/{id}"]) is expected


def test_greedy_and_any_routes():
    assert app.allowed("DELETE", "/files/a/b/c", ["ANY /files/{proxy+}"])
    assert not app.allowed("DELETE", "/files", ["ANY /files/{proxy+}"])


def test_private_api_call_goes_through_the_endpoint_with_the_api_id_header_and_a_valid_signature(api_server):
    api_server.reply(200, {"id": "42"})
    result = app.call({"path": "/entities/42"}, PRIVATE_ENV, via(api_server))
    assert result == {"statusCode": 200, "body": '{"id": "42"}', "attempts": 1}
    request = api_server.received[0]
    assert (request.method, request.target) == ("GET", "/v1/entities/42")
    assert request.header("Host") == VPCE_HOST
    assert request.header("x-apigw-api-id") == API_ID
    assert request.verification.ok, request.verification.reason
    assert "x-apigw-api-id" in request.verification.signed_headers


def test_a_route_outside_the_grant_is_refused_before_any_request(api_server):
    result = app.call({"method": "DELETE", "path": "/entities/42"}, PRIVATE_ENV, via(api_server))
    assert result["statusCode"] == 400
    assert "DELETE /entities/42 is not one of this function's routes" in result["body"]
    assert api_server.received == []


def test_iam_api_call_sends_the_key_from_ssm_and_reports_a_denial_with_its_diagnosis(api_server, ssm):
    env = {"API_URL": f"https://{API_HOST}/v1", "API_KEY_PARAMETER": "/internal-api/dev/api-key",
           "ALLOWED_ROUTES": json.dumps(["GET /user/{id}"])}
    api_server.reply(403, {"message": "User: arn:aws:sts::123456789012:assumed-role/x/y is not authorized to "
                                      "perform: execute-api:Invoke on resource: arn:aws:execute-api:..."},
                     headers={"x-amzn-ErrorType": "AccessDeniedException"})
    result = app.call({"path": "/user/7", "query": {"expand": "1"}}, env, via(api_server))
    request = api_server.received[0]
    assert request.target == "/v1/user/7?expand=1"
    assert request.header("x-api-key") == KEY
    assert request.verification.ok, request.verification.reason
    assert result["statusCode"] == 403
    assert "not authorized" in result["body"]
    assert result["diagnosis"]


def test_target_from_env_takes_the_host_header_form():
    target = app.target_from_env({"API_URL": f"https://{VPCE_HOST}/v1", "API_HOST_HEADER": API_HOST})
    assert isinstance(target, Target)
    assert (target.signed_host, target.region) == (API_HOST, "eu-west-1")


def test_the_code_archive_holds_everything_the_handler_imports_beyond_the_runtime(tmp_path):
    import shutil
    import subprocess
    import sys

    import botocore

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    try:
        from api_caller import code_archive_files
    finally:
        sys.path.pop(0)
    files = code_archive_files()
    assert not any("__pycache__" in path or path.endswith(".pyc") for path in files)
    assert "components/bridge_host.py" not in files and not any(p.startswith("private_apis/engine") for p in files)
    archive = tmp_path / "archive"
    for path, source in files.items():
        (archive / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, archive / path)
    # What Lambda's Python runtime adds: botocore and its own dependencies, nothing of this checkout or venv.
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    site = Path(botocore.__file__).parent.parent
    for name in ("botocore", "jmespath", "dateutil", "six.py"):
        (runtime / name).symlink_to(site / name)
    check = (f"import sys; sys.path[:0] = [{str(archive)!r}, {str(runtime)!r}]; import app, requests; "
             "print(requests.__file__); print('pulumi' in sys.modules)")
    done = subprocess.run([sys.executable, "-S", "-E", "-c", check], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(archive / "requests" / "__init__.py"), "False"]
