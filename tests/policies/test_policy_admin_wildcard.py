import json

from private_api_guard import types
from private_api_guard.iam.policy_admin_wildcard import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

ADMIN = {"Effect": "Allow", "Action": "*", "Resource": "*"}
FIX = "Fix: grant only the actions and resources the workload needs."


def document(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def test_metadata():
    assert POLICY.name == "aws-iam-policy-disallow-admin-wildcard"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_admin_statement_fails_in_every_document_type():
    expected = ('policy.Statement[0] is {"Action": "*", "Effect": "Allow", "Resource": "*"}: it allows every action '
                f"on every resource (administrator access). {FIX}")
    for resource_type in (types.IAM_POLICY, types.IAM_ROLE_POLICY, types.IAM_USER_POLICY, types.IAM_GROUP_POLICY):
        assert run_resource(POLICY, resource_type, {"policy": document(ADMIN)}).violations == [expected]


def test_role_inline_policies_and_object_form():
    role = {"assumeRolePolicy": "{}", "inlinePolicies": [
        {"name": "ok", "policy": document({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"})},
        {"name": "admin", "policy": document(ADMIN | {"Action": ["*:*"]})}]}
    assert run_resource(POLICY, types.IAM_ROLE, role).violations == [
        'inlinePolicies[1].policy.Statement[0] is {"Action": ["*:*"], "Effect": "Allow", "Resource": "*"}: it allows '
        f"every action on every resource (administrator access). {FIX}"]
    assert len(run_resource(POLICY, types.IAM_POLICY, {"policy": {"Statement": ADMIN}}).violations) == 1


def test_not_action_and_not_resource_are_read_for_what_they_grant():
    not_action = {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}
    assert run_resource(POLICY, types.IAM_POLICY, {"policy": document(not_action)}).violations == [
        'policy.Statement[0] is {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}: it allows every action '
        f"except those NotAction lists on every resource. {FIX}"]
    not_resource = {"Effect": "Allow", "Action": "*", "NotResource": "arn:aws:s3:::audit/*"}
    assert len(run_resource(POLICY, types.IAM_POLICY, {"policy": document(not_resource)}).violations) == 1
    deny = {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}
    assert run_resource(POLICY, types.IAM_POLICY, {"policy": document(deny)}).violations == []


def test_scoped_statements_pass():
    scoped = {"Effect": "Allow", "Action": ["logs:PutLogEvents"], "Resource": "arn:aws:logs:*:123456789012:*"}
    every_s3 = {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}
    assert run_resource(POLICY, types.IAM_POLICY, {"policy": document(scoped, every_s3)}).violations == []


def test_administrator_and_invoke_full_access_attachments_fail():
    admin = "arn:aws:iam::aws:policy/AdministratorAccess"
    assert run_resource(POLICY, types.IAM_ROLE_POLICY_ATTACHMENT, {"role": UNKNOWN, "policyArn": admin}).violations \
        == [f"policyArn is '{admin}': it attaches full administrator access. Fix: attach a customer-managed policy "
            "with only the actions and resources needed."]
    invoke = "arn:aws:iam::aws:policy/AmazonAPIGatewayInvokeFullAccess"
    assert run_resource(POLICY, types.IAM_USER_POLICY_ATTACHMENT, {"policyArn": invoke}).violations == [
        f"policyArn is '{invoke}': it grants execute-api:* on every API in every account. Fix: attach a "
        "customer-managed policy with only the actions and resources needed."]
    for resource_type in (types.IAM_GROUP_POLICY_ATTACHMENT, types.IAM_POLICY_ATTACHMENT):
        assert len(run_resource(POLICY, resource_type, {"policyArn": admin}).violations) == 1
    role = {"managedPolicyArns": ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", admin]}
    assert run_resource(POLICY, types.IAM_ROLE, role).violations == [
        f"managedPolicyArns[1] is '{admin}': it attaches full administrator access. Fix: attach a customer-managed "
        "policy with only the actions and resources needed."]


def test_configured_disallowed_list():
    config = {"disallowedManagedPolicies": ["PowerUserAccess"]}
    power = "arn:aws:iam::aws:policy/PowerUserAccess"
    assert run_resource(POLICY, types.IAM_ROLE_POLICY_ATTACHMENT, {"policyArn": power}, config=config).violations == [
        f"policyArn is '{power}': the policy is on the disallowedManagedPolicies list. Fix: attach a customer-managed "
        "policy with only the actions and resources needed."]


def test_ssm_core_attachment_passes():
    ssm = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
    assert run_resource(POLICY, types.IAM_ROLE_POLICY_ATTACHMENT, {"policyArn": ssm}).violations == []


def test_malformed_document_is_reported():
    assert run_resource(POLICY, types.IAM_POLICY, {"policy": "{not json"}).violations == [
        "policy is '{not json': it is not a JSON policy document, so what it grants cannot be checked. Fix: pass the "
        "policy as a JSON object string (json.dumps or get_policy_document)."]


def test_unknown_document_or_arn_cannot_be_decided():
    result = run_resource(POLICY, types.IAM_ROLE_POLICY, {"role": UNKNOWN, "policy": UNKNOWN})
    assert result.violations == []
    assert result.unknown == "string value at .policy can't be known during preview"
    result = run_resource(POLICY, types.IAM_ROLE_POLICY_ATTACHMENT, {"role": UNKNOWN, "policyArn": UNKNOWN})
    assert result.unknown == "string value at .policyArn can't be known during preview"
