"""execute-api:Invoke grants name specific APIs (policies/README.md#aws-iam-policy-configure-scoped-execute-api-invoke).

An IAM-authorised API is only as private as its callers' grants: ``execute-api:Invoke`` (or ``execute-api:*``,
or any pattern matching it) on ``*`` lets the caller invoke every IAM API it can reach, in any account that
trusts it. Each resource of such an Allow must be an API ARN with a literal API id,
``arn:aws:execute-api:<region>:<account>:<api-id>/<stage>/<METHOD>/<path>`` (the form ``components.grants``
emits). Statements with ``Action`` ``*`` or ``NotAction`` on ``Resource`` ``*`` are
``aws-iam-policy-disallow-admin-wildcard``'s findings and are not repeated here. Advisory by default;
mandatory in the IAM-only profile.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import parse_json_document, resource_policy, statements, violation
from private_api_guard.iam_documents import (
    IDENTITY_POLICY_TYPES,
    INVOKE,
    api_resource_problem,
    documents_of,
    grants_action,
    has_every_action,
    is_allow,
    strings,
)

NAME = "aws-iam-policy-configure-scoped-execute-api-invoke"
FIX = "name each route as {api.execution_arn}/{stage}/{METHOD}/{path}"


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    for field, value in documents_of(args.resource_type, args.props):
        document = parse_json_document(value, field)
        for i, statement in enumerate(statements(document)):
            if not (is_allow(statement) and grants_action(statement, INVOKE)):
                continue
            # Every action (or every action but some) on every resource is aws-iam-policy-disallow-admin-wildcard's.
            broad = has_every_action(statement) or "NotAction" in statement
            if "NotResource" in statement:
                if not broad:
                    report(violation(f"{field}.Statement[{i}].NotResource", statement.get("NotResource"),
                                     "the statement grants execute-api:Invoke on every API but the listed ones",
                                     FIX))
                continue
            for resource in strings(statement.get("Resource")):
                if broad and resource == "*":
                    continue
                problem = api_resource_problem(resource)
                if problem:
                    report(violation(f"{field}.Statement[{i}].Resource", resource, "the statement grants "
                                     f"execute-api:Invoke and {problem}, so it reaches APIs it was not meant for",
                                     FIX))


POLICY = resource_policy(
    name=NAME,
    description="Checks that IAM grants of execute-api:Invoke (or execute-api:*) name specific API ARNs, never "
                "'*' or a wildcard API id.",
    resource_types=(*IDENTITY_POLICY_TYPES, types.IAM_ROLE),
    validate=validate,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.HIGH,
    remediation_steps="Build the statements with components.grants (one Resource per route: "
                      "{execution_arn}/{stage}/{METHOD}/{path}) instead of execute-api:* or Resource '*'.",
)
