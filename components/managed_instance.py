"""The hardened EC2 instance every topology runs: reached through SSM Session Manager, nothing else.

One recipe, built in steps so each caller keeps its own resource names and can add to the role
between them (the on-premises client gets invoke grants before its profile):

    role = ssm_instance_role(f"{name}-client", description=..., partition=partition, tags=tags, parent=self)
    profile = instance_profile(f"{name}-client", role, tags=tags, parent=self)
    instance = hardened_instance(f"{name}-client", ami=al2023_ami_id(self), profile=profile, ...)

* the role trusts EC2 only and carries AmazonSSMManagedInstanceCore only;
* the AMI, unless pinned, is the newest Amazon Linux 2023 x86_64 HVM image owned by Amazon;
* the instance requires IMDSv2 with a hop limit of 1 (a container on it cannot reach the
  metadata service) and boots from an encrypted gp3 root volume deleted with it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import pulumi
import pulumi_aws as aws

from components.tags import merge_tags

AL2023_AMI_NAME = "al2023-ami-2023.*-kernel-*"
"""Name filter of the standard Amazon Linux 2023 AMIs (not the ``minimal`` ones)."""
SSM_CORE_POLICY = "AmazonSSMManagedInstanceCore"
"""The AWS managed policy Session Manager needs on the instance, and the only one attached."""


def ec2_trust_policy() -> str:
    """Trust policy of the instance role: EC2 only."""
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    }, sort_keys=True)


def ssm_instance_role(prefix: str, *, description: str, partition: str, tags: Mapping[str, str] | None,
                      parent: pulumi.Resource) -> aws.iam.Role:
    """``{prefix}-role``, assumable by EC2, with ``{prefix}-ssm-core`` attaching AmazonSSMManagedInstanceCore."""
    child = pulumi.ResourceOptions(parent=parent)
    role = aws.iam.Role(
        f"{prefix}-role",
        assume_role_policy=ec2_trust_policy(),
        description=description,
        tags=merge_tags(tags, f"{prefix}-role"),
        opts=child,
    )
    aws.iam.RolePolicyAttachment(
        f"{prefix}-ssm-core",
        role=role.name,
        policy_arn=f"arn:{partition}:iam::aws:policy/{SSM_CORE_POLICY}",
        opts=child,
    )
    return role


def instance_profile(prefix: str, role: aws.iam.Role, *, tags: Mapping[str, str] | None,
                     parent: pulumi.Resource) -> aws.iam.InstanceProfile:
    """``{prefix}-profile`` holding ``role``: what an instance is launched with."""
    return aws.iam.InstanceProfile(
        f"{prefix}-profile",
        role=role.name,
        tags=merge_tags(tags, f"{prefix}-profile"),
        opts=pulumi.ResourceOptions(parent=parent),
    )


def al2023_ami_id(parent: pulumi.Resource) -> pulumi.Output[str]:
    """Id of the newest Amazon Linux 2023 x86_64 HVM AMI owned by Amazon (looked up as ``parent``)."""
    return aws.ec2.get_ami_output(
        most_recent=True,
        owners=["amazon"],
        filters=[
            aws.ec2.GetAmiFilterArgs(name="name", values=[AL2023_AMI_NAME]),
            aws.ec2.GetAmiFilterArgs(name="architecture", values=["x86_64"]),
            aws.ec2.GetAmiFilterArgs(name="virtualization-type", values=["hvm"]),
        ],
        opts=pulumi.InvokeOptions(parent=parent),
    ).id


def hardened_instance(
    resource_name: str,
    *,
    ami: pulumi.Input[str],
    instance_type: pulumi.Input[str],
    subnet_id: pulumi.Input[str],
    security_group_ids: Sequence[pulumi.Input[str]],
    profile: aws.iam.InstanceProfile,
    parent: pulumi.Resource,
    tags: Mapping[str, str] | None,
    extra_tags: Mapping[str, str] | None = None,
    ignore_ami_changes: bool = True,
    associate_public_ip_address: bool = False,
    key_name: pulumi.Input[str] | None = None,
    user_data: pulumi.Input[str] | None = None,
    user_data_replace_on_change: bool | None = None,
) -> aws.ec2.Instance:
    """An instance with IMDSv2 required (hop limit 1) and an encrypted gp3 root volume.

    ``tags`` are the component's; the instance adds its ``Name`` and ``extra_tags``. With
    ``ignore_ami_changes`` (the default, for a looked-up AMI) a newer image does not replace a
    running instance on an unrelated update; pass False when ``ami`` is pinned.
    """
    return aws.ec2.Instance(
        resource_name,
        ami=ami,
        instance_type=instance_type,
        subnet_id=subnet_id,
        vpc_security_group_ids=list(security_group_ids),
        associate_public_ip_address=associate_public_ip_address,
        iam_instance_profile=profile.name,
        key_name=key_name,
        metadata_options=aws.ec2.InstanceMetadataOptionsArgs(
            http_endpoint="enabled", http_tokens="required", http_put_response_hop_limit=1),
        root_block_device=aws.ec2.InstanceRootBlockDeviceArgs(
            encrypted=True, volume_type="gp3", delete_on_termination=True),
        user_data=user_data,
        user_data_replace_on_change=user_data_replace_on_change,
        tags=merge_tags(tags, resource_name, **(extra_tags or {})),
        opts=pulumi.ResourceOptions(parent=parent, ignore_changes=["ami"] if ignore_ami_changes else None),
    )


def ssm_session_command(instance_id: str, region: str) -> str:
    """How an operator opens a shell on the instance: Session Manager, no open port, no key."""
    return f"aws ssm start-session --target {instance_id} --region {region}"
