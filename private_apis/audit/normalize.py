"""Values compared for drift, written the one way AWS and the program can both be read.

AWS stores a policy as it parsed it: keys in its own order, ``execute-api:/*`` expanded to the API's ARN
(hashicorp/terraform-provider-aws#5549, #15602), single statements and actions as lists or not. API Gateway also
returns a REST API's policy with its quotes escaped (``{\\"Version\\":...}``; hashicorp/terraform-provider-aws#5549
strips the backslashes the same way). Unset, ``None``, ``[]`` and ``{}`` mean the same to a provider.
"""

from __future__ import annotations

import json
from typing import Any

_PROTOCOLS = {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", "all": "-1"}


def parse_policy(text: Any) -> Any:
    """A policy document from a JSON string (escaped or not) or an object; text that is not JSON stays text."""
    if isinstance(text, dict):
        return text
    if not isinstance(text, str) or not text.strip():
        return None
    for candidate in (text, text.replace('\\"', '"')):
        try:
            return json.loads(candidate)
        except ValueError:
            continue
    return text


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _expand(value: Any, api_arn: str | None) -> Any:
    if isinstance(value, str) and api_arn and value.startswith("execute-api:/"):
        return api_arn + value[len("execute-api:"):]
    if isinstance(value, list):
        return sorted((_expand(v, api_arn) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, dict):
        return {k: _expand(v, api_arn) for k, v in value.items()}
    return value


def canonical_policy(text: Any, *, api_arn: str | None = None) -> Any:
    """The policy as one comparable value: statements and their lists sorted, the shorthand expanded."""
    document = parse_policy(text)
    if not isinstance(document, dict):
        return document
    statements = [_expand(s, api_arn) for s in _as_list(document.get("Statement") or [])]
    for statement in statements:
        if isinstance(statement, dict):
            for key in ("Action", "NotAction", "Resource", "NotResource"):
                if key in statement:
                    statement[key] = sorted(_as_list(statement[key]), key=str)
    rest = {k: v for k, v in document.items() if k != "Statement"}
    return {**rest, "Statement": sorted(statements, key=lambda s: json.dumps(s, sort_keys=True))}


def policy_text(document: Any) -> str | None:
    """A policy as the JSON string pulumi-aws holds (sorted keys, no spaces)."""
    parsed = parse_policy(document)
    if parsed is None:
        return None
    return parsed if isinstance(parsed, str) else json.dumps(parsed, sort_keys=True, separators=(",", ":"))


def protocol(value: Any) -> str:
    text = str(value).lower()
    return _PROTOCOLS.get(text, text)


def empty(value: Any) -> bool:
    return value is None or value == [] or value == {} or value == ""


def plain(value: Any) -> Any:
    """Nested values without empty members, lists of scalars sorted, whole floats as ints: how the wire and
    boto3 both spell the same setting."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in sorted(value.items()) if not empty(v)}
    if isinstance(value, list):
        items = [plain(v) for v in value if not empty(v)]
        if all(isinstance(i, (str, int, float, bool)) for i in items):
            return sorted(items, key=lambda i: (str(type(i)), i))
        return sorted(items, key=lambda i: json.dumps(i, sort_keys=True))
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
