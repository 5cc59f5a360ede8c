"""Reading IAM-style policy documents: identity policies, API Gateway resource policies, endpoint policies.

Pure functions over plain dicts (a document is parsed once per resource with
:func:`private_api_guard.core.parse_json_document`, which copies proxied values and so raises on an
unknown one before anything here runs). Everything is defensive about shape: ``Action``,
``Resource`` and condition values may be a string or a list, unexpected types are ignored rather
than raised on, and names are compared the way IAM compares them (actions and condition keys
case-insensitively, ``*``/``?`` wildcards in actions and resources).

Vocabulary used by the policies:

* a **public** principal is ``"*"``, ``{"AWS": "*"}`` or a ``NotPrincipal`` on an Allow (everyone
  but the listed principals);
* a **source restriction** is a condition on ``aws:SourceVpce`` / ``aws:SourceVpc``;
* a **principal restriction** is a condition on ``aws:PrincipalOrgID``, ``aws:PrincipalOrgPaths``,
  ``aws:PrincipalAccount`` or ``aws:PrincipalArn``: it admits only IAM-signed callers of the named
  organisation or account;
* a restriction only counts when its operator really restricts (a positive ``StringEquals``-style
  operator on an Allow without ``IfExists``/``ForAllValues``, which pass when the key is missing;
  a negated one on a Deny without ``ForAnyValue``) and its values are literal (``vpce-*`` admits
  every endpoint in every account, the weakness reported in aws-samples/serverless-patterns#935).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from fnmatch import fnmatchcase
from typing import Any

from private_api_guard import types

INVOKE = "execute-api:Invoke"

SOURCE_KEYS = frozenset({"aws:sourcevpce", "aws:sourcevpc"})
PRINCIPAL_KEYS = frozenset({"aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount",
                            "aws:principalarn"})

_POSITIVE = frozenset({"stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike"})
_NEGATIVE = frozenset({"stringnotequals", "stringnotequalsignorecase", "stringnotlike", "arnnotequals",
                       "arnnotlike"})

# A request path no real resource pattern names on purpose: a Deny whose resource matches it covers
# every stage, method and path of the API.
_PROBE_PATH = "zzprobe-stage/ZZPROBE/zz/probe"
_DOMAIN_NAMES = "/domainnames/"
_DOMAIN_ARN_PART = re.compile(r"/domainnames/[^/+*?]+\+[^/*?]+\Z")
"""The resource part of one private custom domain name's ARN, ``/domainnames/{name}+{domainNameId}``."""
_ONE_API_PREFIX = re.compile(r"[a-z0-9]{10}[*?]")
"""A whole API id before the first wildcard (``abc1234567*/*``, as ``execution_arn + "*/*"`` writes it): API
Gateway ids are exactly 10 lower-case letters and digits, so what follows can only be this API's stage and route."""


def strings(value: Any) -> list[str]:
    """A string or a list of them as a list; anything else (and non-string items) is dropped."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, str)]
    return []


def effect(statement: Mapping[str, Any]) -> str:
    """``Allow`` or ``Deny`` (IAM requires one; anything else is returned as found)."""
    found = statement.get("Effect")
    return found.capitalize() if isinstance(found, str) else ""


def is_allow(statement: Mapping[str, Any]) -> bool:
    return effect(statement) == "Allow"


def is_deny(statement: Mapping[str, Any]) -> bool:
    return effect(statement) == "Deny"


def principal_is_everyone(statement: Mapping[str, Any]) -> bool:
    """True for ``Principal: "*"`` or ``{"AWS": "*"}`` (alone or in a list)."""
    principal = statement.get("Principal")
    if principal == "*":
        return True
    if isinstance(principal, Mapping):
        return "*" in strings(principal.get("AWS"))
    return False


def has_public_principal(statement: Mapping[str, Any]) -> bool:
    """A principal of everyone: ``"*"``, ``{"AWS": "*"}``, or any ``NotPrincipal`` (everyone but the listed)."""
    return "NotPrincipal" in statement or principal_is_everyone(statement)


def _matches(pattern: str, value: str) -> bool:
    return fnmatchcase(value.lower(), pattern.lower())


def grants_action(statement: Mapping[str, Any], action: str) -> bool:
    """Whether the statement's ``Action`` (or the complement of its ``NotAction``) includes ``action``."""
    if "Action" in statement:
        return any(_matches(p, action) for p in strings(statement.get("Action")))
    if "NotAction" in statement:
        return not any(_matches(p, action) for p in strings(statement.get("NotAction")))
    return False


def has_every_action(statement: Mapping[str, Any]) -> bool:
    """``Action`` is ``*`` or ``*:*``: every action of every service."""
    return any(p in ("*", "*:*") for p in strings(statement.get("Action")))


def has_every_resource(statement: Mapping[str, Any]) -> bool:
    """``Resource`` is ``*``, or the statement uses ``NotResource`` (every resource but the listed)."""
    return "NotResource" in statement or "*" in strings(statement.get("Resource"))


def conditions(statement: Mapping[str, Any]) -> list[tuple[str, str, list[str]]]:
    """``(operator, key, values)`` triples of the statement's ``Condition`` block, key lower-cased."""
    block = statement.get("Condition")
    found: list[tuple[str, str, list[str]]] = []
    if not isinstance(block, Mapping):
        return found
    for operator, tests in block.items():
        if not isinstance(operator, str) or not isinstance(tests, Mapping):
            continue
        for key, values in tests.items():
            if isinstance(key, str):
                found.append((operator, key.lower(), strings(values)))
    return found


def _split_operator(operator: str) -> tuple[str, str, bool]:
    """``ForAnyValue:StringEqualsIfExists`` -> (``foranyvalue``, ``stringequals``, True)."""
    lowered = operator.lower()
    qualifier, _, base = lowered.rpartition(":")
    if_exists = base.endswith("ifexists")
    if if_exists:
        base = base[: -len("ifexists")]
    return qualifier, base, if_exists


def _restricts_on_allow(operator: str) -> bool:
    qualifier, base, if_exists = _split_operator(operator)
    return base in _POSITIVE and not if_exists and qualifier != "forallvalues"


def _restricts_on_deny(operator: str) -> bool:
    qualifier, base, _ = _split_operator(operator)
    return base in _NEGATIVE and qualifier != "foranyvalue"


def is_literal(value: str) -> bool:
    """A non-empty value without IAM wildcards (`*`, `?`)."""
    return bool(value) and "*" not in value and "?" not in value


def _restrictive_value(key: str, value: str) -> bool:
    """A value that names one endpoint, VPC, organisation or account rather than a pattern of them."""
    if key == "aws:principalorgpaths":
        return is_literal(value.split("/", 1)[0])
    if key == "aws:principalarn":
        parts = value.split(":")
        return len(parts) >= 6 and is_literal(parts[4])
    return is_literal(value)


def _restricting(statement: Mapping[str, Any], keys: frozenset[str]) -> list[tuple[str, list[str], bool]]:
    """Each condition entry as ``(key, values, restricts)``."""
    restricts = _restricts_on_allow if is_allow(statement) else _restricts_on_deny
    return [
        (key, values, key in keys and bool(values) and restricts(operator)
         and all(_restrictive_value(key, v) for v in values))
        for operator, key, values in conditions(statement)
    ]


def restrictions(statement: Mapping[str, Any], keys: Iterable[str]) -> dict[str, list[str]]:
    """Condition keys (of ``keys``) that really restrict this statement, with their values.

    On an Allow, the positive operators count; on a Deny, the negated ones ("deny unless ..."). A
    key counts only when every one of its values is literal.
    """
    found: dict[str, list[str]] = {}
    for key, values, restricts in _restricting(statement, frozenset(keys)):
        if restricts:
            found.setdefault(key, []).extend(values)
    return found


def only_restrictions(statement: Mapping[str, Any], keys: Iterable[str]) -> dict[str, list[str]]:
    """Like :func:`restrictions`, but empty unless *every* condition of the statement is such a restriction.

    For a "deny unless" guard: an extra condition (``aws:SecureTransport``, ``aws:SourceIp``...) is
    ANDed in and narrows the Deny, so requests that fail it are no longer denied.
    """
    entries = _restricting(statement, frozenset(keys))
    if not entries or not all(restricts for _, _, restricts in entries):
        return {}
    found: dict[str, list[str]] = {}
    for key, values, _ in entries:
        found.setdefault(key, []).extend(values)
    return found


def covers_whole_api(statement: Mapping[str, Any]) -> bool:
    """Whether the statement's resources cover every stage, method and path of an API.

    Resources are ``*``, the short form ``execute-api:/stage/METHOD/path``, the ARN
    ``arn:aws:execute-api:region:account:api-id/stage/METHOD/path`` (the form API Gateway stores; the API id may
    be a wildcard, as in the account-scoped ``...:account:*/*`` of a policy inline on its API), or, in a private
    custom domain name's own policy, the domain's ARN ``...:account:/domainnames/name+id`` (the id may be ``*``).
    """
    for resource in strings(statement.get("Resource")):
        if resource == "*":
            return True
        if resource.lower().startswith("execute-api:"):
            if fnmatchcase(_PROBE_PATH, resource[len("execute-api:"):].lstrip("/")):
                return True
            continue
        parts = resource.split(":", 5)
        if len(parts) < 6:
            # ``arn:aws:execute-api:*``: the wildcard runs across the remaining fields.
            if resource.startswith("arn:") and resource.endswith("*"):
                return True
            continue
        if parts[5].startswith(_DOMAIN_NAMES):
            # One private custom domain name: its literal ARN, or a pattern matching its ARN whatever its id.
            name = parts[5][len(_DOMAIN_NAMES):].split("+", 1)[0]
            sample = name if is_literal(name) else "zzprobe.example"
            if _DOMAIN_ARN_PART.match(parts[5]) or fnmatchcase(f"{_DOMAIN_NAMES}{sample}+zzprobe1", parts[5]):
                return True
            continue
        api_id = parts[5].split("/", 1)[0]
        sample = api_id if is_literal(api_id) else "zzprobe-api"
        if fnmatchcase(f"{sample}/{_PROBE_PATH}", parts[5]):
            return True
    return False


def api_resource_problem(resource: str) -> str | None:
    """Why an identity-policy ``Resource`` (or a source ARN) does not name one specific API, else None.

    ``arn:aws:execute-api:region:account:api-id/stage/METHOD/path`` with a literal API id passes;
    ``*``, a wildcard service or a wildcard API id does not. ARNs of other services are not about
    APIs and pass. The reason is a clause such as "its API id is a wildcard".
    """
    if resource == "*":
        return "'*' matches every API in every account"
    if not resource.startswith("arn:"):
        return None if is_literal(resource) else "the pattern can match any API"
    parts = resource.split(":", 5)
    if len(parts) < 6:
        return None if is_literal(resource) else "the truncated ARN pattern can match any API"
    service = parts[2]
    if service.lower() == "execute-api":
        api_id = parts[5].split("/", 1)[0]
        return None if is_literal(api_id) or _ONE_API_PREFIX.match(api_id) else "its API id is a wildcard"
    return None if is_literal(service) else "its service is a wildcard"


IDENTITY_POLICY_TYPES = (types.IAM_POLICY, types.IAM_ROLE_POLICY, types.IAM_USER_POLICY, types.IAM_GROUP_POLICY)


def documents_of(resource_type: str, props: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """``(field, raw document)`` of every inline policy document a resource carries.

    ``policy`` of Policy, RolePolicy, UserPolicy and GroupPolicy; ``inlinePolicies[i].policy`` of a
    Role. Raw values are read through the proxy, so an unknown one raises here.
    """
    if resource_type in IDENTITY_POLICY_TYPES:
        return [("policy", props.get("policy"))]
    if resource_type == types.IAM_ROLE:
        inline = props.get("inlinePolicies")
        found: list[tuple[str, Any]] = []
        if isinstance(inline, Sequence) and not isinstance(inline, str):
            for i in range(len(inline)):
                entry = inline[i]
                if isinstance(entry, Mapping):
                    found.append((f"inlinePolicies[{i}].policy", entry.get("policy")))
        return found
    return []
