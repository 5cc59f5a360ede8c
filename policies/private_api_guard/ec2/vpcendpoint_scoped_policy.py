"""execute-api VPC endpoints carry a scoped endpoint policy
(policies/README.md#aws-ec2-vpcendpoint-configure-scoped-policy).

Defence in depth with ``aws-apigateway-restapipolicy-configure-source-restriction``: the API's resource policy
decides who may call *our* API, the endpoint policy decides which APIs the endpoint may reach at all (any
account's private API otherwise, a data-exfiltration path). Unset means AWS's default full-access policy. A
statement fails when it allows everyone to invoke ``*`` (or an API pattern of any account) with no condition
at all; naming API ARNs, your own account (``arn:aws:execute-api:<region>:<account>:*/*``), specific
principals, or a condition such as ``aws:PrincipalOrgID`` scopes it. Advisory.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import parse_json_document, resource_policy, statements, violation
from private_api_guard.ec2.vpcendpoint_execute_api_interface import is_execute_api
from private_api_guard.iam_documents import (
    INVOKE,
    api_resource_problem,
    conditions,
    grants_action,
    has_public_principal,
    is_allow,
    is_literal,
    strings,
)

NAME = "aws-ec2-vpcendpoint-configure-scoped-policy"
FIX = ("list the APIs the endpoint may reach (arn:aws:execute-api:<region>:<account>:<api-id>/*, or your "
       "account's :<account>:*/*), or condition the statement on aws:PrincipalOrgID")


def _reaches_other_accounts(resource: str) -> bool:
    """A resource naming no specific API and no specific account (an own-account ``...:<account>:*/*`` is scoped)."""
    if not api_resource_problem(resource):
        return False
    parts = resource.split(":", 5)
    return not (len(parts) == 6 and parts[2].lower() == "execute-api" and is_literal(parts[4]))


def _unscoped(statement: Mapping[str, Any]) -> bool:
    if not (is_allow(statement) and has_public_principal(statement) and grants_action(statement, INVOKE)):
        return False
    if conditions(statement):
        return False
    resources = strings(statement.get("Resource"))
    return "NotResource" in statement or not resources or any(_reaches_other_accounts(r) for r in resources)


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    props = args.props
    if not is_execute_api(props):
        return
    value = props.get("policy")
    if value is None or (isinstance(value, str) and not value.strip()):
        report(violation("policy", value, "the default endpoint policy lets anyone reach any API in any account "
                         "through this endpoint", FIX))
        return
    document = parse_json_document(value)
    if document is None:
        report(violation("policy", value, "it is not a JSON policy document", FIX))
        return
    for i, statement in enumerate(statements(document)):
        if _unscoped(statement):
            report(violation(f"policy.Statement[{i}]", statement, "it lets anyone invoke APIs of any account through "
                             "this endpoint", FIX))


POLICY = resource_policy(
    name=NAME,
    description="Checks that every execute-api VPC endpoint has an endpoint policy scoped to specific APIs, "
                "principals or conditions rather than the default full access.",
    resource_types=(types.VPC_ENDPOINT,),
    validate=validate,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.MEDIUM,
    remediation_steps="Set policy on the VpcEndpoint to Allow execute-api:Invoke on your API ARNs only (or for "
                      "principals of your organisation via aws:PrincipalOrgID).",
)
