import json

from private_api_guard import types
from private_api_guard.apigateway.restapipolicy_source_restriction import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

VPCE = "vpce-0123456789abcdef0"
ALLOW_ALL = {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}
DENY_OUTSIDE_VPCE = {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*",
                     "Condition": {"StringNotEquals": {"aws:SourceVpce": VPCE}}}
FIX = ("Fix: condition the Allow on aws:SourceVpce (your execute-api VPC endpoint ids) or aws:SourceVpc, or add a "
       "Deny for Principal '*' on execute-api:Invoke with StringNotEquals aws:SourceVpce.")
OPEN = ('policy.Statement[0] is {"Action": "execute-api:Invoke", "Effect": "Allow", "Principal": "*", '
        '"Resource": "execute-api:/*"}: it allows every principal without an aws:SourceVpce or aws:SourceVpc '
        f"condition, and no Deny limits the API to your endpoints. {FIX}")


def check(*statements, resource_type=types.REST_API_POLICY, config=None, as_object=False):
    document = {"Version": "2012-10-17", "Statement": list(statements)}
    return run_resource(POLICY, resource_type, {"policy": document if as_object else json.dumps(document)},
                        config=config)


def allow(condition=None, principal="*"):
    statement = dict(ALLOW_ALL, Principal=principal)
    if condition:
        statement["Condition"] = condition
    return statement


def test_metadata():
    assert POLICY.name == "aws-apigateway-restapipolicy-configure-source-restriction"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_unconditioned_public_allow_fails():
    assert check(ALLOW_ALL).violations == [OPEN]


def test_same_on_inline_restapi_policy_and_as_an_object():
    assert check(ALLOW_ALL, resource_type=types.REST_API, as_object=True).violations == [OPEN]
    assert check(ALLOW_ALL, resource_type=types.DOMAIN_NAME).violations == [OPEN]


def test_public_principal_forms_all_count():
    assert len(check(allow(principal={"AWS": "*"})).violations) == 1
    assert len(check(allow(principal={"AWS": ["*"]})).violations) == 1
    not_principal = {k: v for k, v in ALLOW_ALL.items() if k != "Principal"} | {"NotPrincipal": {"AWS": "x"}}
    assert len(check(not_principal).violations) == 1


def test_allow_conditioned_on_vpc_endpoint_or_vpc_passes():
    assert check(allow({"StringEquals": {"aws:SourceVpce": [VPCE, "vpce-11112222"]}})).violations == []
    assert check(allow({"StringEquals": {"aws:sourcevpc": "vpc-0a1b2c3d"}})).violations == []
    assert check(allow({"ForAnyValue:StringEquals": {"aws:SourceVpce": VPCE}})).violations == []


def test_weak_conditions_do_not_restrict():
    for condition in ({"StringLike": {"aws:SourceVpce": "vpce-*"}},
                      {"StringEqualsIfExists": {"aws:SourceVpce": VPCE}},
                      {"ForAllValues:StringEquals": {"aws:SourceVpce": VPCE}},
                      {"StringNotEquals": {"aws:SourceVpce": VPCE}},
                      {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}):
        assert len(check(allow(condition)).violations) == 1, condition


def test_deny_unless_from_endpoint_guards_the_whole_document():
    assert check(ALLOW_ALL, DENY_OUTSIDE_VPCE).violations == []
    assert check(ALLOW_ALL, DENY_OUTSIDE_VPCE | {"Condition": {"StringNotEqualsIfExists": {
        "aws:SourceVpce": VPCE}}}).violations == []


def test_deny_that_is_narrowed_or_partial_does_not_guard():
    narrowed = DENY_OUTSIDE_VPCE | {"Condition": {"StringNotEquals": {"aws:SourceVpce": VPCE},
                                                  "Bool": {"aws:SecureTransport": "false"}}}
    one_stage = DENY_OUTSIDE_VPCE | {"Resource": "execute-api:/prod/*"}
    other_action = DENY_OUTSIDE_VPCE | {"Action": "execute-api:ManageConnections"}
    wildcard = DENY_OUTSIDE_VPCE | {"Condition": {"StringNotLike": {"aws:SourceVpce": "vpce-*"}}}
    for deny in (narrowed, one_stage, other_action, wildcard):
        assert check(ALLOW_ALL, deny).violations == [OPEN], deny


def test_deny_with_arn_resource_over_all_stages_guards():
    deny = DENY_OUTSIDE_VPCE | {"Resource": "arn:aws:execute-api:eu-west-1:123456789012:abc123/*/*/*"}
    assert check(ALLOW_ALL, deny).violations == []


def test_iam_only_api_limited_to_organisation_or_account_passes():
    assert check(allow({"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}})).violations == []
    assert check(allow({"StringEquals": {"aws:PrincipalAccount": ["123456789012"]}})).violations == []
    deny_other_accounts = {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke",
                           "Resource": "execute-api:/*",
                           "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "123456789012"}}}
    account_root = allow(principal={"AWS": "arn:aws:iam::123456789012:root"})
    assert check(account_root, deny_other_accounts).violations == []
    assert check(account_root).violations == []


def test_principal_condition_with_wildcard_account_does_not_restrict():
    condition = {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/caller"}}
    assert len(check(allow(condition)).violations) == 1


def test_allow_list_of_endpoints_is_enforced():
    config = {"allowedVpcEndpointIds": ["vpce-11112222"]}
    result = check(allow({"StringEquals": {"aws:SourceVpce": VPCE}}), config=config)
    assert result.violations == [
        'policy.Statement[0] is {"Action": "execute-api:Invoke", "Condition": {"StringEquals": {"aws:SourceVpce": '
        '"vpce-0123456789abcdef0"}}, "Effect": "Allow", "Principal": "*", "Resource": "execute-api:/*"}: it admits '
        "vpce-0123456789abcdef0 (not in allowedVpcEndpointIds). Fix: admit only the endpoints and VPCs the pack "
        "config lists, or add this one to the list."]
    assert check(allow({"StringEquals": {"aws:SourceVpce": "vpce-11112222"}}), config=config).violations == []


def test_allow_list_also_applies_to_the_deny_guard():
    config = {"allowedVpcEndpointIds": ["vpce-11112222"]}
    result = check(ALLOW_ALL, DENY_OUTSIDE_VPCE, config=config)
    assert len(result.violations) == 1
    assert result.violations[0].startswith("policy.Statement[1] is ")
    assert "it admits vpce-0123456789abcdef0 (not in allowedVpcEndpointIds)" in result.violations[0]


def test_specific_principals_and_absent_policy_pass():
    assert check(allow(principal={"Service": "apigateway.amazonaws.com"})).violations == []
    assert run_resource(POLICY, types.REST_API, {"name": "no-policy"}).violations == []


def test_malformed_policy_is_reported():
    result = run_resource(POLICY, types.REST_API_POLICY, {"policy": "allow everyone"})
    assert result.violations == ["policy is 'allow everyone': it is not a JSON policy document, so whom it admits "
                                 "cannot be checked. Fix: pass the policy as a JSON object string with a Statement "
                                 "list."]


def test_unknown_policy_cannot_be_decided():
    result = run_resource(POLICY, types.REST_API_POLICY, {"restApiId": UNKNOWN, "policy": UNKNOWN})
    assert result.violations == []
    assert result.unknown == "string value at .policy can't be known during preview"


def test_unknown_value_inside_an_object_policy_cannot_be_decided():
    document = {"Statement": [allow({"StringEquals": {"aws:SourceVpce": UNKNOWN}})]}
    result = run_resource(POLICY, types.REST_API, {"policy": document})
    assert result.violations == []
    assert result.unknown == ("string value at .policy.Statement.0.Condition.StringEquals.aws:SourceVpce can't be "
                              "known during preview")


API_ARN = "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5"
# The forms the components write instead of the execute-api:/* shorthand, which API Gateway stores expanded to the
# first one, so a document written with the shorthand shows a diff on every update (hashicorp/terraform-provider-aws
# #5549, #15602): the API's ARN (a separate RestApiPolicy), the account-scoped ARN (a policy inline on the RestApi,
# whose id does not exist yet) and a private domain name's ARN pattern (its id is assigned on creation).
FULL_FORMS = (f"{API_ARN}/*", "arn:aws:execute-api:eu-west-1:123456789012:*/*",
              "arn:aws:execute-api:eu-west-1:123456789012:/domainnames/api.example.internal+*")


def test_a_guard_written_with_the_full_or_account_scoped_arn_covers_the_whole_api():
    for resource in FULL_FORMS:
        allow_all, deny = dict(ALLOW_ALL, Resource=resource), DENY_OUTSIDE_VPCE | {"Resource": resource}
        assert check(allow_all, deny).violations == [], resource
        # Only the guard makes the difference: without it the Allow for everyone is as open as with the shorthand.
        assert len(check(allow_all).violations) == 1, resource


def test_a_guard_over_part_of_the_api_or_another_domain_does_not_guard():
    for resource in (f"{API_ARN}/prod/*", "arn:aws:execute-api:eu-west-1:123456789012:*/prod/GET/*",
                     "arn:aws:execute-api:eu-west-1:123456789012:/domainnames/api.example.internal+abc/x"):
        assert check(ALLOW_ALL, DENY_OUTSIDE_VPCE | {"Resource": resource}).violations == [OPEN], resource


def test_the_shorthand_is_still_judged_as_before():
    assert check(ALLOW_ALL, DENY_OUTSIDE_VPCE).violations == []
    assert check(ALLOW_ALL).violations == [OPEN]


def test_the_topologies_generated_policies_pass():
    from components.iam_internal import organization_policy
    from components.resource_policy import (
        account_apis_resource,
        api_resource,
        private_api_policy_json,
        private_domain_name_resource,
    )

    resources = (api_resource(API_ARN), account_apis_resource("aws", "eu-west-1", "123456789012"),
                 private_domain_name_resource("aws", "eu-west-1", "123456789012", "api.example.internal"))
    for resource in resources:
        for sources in ({"vpc_endpoint_ids": [VPCE]}, {"source_vpc_ids": ["vpc-0123456789abcdef0"]},
                        {"account_ids": ["123456789012"]},
                        {"vpc_endpoint_ids": [VPCE], "account_ids": ["123456789012"]},
                        {"vpc_endpoint_ids": [VPCE], "principal_account_id": "123456789012"}):
            policy = private_api_policy_json(**sources, resource=resource)
            assert run_resource(POLICY, types.REST_API_POLICY, {"policy": policy}).violations == [], sources
    organization = organization_policy("o-a1b2c3d4e5", account_id="123456789012", resource=api_resource(API_ARN))
    assert run_resource(POLICY, types.REST_API_POLICY, {"policy": json.dumps(organization)}).violations == []


def _body(policy=None, paths=None):
    document = {"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": paths or {}}
    if policy is not None:
        document["x-amazon-apigateway-policy"] = policy
    return json.dumps(document)


def test_a_policy_in_the_openapi_body_is_judged_when_the_api_sets_none():
    # The import makes x-amazon-apigateway-policy the API's resource policy (API Gateway Developer Guide,
    # "x-amazon-apigateway-policy"), so it admits callers exactly like RestApi.policy.
    body = _body({"Version": "2012-10-17", "Statement": [ALLOW_ALL]})
    result = run_resource(POLICY, types.REST_API, {"body": body})
    assert result.violations == [OPEN.replace("policy.Statement[0]", "body.x-amazon-apigateway-policy.Statement[0]",
                                              1)]
    guarded = _body({"Version": "2012-10-17", "Statement": [ALLOW_ALL, DENY_OUTSIDE_VPCE]})
    assert run_resource(POLICY, types.REST_API, {"body": guarded}).violations == []


def test_the_apis_own_policy_wins_over_the_bodys():
    # The provider applies an explicit RestApi.policy again right after each import (terraform-provider-aws
    # rest_api.go, resourceRestAPIWithBodyUpdateOperations): that one is live, the body's is not.
    body = _body({"Version": "2012-10-17", "Statement": [ALLOW_ALL]})
    own = json.dumps({"Version": "2012-10-17", "Statement": [ALLOW_ALL, DENY_OUTSIDE_VPCE]})
    assert run_resource(POLICY, types.REST_API, {"body": body, "policy": own}).violations == []


def test_a_body_policy_is_judged_even_when_its_operations_cannot_be_read():
    # A $ref path item makes the operations unreadable (those rules fail closed); the import still sets the policy.
    body = _body({"Version": "2012-10-17", "Statement": [ALLOW_ALL]}, paths={"/a": {"$ref": "#/x"}})
    result = run_resource(POLICY, types.REST_API, {"body": body})
    assert result.violations == [OPEN.replace("policy.Statement[0]", "body.x-amazon-apigateway-policy.Statement[0]",
                                              1)]
