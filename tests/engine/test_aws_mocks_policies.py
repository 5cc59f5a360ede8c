"""The resource-policy mocks answer in the formats ECR, SNS, SQS, Secrets Manager, KMS, EFS, Glacier, Backup,
CloudWatch Logs, EventBridge and Lambda use, deterministically."""

import json
import re

import pulumi
import pulumi_aws as aws

from private_apis.testing import UNKNOWN, run_program

ACCOUNT = "123456789012"
CONFIG = {"aws:region": "eu-west-1"}
GIVEN_POLICY = json.dumps({"Version": "2012-10-17", "Statement": []})


def program():
    repo = aws.ecr.Repository("Images")
    repo_policy = aws.ecr.RepositoryPolicy("images-policy", repository=repo.name, policy=GIVEN_POLICY)
    registry = aws.ecr.RegistryPolicy("registry", policy=GIVEN_POLICY)
    topic = aws.sns.Topic("events")
    fifo_topic = aws.sns.Topic("orders", fifo_topic=True)
    given_topic = aws.sns.Topic("given", policy=GIVEN_POLICY)
    topic_policy = aws.sns.TopicPolicy("events-policy", arn=topic.arn, policy=GIVEN_POLICY)
    queue = aws.sqs.Queue("jobs")
    fifo_queue = aws.sqs.Queue("ledger", fifo_queue=True)
    queue_policy = aws.sqs.QueuePolicy("jobs-policy", queue_url=queue.id, policy=GIVEN_POLICY)
    secret = aws.secretsmanager.Secret("db-password")
    secret_policy = aws.secretsmanager.SecretPolicy("db-password-policy", secret_arn=secret.arn, policy=GIVEN_POLICY)
    key = aws.kms.Key("data")
    key_policy = aws.kms.KeyPolicy("data-policy", key_id=key.id, policy=GIVEN_POLICY)
    fs = aws.efs.FileSystem("shared")
    fs_policy = aws.efs.FileSystemPolicy("shared-policy", file_system_id=fs.id, policy=GIVEN_POLICY)
    glacier = aws.glacier.Vault("archive")
    vault = aws.backup.Vault("backups")
    vault_policy = aws.backup.VaultPolicy("backups-policy", backup_vault_name=vault.name, policy=GIVEN_POLICY)
    logs = aws.cloudwatch.LogResourcePolicy("route53-logs", policy_name="route53-query-logging",
                                            policy_document=GIVEN_POLICY)
    bus = aws.cloudwatch.EventBus("orders-bus", name="orders")
    bus_policy = aws.cloudwatch.EventBusPolicy("orders-bus-policy", event_bus_name=bus.name, policy=GIVEN_POLICY)
    permission = aws.cloudwatch.EventPermission("partner", principal="111122223333", statement_id="Partner",
                                                event_bus_name=bus.name)
    layer = aws.lambda_.LayerVersion("deps", layer_name="python-deps", code=pulumi.AssetArchive({}))
    layer_permission = aws.lambda_.LayerVersionPermission(
        "deps-share", layer_name=layer.layer_arn, version_number=1, principal="111122223333",
        action="lambda:GetLayerVersion", statement_id="share")
    for key_name, value in {
        "repo_name": repo.name, "repo_arn": repo.arn, "repo_url": repo.repository_url,
        "repo_registry": repo.registry_id,
        "repo_policy_id": repo_policy.id, "registry_id": registry.registry_id, "topic_arn": topic.arn,
        "topic_id": topic.id, "topic_policy": topic.policy, "fifo_topic": fifo_topic.name,
        "given_topic_policy": given_topic.policy, "topic_policy_id": topic_policy.id, "queue_url": queue.url,
        "queue_id": queue.id, "queue_arn": queue.arn, "fifo_queue": fifo_queue.name, "queue_policy_id": queue_policy.id,
        "secret_arn": secret.arn, "secret_policy_id": secret_policy.id, "key_id": key.id,
        "key_policy_id": key_policy.id, "fs_id": fs.id, "fs_arn": fs.arn, "fs_dns": fs.dns_name,
        "fs_policy_id": fs_policy.id, "glacier_arn": glacier.arn, "glacier_location": glacier.location,
        "vault_arn": vault.arn, "vault_key": vault.kms_key_arn, "vault_policy_arn": vault_policy.backup_vault_arn,
        "logs_id": logs.id, "logs_scope": logs.policy_scope, "bus_arn": bus.arn, "bus_policy_id": bus_policy.id,
        "permission_id": permission.id, "layer_arn": layer.layer_arn, "layer_version_arn": layer.arn,
        "layer_permission_id": layer_permission.id, "layer_permission_policy": layer_permission.policy,
    }.items():
        pulumi.export(key_name, value)


def outputs(first_preview=False):
    return run_program(program, config=CONFIG, first_preview=first_preview).outputs


def test_ecr_repositories_are_lower_case_with_their_urls():
    out = outputs()
    assert re.fullmatch(r"images-[0-9a-f]{7}", out["repo_name"])
    repo = out["repo_name"]
    assert out["repo_arn"] == f"arn:aws:ecr:eu-west-1:{ACCOUNT}:repository/{repo}"
    assert out["repo_url"] == f"{ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/{repo}"
    assert out["repo_registry"] == ACCOUNT and out["registry_id"] == ACCOUNT
    assert out["repo_policy_id"] == repo


def test_topics_get_the_default_policy_unless_the_program_gives_one():
    out = outputs()
    assert re.fullmatch(rf"arn:aws:sns:eu-west-1:{ACCOUNT}:events-[0-9a-f]{{7}}", out["topic_arn"])
    assert out["topic_id"] == out["topic_arn"] == out["topic_policy_id"]
    assert out["fifo_topic"].endswith(".fifo")
    default = json.loads(out["topic_policy"])
    assert default["Id"] == "__default_policy_ID"
    assert default["Statement"][0]["Principal"] == {"AWS": "*"}
    assert default["Statement"][0]["Resource"] == out["topic_arn"]
    assert default["Statement"][0]["Condition"] == {"StringEquals": {"AWS:SourceOwner": ACCOUNT}}
    assert out["given_topic_policy"] == GIVEN_POLICY


def test_queues_are_identified_by_their_url():
    out = outputs()
    assert re.fullmatch(rf"https://sqs\.eu-west-1\.amazonaws\.com/{ACCOUNT}/jobs-[0-9a-f]{{7}}", out["queue_url"])
    assert out["queue_id"] == out["queue_url"] == out["queue_policy_id"]
    assert out["queue_arn"] == f"arn:aws:sqs:eu-west-1:{ACCOUNT}:{out['queue_url'].rsplit('/', 1)[1]}"
    assert out["fifo_queue"].endswith(".fifo")


def test_secrets_keys_and_file_systems():
    out = outputs()
    assert re.fullmatch(rf"arn:aws:secretsmanager:eu-west-1:{ACCOUNT}:secret:db-password-[0-9a-f]{{7}}-[A-Za-z]{{6}}",
                        out["secret_arn"])
    assert out["secret_policy_id"] == out["secret_arn"]
    assert out["key_policy_id"] == out["key_id"]
    assert re.fullmatch(r"fs-[0-9a-f]{17}", out["fs_id"])
    assert out["fs_arn"] == f"arn:aws:elasticfilesystem:eu-west-1:{ACCOUNT}:file-system/{out['fs_id']}"
    assert out["fs_dns"] == f"{out['fs_id']}.efs.eu-west-1.amazonaws.com"
    assert out["fs_policy_id"] == out["fs_id"]


def test_vaults_logs_buses_and_layers():
    out = outputs()
    assert re.fullmatch(rf"arn:aws:glacier:eu-west-1:{ACCOUNT}:vaults/archive-[0-9a-f]{{7}}", out["glacier_arn"])
    assert out["glacier_location"] == f"/{ACCOUNT}/vaults/{out['glacier_arn'].rsplit('/', 1)[1]}"
    assert re.fullmatch(rf"arn:aws:backup:eu-west-1:{ACCOUNT}:backup-vault:backups-[0-9a-f]{{7}}", out["vault_arn"])
    assert out["vault_policy_arn"] == out["vault_arn"]
    assert out["vault_key"].startswith(f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/")
    assert out["logs_id"] == "route53-query-logging" and out["logs_scope"] == "ACCOUNT"
    assert out["bus_arn"] == f"arn:aws:events:eu-west-1:{ACCOUNT}:event-bus/orders"
    assert out["bus_policy_id"] == "orders" and out["permission_id"] == "orders/Partner"
    assert out["layer_arn"] == f"arn:aws:lambda:eu-west-1:{ACCOUNT}:layer:python-deps"
    assert out["layer_version_arn"] == f"{out['layer_arn']}:1"
    assert out["layer_permission_id"] == f"{out['layer_arn']},1"
    statement = json.loads(out["layer_permission_policy"])["Statement"][0]
    assert statement["Principal"] == "111122223333" and statement["Resource"] == f"{out['layer_arn']}:1"


def test_outputs_are_stable_and_unknown_in_a_first_preview():
    assert outputs() == outputs()
    first = outputs(first_preview=True)
    assert first["repo_arn"] == UNKNOWN and first["topic_arn"] == UNKNOWN and first["queue_url"] == UNKNOWN
    # A computed default stays unknown in a first preview; what the program gives is known.
    assert first["topic_policy"] == UNKNOWN
    assert first["given_topic_policy"] == GIVEN_POLICY
    assert first["bus_arn"] == UNKNOWN and first["logs_id"] == UNKNOWN
