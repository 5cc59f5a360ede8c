"""Lambda handler of the on-premises custom-domain demo APIs (the seed's Hello-lambda1/2/3).

Answers every route with the API, path and the VPC endpoint the request came through, so a call
from the on-premises client shows which path it took. Standard library only.
"""

from __future__ import annotations

import json
import os
from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Lambda proxy integration response naming the API, resource and source endpoint."""
    identity = (event.get("requestContext") or {}).get("identity") or {}
    body = {
        "api": os.environ.get("API_NAME", "unknown"),
        "resource": event.get("resource"),
        "path": event.get("path"),
        "vpce": identity.get("vpceId"),
    }
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps(body)}
