"""A separate resource policy does not sit on an API whose OpenAPI body overwrites it
(policies/README.md#aws-apigateway-restapipolicy-disallow-body-overwrite).

The provider imports a ``RestApi``'s ``body`` with ``PutRestApi``, in ``overwrite`` mode unless ``putRestApiMode`` says
``merge``, and that import clears the API's resource policy. The provider restores only a policy set on the
``RestApi`` itself, so a ``RestApiPolicy`` is silently gone after every change of the body while its state still
shows it (pulumi/pulumi-aws#4296, hashicorp/terraform-provider-aws#49672; the restore is
``resourceRestAPIWithBodyUpdateOperations`` in terraform-provider-aws internal/service/apigateway/rest_api.go). A
policy that limits callers to a VPC endpoint, a VPC or some accounts is then no longer there: a REGIONAL API with
IAM or no authorization is open to the internet or to every account again. A body that carries its own
``x-amazon-apigateway-policy`` replaces the separate policy in ``merge`` mode too. The pair is judged as a stack
policy, the ``RestApiPolicy`` linked to its API through the property dependencies of its ``restApiId``.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, PolicyResource, ReportViolation, Severity, StackValidationArgs

from private_api_guard import types
from private_api_guard.apigateway import openapi
from private_api_guard.apigateway.graph import decide_each
from private_api_guard.core import StackIndex, dependencies, stack_policy, violation

NAME = "aws-apigateway-restapipolicy-disallow-body-overwrite"


def _replaces_policy(api: PolicyResource) -> bool:
    found = openapi.read(api.props.get("body"))
    if found is None:
        return False
    mode = api.props.get("putRestApiMode")
    return not (isinstance(mode, str) and mode.lower() == "merge") or found.policy is not None


def validate(args: StackValidationArgs, report: ReportViolation) -> None:
    index = StackIndex(args.resources)

    def check(policy: PolicyResource) -> None:
        for api in dependencies(policy, "restApiId"):
            if api.resource_type == types.REST_API and _replaces_policy(api):
                report(violation("restApiId", api.name, "the API is defined by an OpenAPI body whose import (in "
                                 "overwrite mode, or with its own x-amazon-apigateway-policy) replaces this separate "
                                 "policy on every change of the body (pulumi/pulumi-aws#4296)",
                                 "set the document as policy= on the RestApi itself, which the provider applies "
                                 "again after each import, and delete this RestApiPolicy"), policy.urn)

    decide_each(index.of(types.REST_API_POLICY), check)


POLICY = stack_policy(
    name=NAME,
    description="Checks that no apigateway.RestApiPolicy is attached to a RestApi whose OpenAPI body is imported in "
                "overwrite mode (the default) or carries its own x-amazon-apigateway-policy, either of which "
                "replaces that policy on every change of the body.",
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Move the policy document to the RestApi's own policy= argument (the provider re-applies it "
                      "after importing the body) and remove the RestApiPolicy; put_rest_api_mode='merge' also keeps "
                      "the policy, but then a route removed from the body stays on the API.",
)
