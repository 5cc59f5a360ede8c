"""A public AppSync GraphQL API authenticates its callers with more than an API key.

``visibility`` ``GLOBAL`` (the default: "If no value is provided, the visibility will be set to GLOBAL", provider
docs of ``appsync.GraphQLApi``) serves the API on a public ``appsync-api`` endpoint. An API key identifies no
caller: it ships inside every client that uses it, so an API whose only authentication types (``authenticationType``
and each ``additionalAuthenticationProviders`` entry) are ``API_KEY``, or that names none, is open to the internet
(AWS Config ``appsync-authorization-check``, Prowler ``appsync_graphql_api_no_api_key_authentication``). A ``PRIVATE``
API is reachable only through an ``appsync-api`` interface VPC endpoint
(https://docs.aws.amazon.com/appsync/latest/devguide/using-private-apis.html) and passes.
"""

from __future__ import annotations

from collections.abc import Mapping

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import as_list, resource_policy, violation

NAME = "aws-appsync-graphqlapi-disallow-api-key-only"
API_KEY = "API_KEY"
FIX = ("set authentication_type to AWS_IAM, AMAZON_COGNITO_USER_POOLS, OPENID_CONNECT or AWS_LAMBDA (keep API_KEY "
       "as an additional provider if clients need it), or create the API with visibility='PRIVATE'")


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    props = args.props
    visibility = props.get("visibility")
    if isinstance(visibility, str) and visibility.strip().upper() == "PRIVATE":
        return
    primary = props.get("authenticationType")
    additional = [p.get("authenticationType") for p in as_list(props.get("additionalAuthenticationProviders"))
                  if isinstance(p, Mapping)]
    named = [t.strip().upper() for t in [primary, *additional] if isinstance(t, str) and t.strip()]
    if any(t != API_KEY for t in named):
        return
    shown = visibility if visibility is not None else "unset, so GLOBAL"
    if not named:
        problem = f"the GraphQL API is public (visibility {shown}) and names no authentication type"
    else:
        problem = (f"the GraphQL API is public (visibility {shown}) and an API key is its only authentication, a "
                   "static secret shipped in every client that identifies no caller")
    report(violation("authenticationType", primary, problem, FIX))


POLICY = resource_policy(
    name=NAME,
    description="Checks that no AppSync GraphQL API with GLOBAL visibility (the default) relies on API_KEY alone "
                "(authenticationType and additionalAuthenticationProviders) or names no authentication.",
    resource_types=(types.APPSYNC_GRAPHQL_API,),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Use authentication_type='AWS_IAM' (or Cognito user pools, OIDC or a Lambda authorizer) on "
                      "the appsync.GraphQLApi and keep API_KEY only as an additional provider, or create it with "
                      "visibility='PRIVATE' behind an AppSync VPC endpoint.",
)
