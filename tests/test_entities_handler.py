"""The entities Lambda handlers (functions/entities/app.py), called with API Gateway proxy events."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

APP = Path(__file__).resolve().parent.parent / "functions" / "entities" / "app.py"


@pytest.fixture(scope="module")
def app() -> ModuleType:
    # Loaded from its file, as Lambda does: the code directory is not a package of this repo.
    spec = importlib.util.spec_from_file_location("entities_app", APP)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["entities_app"] = module
    spec.loader.exec_module(module)
    return module


def event(resource: str, method: str = "GET", path_parameters: dict[str, str] | None = None,
          query: dict[str, str] | None = None) -> dict[str, Any]:
    """A REST API (v1) Lambda proxy event, trimmed to what the handlers read."""
    return {
        "resource": resource,
        "path": resource,
        "httpMethod": method,
        "pathParameters": path_parameters,
        "queryStringParameters": query,
        "requestContext": {"requestId": "req-1", "identity": {"vpceId": "vpce-0a1b2c3d4e5f60718",
                                                             "userArn": "arn:aws:iam::123456789012:role/caller"}},
    }


def body(result: dict[str, Any]) -> Any:
    return json.loads(result["body"])


def test_list_returns_every_bundled_entity(app: ModuleType) -> None:
    result = app.list_entities(event("/entities"), None)
    assert result["statusCode"] == 200
    assert result["headers"] == {"Content-Type": "application/json", "Cache-Control": "no-store"}
    dataset = json.loads((APP.parent / "entities.json").read_text())
    assert body(result) == {"entities": dataset, "count": len(dataset)}


def test_list_filters_by_type(app: ModuleType) -> None:
    result = body(app.list_entities(event("/entities", query={"type": "product"}), None))
    assert result["count"] == 3
    assert {e["type"] for e in result["entities"]} == {"product"}


def test_list_caps_with_limit(app: ModuleType) -> None:
    result = body(app.list_entities(event("/entities", query={"limit": "2"}), None))
    assert [e["id"] for e in result["entities"]] == ["1001", "1002"]


@pytest.mark.parametrize("limit", ["0", "101", "two", "-1"])
def test_list_rejects_a_bad_limit(app: ModuleType, limit: str) -> None:
    result = app.list_entities(event("/entities", query={"limit": limit}), None)
    assert result["statusCode"] == 400
    assert body(result) == {"message": "limit must be a whole number from 1 to 100"}


def test_get_known_entity(app: ModuleType) -> None:
    result = app.get_entity(event("/entities/{id}", path_parameters={"id": "2001"}), None)
    assert result["statusCode"] == 200
    assert body(result) == {"id": "2001", "name": "Rotterdam warehouse", "type": "location", "status": "active"}


def test_get_unknown_entity_is_404(app: ModuleType) -> None:
    result = app.get_entity(event("/entities/{id}", path_parameters={"id": "9999"}), None)
    assert result["statusCode"] == 404
    assert body(result) == {"message": "entity '9999' not found"}


def test_get_without_path_parameter_is_400(app: ModuleType) -> None:
    result = app.get_entity(event("/entities/{id}"), None)
    assert result["statusCode"] == 400
    assert body(result) == {"message": "path parameter 'id' is required"}


def test_dispatcher_routes_by_resource_template(app: ModuleType) -> None:
    assert body(app.handler(event("/entities"), None))["count"] == 5
    assert body(app.handler(event("/entities/{id}", path_parameters={"id": "1003"}), None))["status"] == "discontinued"


def test_dispatcher_unknown_method_and_resource(app: ModuleType) -> None:
    not_allowed = app.handler(event("/entities", method="DELETE"), None)
    assert (not_allowed["statusCode"], body(not_allowed)) == (405, {"message": "method DELETE is not allowed on "
                                                                               "/entities"})
    missing = app.handler(event("/orders"), None)
    assert (missing["statusCode"], body(missing)) == (404, {"message": "no route for GET /orders"})


def test_every_request_is_logged_with_caller_and_endpoint(app: ModuleType, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("INFO"):
        app.get_entity(event("/entities/{id}", path_parameters={"id": "1001"}), None)
    record = json.loads(caplog.records[-1].getMessage())
    assert record == {"requestId": "req-1", "route": "/entities/{id}", "method": "GET", "status": 200,
                      "vpceId": "vpce-0a1b2c3d4e5f60718", "caller": "arn:aws:iam::123456789012:role/caller"}


def test_entity_ids_are_unique() -> None:
    dataset = json.loads((APP.parent / "entities.json").read_text())
    assert len({e["id"] for e in dataset}) == len(dataset)
