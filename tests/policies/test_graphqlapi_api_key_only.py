from private_api_guard import types
from private_api_guard.appsync.graphqlapi_api_key_only import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

FIX = ("Fix: set authentication_type to AWS_IAM, AMAZON_COGNITO_USER_POOLS, OPENID_CONNECT or AWS_LAMBDA (keep "
       "API_KEY as an additional provider if clients need it), or create the API with visibility='PRIVATE'.")


def graphql(**props):
    return run_resource(POLICY, types.APPSYNC_GRAPHQL_API, {"name": "g", **props})


def test_metadata():
    assert POLICY.name == "aws-appsync-graphqlapi-disallow-api-key-only"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_api_key_only_on_a_global_api_fails():
    assert graphql(authenticationType="API_KEY").violations == [
        "authenticationType is 'API_KEY': the GraphQL API is public (visibility unset, so GLOBAL) and an API key is "
        f"its only authentication, a static secret shipped in every client that identifies no caller. {FIX}"]
    assert graphql(authenticationType="API_KEY", visibility="GLOBAL", additionalAuthenticationProviders=[
        {"authenticationType": "API_KEY"}]).violations[0].startswith(
        "authenticationType is 'API_KEY': the GraphQL API is public (visibility GLOBAL) and an API key")


def test_no_authentication_fails():
    assert graphql().violations == [
        f"authenticationType is unset: the GraphQL API is public (visibility unset, so GLOBAL) and names no "
        f"authentication type. {FIX}"]


def test_a_real_authentication_type_anywhere_passes():
    assert graphql(authenticationType="AWS_IAM").violations == []
    assert graphql(authenticationType="API_KEY", additionalAuthenticationProviders=[
        {"authenticationType": "AMAZON_COGNITO_USER_POOLS"}]).violations == []


def test_private_apis_pass():
    assert graphql(authenticationType="API_KEY", visibility="PRIVATE").violations == []


def test_unknowns_cannot_be_decided():
    result = graphql(authenticationType="API_KEY", visibility=UNKNOWN)
    assert result.violations == [] and result.unknown == "string value at .visibility can't be known during preview"
    result = graphql(authenticationType=UNKNOWN)
    assert result.unknown == "string value at .authenticationType can't be known during preview"
