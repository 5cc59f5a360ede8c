import json

from private_api_guard import types
from private_api_guard.iam.policy_execute_api_invoke import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

ROUTE = "arn:aws:execute-api:eu-west-1:123456789012:abc123/v1/GET/user/*"
FIX = "Fix: name each route as {api.execution_arn}/{stage}/{METHOD}/{path}."


def grant(resource, action="execute-api:Invoke", **extra):
    statement = {"Effect": "Allow", "Action": action, "Resource": resource, **extra}
    return run_resource(POLICY, types.IAM_ROLE_POLICY, {"role": UNKNOWN, "policy": json.dumps({"Statement": [
        statement]})})


def test_metadata():
    assert POLICY.name == "aws-iam-policy-configure-scoped-execute-api-invoke"
    assert POLICY.enforcement_level.value == "advisory"
    assert POLICY.description.startswith("Checks that")


def test_invoke_on_everything_fails():
    assert grant("*").violations == [
        "policy.Statement[0].Resource is '*': the statement grants execute-api:Invoke and '*' matches every API in "
        f"every account, so it reaches APIs it was not meant for. {FIX}"]


def test_wildcard_api_id_and_execute_api_star_fail():
    assert grant("arn:aws:execute-api:eu-west-1:123456789012:*/v1/GET/user", action="execute-api:*").violations == [
        "policy.Statement[0].Resource is 'arn:aws:execute-api:eu-west-1:123456789012:*/v1/GET/user': the statement "
        f"grants execute-api:Invoke and its API id is a wildcard, so it reaches APIs it was not meant for. {FIX}"]
    assert len(grant("arn:aws:execute-api:*", action=["execute-api:Inv*"]).violations) == 1
    assert len(grant(["arn:aws:*:*:*:*"], action="execute-api:Invoke").violations) == 1


def test_not_resource_fails():
    assert grant(None, NotResource="arn:aws:execute-api:eu-west-1:123456789012:admin1/*").violations == [
        "policy.Statement[0].NotResource is 'arn:aws:execute-api:eu-west-1:123456789012:admin1/*': the statement "
        f"grants execute-api:Invoke on every API but the listed ones. {FIX}"]


def test_specific_routes_pass():
    assert grant([ROUTE, "arn:aws:execute-api:eu-west-1:123456789012:abc123/v1/POST/user"]).violations == []
    assert grant("*", action="s3:GetObject").violations == []


def test_admin_wildcards_are_left_to_the_admin_rule():
    assert grant("*", action="*").violations == []
    assert grant("*", action=None, NotAction="iam:*").violations == []


def test_grants_on_role_inline_policies_are_checked():
    role = {"inlinePolicies": [{"name": "invoke", "policy": json.dumps({"Statement": [
        {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}]})}]}
    result = run_resource(POLICY, types.IAM_ROLE, role)
    assert [v.split(" is ")[0] for v in result.violations] == ["inlinePolicies[0].policy.Statement[0].Resource"]


def test_unknown_document_cannot_be_decided():
    result = run_resource(POLICY, types.IAM_POLICY, {"policy": UNKNOWN})
    assert result.violations == []
    assert result.unknown == "string value at .policy can't be known during preview"
