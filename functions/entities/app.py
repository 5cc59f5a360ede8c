"""Lambda handlers of the entities API, behind API Gateway's Lambda proxy integration.

``GET /entities`` lists the bundled entities (``?type=`` filters, ``?limit=`` caps the page);
``GET /entities/{id}`` returns one entity or 404. Each route has its own function and handler
(``app.list_entities``, ``app.get_entity``); :func:`handler` routes by the event for a single
catch-all function. Standard library only, so the asset archive is the code itself.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

logger = logging.getLogger()
logger.setLevel(logging.INFO)

DATA_FILE = Path(__file__).with_name("entities.json")
MAX_LIMIT = 100

# Loaded once per execution environment (cold start), not per request.
ENTITIES: list[dict[str, Any]] = json.loads(DATA_FILE.read_text(encoding="utf-8"))
_BY_ID: dict[str, dict[str, Any]] = {entity["id"]: entity for entity in ENTITIES}


def response(status: int, body: Any) -> dict[str, Any]:
    """A Lambda proxy integration response with a JSON body."""
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json", "Cache-Control": "no-store"},
        "body": json.dumps(body, separators=(",", ":")),
    }


def _error(status: int, message: str) -> dict[str, Any]:
    return response(status, {"message": message})


def _log(event: dict[str, Any], status: int) -> None:
    context = event.get("requestContext") or {}
    identity = context.get("identity") or {}
    logger.info(json.dumps({"requestId": context.get("requestId"), "route": event.get("resource"),
                            "method": event.get("httpMethod"), "status": status,
                            "vpceId": identity.get("vpceId"), "caller": identity.get("userArn")}))


def list_entities(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """``GET /entities``: every entity, optionally filtered by ``type`` and capped by ``limit``."""
    query = event.get("queryStringParameters") or {}
    items = ENTITIES
    if query.get("type"):
        items = [e for e in items if e["type"] == query["type"]]
    limit_text = query.get("limit")
    if limit_text is not None:
        if not limit_text.isdigit() or not 1 <= int(limit_text) <= MAX_LIMIT:
            result = _error(400, f"limit must be a whole number from 1 to {MAX_LIMIT}")
            _log(event, 400)
            return result
        items = items[:int(limit_text)]
    _log(event, 200)
    return response(200, {"entities": items, "count": len(items)})


def get_entity(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """``GET /entities/{id}``: one entity, or 404 naming the id."""
    entity_id = (event.get("pathParameters") or {}).get("id")
    if entity_id is None:
        _log(event, 400)
        return _error(400, "path parameter 'id' is required")
    entity = _BY_ID.get(entity_id)
    if entity is None:
        _log(event, 404)
        return _error(404, f"entity {entity_id!r} not found")
    _log(event, 200)
    return response(200, entity)


_ROUTES = {
    ("GET", "/entities"): list_entities,
    ("GET", "/entities/{id}"): get_entity,
}


def handler(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """Dispatch on the API Gateway resource template and method: 404 for an unknown resource, 405 for a method."""
    resource, method = event.get("resource"), event.get("httpMethod")
    route = _ROUTES.get((method, resource))
    if route is not None:
        return route(event, context)
    if any(path == resource for _, path in _ROUTES):
        _log(event, 405)
        return _error(405, f"method {method} is not allowed on {resource}")
    _log(event, 404)
    return _error(404, f"no route for {method} {resource}")
