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
  alone admits a request: only for APIs whose methods are not ``AWS_IAM`` (``NONE``, Cognito), where the
  network is the control. On an ``AWS_IAM`` API pass the deploying account: the network ``Allow``
  statements then name that account's root, which delegates to the account's IAM policies (IAM User
  Guide, "AWS JSON policy elements: Principal", AWS account principals), so a signed caller of the
  account must also hold an identity policy granting ``execute-api:Invoke``. With ``"*"`` instead, the
  resource policy alone would admit every signed principal of the account whatever its grants: for
  same-account callers API Gateway allows a request when either the resource policy or the caller's IAM
  policy allows it (API Gateway Developer Guide, "How API Gateway resource policies affect authorization
  workflow", table A).

**Resource** (``resource``, required): the API the statements are about, as a full ARN. API Gateway
stores the ``execute-api:/*`` shorthand expanded to the API's ARN, so a document written with it never
equals what the provider reads back and shows a diff on every ``up``
(hashicorp/terraform-provider-aws#5549 and #15602). :func:`api_resource` gives
``{execution_arn}/*`` for a separate ``RestApiPolicy``; where the id is not known yet (a policy inline
on the ``RestApi``), :func:`account_apis_resource` gives the account-scoped
``arn:{partition}:execute-api:{region}:{account}:*/*``, and :func:`private_domain_name_resource` the
``/domainnames/{name}+*`` ARN of a private custom domain name's own policy. The shorthand is refused.

Ids are de-duplicated and sorted, so reordering config does not change the document (and does not
redeploy the API). The JSON is compact, with keys in the order IAM documents conventionally use.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from components.errors import ConfigError
from components.validation import check_domain_name

INVOKE = "execute-api:Invoke"
IAM_AUTHORIZATION = "AWS_IAM"
SHORTHAND_PREFIX = "execute-api:"
"""The abbreviated resource form (``execute-api:/*``) that API Gateway expands on write; never emitted here."""

_VPCE_ID = re.compile(r"^vpce-(?:[0-9a-f]{8}|[0-9a-f]{17})$")
_VPC_ID = re.compile(r"^vpc-(?:[0-9a-f]{8}|[0-9a-f]{17})$")
# [0-9], not \d: Python's \d also matches other scripts' digits, which no account id has.
_ACCOUNT_ID = re.compile(r"^[0-9]{12}$")
_PARTITION = re.compile(r"^aws(?:-[a-z]+)*$")
_REGION = re.compile(r"^[a-z]{2}(?:-[a-z]+)+-[0-9]+$")
_EXECUTION_ARN = re.compile(r"^arn:aws(?:-[a-z]+)*:execute-api:[a-z]{2}(?:-[a-z]+)+-[0-9]+:[0-9]{12}:[A-Za-z0-9]+$")
# A resource these policies may name: an execute-api ARN of one region and account (API or domain name part after it).
_RESOURCE = re.compile(r"^arn:aws(?:-[a-z]+)*:execute-api:[a-z]{2}(?:-[a-z]+)+-[0-9]+:[0-9]{12}:\S+$")


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


def api_resource(execution_arn: str, key: str = "execution_arn") -> str:
    """``{execution_arn}/*``: every stage, method and path of one API, as API Gateway stores it.

    >>> api_resource("arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5")
    'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/*'
    """
    if not isinstance(execution_arn, str) or not _EXECUTION_ARN.match(execution_arn):
        raise ConfigError(key, f"{execution_arn!r} is not a REST API execution ARN",
                          "pass the RestApi's execution_arn, arn:aws:execute-api:{region}:{account}:{api_id}")
    return f"{execution_arn}/*"


def _scope(partition: str, region: str, account_id: str, key: str) -> str:
    if not _PARTITION.match(partition):
        raise ConfigError(key, f"{partition!r} is not an AWS partition", "use aws, aws-cn or aws-us-gov")
    if not isinstance(region, str) or not _REGION.match(region):
        raise ConfigError(key, f"{region!r} is not an AWS region", "use a region name such as eu-west-1")
    return f"arn:{partition}:execute-api:{region}:{check_account_id(account_id, key)}"


def account_apis_resource(partition: str, region: str, account_id: str, key: str = "resource_policy") -> str:
    """``arn:{partition}:execute-api:{region}:{account}:*/*``, for a policy inline on a ``RestApi`` whose id does
    not exist yet. Attached to one API, it applies to that API only."""
    return f"{_scope(partition, region, account_id, key)}:*/*"


def private_domain_name_resource(partition: str, region: str, account_id: str, domain_name: str,
                                 key: str = "resource_policy") -> str:
    """``arn:{partition}:execute-api:{region}:{account}:/domainnames/{domain_name}+*``: a private custom domain
    name's own policy, whose ARN ends with the ``domainNameId`` API Gateway assigns on creation (API Gateway
    Developer Guide, "API provider: Share your private custom domain name using the API Gateway AWS CLI")."""
    return f"{_scope(partition, region, account_id, key)}:/domainnames/{check_domain_name(domain_name, key)}+*"


def network_principal_account(authorization: str, account_id: str) -> str | None:
    """The ``principal_account_id`` of an API whose methods use ``authorization``.

    ``AWS_IAM``: the deploying account, whose root delegates to its IAM policies, so a caller needs an identity
    grant (an Allow for ``"*"`` would admit every signed principal of the account: API Gateway allows a
    same-account request when either the resource policy or the caller's IAM policy does, "How API Gateway
    resource policies affect authorization workflow"). Anything else (``NONE``, Cognito): None, ``"*"``, since
    such requests carry no IAM principal and the network is the control.
    """
    return check_account_id(account_id, "account_id") if authorization == IAM_AUTHORIZATION else None


def _check_resource(resource: object, key: str) -> str:
    if isinstance(resource, str) and resource.startswith(SHORTHAND_PREFIX):
        raise ConfigError(key, f"{resource!r} is the execute-api shorthand, which API Gateway stores expanded, so "
                          "every update would show a diff", "name the API by its ARN: api_resource(execution_arn), "
                          "or account_apis_resource(...) for a policy inline on the RestApi")
    if not isinstance(resource, str) or not _RESOURCE.match(resource):
        raise ConfigError(key, f"{resource!r} is not an execute-api ARN",
                          "name the API by its ARN: api_resource(execution_arn)")
    return resource


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
    resource: str,
    key: str = "resource_policy",
) -> dict[str, Any]:
    """The policy document as a dict (see the module docstring for what it admits).

    ``resource`` is the API's full ARN (:func:`api_resource`, :func:`account_apis_resource`, or
    :func:`private_domain_name_resource`); ``key`` is the name used in error messages. Raises ConfigError
    when no source is given, an id is malformed or ``resource`` is the ``execute-api:`` shorthand.
    """
    resource = _check_resource(resource, key)
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
