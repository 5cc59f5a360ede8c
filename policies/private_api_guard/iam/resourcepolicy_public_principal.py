"""No resource-based policy lets everyone use a non-network resource: repositories, topics, queues, keys, secrets.

A stack policy over every resource policy the pack knows beyond S3 and API Gateway: ``ecr.RepositoryPolicy`` and
``ecr.RegistryPolicy``, ``sns.TopicPolicy`` and the inline ``policy`` of ``sns.Topic``, ``sqs.QueuePolicy`` and
``sqs.Queue``, ``secretsmanager.SecretPolicy`` and ``Secret``, ``kms.KeyPolicy`` and ``kms.Key``,
``efs.FileSystemPolicy``, ``glacier.Vault`` (``accessPolicy``), ``backup.VaultPolicy``,
``cloudwatch.LogResourcePolicy`` (``policyDocument``), ``cloudwatch.EventBusPolicy``, and the two permission
resources that take a bare principal: ``lambda.LayerVersionPermission`` and ``cloudwatch.EventPermission``.

A statement is public as :mod:`private_api_guard.resource_policies` defines it (S3's "meaning of public", which
IAM Access Analyzer applies to these resources too), with each service's own restricting keys: ``kms:CallerAccount``
(the condition AWS managed key policies use with ``{"AWS": "*"}``) and ``elasticfilesystem:AccessedViaMountTarget``
``true`` (only clients that reach a mount target in the VPC; Prowler's ``efs_not_publicly_accessible`` takes it
too). Such a grant is reachable by any principal of any AWS account as configured, whatever the network: these
APIs are public AWS endpoints, so the rule is mandatory. The one control that stops it is a
``SecretPolicy`` with ``blockPublicPolicy`` true: Secrets Manager then validates the policy and rejects a public
one (``PutResourcePolicy`` ``BlockPublicPolicy``), so the deployment fails instead and nothing is reported.

Why a stack policy: the inline ``policy`` of a topic, queue, key or secret is also computed by the provider (AWS
writes a default topic or key policy, or the one a policy resource attached). In a real preview it is unknown when
the program leaves it unset, and in an update it holds the state, so it is read as declared
(:func:`~private_api_guard.resource_policies.declared`, which needs the property dependencies a resource policy
does not see), and skipped when a policy resource of the stack targets the same resource (its ``arn``,
``queueUrl``, ``secretArn`` or ``keyId`` comes from it): AWS keeps one policy per resource, pulumi-aws prefers the
policy resource ("It is preferred to use the sqs.QueuePolicy resource instead"), and the state would echo it.

Service principals (``{"Service": "sns.amazonaws.com"}``) are not public and are not reported here, though without
``aws:SourceArn``/``aws:SourceAccount`` any resource of that service in any account may use the grant (the
confused deputy); which keys scope each service (``kms:EncryptionContext:*``, ``aws:SourceArn``) varies too much
for a mandatory rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from pulumi_policy import EnforcementLevel, PolicyResource, ReportViolation, Severity, StackValidationArgs
from pulumi_policy.proxy import UnknownValueError

from private_api_guard import types
from private_api_guard.apigateway.graph import decide_each
from private_api_guard.core import EvaluationLimitError, parse_json_document, stack_policy, statements, violation
from private_api_guard.resource_policies import (
    RESTRICTING_KEYS,
    Vocabulary,
    declared,
    first_dependency,
    known_string,
    public_statement,
    unguarded_allows,
)

NAME = "aws-iam-resourcepolicy-disallow-public-principal"
ORG_FIX = "condition the statement on aws:PrincipalOrgID (your organisation)"
LAYER_FIX = "set principal to the account id that uses the layer, or set organization_id to your organisation"
EVENT_PERMISSION_FIX = ("set principal to the sending account id, or add condition={'key': 'aws:PrincipalOrgID', "
                        "'type': 'StringEquals', 'value': <your organisation id>}")


def _vocabulary(service: str, *, keys: Iterable[str] = (), true_keys: Iterable[str] = (),
                implicit_resource: bool = False) -> Vocabulary:
    return Vocabulary(keys=RESTRICTING_KEYS | frozenset(keys), true_keys=frozenset(true_keys),
                      every_action=("*", f"{service}:*"), implicit_resource=implicit_resource)


@dataclass(frozen=True)
class Kind:
    """One resource type that carries a policy document: where it is, what it is about, and how to fix it."""

    noun: str
    field: str
    vocabulary: Vocabulary
    fix: str
    target: str | None = None
    """The input naming the resource the policy attaches to (``queueUrl``), if any."""
    inline: bool = False
    """The resource's own policy, which the provider also computes (read as declared)."""
    whole: str | None = None
    """The label of an account-wide policy, or when the target is not named."""


_ECR = _vocabulary("ecr", implicit_resource=True)
_SNS = _vocabulary("sns")
_SQS = _vocabulary("sqs")
_SECRETS = _vocabulary("secretsmanager")
_KMS = _vocabulary("kms", keys=("kms:calleraccount",))
_SNS_FIX = ("name the publishing accounts or roles as principals, or condition the statement on aws:SourceArn (the "
            "resource that publishes) or aws:SourceOwner (your account)")
_SQS_FIX = ("name the sending accounts or roles as principals, or condition the statement on aws:SourceArn (the "
            "topic, bucket or rule that sends to the queue)")
_SECRET_FIX = (f"name the roles that read the secret as principals, or {ORG_FIX}; set block_public_policy=True on "
               "the SecretPolicy so Secrets Manager refuses a public policy")
_KMS_FIX = ("name the account (arn:aws:iam::<account>:root) or the roles that use the key as principals, or "
            f"condition the statement on kms:CallerAccount, or {ORG_FIX}")

KINDS: dict[str, Kind] = {
    types.ECR_REPOSITORY_POLICY: Kind(
        "ECR repository", "policy", _ECR, "name the accounts that pull (arn:aws:iam::<account>:root) as principals "
        f"and grant push and delete actions only to your CI role, or {ORG_FIX}", target="repository"),
    types.ECR_REGISTRY_POLICY: Kind(
        "ECR registry", "policy", _vocabulary("ecr"), f"name the accounts that replicate into the registry, or "
        f"{ORG_FIX}", whole="the account's ECR registry"),
    types.SNS_TOPIC_POLICY: Kind("SNS topic", "policy", _SNS, _SNS_FIX, target="arn"),
    types.SNS_TOPIC: Kind("SNS topic", "policy", _SNS, _SNS_FIX, inline=True),
    types.SQS_QUEUE_POLICY: Kind("SQS queue", "policy", _SQS, _SQS_FIX, target="queueUrl"),
    types.SQS_QUEUE: Kind("SQS queue", "policy", _SQS, _SQS_FIX, inline=True),
    types.SECRETSMANAGER_SECRET_POLICY: Kind("secret", "policy", _SECRETS, _SECRET_FIX, target="secretArn"),
    types.SECRETSMANAGER_SECRET: Kind("secret", "policy", _SECRETS, _SECRET_FIX, inline=True),
    types.KMS_KEY_POLICY: Kind("KMS key", "policy", _KMS, _KMS_FIX, target="keyId"),
    types.KMS_KEY: Kind("KMS key", "policy", _KMS, _KMS_FIX, inline=True),
    types.EFS_FILE_SYSTEM_POLICY: Kind(
        "EFS file system", "policy",
        _vocabulary("elasticfilesystem", true_keys=("elasticfilesystem:accessedviamounttarget",)),
        "name the roles that mount the file system as principals, or condition the statement on Bool "
        "elasticfilesystem:AccessedViaMountTarget true", target="fileSystemId"),
    types.GLACIER_VAULT: Kind("Glacier vault", "accessPolicy", _vocabulary("glacier"),
                              f"name the accounts or roles that use the vault as principals, or {ORG_FIX}"),
    types.BACKUP_VAULT_POLICY: Kind("backup vault", "policy", _vocabulary("backup"),
                                    f"name the accounts that copy into the vault as principals, or {ORG_FIX}",
                                    target="backupVaultName"),
    types.CLOUDWATCH_LOG_RESOURCE_POLICY: Kind(
        "CloudWatch Logs resource", "policyDocument", _vocabulary("logs"),
        "name the delivering service (delivery.logs.amazonaws.com, route53.amazonaws.com...) as the principal, with "
        "aws:SourceAccount or aws:SourceArn conditions", target="resourceArn", whole="the account's CloudWatch Logs"),
    types.CLOUDWATCH_EVENT_BUS_POLICY: Kind("event bus", "policy", _vocabulary("events"),
                                            f"name the sending accounts as principals, or {ORG_FIX}",
                                            target="eventBusName", whole="the default event bus"),
}
PERMISSION_TYPES = (types.LAMBDA_LAYER_VERSION_PERMISSION, types.CLOUDWATCH_EVENT_PERMISSION)


def _label(resource: PolicyResource, kind: Kind) -> str:
    """What the policy is about, for messages: the targeted resource's logical name, else the name it gives."""
    if kind.target is None:
        # The resource's own policy (a topic, queue, key, secret or vault), or an account-wide one.
        return kind.whole or f"{kind.noun} '{resource.name}'"
    dependency = first_dependency(resource, (kind.target,))
    if dependency is not None:
        return f"{kind.noun} '{dependency.name}'"
    named = known_string(resource.props, kind.target)
    if named is not None:
        return f"{kind.noun} '{named}'"
    return kind.whole or f"the {kind.noun} of '{resource.name}'"


def _replaced(resources: list[PolicyResource]) -> set[str]:
    """URNs of the resources a policy resource of the stack attaches a policy to (through its target input)."""
    found: set[str] = set()
    for resource in resources:
        kind = KINDS.get(resource.resource_type)
        if kind is not None and kind.target is not None:
            found.update(d.urn for d in resource.property_dependencies.get(kind.target) or [])
    return found


def _check_document(resource: PolicyResource, kind: Kind, report: ReportViolation) -> None:
    raw = declared(resource, kind.field) if kind.inline else resource.props.get(kind.field)
    if raw is None or raw == "":
        return
    listed = statements(parse_json_document(raw, kind.field))
    found = [(index, statement, public) for index, statement in unguarded_allows(listed, kind.vocabulary)
             if (public := public_statement(statement, kind.vocabulary)) is not None]
    if not found or (resource.resource_type == types.SECRETSMANAGER_SECRET_POLICY
                     and resource.props.get("blockPublicPolicy") is True):
        return
    label = _label(resource, kind)
    for index, statement, public in found:
        report(violation(f"{kind.field}.Statement[{index}].{public.element}", public.value,
                         public.problem(statement, label), kind.fix), resource.urn)


def _layer_label(props: Mapping[str, Any]) -> str:
    layer = known_string(props, "layerName")
    shown = f"layer '{layer}'" if layer else "the layer"
    try:
        version = props.get("versionNumber")
    except UnknownValueError:
        # An unknown version only blurs the label; the grant is decided by the principal.
        return shown
    # Numbers reach the pack as doubles (protobuf Struct); a layer version is an integer.
    if isinstance(version, float) and version.is_integer() and version >= 1:
        return f"{shown} version {int(version)}"
    return f"{shown} version {version}" if isinstance(version, int) and not isinstance(version, bool) else shown


def _check_layer_permission(resource: PolicyResource, report: ReportViolation) -> None:
    props = resource.props
    if props.get("principal") != "*" or props.get("organizationId"):
        return
    action = props.get("action")
    shown = action if isinstance(action, str) and action else "use"
    report(violation("principal", "*", f"any AWS account may {shown} {_layer_label(props)}, which downloads its "
                     "code", LAYER_FIX), resource.urn)


def _org_condition(condition: Any) -> bool:
    """An EventPermission condition that limits the grant to one organisation."""
    if not isinstance(condition, Mapping):
        return False
    key, test, value = condition.get("key"), condition.get("type"), condition.get("value")
    return (isinstance(key, str) and key.lower() == "aws:principalorgid" and test == "StringEquals"
            and isinstance(value, str) and value.strip() != "" and "*" not in value and "?" not in value)


def _check_event_permission(resource: PolicyResource, report: ReportViolation) -> None:
    props = resource.props
    if props.get("principal") != "*" or _org_condition(props.get("condition")):
        return
    dependency = first_dependency(resource, ("eventBusName",))
    bus = dependency.name if dependency is not None else known_string(props, "eventBusName")
    label = f"event bus '{bus}'" if bus else "the default event bus"
    report(violation("principal", "*", f"any AWS account may put events on {label}", EVENT_PERMISSION_FIX),
           resource.urn)


def _checker(resource: PolicyResource, replaced: set[str]) -> Callable[[ReportViolation], None] | None:
    """The check for one resource, or None when the rule has nothing to judge on it."""
    if resource.resource_type == types.LAMBDA_LAYER_VERSION_PERMISSION:
        return partial(_check_layer_permission, resource)
    if resource.resource_type == types.CLOUDWATCH_EVENT_PERMISSION:
        return partial(_check_event_permission, resource)
    kind = KINDS.get(resource.resource_type)
    if kind is None or (kind.inline and resource.urn in replaced):
        return None
    return partial(_check_document, resource, kind)


def validate(args: StackValidationArgs, report: ReportViolation) -> None:
    resources = [r for r in args.resources if r.resource_type in KINDS or r.resource_type in PERMISSION_TYPES]
    replaced = _replaced(resources)

    def run(resource: PolicyResource) -> None:
        checker = _checker(resource, replaced)
        if checker is None:
            return
        try:
            checker(report)
        except EvaluationLimitError as exc:
            # Reported on the resource, so the other policies of the stack are still judged.
            report(exc.message, resource.urn)

    decide_each(resources, run)


POLICY = stack_policy(
    name=NAME,
    description="Checks that no resource-based policy (ECR, SNS, SQS, Secrets Manager, KMS, EFS, Glacier, Backup, "
                "CloudWatch Logs, EventBridge, Lambda layers) allows everyone, any AWS account or a NotPrincipal "
                "without a condition limiting it to your network, organisation or source resource.",
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.CRITICAL,
    remediation_steps="Name the accounts or roles that need access as principals, or condition a statement for "
                      "'*' on aws:PrincipalOrgID, aws:SourceArn, aws:SourceAccount or aws:SourceVpce; grant AWS "
                      "services by their service principal with an aws:SourceArn condition.",
)
