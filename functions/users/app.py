"""Lambda handlers of the internal users API, behind API Gateway's Lambda proxy integration.

``GET /user/{id}`` returns one user or 404: the seed's "find a user's email address from a user id"
call between services. Every method of the API is ``AWS_IAM``, so the caller is a signed IAM
principal; its ARN (``requestContext.identity.userArn``) is logged with each request.
:func:`handler` routes by the event, for routes added to the table without a handler of their own.
Standard library only, so the asset archive is the code itself.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

logger = logging.getLogger()
logger.setLevel(logging.INFO)

DATA_FILE = Path(__file__).with_name("users.json")

# Loaded once per execution environment (cold start), not per request.
USERS: list[dict[str, Any]] = json.loads(DATA_FILE.read_text(encoding="utf-8"))
_BY_ID: dict[str, dict[str, Any]] = {user["id"]: user for user in USERS}


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
                            "caller": identity.get("userArn")}))


def get_user(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """``GET /user/{id}``: one user, or 404 naming the id."""
    user_id = (event.get("pathParameters") or {}).get("id")
    user = _BY_ID.get(user_id) if user_id is not None else None
    if user is None:
        _log(event, 404)
        return _error(404, f"user {user_id!r} not found")
    _log(event, 200)
    return response(200, user)


_ROUTES = {
    ("GET", "/user/{id}"): get_user,
}


def handler(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """Dispatch on the resource template and method: 404 for an unknown resource, 405 for a method."""
    resource, method = event.get("resource"), event.get("httpMethod")
    route = _ROUTES.get((method, resource))
    if route is not None:
        return route(event, context)
    if any(path == resource for _, path in _ROUTES):
        _log(event, 405)
        return _error(405, f"method {method} is not allowed on {resource}")
    _log(event, 404)
    return _error(404, f"no route for {method} {resource}")
