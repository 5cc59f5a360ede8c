"""Every PRIVATE REST API has a resource policy (policies/README.md#aws-apigateway-restapi-enable-resource-policy).

A private API without one fails at deployment with "Private REST API doesn't have a resource policy attached to it"
(aws/serverless-application-model#3764, hashicorp/terraform-provider-aws#14290); this catches it at preview. A stack
policy, because the policy may be inline (``RestApi.policy``, or the ``x-amazon-apigateway-policy`` of its OpenAPI
``body``) or a separate ``RestApiPolicy``, which is linked to its API through the property dependencies of its
``restApiId`` (known in a first preview even though the id is not). What the policy says is
``aws-apigateway-restapipolicy-configure-source-restriction``'s business."""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, PolicyResource, ReportViolation, Severity, StackValidationArgs

from private_api_guard import types
from private_api_guard.apigateway import openapi
from private_api_guard.apigateway.graph import decide_each, is_private
from private_api_guard.core import StackIndex, stack_policy, violation

NAME = "aws-apigateway-restapi-enable-resource-policy"


def validate(args: StackValidationArgs, report: ReportViolation) -> None:
    index = StackIndex(args.resources)
    attached = index.referrers((types.REST_API_POLICY,), "restApiId")

    def check(api: PolicyResource) -> None:
        if not is_private(api.props) or attached.get(api.urn):
            return
        policy = api.props.get("policy")
        if openapi.body_policy(api.props) is not None:
            return
        if policy is None or (isinstance(policy, str) and not policy.strip()):
            report(violation("policy", policy, "the API is PRIVATE and has no resource policy, inline or as a "
                             "RestApiPolicy, so its deployment fails", "set policy on the RestApi or add an "
                             "apigateway.RestApiPolicy with rest_api_id=api.id that admits only your VPC "
                             "endpoints"), api.urn)

    decide_each(index.of(types.REST_API), check)


POLICY = stack_policy(
    name=NAME,
    description="Checks that every PRIVATE REST API has a resource policy, inline or as an "
                "apigateway.RestApiPolicy linked to it.",
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Add aws.apigateway.RestApiPolicy(rest_api_id=api.id, policy=...) admitting only your "
                      "execute-api VPC endpoints (or set policy= on the RestApi), and make the Deployment "
                      "depend on it.",
)
