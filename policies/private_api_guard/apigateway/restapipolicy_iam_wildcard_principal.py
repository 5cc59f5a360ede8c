"""An IAM-authorised API's resource policy names whom it admits, not every principal
(policies/README.md#aws-apigateway-restapipolicy-disallow-iam-wildcard-principal).

For a caller in the API's own account, API Gateway allows a request when *either* the resource policy or the
caller's IAM policy allows it (API Gateway Developer Guide, "How API Gateway resource policies affect authorization
workflow", table A: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html).
So on an API whose methods are all ``AWS_IAM``, an ``Allow`` of ``execute-api:Invoke`` to ``"*"`` (or
``{"AWS": "*"}``, a wildcard account, a ``NotPrincipal``) conditioned only on the network (``aws:SourceVpce``,
``aws:SourceVpc``), on ``aws:PrincipalOrgID`` or on ``aws:PrincipalAccount`` equal to the API's account admits every
signed principal of that account, whatever its identity policies grant: least-privilege invoke grants then do
nothing. Name the account by its root instead (``{"AWS": "arn:aws:iam::<account>:root"}``, which delegates to the
account's IAM policies, IAM User Guide "AWS JSON policy elements: Principal"), keeping the network condition; other
accounts by their roots; or keep ``"*"`` only together with a condition that leaves the API's account out
(``StringNotEquals`` ``aws:PrincipalAccount``, the organisation pattern), or that names specific principals
(``aws:PrincipalArn`` with literal ARNs), or that names only other accounts.

The API's account is read from the statement's own ``Resource`` ARNs (``arn:aws:execute-api:region:account:...``)
or else from the API's ``executionArn``. APIs with a method that is not ``AWS_IAM`` (NONE, Cognito, Lambda
authorizers, a NONE ``OPTIONS`` preflight) are not judged: their callers carry no IAM principal, so ``"*"`` with the
network condition is what admits them. A private custom domain name's own policy is not judged either: a request
through the domain must also pass the mapped API's policy. Advisory, because nothing outside the account or the
network gets in: the finding is that the account's own principals are not held to their grants.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi_policy import EnforcementLevel, PolicyResource, ReportViolation, Severity, StackValidationArgs

from private_api_guard import types
from private_api_guard.apigateway import openapi
from private_api_guard.apigateway.graph import Unknowns
from private_api_guard.core import StackIndex, parse_json_document, stack_policy, statements, violation
from private_api_guard.iam_documents import (
    INVOKE,
    conditions,
    grants_action,
    has_public_principal,
    is_allow,
    is_literal,
    strings,
)
from private_api_guard.resource_policies import declared, wildcard_account

NAME = "aws-apigateway-restapipolicy-disallow-iam-wildcard-principal"
FIX = ("name the account by its root as Principal, {'AWS': 'arn:aws:iam::<account>:root'}, keeping the network "
       "condition, so each caller also needs an execute-api:Invoke identity grant; for an organisation, add "
       "StringNotEquals {'aws:PrincipalAccount': '<this account>'} to the Allow for '*'")
_POSITIVE = frozenset({"stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike"})
_NEGATIVE = frozenset({"stringnotequals", "stringnotequalsignorecase", "stringnotlike", "arnnotequals",
                       "arnnotlike"})
_AWS_IAM = "AWS_IAM"


def _operator(operator: str) -> tuple[str, str, bool]:
    """``ForAnyValue:StringEqualsIfExists`` -> (``foranyvalue``, ``stringequals``, True)."""
    qualifier, _, base = operator.lower().rpartition(":")
    if_exists = base.endswith("ifexists")
    return qualifier, base[: -len("ifexists")] if if_exists else base, if_exists


def _account_of(resource: str) -> str | None:
    parts = resource.split(":", 5)
    if len(parts) == 6 and parts[2].lower() == "execute-api" and len(parts[4]) == 12 and parts[4].isdigit():
        return parts[4]
    return None


def api_account(statement: Mapping[str, Any], api: PolicyResource) -> str | None:
    """The API's account: from the statement's execute-api ARNs, else from the API's ``executionArn``."""
    for resource in strings(statement.get("Resource")):
        found = _account_of(resource)
        if found:
            return found
    execution_arn = api.props.get("executionArn")
    return _account_of(execution_arn) if isinstance(execution_arn, str) else None


def spares_the_account(statement: Mapping[str, Any], account: str | None) -> bool:
    """Whether a condition keeps the Allow from admitting every signed principal of ``account``.

    A negated ``aws:PrincipalAccount`` test that leaves ``account`` out (any account when it is not known), a
    positive one naming only other accounts, or a positive ``aws:PrincipalArn`` test naming literal principals.
    """
    for operator, key, values in conditions(statement):
        qualifier, base, if_exists = _operator(operator)
        if not values or if_exists or qualifier in ("forallvalues", "foranyvalue"):
            continue
        if key == "aws:principalaccount":
            if base in _NEGATIVE and (account is None or account in values):
                return True
            if base in _POSITIVE and account is not None and all(is_literal(v) for v in values) \
                    and account not in values:
                return True
        if key == "aws:principalarn" and base in _POSITIVE and all(is_literal(v) for v in values):
            return True
    return False


def admits_every_signed_principal(statement: Mapping[str, Any], account: str | None) -> bool:
    """An Allow of execute-api:Invoke to everyone that no principal condition narrows to named principals."""
    return (is_allow(statement) and grants_action(statement, INVOKE)
            and (has_public_principal(statement) or wildcard_account(statement.get("Principal")))
            and not spares_the_account(statement, account))


def _is_iam_api(api: PolicyResource, methods: list[PolicyResource]) -> bool:
    """Every method of the API (Method resources and OpenAPI body operations), and at least one, is AWS_IAM."""
    body = openapi.read(api.props.get("body"))
    operations = body.operations if body is not None else ()
    authorizations = [m.props.get("authorization") for m in methods] + [o.authorization for o in operations]
    return bool(authorizations) and all(isinstance(a, str) and a.upper() == _AWS_IAM for a in authorizations)


def _check(api: PolicyResource, carriers: list[tuple[PolicyResource, str, Any]], report: ReportViolation,
           unknowns: Unknowns) -> None:
    """Each ``(resource, field, document)`` that carries a policy of ``api``."""
    def check_carrier(carried: tuple[PolicyResource, str, Any]) -> None:
        carrier, field, value = carried
        document = parse_json_document(value, field)
        for i, statement in enumerate(statements(document)):
            if admits_every_signed_principal(statement, api_account(statement, api)):
                report(violation(f"{field}.Statement[{i}]", statement,
                                 f"it allows execute-api:Invoke to every principal on {api.name}, whose methods are "
                                 "all AWS_IAM, so every signed principal of the API's account is admitted whatever "
                                 "its IAM policies grant (for a same-account caller, the resource policy or the "
                                 "caller's IAM policy suffices)", FIX), carrier.urn)

    unknowns.each(carriers, check_carrier)


def validate(args: StackValidationArgs, report: ReportViolation) -> None:
    index = StackIndex(args.resources)
    methods_by_api = index.referrers([types.METHOD], "restApi")
    attached = index.referrers((types.REST_API_POLICY,), "restApiId")
    unknowns = Unknowns()

    def check_api(api: PolicyResource) -> None:
        if not _is_iam_api(api, methods_by_api.get(api.urn, [])):
            return
        carriers: list[tuple[PolicyResource, str, Any]] = [
            (attached_policy, "policy", attached_policy.props.get("policy"))
            for attached_policy in attached.get(api.urn, [])]
        # RestApi.policy is also provider-computed: unknown and without dependencies, it was not set.
        policy = declared(api, "policy")
        if policy is not None and not (isinstance(policy, str) and not policy.strip()):
            carriers.insert(0, (api, "policy", policy))
        elif (body := openapi.read(api.props.get("body"))) is not None and body.policy is not None:
            carriers.insert(0, (api, openapi.POLICY_FIELD, body.policy))
        _check(api, carriers, report, unknowns)

    unknowns.each(index.of(types.REST_API), check_api)
    unknowns.raise_first()


POLICY = stack_policy(
    name=NAME,
    description="Checks that the resource policy of a REST API whose methods are all AWS_IAM (inline or a "
                "RestApiPolicy) does not allow execute-api:Invoke to every principal unless a condition leaves the "
                "API's own account out or names specific principals: such an Allow admits every signed principal "
                "of the account whatever its IAM policies grant.",
    validate=validate,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.MEDIUM,
    remediation_steps="Replace Principal '*' with {'AWS': 'arn:aws:iam::<account>:root'} (keep the aws:SourceVpce "
                      "condition and the Deny), grant each caller execute-api:Invoke in its identity policy, and for "
                      "an organisation-wide Allow add StringNotEquals {'aws:PrincipalAccount': '<this account>'}.",
)
