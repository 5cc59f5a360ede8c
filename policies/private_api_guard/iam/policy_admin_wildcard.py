"""No IAM policy grants administrator access (policies/README.md#aws-iam-policy-disallow-admin-wildcard).

AWS Config ``iam-policy-no-statements-with-admin-access``, checkov CKV_AWS_62 / CKV_AWS_274, over
every way pulumi-aws attaches permissions:

* documents: ``Policy``, ``RolePolicy``, ``UserPolicy``, ``GroupPolicy`` and a Role's
  ``inlinePolicies``. An Allow with ``Action`` ``*`` (or ``*:*``) on ``Resource`` ``*`` fails, with
  or without conditions. ``NotAction`` / ``NotResource`` on an Allow are treated for what they
  grant: everything except the listed actions (resources), so an Allow ``NotAction`` on ``*`` fails
  too (that is PowerUserAccess-shaped);
* managed policies: ``RolePolicyAttachment``, ``UserPolicyAttachment``, ``GroupPolicyAttachment``,
  ``PolicyAttachment`` and a Role's ``managedPolicyArns`` must not attach a policy named in
  ``disallowedManagedPolicies``: ``AdministratorAccess`` and ``AmazonAPIGatewayInvokeFullAccess``
  (``execute-api:*`` on every API in every account, the IAM-auth scenario's shortcut) by default.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import config_of, parse_json_document, resource_policy, statements, violation
from private_api_guard.iam_documents import (
    IDENTITY_POLICY_TYPES,
    documents_of,
    has_every_action,
    has_every_resource,
    is_allow,
    strings,
)

NAME = "aws-iam-policy-disallow-admin-wildcard"
FIX = "grant only the actions and resources the workload needs"
DEFAULT_DISALLOWED = ["AdministratorAccess", "AmazonAPIGatewayInvokeFullAccess"]
_WHY = {
    "AdministratorAccess": "it attaches full administrator access",
    "AmazonAPIGatewayInvokeFullAccess": "it grants execute-api:* on every API in every account",
}
ATTACHMENT_TYPES = (types.IAM_ROLE_POLICY_ATTACHMENT, types.IAM_USER_POLICY_ATTACHMENT,
                    types.IAM_GROUP_POLICY_ATTACHMENT, types.IAM_POLICY_ATTACHMENT)

CONFIG = {
    "disallowedManagedPolicies": {
        "type": "array",
        "items": {"type": "string"},
        "description": "Names of managed policies that must never be attached (the last part of the ARN).",
        "default": DEFAULT_DISALLOWED,
    },
}


def admin_problem(statement: Mapping[str, Any]) -> str | None:
    """Why an Allow statement amounts to administrator access, else None."""
    if not is_allow(statement) or not has_every_resource(statement):
        return None
    scope = "every resource" if "NotResource" not in statement else "every resource but those NotResource lists"
    if has_every_action(statement):
        return f"it allows every action on {scope} (administrator access)"
    if "NotAction" in statement:
        return f"it allows every action except those NotAction lists on {scope}"
    return None


def _check_documents(args: ResourceValidationArgs, report: ReportViolation) -> None:
    for field, value in documents_of(args.resource_type, args.props):
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        document = parse_json_document(value, field)
        if document is None:
            report(violation(field, value, "it is not a JSON policy document, so what it grants cannot be checked",
                             "pass the policy as a JSON object string (json.dumps or get_policy_document)"))
            continue
        for i, statement in enumerate(statements(document)):
            problem = admin_problem(statement)
            if problem:
                report(violation(f"{field}.Statement[{i}]", statement, problem, FIX))


def _check_arn(field: str, arn: Any, disallowed: list[str], report: ReportViolation) -> None:
    if not isinstance(arn, str) or ":policy/" not in arn:
        return
    policy_name = arn.rsplit("/", 1)[-1]
    if policy_name in disallowed:
        report(violation(field, arn, _WHY.get(policy_name, "the policy is on the disallowedManagedPolicies list"),
                         "attach a customer-managed policy with only the actions and resources needed"))


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    props = args.props
    if args.resource_type in IDENTITY_POLICY_TYPES or args.resource_type == types.IAM_ROLE:
        _check_documents(args, report)
    disallowed = strings(config_of(args, "disallowedManagedPolicies", DEFAULT_DISALLOWED))
    if args.resource_type in ATTACHMENT_TYPES:
        _check_arn("policyArn", props.get("policyArn"), disallowed, report)
    elif args.resource_type == types.IAM_ROLE:
        arns = props.get("managedPolicyArns")
        if isinstance(arns, Sequence) and not isinstance(arns, str):
            for i in range(len(arns)):
                _check_arn(f"managedPolicyArns[{i}]", arns[i], disallowed, report)


POLICY = resource_policy(
    name=NAME,
    description="Checks that no IAM policy, inline policy or attachment grants administrator access: no Allow "
                "of every action on every resource, no AdministratorAccess or AmazonAPIGatewayInvokeFullAccess.",
    resource_types=(*IDENTITY_POLICY_TYPES, types.IAM_ROLE, *ATTACHMENT_TYPES),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.CRITICAL,
    remediation_steps="Replace '*' actions and resources with the specific actions and ARNs the workload uses "
                      "(for API callers: execute-api:Invoke on {execution_arn}/{stage}/{METHOD}/{path}), and "
                      "attach customer-managed policies instead of AdministratorAccess or "
                      "AmazonAPIGatewayInvokeFullAccess.",
    config_properties=CONFIG,
)
