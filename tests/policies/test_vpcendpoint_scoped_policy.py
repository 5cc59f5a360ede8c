import json

from private_api_guard import types
from private_api_guard.ec2.vpcendpoint_scoped_policy import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

SERVICE = "com.amazonaws.eu-west-1.execute-api"
FIX = ("Fix: list the APIs the endpoint may reach (arn:aws:execute-api:<region>:<account>:<api-id>/*, or your "
       "account's :<account>:*/*), or condition the statement on aws:PrincipalOrgID.")
FULL_ACCESS = {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}


def endpoint(*statements, **props):
    policy = json.dumps({"Statement": list(statements)}) if statements else None
    base = {"serviceName": SERVICE, "vpcEndpointType": "Interface"}
    return run_resource(POLICY, types.VPC_ENDPOINT, base | ({"policy": policy} if policy else {}) | props)


def test_metadata():
    assert POLICY.name == "aws-ec2-vpcendpoint-configure-scoped-policy"
    assert POLICY.enforcement_level.value == "advisory"
    assert POLICY.description.startswith("Checks that")


def test_default_policy_fails():
    assert endpoint().violations == [
        f"policy is unset: the default endpoint policy lets anyone reach any API in any account through this endpoint. "
        f"{FIX}"]


def test_full_access_statement_fails():
    assert endpoint(FULL_ACCESS).violations == [
        'policy.Statement[0] is {"Action": "*", "Effect": "Allow", "Principal": "*", "Resource": "*"}: it lets anyone '
        f"invoke APIs of any account through this endpoint. {FIX}"]
    wildcard_account = FULL_ACCESS | {"Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:*:*:*/*"}
    assert len(endpoint(wildcard_account).violations) == 1


def test_scoped_statements_pass():
    own_account = FULL_ACCESS | {"Action": "execute-api:Invoke",
                                 "Resource": "arn:aws:execute-api:eu-west-1:123456789012:*/*"}
    one_api = own_account | {"Resource": ["arn:aws:execute-api:eu-west-1:123456789012:abc123/*"]}
    org = FULL_ACCESS | {"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}
    role = FULL_ACCESS | {"Principal": {"AWS": "arn:aws:iam::123456789012:role/caller"}}
    for statement in (own_account, one_api, org, role):
        assert endpoint(statement).violations == [], statement


def test_other_services_are_not_checked():
    assert run_resource(POLICY, types.VPC_ENDPOINT, {"serviceName": "com.amazonaws.eu-west-1.ssm"}).violations == []


def test_unknown_policy_cannot_be_decided():
    result = endpoint(policy=UNKNOWN)
    assert result.violations == []
    assert result.unknown == "string value at .policy can't be known during preview"
