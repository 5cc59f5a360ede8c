"""The users Lambda handler, called with API Gateway proxy events."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

_APP = Path(__file__).resolve().parent.parent / "functions" / "users" / "app.py"
_spec = importlib.util.spec_from_file_location("users_app", _APP)
assert _spec is not None and _spec.loader is not None
app = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(app)


def event(method: str, resource: str, path_parameters: dict[str, str] | None = None) -> dict:
    return {"httpMethod": method, "resource": resource, "pathParameters": path_parameters,
            "requestContext": {"requestId": "r-1", "identity": {
                "userArn": "arn:aws:sts::123456789012:assumed-role/orders-service/fn"}}}


def test_get_user_returns_the_user_as_json() -> None:
    result = app.get_user(event("GET", "/user/{id}", {"id": "42"}))
    assert result["statusCode"] == 200
    assert result["headers"]["Content-Type"] == "application/json"
    assert json.loads(result["body"]) == {"id": "42", "name": "Ada Lovelace", "email": "ada@example.com",
                                          "team": "analytics"}


@pytest.mark.parametrize("params", [{"id": "999"}, None, {}])
def test_unknown_or_missing_id_is_404(params: dict | None) -> None:
    result = app.get_user(event("GET", "/user/{id}", params))
    assert result["statusCode"] == 404
    assert "not found" in json.loads(result["body"])["message"]


def test_dispatcher_routes_405_and_404() -> None:
    assert app.handler(event("GET", "/user/{id}", {"id": "43"}))["statusCode"] == 200
    assert app.handler(event("DELETE", "/user/{id}", {"id": "43"}))["statusCode"] == 405
    assert json.loads(app.handler(event("GET", "/orders"))["body"]) == {"message": "no route for GET /orders"}


def test_request_is_logged_with_the_signed_caller(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO")
    app.get_user(event("GET", "/user/{id}", {"id": "42"}))
    logged = json.loads(caplog.records[-1].getMessage())
    assert logged["caller"] == "arn:aws:sts::123456789012:assumed-role/orders-service/fn"
    assert logged["status"] == 200
