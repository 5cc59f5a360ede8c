"""Resource policies for REST APIs, generated from the sources allowed to call: pure, no Pulumi.

The same idea as SAM's ``Auth.ResourcePolicy`` (``IntrinsicVpceWhitelist``, ``SourceVpcWhitelist``,
``AwsAccountWhitelist``) and CDK's ``grantInvokeFromVpcEndpointsOnly``, with one difference that
matters: every list produces an explicit ``Deny`` for everything else, so a later ``Allow`` added by
hand (or by another tool) cannot widen the API.

Semantics, for a request to invoke the API:

* **network sources** (``vpc_endpoint_ids``, ``source_vpc_ids``): the request must arrive through one
  of the listed interface endpoints *or* from one of the listed VPCs. One ``Allow`` per kind, and one
  ``Deny`` whose ``StringNotEquals`` tests both keys: IAM ANDs the keys of a condition, so the deny
  applies only when the request matches none of them.
* **accounts** (``account_ids``): the caller must *also* be a principal of one of these accounts.
  That needs a signed request (``AWS_IAM`` methods): an unsigned request has no principal account
  and is denied. With accounts only (an IAM-only REGIONAL API) the policy admits exactly those
  accounts' principals, from anywhere they can reach the API.
* **principal of the network Allows** (``principal_account_id``): by default ``"*"``, so the network
  alone admits a request (token or unauthenticated methods). Given an account, the network ``Allow``
  statements name that account's root instead, so a signed caller of the account must also hold an
  identity policy granting ``execute-api:Invoke``.

Ids are de-duplicated and sorted, so reordering config does not change the document (and does not
redeploy the API). The JSON is compact, with keys in the order IAM documents conventionally use.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from components.errors import ConfigError

INVOKE = "execute-api:Invoke"
API_RESOURCE = "execute-api:/*"
"""Every stage, method and path of the API the policy is attached to."""

_VPCE_ID = re.compile(r"^vpce-(?:[0-9a-f]{8}|[0-9a-f]{17})$")
_VPC_ID = re.compile(r"^vpc-(?:[0-9a-f]{8}|[0-9a-f]{17})$")
# [0-9], not \d: Python's \d also matches other scripts' digits, which no account id has.
_ACCOUNT_ID = re.compile(r"^[0-9]{12}$")
_PARTITION = re.compile(r"^aws(?:-[a-z]+)*$")


def check_vpc_endpoint_id(value: object, key: str) -> str:
    """``vpce-`` followed by 8 or 17 lower-case hex digits."""
    if not isinstance(value, str) or not _VPCE_ID.match(value):
        raise ConfigError(key, f"{value!r} is not a VPC endpoint id",
                          "use the id of an execute-api interface endpoint: vpce- and 8 or 17 hex digits, "
                          "e.g. vpce-0123456789abcdef0")
    return value


def check_vpc_id(value: object, key: str) -> str:
    """``vpc-`` followed by 8 or 17 lower-case hex digits."""
    if not isinstance(value, str) or not _VPC_ID.match(value):
        raise ConfigError(key, f"{value!r} is not a VPC id",
                          "use vpc- and 8 or 17 hex digits, e.g. vpc-0123456789abcdef0")
    return value


def check_account_id(value: object, key: str) -> str:
    """A 12-digit AWS account id (given as a string: YAML would drop leading zeros of a number)."""
    if not isinstance(value, str) or not _ACCOUNT_ID.fullmatch(value):
        raise ConfigError(key, f"{value!r} is not an AWS account id",
                          "use the 12-digit account id as a quoted string, e.g. '123456789012'")
    return value


def _unique_sorted(values: Iterable[object], key: str, check: Any) -> list[str]:
    if isinstance(values, (str, bytes)):
        raise ConfigError(key, f"expected a list, got the single string {values!r}", f"write '{key}' as a list")
    checked = [check(value, key) for value in values]
    return sorted(set(checked))


def _one_or_list(values: list[str]) -> str | list[str]:
    return values[0] if len(values) == 1 else values


def private_api_policy(
    *,
    vpc_endpoint_ids: Iterable[str] = (),
    source_vpc_ids: Iterable[str] = (),
    account_ids: Iterable[str] = (),
    principal_account_id: str | None = None,
    partition: str = "aws",
    resource: str = API_RESOURCE,
    key: str = "resource_policy",
) -> dict[str, Any]:
    """The policy document as a dict (see the module docstring for what it admits).

    ``key`` is the name used in error messages. Raises ConfigError when no source is given or an
    id is malformed.
    """
    endpoints = _unique_sorted(vpc_endpoint_ids, key, check_vpc_endpoint_id)
    vpcs = _unique_sorted(source_vpc_ids, key, check_vpc_id)
    accounts = _unique_sorted(account_ids, key, check_account_id)
    if not _PARTITION.match(partition):
        raise ConfigError(key, f"{partition!r} is not an AWS partition", "use aws, aws-cn or aws-us-gov")
    if not (endpoints or vpcs or accounts):
        raise ConfigError(key, "no caller source is given, so the policy would admit nobody",
                          "list at least one VPC endpoint id, source VPC id or account id")
    network_principal: Any = "*"
    if principal_account_id is not None:
        network_principal = {"AWS": f"arn:{partition}:iam::{check_account_id(principal_account_id, key)}:root"}

    def statement(sid: str, effect: str, principal: Any, condition: dict[str, Any] | None) -> dict[str, Any]:
        out: dict[str, Any] = {"Sid": sid, "Effect": effect, "Principal": principal, "Action": INVOKE,
                               "Resource": resource}
        if condition:
            out["Condition"] = condition
        return out

    statements: list[dict[str, Any]] = []
    if endpoints:
        statements.append(statement("AllowFromVpcEndpoints", "Allow", network_principal,
                                    {"StringEquals": {"aws:SourceVpce": _one_or_list(endpoints)}}))
    if vpcs:
        statements.append(statement("AllowFromVpcs", "Allow", network_principal,
                                    {"StringEquals": {"aws:SourceVpc": _one_or_list(vpcs)}}))
    if accounts:
        principals = [f"arn:{partition}:iam::{account}:root" for account in accounts]
        statements.append(statement("AllowFromAccounts", "Allow", {"AWS": _one_or_list(principals)}, None))
    if endpoints or vpcs:
        network: dict[str, Any] = {}
        if endpoints:
            network["aws:SourceVpce"] = _one_or_list(endpoints)
        if vpcs:
            network["aws:SourceVpc"] = _one_or_list(vpcs)
        statements.append(statement("DenyOutsideAllowedNetworks", "Deny", "*", {"StringNotEquals": network}))
    if accounts:
        statements.append(statement("DenyOtherAccounts", "Deny", "*",
                                    {"StringNotEquals": {"aws:PrincipalAccount": _one_or_list(accounts)}}))
    return {"Version": "2012-10-17", "Statement": statements}


def private_api_policy_json(**kwargs: Any) -> str:
    """:func:`private_api_policy` as compact JSON, the exact text attached to the API."""
    return json.dumps(private_api_policy(**kwargs), separators=(",", ":"))
