import json

import pytest
from private_api_guard import types
from private_api_guard.iam.resourcepolicy_public_principal import KINDS, POLICY
from pulumi_policy import StackValidationPolicy

from tests.policies.policy_harness import UNKNOWN, Res, run_stack, urn

ACCOUNT = "123456789012"
TOPIC_ARN = f"arn:aws:sns:eu-west-1:{ACCOUNT}:orders"
QUEUE_ARN = f"arn:aws:sqs:eu-west-1:{ACCOUNT}:jobs"
NO_CONDITION = "and no condition limits the caller to your network or organisation"
ORG_FIX = "condition the statement on aws:PrincipalOrgID (your organisation)"
ECR_FIX = ("name the accounts that pull (arn:aws:iam::<account>:root) as principals and grant push and delete actions "
           f"only to your CI role, or {ORG_FIX}")
SNS_FIX = ("name the publishing accounts or roles as principals, or condition the statement on aws:SourceArn (the "
           "resource that publishes) or aws:SourceOwner (your account)")
SQS_FIX = ("name the sending accounts or roles as principals, or condition the statement on aws:SourceArn (the "
           "topic, bucket or rule that sends to the queue)")
KMS_FIX = ("name the account (arn:aws:iam::<account>:root) or the roles that use the key as principals, or "
           f"condition the statement on kms:CallerAccount, or {ORG_FIX}")
ECR_ACTIONS = ["ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage", "ecr:PutImage", "ecr:BatchDeleteImage",
               "ecr:DeleteRepository", "ecr:SetRepositoryPolicy"]
ECR_PUBLIC = (f"policy.Statement[0].Principal is '*': it allows {', '.join(ECR_ACTIONS)} on ECR repository "
              f"'repository' to anyone, {NO_CONDITION}. Fix: {ECR_FIX}.")


def doc(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(principal="*", action="sns:Publish", **extra):
    return {"Effect": "Allow", "Principal": principal, "Action": action, **extra}


def ecr_stack(document):
    return [Res(types.ECR_REPOSITORY, "repository", {"name": "app"}),
            Res(types.ECR_REPOSITORY_POLICY, "repository-policy", {"repository": UNKNOWN, "policy": document},
                deps={"repository": ["repository"]})]


def topic_stack(document, *extra):
    return [Res(types.SNS_TOPIC, "orders", {"name": "orders"}),
            Res(types.SNS_TOPIC_POLICY, "orders-policy", {"arn": UNKNOWN, "policy": document},
                deps={"arn": ["orders"]}),
            *extra]


def queue_stack(document, queue_props=None):
    return [Res(types.SQS_QUEUE, "jobs", {"name": "jobs", **(queue_props or {})}),
            Res(types.SQS_QUEUE_POLICY, "jobs-policy", {"queueUrl": UNKNOWN, "policy": document},
                deps={"queueUrl": ["jobs"]})]


def one(resource_type, props, name="subject", deps=None):
    return run_stack(POLICY, [Res(resource_type, name, props, deps=deps or {})])


def test_metadata():
    assert isinstance(POLICY, StackValidationPolicy)
    assert POLICY.name == "aws-iam-resourcepolicy-disallow-public-principal"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


# -- ECR


def test_the_pulumi_example_repository_policy_fails_on_the_policy_resource():
    result = run_stack(POLICY, ecr_stack(doc({"Sid": "new policy", **allow(action=ECR_ACTIONS)})))
    assert result.violations == [ECR_PUBLIC]
    assert result.urns == [urn(types.ECR_REPOSITORY_POLICY, "repository-policy")]


def test_a_repository_policy_for_named_accounts_passes():
    pull = allow({"AWS": [f"arn:aws:iam::{ACCOUNT}:root", "arn:aws:iam::111122223333:root"]},
                 ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"])
    assert run_stack(POLICY, ecr_stack(doc(pull))).violations == []


def test_a_deny_unless_guard_without_resources_covers_the_repository():
    guard = {"Effect": "Deny", "Principal": "*", "Action": "ecr:*",
             "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}
    assert run_stack(POLICY, ecr_stack(doc(allow(action=ECR_ACTIONS), guard))).violations == []
    weak = {**guard, "Action": "ecr:PutImage"}
    assert run_stack(POLICY, ecr_stack(doc(allow(action=ECR_ACTIONS), weak))).violations == [ECR_PUBLIC]


def test_a_registry_policy_for_any_account_fails():
    result = one(types.ECR_REGISTRY_POLICY, {"policy": doc(allow({"AWS": "arn:aws:iam::*:root"},
                                                                  ["ecr:ReplicateImage", "ecr:CreateRepository"]))})
    assert result.violations == [
        'policy.Statement[0].Principal is {"AWS": "arn:aws:iam::*:root"}: it allows ecr:ReplicateImage, '
        f"ecr:CreateRepository on the account's ECR registry to any AWS account, {NO_CONDITION}. Fix: name the "
        f"accounts that replicate into the registry, or {ORG_FIX}."]


# -- SNS and SQS


def test_a_topic_policy_for_anyone_fails():
    result = run_stack(POLICY, topic_stack(doc(allow(Resource=TOPIC_ARN))))
    assert result.violations == [f"policy.Statement[0].Principal is '*': it allows sns:Publish on SNS topic 'orders' "
                                 f"to anyone, {NO_CONDITION}. Fix: {SNS_FIX}."]
    assert result.urns == [urn(types.SNS_TOPIC_POLICY, "orders-policy")]


def test_the_default_topic_policy_and_source_scoped_statements_pass():
    default = {"Sid": "__default_statement_ID", **allow({"AWS": "*"}, ["SNS:Publish", "SNS:Subscribe"]),
               "Resource": TOPIC_ARN, "Condition": {"StringEquals": {"AWS:SourceOwner": ACCOUNT}}}
    from_bucket = allow({"Service": "s3.amazonaws.com"}, Resource=TOPIC_ARN,
                        Condition={"ArnLike": {"aws:SourceArn": "arn:aws:s3:::acme-uploads"}})
    assert run_stack(POLICY, topic_stack(doc(default, from_bucket))).violations == []
    assert one(types.SNS_TOPIC, {"policy": doc(default)}).violations == []


def test_an_inline_topic_policy_fails_on_the_topic():
    result = one(types.SNS_TOPIC, {"policy": doc(allow({"AWS": ["*"]}, "sns:Subscribe"))}, name="alerts")
    assert result.violations == ['policy.Statement[0].Principal is {"AWS": ["*"]}: it allows sns:Subscribe on SNS '
                                 f"topic 'alerts' to anyone, {NO_CONDITION}. Fix: {SNS_FIX}."]
    assert result.urns == [urn(types.SNS_TOPIC, "alerts")]


def test_a_queue_policy_scoped_to_a_topic_passes_and_a_not_principal_fails():
    scoped = allow(action="sqs:SendMessage", Resource=QUEUE_ARN,
                   Condition={"ArnEquals": {"aws:SourceArn": TOPIC_ARN}})
    assert run_stack(POLICY, queue_stack(doc(scoped))).violations == []
    not_principal = {"Effect": "Allow", "NotPrincipal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                     "Action": "sqs:*", "Resource": QUEUE_ARN}
    assert run_stack(POLICY, queue_stack(doc(not_principal))).violations == [
        f'policy.Statement[0].NotPrincipal is {{"AWS": "arn:aws:iam::{ACCOUNT}:root"}}: an Allow with NotPrincipal '
        f"admits everyone but the principals listed to sqs:* on SQS queue 'jobs'. Fix: {SQS_FIX}."]


def test_conditions_that_restrict_nobody_fail():
    for condition in ({"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:*:*"}},
                      {"StringEqualsIfExists": {"aws:SourceAccount": ACCOUNT}},
                      {"Bool": {"aws:SecureTransport": "true"}},
                      {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}):
        statement = allow(action="sqs:SendMessage", Resource=QUEUE_ARN, Condition=condition)
        assert len(run_stack(POLICY, queue_stack(doc(statement))).violations) == 1, condition


def test_an_inline_policy_a_policy_resource_replaces_is_not_judged():
    # The queue's state echoes the old public policy; the QueuePolicy of the program is what AWS will hold.
    stale = doc(allow(action="sqs:*"))
    scoped = doc(allow(action="sqs:SendMessage", Condition={"ArnEquals": {"aws:SourceArn": TOPIC_ARN}}))
    assert run_stack(POLICY, queue_stack(scoped, {"policy": stale})).violations == []
    assert len(one(types.SQS_QUEUE, {"policy": stale}).violations) == 1


# -- Secrets Manager, KMS, EFS


def test_a_public_secret_policy_fails_unless_block_public_policy_refuses_it():
    props = {"secretArn": f"arn:aws:secretsmanager:eu-west-1:{ACCOUNT}:secret:db-AbCdEf",
             "policy": doc(allow(action="secretsmanager:GetSecretValue", Resource="*"))}
    result = one(types.SECRETSMANAGER_SECRET_POLICY, props)
    assert result.violations == [
        "policy.Statement[0].Principal is '*': it allows secretsmanager:GetSecretValue on secret "
        f"'arn:aws:secretsmanager:eu-west-1:{ACCOUNT}:secret:db-AbCdEf' to anyone, {NO_CONDITION}. Fix: name the "
        f"roles that read the secret as principals, or {ORG_FIX}; set block_public_policy=True on the SecretPolicy "
        "so Secrets Manager refuses a public policy."]
    assert one(types.SECRETSMANAGER_SECRET_POLICY, {**props, "blockPublicPolicy": True}).violations == []
    assert len(one(types.SECRETSMANAGER_SECRET, {"policy": props["policy"]}).violations) == 1


def test_key_policies_for_everyone_fail_unless_scoped_to_the_calling_account():
    public = allow({"AWS": "*"}, ["kms:Decrypt", "kms:CreateGrant"], Resource="*")
    result = one(types.KMS_KEY, {"policy": doc(public)}, name="data")
    assert result.violations == ['policy.Statement[0].Principal is {"AWS": "*"}: it allows kms:Decrypt, '
                                 f"kms:CreateGrant on KMS key 'data' to anyone, {NO_CONDITION}. Fix: {KMS_FIX}."]
    via_service = {**public, "Condition": {"StringEquals": {"kms:CallerAccount": ACCOUNT,
                                                            "kms:ViaService": "ec2.eu-west-1.amazonaws.com"}}}
    assert one(types.KMS_KEY, {"policy": doc(via_service)}).violations == []
    only_service = {**public, "Condition": {"StringEquals": {"kms:ViaService": "ec2.eu-west-1.amazonaws.com"}}}
    assert len(one(types.KMS_KEY, {"policy": doc(only_service)}).violations) == 1
    root = allow({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "kms:*", Resource="*")
    assert one(types.KMS_KEY_POLICY, {"keyId": "k", "policy": doc(root)}).violations == []


def test_a_key_without_a_policy_gets_the_default_and_passes():
    assert one(types.KMS_KEY, {"description": "data"}).violations == []


def test_an_efs_policy_passes_only_through_mount_targets():
    statement = allow({"AWS": "*"}, ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"])
    stack = [Res(types.EFS_FILE_SYSTEM, "shared", {}),
             Res(types.EFS_FILE_SYSTEM_POLICY, "shared-policy", {"fileSystemId": UNKNOWN, "policy": doc(
                 {**statement, "Condition": {"Bool": {"aws:SecureTransport": "true"}}})},
                 deps={"fileSystemId": ["shared"]})]
    assert run_stack(POLICY, stack).violations == [
        'policy.Statement[0].Principal is {"AWS": "*"}: it allows elasticfilesystem:ClientMount, '
        f"elasticfilesystem:ClientWrite on EFS file system 'shared' to anyone, {NO_CONDITION}. Fix: name the roles "
        "that mount the file system as principals, or condition the statement on Bool "
        "elasticfilesystem:AccessedViaMountTarget true."]
    mounted = {**statement, "Condition": {"Bool": {"elasticfilesystem:AccessedViaMountTarget": "true"}}}
    assert one(types.EFS_FILE_SYSTEM_POLICY, {"fileSystemId": "fs-1", "policy": doc(mounted)}).violations == []
    for weak in ({"Bool": {"elasticfilesystem:AccessedViaMountTarget": "false"}},
                 {"BoolIfExists": {"elasticfilesystem:AccessedViaMountTarget": "true"}}):
        assert len(one(types.EFS_FILE_SYSTEM_POLICY, {"fileSystemId": "fs-1", "policy": doc(
            {**statement, "Condition": weak})}).violations) == 1, weak


# -- Glacier, Backup, CloudWatch Logs, EventBridge


def test_vault_logs_and_bus_policies_for_everyone_fail():
    cases = [
        (types.GLACIER_VAULT, {"name": "archive", "accessPolicy": doc(allow(action="glacier:InitiateJob"))},
         "accessPolicy.Statement[0].Principal", "on Glacier vault 'subject'"),
        (types.BACKUP_VAULT_POLICY, {"backupVaultName": "backups",
                                     "policy": doc(allow(action="backup:CopyIntoBackupVault"))},
         "policy.Statement[0].Principal", "on backup vault 'backups'"),
        (types.CLOUDWATCH_LOG_RESOURCE_POLICY, {"policyName": "p", "policyDocument": doc(allow(
            action=["logs:CreateLogStream", "logs:PutLogEvents"]))},
         "policyDocument.Statement[0].Principal", "on the account's CloudWatch Logs"),
        (types.CLOUDWATCH_EVENT_BUS_POLICY, {"policy": doc(allow(action="events:PutEvents"))},
         "policy.Statement[0].Principal", "on the default event bus"),
    ]
    for resource_type, props, field, label in cases:
        [message] = one(resource_type, props).violations
        assert message.startswith(f"{field} is '*': it allows "), message
        assert f"{label} to anyone, {NO_CONDITION}. Fix: " in message, message


def test_service_principals_and_organisation_scoped_grants_pass():
    route53 = allow({"Service": "route53.amazonaws.com"}, ["logs:CreateLogStream", "logs:PutLogEvents"])
    assert one(types.CLOUDWATCH_LOG_RESOURCE_POLICY, {"policyDocument": doc(route53)}).violations == []
    org = allow(action="events:PutEvents", Condition={"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}})
    assert one(types.CLOUDWATCH_EVENT_BUS_POLICY, {"eventBusName": "orders", "policy": doc(org)}).violations == []


def test_a_layer_shared_with_every_account_fails():
    props = {"layerName": "python-deps", "versionNumber": 3.0, "principal": "*", "action": "lambda:GetLayerVersion",
             "statementId": "public"}
    result = one(types.LAMBDA_LAYER_VERSION_PERMISSION, props)
    assert result.violations == [
        "principal is '*': any AWS account may lambda:GetLayerVersion layer 'python-deps' version 3, which downloads "
        "its code. Fix: set principal to the account id that uses the layer, or set organization_id to your "
        "organisation."]
    assert one(types.LAMBDA_LAYER_VERSION_PERMISSION, {**props, "organizationId": "o-a1b2c3d4e5"}).violations == []
    assert one(types.LAMBDA_LAYER_VERSION_PERMISSION, {**props, "principal": "111122223333"}).violations == []


def test_an_event_permission_for_every_account_fails_unless_scoped_to_the_organisation():
    stack = [Res(types.CLOUDWATCH_EVENT_BUS, "orders", {"name": "orders"}),
             Res(types.CLOUDWATCH_EVENT_PERMISSION, "anyone", {"principal": "*", "statementId": "Anyone",
                                                               "eventBusName": UNKNOWN},
                 deps={"eventBusName": ["orders"]})]
    assert run_stack(POLICY, stack).violations == [
        "principal is '*': any AWS account may put events on event bus 'orders'. Fix: set principal to the sending "
        "account id, or add condition={'key': 'aws:PrincipalOrgID', 'type': 'StringEquals', 'value': <your "
        "organisation id>}."]
    org = {"key": "aws:PrincipalOrgID", "type": "StringEquals", "value": "o-a1b2c3d4e5"}
    assert one(types.CLOUDWATCH_EVENT_PERMISSION, {"principal": "*", "condition": org}).violations == []
    assert len(one(types.CLOUDWATCH_EVENT_PERMISSION, {"principal": "*", "condition": {**org, "value": "*"}}
                   ).violations) == 1


# -- unknowns and the first preview


@pytest.mark.parametrize("resource_type", sorted(KINDS))
def test_an_unknown_document_cannot_be_decided(resource_type):
    field = KINDS[resource_type].field
    result = one(resource_type, {field: UNKNOWN}, deps={field: ["subject"]})
    assert result.violations == [] and "can't be known during preview" in (result.unknown or "")


@pytest.mark.parametrize("resource_type", [t for t, kind in KINDS.items() if kind.inline])
def test_an_unknown_inline_policy_without_dependencies_is_the_unset_computed_default(resource_type):
    result = one(resource_type, {"policy": UNKNOWN})
    assert result.violations == [] and result.unknown is None


@pytest.mark.parametrize("resource_type", PERMISSION_TYPES := (types.LAMBDA_LAYER_VERSION_PERMISSION,
                                                               types.CLOUDWATCH_EVENT_PERMISSION))
def test_an_unknown_principal_cannot_be_decided(resource_type):
    result = one(resource_type, {"principal": UNKNOWN})
    assert result.violations == [] and result.unknown is not None


def test_first_preview_reports_the_literal_policy_and_cannot_decide_the_unknown_one():
    stack = [*ecr_stack(doc(allow(action=ECR_ACTIONS))),
             *topic_stack(UNKNOWN)]
    stack[-1].deps["policy"] = ["orders"]
    result = run_stack(POLICY, stack)
    assert result.violations == [ECR_PUBLIC]
    assert "can't be known during preview" in (result.unknown or "")


def test_a_document_too_deep_is_reported_on_its_resource_and_the_others_still_judged():
    deep = '{"Statement": ' * 100 + "[]" + "}" * 100
    stack = [Res(types.SNS_TOPIC_POLICY, "deep", {"arn": TOPIC_ARN, "policy": deep}), *ecr_stack(doc(allow(
        action=ECR_ACTIONS)))]
    result = run_stack(POLICY, stack)
    assert len(result.violations) == 2 and "too deep to evaluate" in result.violations[0]
    assert result.urns == [urn(types.SNS_TOPIC_POLICY, "deep"), urn(types.ECR_REPOSITORY_POLICY, "repository-policy")]


def test_malformed_documents_and_principals_do_not_crash():
    for value in ("not json", "[]", '{"Statement": "x"}', '{"Statement": [1, {"Effect": 3}]}', 7, [], {}):
        assert one(types.SQS_QUEUE_POLICY, {"policy": value}).violations == []


def test_an_exemption_applies_by_name():
    config = {"exemptions": [{"namePattern": "repository-policy", "reason": "public base images, SEC-42"}]}
    result = run_stack(POLICY, ecr_stack(doc(allow(action=["ecr:BatchGetImage"]))), config=config)
    assert result.violations == []
    assert result.not_applicable == "repository-policy: exempted by name pattern 'repository-policy': public base " \
                                    "images, SEC-42"
