"""Lambda handler of the consumer: one SigV4-signed call to a platform API per invocation.

The program configures each function by environment, from the platform stack's output contract:

* ``API_URL``: base URL of the API, stage included;
* ``API_HOST_HEADER`` / ``API_ID_HEADER``: the header a private API needs when it is called through
  the VPC endpoint's DNS name (one of them, or neither);
* ``API_KEY_PARAMETER``: SSM SecureString parameter holding the API key, when the API requires one;
* ``ALLOWED_ROUTES``: JSON list of ``METHOD /path`` templates, the same routes as the function's IAM grant.

Event: ``{"method": "GET", "path": "/user/42", "query": {"expand": "1"}}`` (method defaults to GET).
Returns ``{"statusCode", "body", "attempts"}``; a failed call also returns the client's diagnosis of it.
Credentials are the function's role, picked up by botocore's standard chain.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import cache
from typing import Any

from private_apis.client import HttpError, InvokeError, SignedClient, Target, read_api_key_parameter

ClientFactory = Callable[[Target], SignedClient]


def _route_pattern(template: str) -> tuple[str, re.Pattern[str]]:
    method, _, path = template.strip().partition(" ")
    parts = []
    for segment in path.strip("/").split("/") if path.strip("/") else []:
        if segment.startswith("{") and segment.endswith("+}"):
            parts.append(".+")
        elif segment.startswith("{") and segment.endswith("}"):
            parts.append("[^/]+")
        else:
            parts.append(re.escape(segment))
    return method.upper(), re.compile("^/" + "/".join(parts) + "/?$")


def allowed(method: str, path: str, routes: list[str]) -> bool:
    """Whether ``method path`` is one of ``routes`` (``ANY`` matches every verb)."""
    for template in routes:
        verb, pattern = _route_pattern(template)
        if verb in (method.upper(), "ANY") and pattern.match(path):
            return True
    return False


@cache
def _api_key(parameter: str, region: str) -> str:
    # Read once per execution environment: the key changes only when the platform stack rotates it.
    return read_api_key_parameter(parameter, region=region)


def target_from_env(env: Mapping[str, str]) -> Target:
    url = env["API_URL"]
    target = Target.from_url(url, host_header=env.get("API_HOST_HEADER") or None,
                             api_id_header=env.get("API_ID_HEADER") or None)
    parameter = env.get("API_KEY_PARAMETER")
    return replace(target, api_key=_api_key(parameter, target.region)) if parameter else target


def call(event: Mapping[str, Any], env: Mapping[str, str], client_factory: ClientFactory = SignedClient
         ) -> dict[str, Any]:
    """The handler's work, with its environment and client passed in."""
    method = str(event.get("method") or "GET").upper()
    path = str(event.get("path") or "/")
    routes = json.loads(env.get("ALLOWED_ROUTES") or "[]")
    if not allowed(method, path, routes):
        # The IAM grant would refuse it anyway; saying so here beats a bare 403 from API Gateway.
        return {"statusCode": 400, "body": f"{method} {path} is not one of this function's routes: {routes}"}
    with client_factory(target_from_env(env)) as client:
        try:
            response = client.request(method, path, params=event.get("query") or None)
        except HttpError as exc:
            return {"statusCode": exc.response.status_code, "body": exc.response.text,
                    "attempts": exc.response.attempts, "diagnosis": str(exc)}
        except InvokeError as exc:
            return {"statusCode": 502, "body": str(exc)}
    return {"statusCode": response.status_code, "body": response.text, "attempts": response.attempts}


def handler(event: Mapping[str, Any], context: Any) -> dict[str, Any]:
    return call(event, os.environ)
