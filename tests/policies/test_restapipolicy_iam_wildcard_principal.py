"""aws-apigateway-restapipolicy-disallow-iam-wildcard-principal.

The AWS rule it encodes: for a caller in the API's own account, API Gateway allows a request when either the resource
policy or the caller's IAM policy allows it (API Gateway Developer Guide, "How API Gateway resource policies affect
authorization workflow", table A), so on an AWS_IAM API an Allow to "*" conditioned only on the network admits every
signed principal of the account whatever its grants; the account's root as principal delegates to its IAM policies
instead (IAM User Guide, "AWS JSON policy elements: Principal", AWS account principals).
"""

import json

from private_api_guard import types
from private_api_guard.apigateway.restapipolicy_iam_wildcard_principal import POLICY

from tests.policies.policy_harness import UNKNOWN, Res, run_stack

ACCOUNT = "111122223333"
OTHER = "444455556666"
API_ARN = f"arn:aws:execute-api:eu-west-1:{ACCOUNT}:a1b2c3d4e5"
RESOURCE = f"{API_ARN}/*"
VPCE = "vpce-0123456789abcdef0"
ROOT = {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}
DENY_OUTSIDE_VPCE = {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": RESOURCE,
                     "Condition": {"StringNotEquals": {"aws:SourceVpce": VPCE}}}
FIX = ("Fix: name the account by its root as Principal, {'AWS': 'arn:aws:iam::<account>:root'}, keeping the network "
       "condition, so each caller also needs an execute-api:Invoke identity grant; for an organisation, add "
       "StringNotEquals {'aws:PrincipalAccount': '<this account>'} to the Allow for '*'.")


def allow(principal="*", condition=None, resource=RESOURCE):
    statement = {"Effect": "Allow", "Principal": principal, "Action": "execute-api:Invoke", "Resource": resource}
    if condition is not None:
        statement["Condition"] = condition
    return statement


def from_endpoint(principal="*", resource=RESOURCE):
    return allow(principal, {"StringEquals": {"aws:SourceVpce": VPCE}}, resource)


def stack(*statements, authorizations=("AWS_IAM",), inline=False, api_props=None):
    """A PRIVATE API with one method per authorization and the statements as its policy."""
    document = json.dumps({"Version": "2012-10-17", "Statement": list(statements)})
    api = {"endpointConfiguration": {"types": "PRIVATE"}, "executionArn": API_ARN, **(api_props or {})}
    resources = [Res(types.REST_API, "api", {**api, **({"policy": document} if inline else {})})]
    if not inline:
        resources.append(Res(types.REST_API_POLICY, "api-policy", {"restApiId": "a1b2c3d4e5", "policy": document},
                             deps={"restApiId": ["api"]}))
    for index, authorization in enumerate(authorizations):
        resources.append(Res(types.METHOD, f"m{index}", {"httpMethod": "GET", "authorization": authorization},
                             deps={"restApi": ["api"]}))
    return resources


def violations(*statements, **kwargs):
    return run_stack(POLICY, stack(*statements, **kwargs)).violations


def test_metadata():
    assert POLICY.name == "aws-apigateway-restapipolicy-disallow-iam-wildcard-principal"
    assert POLICY.enforcement_level.value == "advisory"
    assert POLICY.description.startswith("Checks that")


def test_everyone_from_the_endpoint_on_an_aws_iam_api_is_flagged():
    statement = from_endpoint()
    result = run_stack(POLICY, stack(statement, DENY_OUTSIDE_VPCE))
    assert result.violations == [
        f"policy.Statement[0] is {json.dumps(statement, sort_keys=True)}: it allows execute-api:Invoke to every "
        "principal on api, whose methods are all AWS_IAM, so every signed principal of the API's account is admitted "
        "whatever its IAM policies grant (for a same-account caller, the resource policy or the caller's IAM policy "
        f"suffices). {FIX}"]
    assert result.urns == ["urn:pulumi:test::private-apis::aws:apigateway/restApiPolicy:RestApiPolicy::api-policy"]


def test_other_everyone_forms_are_flagged_too():
    not_principal = {k: v for k, v in from_endpoint().items() if k != "Principal"} | {"NotPrincipal": ROOT}
    for statement in (from_endpoint({"AWS": "*"}), from_endpoint({"AWS": "arn:aws:iam::*:root"}), not_principal,
                      allow("*", {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}),
                      allow("*", {"StringEquals": {"aws:PrincipalAccount": ACCOUNT}}),
                      allow("*", {"StringNotEqualsIfExists": {"aws:PrincipalAccount": ACCOUNT}}),
                      allow("*", {"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT}:role/*"}})):
        assert len(violations(statement)) == 1, statement


def test_the_shorthand_resource_is_judged_with_the_api_account():
    shorthand = "execute-api:/*"
    assert len(violations(from_endpoint(resource=shorthand))) == 1
    # The account comes from the API's executionArn: excluding it passes, excluding another account does not.
    excluding = {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}
    assert violations(allow("*", excluding | {"StringNotEquals": {"aws:PrincipalAccount": ACCOUNT}},
                            shorthand)) == []
    assert len(violations(allow("*", excluding | {"StringNotEquals": {"aws:PrincipalAccount": OTHER}},
                                shorthand))) == 1


def test_the_account_root_with_the_network_condition_passes():
    assert violations(from_endpoint(ROOT), DENY_OUTSIDE_VPCE) == []
    assert violations(from_endpoint(ROOT, f"arn:aws:execute-api:eu-west-1:{ACCOUNT}:*/*"), inline=True) == []
    assert violations(allow({"AWS": [f"arn:aws:iam::{ACCOUNT}:root", f"arn:aws:iam::{OTHER}:root"]})) == []


def test_everyone_of_the_organisation_but_this_account_passes():
    organisation = allow("*", {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"},
                               "StringNotEquals": {"aws:PrincipalAccount": ACCOUNT}})
    assert violations(allow(ROOT), organisation) == []
    only_other_accounts = allow("*", {"StringEquals": {"aws:PrincipalAccount": [OTHER]}})
    assert violations(only_other_accounts) == []
    named = allow("*", {"ArnEquals": {"aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT}:role/orders-service"}})
    assert violations(named) == []


def test_excluding_another_account_does_not_spare_this_one():
    statement = allow("*", {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"},
                            "StringNotEquals": {"aws:PrincipalAccount": OTHER}})
    assert len(violations(statement)) == 1


def test_inline_policy_on_the_rest_api_is_judged():
    result = run_stack(POLICY, stack(from_endpoint(resource=f"arn:aws:execute-api:eu-west-1:{ACCOUNT}:*/*"),
                                     inline=True))
    assert len(result.violations) == 1
    assert result.urns == ["urn:pulumi:test::private-apis::aws:apigateway/restApi:RestApi::api"]


def test_apis_with_a_method_that_is_not_aws_iam_are_not_judged():
    # Unsigned or token callers carry no IAM principal: "*" with the network condition is what admits them.
    for authorizations in (("NONE",), ("COGNITO_USER_POOLS",), ("AWS_IAM", "NONE"), ()):
        assert violations(from_endpoint(), DENY_OUTSIDE_VPCE, authorizations=authorizations) == [], authorizations


def test_an_openapi_body_counts_as_methods():
    sigv4 = {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"}
    body = json.dumps({"openapi": "3.0.1", "paths": {"/x": {"get": {"security": [{"sigv4": []}]}}},
                       "components": {"securitySchemes": {"sigv4": sigv4}}})
    assert len(violations(from_endpoint(), authorizations=(), api_props={"body": body})) == 1


def test_statements_for_other_actions_and_denies_are_not_judged():
    assert violations(allow("*") | {"Action": "execute-api:ManageConnections"}, DENY_OUTSIDE_VPCE) == []


def test_unknown_policy_or_authorization_cannot_be_decided():
    resources = stack(from_endpoint())
    resources[1].props["policy"] = UNKNOWN
    result = run_stack(POLICY, resources)
    assert (result.violations, result.unknown) == ([], "string value at .policy can't be known during preview")
    result = run_stack(POLICY, stack(from_endpoint(), authorizations=(UNKNOWN,)))
    assert (result.violations, result.unknown) == ([], "string value at .authorization can't be known during preview")


def test_the_topologies_generated_policies_pass():
    from components.iam_internal import caller_restriction_policy
    from components.resource_policy import (
        account_apis_resource,
        api_resource,
        network_principal_account,
        private_api_policy_json,
    )

    principal = network_principal_account("AWS_IAM", ACCOUNT)
    separate = private_api_policy_json(vpc_endpoint_ids=[VPCE], principal_account_id=principal,
                                       resource=api_resource(API_ARN))
    inline = private_api_policy_json(vpc_endpoint_ids=[VPCE], principal_account_id=principal,
                                     resource=account_apis_resource("aws", "eu-west-1", ACCOUNT))
    for restriction, organization in (("account", None), ("organization", "o-a1b2c3d4e5")):
        iam = caller_restriction_policy(restriction, account_ids=[ACCOUNT], organization_id=organization,
                                        account_id=ACCOUNT, region="eu-west-1")
        assert violations(*json.loads(iam)["Statement"], inline=True) == [], restriction
    assert violations(*json.loads(separate)["Statement"]) == []
    assert violations(*json.loads(inline)["Statement"], inline=True) == []
    # The NONE form (principal "*") is what the rule flags, were it attached to an AWS_IAM API.
    none = private_api_policy_json(vpc_endpoint_ids=[VPCE], principal_account_id=network_principal_account(
        "NONE", ACCOUNT), resource=api_resource(API_ARN))
    assert violations(*json.loads(none)["Statement"], authorizations=("NONE",)) == []
    assert len(violations(*json.loads(none)["Statement"])) == 1


def test_a_body_policy_of_an_iam_api_is_judged_like_an_inline_one():
    document = {"Version": "2012-10-17", "Statement": [from_endpoint()]}
    body = json.dumps({"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {},
                       "x-amazon-apigateway-policy": document})
    api = Res(types.REST_API, "api", {"endpointConfiguration": {"types": "PRIVATE"}, "executionArn": API_ARN,
                                      "body": body})
    method = Res(types.METHOD, "m0", {"httpMethod": "GET", "authorization": "AWS_IAM"}, deps={"restApi": ["api"]})
    result = run_stack(POLICY, [api, method])
    assert len(result.violations) == 1
    assert result.violations[0].startswith("body.x-amazon-apigateway-policy.Statement[0] is ")
    assert result.urns == ["urn:pulumi:test::private-apis::aws:apigateway/restApi:RestApi::api"]
