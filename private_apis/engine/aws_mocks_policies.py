"""Realistic outputs for the resources that carry resource-based policies (registered on import).

ECR repositories and registry policies, SNS topics, SQS queues, Secrets Manager secrets, KMS key policies, EFS
file systems, Glacier and Backup vaults, CloudWatch Logs resource policies, EventBridge buses and permissions, and
Lambda layers. ARNs, ids and URLs follow the formats the services return (each service's API reference); the
policy resources take the ids terraform-provider-aws gives them (the repository name, the queue URL, the topic or
secret ARN, the key id, the file system id, the vault name).

An SNS topic created without a policy gets the default topic policy, as SNS writes it (``__default_policy_ID``:
``{"AWS": "*"}`` limited by ``AWS:SourceOwner`` to the owner account), and the provider reads it back into
``policy``; a value the program gives is never replaced, since computed outputs win over inputs in the engine.
"""

from __future__ import annotations

import json
import string
from typing import Any

from private_apis.engine.aws_mocks import AwsMocks, _alnum, _builder, _hex, _uuid

_DEFAULT_TOPIC_ACTIONS = ["SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission",
                          "SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic",
                          "SNS:Publish"]


def _region(m: AwsMocks, inputs: dict) -> str:
    # pulumi-aws 7 resources take a per-resource ``region`` that overrides the provider's.
    region = inputs.get("region")
    return region if isinstance(region, str) and region else m.region


def _text(inputs: dict, key: str) -> str:
    value = inputs.get(key)
    return value if isinstance(value, str) else ""


def _fifo_name(m: AwsMocks, seed: str, name: str, inputs: dict, limit: int) -> str:
    """An auto-name, with the ``.fifo`` suffix SNS and SQS require of FIFO topics and queues."""
    fifo = inputs.get("fifoTopic") is True or inputs.get("fifoQueue") is True
    explicit = _text(inputs, "name")
    if explicit:
        return explicit
    base = m.autoname(seed, name, inputs, limit=limit - (5 if fifo else 0))
    return f"{base}.fifo" if fifo else base


def default_topic_policy(arn: str, account: str) -> str:
    """The policy SNS gives a topic created without one."""
    return json.dumps({
        "Version": "2008-10-17", "Id": "__default_policy_ID",
        "Statement": [{"Sid": "__default_statement_ID", "Effect": "Allow", "Principal": {"AWS": "*"},
                       "Action": _DEFAULT_TOPIC_ACTIONS, "Resource": arn,
                       "Condition": {"StringEquals": {"AWS:SourceOwner": account}}}],
    }, separators=(",", ":"))


@_builder("aws:ecr/repository:Repository")
def _ecr_repository(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    # Repository names are lower case (the ECR API rejects capitals).
    repository = m.autoname(seed, name, inputs, limit=256).lower()
    region = _region(m, inputs)
    return {"id": repository, "name": repository, "registryId": m.account,
            "arn": f"arn:aws:ecr:{region}:{m.account}:repository/{repository}",
            "repositoryUrl": f"{m.account}.dkr.ecr.{region}.amazonaws.com/{repository}",
            "imageTagMutability": inputs.get("imageTagMutability") or "MUTABLE", "region": region}


@_builder("aws:ecr/repositoryPolicy:RepositoryPolicy")
def _ecr_repository_policy(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return {"id": _text(inputs, "repository"), "registryId": m.account, "region": _region(m, inputs)}


@_builder("aws:ecr/registryPolicy:RegistryPolicy")
def _ecr_registry_policy(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return {"id": m.account, "registryId": m.account, "region": _region(m, inputs)}


@_builder("aws:sns/topic:Topic")
def _sns_topic(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    topic = _fifo_name(m, seed, name, inputs, 256)
    region = _region(m, inputs)
    arn = f"arn:aws:sns:{region}:{m.account}:{topic}"
    computed: dict[str, Any] = {"id": arn, "arn": arn, "name": topic, "owner": m.account, "region": region,
                                "tagsAll": dict(inputs.get("tags") or {})}
    if "policy" not in inputs:
        computed["policy"] = default_topic_policy(arn, m.account)
    return computed


@_builder("aws:sns/topicPolicy:TopicPolicy")
def _sns_topic_policy(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return {"id": _text(inputs, "arn"), "owner": m.account, "region": _region(m, inputs)}


@_builder("aws:sqs/queue:Queue")
def _sqs_queue(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    queue = _fifo_name(m, seed, name, inputs, 80)
    region = _region(m, inputs)
    url = f"https://sqs.{region}.amazonaws.com/{m.account}/{queue}"
    return {"id": url, "url": url, "name": queue, "arn": f"arn:aws:sqs:{region}:{m.account}:{queue}",
            "region": region, "tagsAll": dict(inputs.get("tags") or {})}


@_builder("aws:sqs/queuePolicy:QueuePolicy")
def _sqs_queue_policy(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return {"id": _text(inputs, "queueUrl"), "region": _region(m, inputs)}


@_builder("aws:secretsmanager/secret:Secret")
def _secret(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    secret = m.autoname(seed, name, inputs, limit=512)
    # Secrets Manager appends a dash and six random characters to the name in the ARN.
    arn = (f"arn:aws:secretsmanager:{_region(m, inputs)}:{m.account}:secret:{secret}-"
           f"{_alnum(seed, 6, string.ascii_letters)}")
    return {"id": arn, "arn": arn, "name": secret, "region": _region(m, inputs),
            "tagsAll": dict(inputs.get("tags") or {})}


@_builder("aws:secretsmanager/secretPolicy:SecretPolicy")
def _secret_policy(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return {"id": _text(inputs, "secretArn"), "region": _region(m, inputs)}


@_builder("aws:kms/keyPolicy:KeyPolicy")
def _key_policy(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return {"id": _text(inputs, "keyId"), "region": _region(m, inputs)}


@_builder("aws:efs/fileSystem:FileSystem")
def _efs_file_system(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    fs_id = f"fs-{_hex(seed, 17)}"
    region = _region(m, inputs)
    return {"id": fs_id, "arn": f"arn:aws:elasticfilesystem:{region}:{m.account}:file-system/{fs_id}",
            "dnsName": f"{fs_id}.efs.{region}.amazonaws.com", "ownerId": m.account,
            "creationToken": _text(inputs, "creationToken") or f"terraform-{_hex(seed + 'token', 26)}",
            "performanceMode": inputs.get("performanceMode") or "generalPurpose",
            "throughputMode": inputs.get("throughputMode") or "bursting", "numberOfMountTargets": 0,
            "sizeInBytes": [{"value": 6144, "valueInIa": 0, "valueInStandard": 6144, "valueInArchive": 0}],
            "region": region, "tagsAll": dict(inputs.get("tags") or {})}


@_builder("aws:efs/fileSystemPolicy:FileSystemPolicy")
def _efs_file_system_policy(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return {"id": _text(inputs, "fileSystemId"), "region": _region(m, inputs)}


@_builder("aws:glacier/vault:Vault")
def _glacier_vault(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    vault = m.autoname(seed, name, inputs)
    return {"id": vault, "name": vault, "arn": f"arn:aws:glacier:{_region(m, inputs)}:{m.account}:vaults/{vault}",
            "location": f"/{m.account}/vaults/{vault}", "region": _region(m, inputs),
            "tagsAll": dict(inputs.get("tags") or {})}


@_builder("aws:backup/vault:Vault")
def _backup_vault(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    vault = m.autoname(seed, name, inputs, limit=50)
    region = _region(m, inputs)
    # Without kms_key_arn, AWS Backup encrypts with the account's aws/backup managed key.
    key = _text(inputs, "kmsKeyArn") or f"arn:aws:kms:{region}:{m.account}:key/{_uuid(f'{m.account}/aws/backup')}"
    return {"id": vault, "name": vault, "arn": f"arn:aws:backup:{region}:{m.account}:backup-vault:{vault}",
            "kmsKeyArn": key, "recoveryPoints": 0, "region": region, "tagsAll": dict(inputs.get("tags") or {})}


@_builder("aws:backup/vaultPolicy:VaultPolicy")
def _backup_vault_policy(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    vault = _text(inputs, "backupVaultName")
    region = _region(m, inputs)
    return {"id": vault, "backupVaultArn": f"arn:aws:backup:{region}:{m.account}:backup-vault:{vault}",
            "region": region}


@_builder("aws:cloudwatch/logResourcePolicy:LogResourcePolicy")
def _log_resource_policy(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    policy_name = _text(inputs, "policyName") or name
    return {"id": policy_name, "policyName": policy_name,
            "policyScope": "RESOURCE" if inputs.get("resourceArn") else "ACCOUNT",
            "revisionId": _uuid(seed + "revision"), "region": _region(m, inputs)}


@_builder("aws:cloudwatch/eventBus:EventBus")
def _event_bus(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    bus = m.autoname(seed, name, inputs, limit=256)
    return {"id": bus, "name": bus, "arn": f"arn:aws:events:{_region(m, inputs)}:{m.account}:event-bus/{bus}",
            "region": _region(m, inputs), "tagsAll": dict(inputs.get("tags") or {})}


@_builder("aws:cloudwatch/eventBusPolicy:EventBusPolicy")
def _event_bus_policy(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return {"id": _text(inputs, "eventBusName") or "default", "region": _region(m, inputs)}


@_builder("aws:cloudwatch/eventPermission:EventPermission")
def _event_permission(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    bus = _text(inputs, "eventBusName") or "default"
    return {"id": f"{bus}/{_text(inputs, 'statementId')}", "eventBusName": bus, "region": _region(m, inputs)}


@_builder("aws:lambda/layerVersion:LayerVersion")
def _layer_version(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    layer = _text(inputs, "layerName") or name
    layer_arn = f"arn:aws:lambda:{_region(m, inputs)}:{m.account}:layer:{layer}"
    return {"id": f"{layer_arn}:1", "arn": f"{layer_arn}:1", "layerArn": layer_arn, "version": "1",
            "createdDate": "2026-01-01T00:00:00.000+0000", "codeSize": 4096,
            "sourceCodeHash": _alnum(seed, 43, string.ascii_letters + string.digits) + "=",
            "region": _region(m, inputs)}


@_builder("aws:lambda/layerVersionPermission:LayerVersionPermission")
def _layer_version_permission(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    layer, version = _text(inputs, "layerName"), inputs.get("versionNumber")
    # Numbers cross the wire as doubles; the layer version is an integer.
    version = int(version) if isinstance(version, float) and version.is_integer() else version
    layer_arn = layer if layer.startswith("arn:") else f"arn:aws:lambda:{_region(m, inputs)}:{m.account}:layer:{layer}"
    statement: dict[str, Any] = {"Sid": _text(inputs, "statementId"), "Effect": "Allow",
                                 "Principal": inputs.get("principal"), "Action": inputs.get("action"),
                                 "Resource": f"{layer_arn}:{version}"}
    if inputs.get("organizationId"):
        statement["Condition"] = {"StringEquals": {"aws:PrincipalOrgID": inputs["organizationId"]}}
    # GetLayerVersionPolicy returns the layer version's whole policy, of which this grant is one statement.
    policy = json.dumps({"Version": "2012-10-17", "Id": "default", "Statement": [statement]}, separators=(",", ":"))
    return {"id": f"{layer},{version}", "policy": policy, "revisionId": _uuid(seed + "revision"),
            "region": _region(m, inputs)}
