"""API resource policies admit only our network sources, or only our own accounts
(policies/README.md#aws-apigateway-restapipolicy-configure-source-restriction).

Applies to ``RestApiPolicy.policy``, ``RestApi.policy`` (or, when unset, the ``x-amazon-apigateway-policy`` of its
OpenAPI ``body``, which the import makes the API's policy) and the ``policy`` of a private custom ``DomainName``. An
``Allow`` for everyone (``Principal: "*"``, ``{"AWS": "*"}`` or a ``NotPrincipal``) must be restricted in one of
these ways:

* conditioned on ``aws:SourceVpce`` / ``aws:SourceVpc`` with a positive operator and literal values
  (``StringEquals``, ``StringLike`` without wildcards; not ``...IfExists`` or ``ForAllValues:``,
  which pass when the key is missing, e.g. for a call from the internet). With ``allowedVpcEndpointIds``
  / ``allowedVpcIds`` configured, every value must be on the list;
* or the document holds a guard: a ``Deny`` for ``Principal: "*"`` on ``execute-api:Invoke`` over
  the whole API whose only conditions are ``StringNotEquals``-style tests of those keys (the AWS and
  SAM pattern "allow, then deny unless from this endpoint");
* or the Allow (or the guard) is restricted to principals: ``aws:PrincipalOrgID``,
  ``aws:PrincipalOrgPaths``, ``aws:PrincipalAccount`` or an ``aws:PrincipalArn`` with a literal account.

The principal form is the exception for IAM-only APIs (REGIONAL, every method ``AWS_IAM``), whose optional
policy limits callers to the account or organisation: such a condition can only be met by a SigV4-signed
caller of that account or organisation, so it never admits anonymous or foreign callers. On an API whose
methods are not IAM-authorised it admits nobody at all (the key is absent for unsigned calls): it fails
closed, and ``aws-apigateway-restapi-disallow-public-endpoint`` and
``aws-apigateway-method-enable-authorization`` keep such APIs private and authorised. Allows for specific
principals (an account, a role, a service) are not public and need no condition.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.apigateway import openapi
from private_api_guard.core import config_of, parse_json_document, resource_policy, statements, violation
from private_api_guard.iam_documents import (
    INVOKE,
    PRINCIPAL_KEYS,
    SOURCE_KEYS,
    covers_whole_api,
    grants_action,
    has_public_principal,
    is_allow,
    is_deny,
    only_restrictions,
    principal_is_everyone,
    restrictions,
    strings,
)

NAME = "aws-apigateway-restapipolicy-configure-source-restriction"
FIX = ("condition the Allow on aws:SourceVpce (your execute-api VPC endpoint ids) or aws:SourceVpc, or add a "
       "Deny for Principal '*' on execute-api:Invoke with StringNotEquals aws:SourceVpce")
ALLOW_LIST_FIX = "admit only the endpoints and VPCs the pack config lists, or add this one to the list"
_KEYS = SOURCE_KEYS | PRINCIPAL_KEYS
_LIST_NAMES = {"aws:sourcevpce": "allowedVpcEndpointIds", "aws:sourcevpc": "allowedVpcIds"}

CONFIG = {
    "allowedVpcEndpointIds": {
        "type": "array",
        "items": {"type": "string", "pattern": "^vpce-[0-9a-zA-Z]+$"},
        "description": "VPC endpoint ids a policy may admit through aws:SourceVpce. Empty: any literal id.",
        "default": [],
    },
    "allowedVpcIds": {
        "type": "array",
        "items": {"type": "string", "pattern": "^vpc-[0-9a-zA-Z]+$"},
        "description": "VPC ids a policy may admit through aws:SourceVpc. Empty: any literal id.",
        "default": [],
    },
}


def _outside(found: Mapping[str, list[str]], allowed: Mapping[str, set[str]]) -> list[str]:
    """``value (list name)`` for each value of ``found`` that a configured allow-list does not contain."""
    return [f"{value} (not in {_LIST_NAMES[key]})" for key, values in found.items() if allowed.get(key)
            for value in values if value not in allowed[key]]


def _is_guard(statement: Mapping[str, Any]) -> bool:
    """A Deny for everyone on the whole API, unless the request comes from the listed sources or principals."""
    return (is_deny(statement) and principal_is_everyone(statement) and grants_action(statement, INVOKE)
            and covers_whole_api(statement) and bool(only_restrictions(statement, _KEYS)))


def findings(document: Mapping[str, Any], allowed: Mapping[str, set[str]]) -> list[tuple[int, dict, str, str]]:
    """``(index, statement, problem, fix)`` for each unrestricted public Allow and each source off the allow-lists."""
    found: list[tuple[int, dict, str, str]] = []
    listed = statements(document)
    guarded = any(_is_guard(s) for s in listed)
    for i, statement in enumerate(listed):
        sources = restrictions(statement, SOURCE_KEYS)
        outside = _outside(sources, allowed)
        if outside and (is_allow(statement) or _is_guard(statement)):
            found.append((i, statement, f"it admits {', '.join(outside)}", ALLOW_LIST_FIX))
            continue
        if guarded or not (is_allow(statement) and has_public_principal(statement)):
            continue
        if not sources and not restrictions(statement, PRINCIPAL_KEYS):
            found.append((i, statement, "it allows every principal without an aws:SourceVpce or aws:SourceVpc "
                                        "condition, and no Deny limits the API to your endpoints", FIX))
    return found


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    field, value = "policy", args.props.get("policy")
    if args.resource_type == types.REST_API and openapi.body_policy(args.props) is not None:
        field, value = openapi.POLICY_FIELD, openapi.body_policy(args.props)
    if value is None or (isinstance(value, str) and not value.strip()):
        return
    document = parse_json_document(value, field)
    if document is None:
        report(violation(field, value, "it is not a JSON policy document, so whom it admits cannot be checked",
                         "pass the policy as a JSON object string with a Statement list"))
        return
    allowed = {
        "aws:sourcevpce": set(strings(config_of(args, "allowedVpcEndpointIds", []))),
        "aws:sourcevpc": set(strings(config_of(args, "allowedVpcIds", []))),
    }
    for i, statement, problem, fix in findings(document, allowed):
        report(violation(f"{field}.Statement[{i}]", statement, problem, fix))


POLICY = resource_policy(
    name=NAME,
    description="Checks that API resource policies (RestApiPolicy, RestApi and private DomainName policy) "
                "admit everyone only from listed VPC endpoints or VPCs, or only principals of your "
                "accounts or organisation.",
    resource_types=(types.REST_API_POLICY, types.REST_API, types.DOMAIN_NAME),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.CRITICAL,
    remediation_steps="Allow execute-api:Invoke on execute-api:/* and add a Deny for Principal '*' with "
                      "Condition StringNotEquals {'aws:SourceVpce': [<vpce ids>]}; for an IAM-only API, "
                      "condition the Allow on aws:PrincipalOrgID or aws:PrincipalAccount instead.",
    config_properties=CONFIG,
)
