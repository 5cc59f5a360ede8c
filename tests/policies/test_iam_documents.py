from private_api_guard import types
from private_api_guard.iam_documents import (
    SOURCE_KEYS,
    api_resource_problem,
    covers_whole_api,
    documents_of,
    grants_action,
    only_restrictions,
    restrictions,
    strings,
)

VPCE = "vpce-0123456789abcdef0"


def test_strings_accepts_a_string_or_a_list_and_drops_the_rest():
    assert strings("a") == ["a"]
    assert strings(["a", 1, None, "b"]) == ["a", "b"]
    assert strings({"a": 1}) == []


def test_action_patterns_and_not_action():
    assert grants_action({"Action": "execute-api:*"}, "execute-api:Invoke")
    assert grants_action({"Action": ["EXECUTE-API:invoke"]}, "execute-api:Invoke")
    assert grants_action({"NotAction": "iam:*"}, "execute-api:Invoke")
    assert not grants_action({"NotAction": "execute-api:*"}, "execute-api:Invoke")
    assert not grants_action({"Action": "s3:*"}, "execute-api:Invoke")


def test_operators_restrict_only_when_a_missing_key_fails_them():
    allow = {"Effect": "Allow"}
    assert restrictions(allow | {"Condition": {"StringEquals": {"aws:SourceVpce": VPCE}}}, SOURCE_KEYS) == {
        "aws:sourcevpce": [VPCE]}
    assert restrictions(allow | {"Condition": {"StringEqualsIfExists": {"aws:SourceVpce": VPCE}}}, SOURCE_KEYS) == {}
    deny = {"Effect": "Deny"}
    assert restrictions(deny | {"Condition": {"StringNotEqualsIfExists": {"aws:SourceVpc": "vpc-1"}}}, SOURCE_KEYS)
    assert not restrictions(deny | {"Condition": {"ForAnyValue:StringNotEquals": {"aws:SourceVpc": "vpc-1"}}},
                            SOURCE_KEYS)
    mixed = deny | {"Condition": {"StringNotEquals": {"aws:SourceVpce": VPCE},
                                  "Bool": {"aws:SecureTransport": "false"}}}
    assert restrictions(mixed, SOURCE_KEYS) and not only_restrictions(mixed, SOURCE_KEYS)


def test_whole_api_coverage():
    assert covers_whole_api({"Resource": "execute-api:/*"})
    assert covers_whole_api({"Resource": ["execute-api:/*/*/*"]})
    assert covers_whole_api({"Resource": "arn:aws:execute-api:eu-west-1:123456789012:abc123/*"})
    assert covers_whole_api({"Resource": "arn:aws:execute-api:*"})
    assert not covers_whole_api({"Resource": "execute-api:/prod/GET/*"})
    assert not covers_whole_api({"NotResource": "execute-api:/*"})


def test_whole_api_coverage_of_the_forms_api_gateway_stores():
    # API Gateway stores execute-api:/* expanded to the API's ARN (hashicorp/terraform-provider-aws#5549), so the
    # components write that form, the account-scoped one where the API id does not exist yet, and a private domain
    # name's ARN (/domainnames/{name}+{id}, API Gateway Developer Guide, "API provider: Share your private custom
    # domain name using the API Gateway AWS CLI") with the id not yet known.
    assert covers_whole_api({"Resource": "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/*"})
    assert covers_whole_api({"Resource": "arn:aws-cn:execute-api:cn-north-1:123456789012:*/*"})
    domain_names = "arn:aws:execute-api:eu-west-1:123456789012:/domainnames"
    assert covers_whole_api({"Resource": f"{domain_names}/api.example.com+*"})
    assert covers_whole_api({"Resource": f"{domain_names}/api.example.com+ab12"})
    assert covers_whole_api({"Resource": f"{domain_names}/*"})
    assert not covers_whole_api({"Resource": "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/v1/*"})
    assert not covers_whole_api({"Resource": "arn:aws:execute-api:eu-west-1:123456789012:*/v1/GET/*"})
    assert not covers_whole_api({"Resource": "arn:aws:execute-api:eu-west-1:123456789012:/domainnames/a.com+x/y"})


def test_api_resource_problems():
    assert api_resource_problem("arn:aws:execute-api:eu-west-1:123456789012:abc123/v1/GET/x") is None
    assert api_resource_problem("arn:aws:execute-api:*:*:abc123/*") is None
    assert api_resource_problem("arn:aws:s3:::bucket/*") is None
    assert api_resource_problem("*") == "'*' matches every API in every account"
    assert api_resource_problem("arn:aws:execute-api:eu-west-1:123456789012:*") == "its API id is a wildcard"
    assert api_resource_problem("arn:aws:*:*:*:*") == "its service is a wildcard"
    assert api_resource_problem("arn:aws:execute-api:*") == "the truncated ARN pattern can match any API"
    # execution_arn + "*/*" (pulumi/examples aws-py-apigateway-lambda-serverless): ids are exactly 10 characters,
    # so a wildcard right after a whole id reaches only that API.
    assert api_resource_problem("arn:aws:execute-api:us-west-2:123456789012:ijc0x2gr4l*/*") is None
    assert api_resource_problem("arn:aws:execute-api:us-west-2:123456789012:ijc0x2gr4*/*") == "its API id is a wildcard"
    assert api_resource_problem("arn:aws:execute-api:us-west-2:123456789012:ijc0x*gr4l/*") == "its API id is a wildcard"


def test_documents_of_each_resource_type():
    assert documents_of(types.IAM_USER_POLICY, {"policy": "{}"}) == [("policy", "{}")]
    assert documents_of(types.IAM_ROLE, {"inlinePolicies": [{"name": "a", "policy": "{}"}, "junk"]}) == [
        ("inlinePolicies[0].policy", "{}")]
    assert documents_of(types.IAM_ROLE_POLICY_ATTACHMENT, {"policyArn": "x"}) == []
