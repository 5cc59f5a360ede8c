"""The least-privilege IAM policy of the audit's read-only role, rendered from :data:`READ_CALLS`.

EC2 and Elastic Load Balancing ``Describe*`` actions have no resource-level permissions, so they take ``"*"``
(Service Authorization Reference: "Actions defined by Amazon EC2", "... Elastic Load Balancing V2"); the others
are narrowed to the resource types the audit reads. ``python -m private_apis.audit.iam_policy`` prints the
README's section; a test keeps the two equal.
"""

from __future__ import annotations

import json
from typing import Any

from private_apis.audit.aws import API_GATEWAY_READ_RESOURCES, READ_CALLS

RESOURCES = {
    "apigateway": list(API_GATEWAY_READ_RESOURCES),
    "lambda": ["arn:aws:lambda:*:*:function:*"],
    "route53": ["arn:aws:route53:::hostedzone/*"],
}
"""IAM service prefix -> the resources its read actions are limited to; absent: ``"*"``."""


def read_only_policy() -> dict[str, Any]:
    by_prefix: dict[str, set[str]] = {}
    for action in READ_CALLS.values():
        by_prefix.setdefault(action.split(":", 1)[0], set()).add(action)
    statements = []
    for prefix in sorted(by_prefix):
        statements.append({"Sid": f"AuditRead{prefix.title().replace('-', '')}", "Effect": "Allow",
                           "Action": sorted(by_prefix[prefix]), "Resource": RESOURCES.get(prefix, "*")})
    return {"Version": "2012-10-17", "Statement": statements}


def calls_table() -> list[str]:
    rows = ["| boto3 call | IAM action |", "|---|---|"]
    rows += [f"| `{service}.{operation}` | `{action}` |" for (service, operation), action in sorted(READ_CALLS.items())]
    return rows


def readme_section() -> str:
    """The read-only role's policy and every call it covers, as the README shows them."""
    return "\n".join(["```json", json.dumps(read_only_policy(), indent=2), "```", "", *calls_table()]) + "\n"


if __name__ == "__main__":
    print(readme_section(), end="")
