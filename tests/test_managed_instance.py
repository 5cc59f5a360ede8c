"""The hardened SSM-managed instance (components/managed_instance.py) under the offline engine's mocks."""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_aws as aws
import pytest

from components.managed_instance import (
    AL2023_AMI_NAME,
    al2023_ami_id,
    ec2_trust_policy,
    hardened_instance,
    instance_profile,
    ssm_instance_role,
)
from private_apis.testing import Graph, run_program

INSTANCE = "aws:ec2/instance:Instance"
ROLE = "aws:iam/role:Role"
ROLE_POLICY_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
INSTANCE_PROFILE = "aws:iam/instanceProfile:InstanceProfile"
TAGS = {"team": "platform"}


class Owner(pulumi.ComponentResource):
    def __init__(self, name: str) -> None:
        super().__init__("test:index:Owner", name, None, None)


def build(partition: str = "aws", pinned_ami: str | None = None, **instance_kwargs: Any) -> Graph:
    """An owner component with the role, profile and instance ``box``, exporting both AMI lookups."""

    def program() -> None:
        owner = Owner("owner")
        role = ssm_instance_role("box", description="a test box", partition=partition, tags=TAGS, parent=owner)
        profile = instance_profile("box", role, tags=TAGS, parent=owner)
        ami = al2023_ami_id(owner)
        hardened_instance("box", ami=pinned_ami or ami, instance_type="t3.micro",
                          subnet_id="subnet-0123456789abcdef0", security_group_ids=["sg-0123456789abcdef0"],
                          profile=profile, tags=TAGS, parent=owner, **instance_kwargs)
        pulumi.export("ami", ami)
        pulumi.export("expected_ami", aws.ec2.get_ami_output(
            most_recent=True, owners=["amazon"],
            filters=[aws.ec2.GetAmiFilterArgs(name="name", values=["al2023-ami-2023.*-kernel-*"]),
                     aws.ec2.GetAmiFilterArgs(name="architecture", values=["x86_64"]),
                     aws.ec2.GetAmiFilterArgs(name="virtualization-type", values=["hvm"])]).id)

    return run_program(program, config={"aws:region": "eu-west-1"})


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build()


def test_role_trusts_ec2_and_carries_ssm_core_only(graph: Graph) -> None:
    role = graph.one(ROLE)
    assert role.name == "box-role"
    assert role.inputs["assumeRolePolicy"] == ec2_trust_policy()
    assert role.inputs["description"] == "a test box"
    assert role.inputs["tags"] == {"team": "platform", "Name": "box-role"}
    attachment = graph.one(ROLE_POLICY_ATTACHMENT)
    assert attachment.name == "box-ssm-core"
    assert attachment.inputs == {"role": role.outputs["name"],
                                 "policyArn": "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"}


def test_policy_arn_follows_the_partition() -> None:
    assert build("aws-cn").one(ROLE_POLICY_ATTACHMENT).inputs["policyArn"] == \
        "arn:aws-cn:iam::aws:policy/AmazonSSMManagedInstanceCore"


def test_profile_holds_the_role(graph: Graph) -> None:
    profile = graph.one(INSTANCE_PROFILE)
    assert profile.name == "box-profile"
    assert profile.inputs == {"role": graph.one(ROLE).outputs["name"],
                              "tags": {"team": "platform", "Name": "box-profile"}}


def test_every_resource_is_a_child_of_the_owner(graph: Graph) -> None:
    owner = graph.one("test:index:Owner")
    assert sorted(r.name for r in graph.children_of(owner.urn)) == ["box", "box-profile", "box-role", "box-ssm-core"]


def test_instance_is_hardened_and_private_by_default(graph: Graph) -> None:
    instance = graph.one(INSTANCE)
    assert instance.name == "box"
    assert instance.inputs["metadataOptions"] == {"httpEndpoint": "enabled", "httpTokens": "required",
                                                  "httpPutResponseHopLimit": 1}
    assert instance.inputs["rootBlockDevice"] == {"encrypted": True, "volumeType": "gp3", "deleteOnTermination": True}
    assert instance.inputs["associatePublicIpAddress"] is False
    assert instance.inputs["iamInstanceProfile"] == graph.one(INSTANCE_PROFILE).outputs["name"]
    assert instance.inputs["subnetId"] == "subnet-0123456789abcdef0"
    assert instance.inputs["vpcSecurityGroupIds"] == ["sg-0123456789abcdef0"]
    assert instance.inputs["tags"] == {"team": "platform", "Name": "box"}
    for absent in ("keyName", "userData", "userDataReplaceOnChange"):
        assert absent not in instance.inputs
    assert instance.options["ignoreChanges"] == ["ami"]


def test_ami_is_the_newest_amazon_linux_2023(graph: Graph) -> None:
    assert AL2023_AMI_NAME == "al2023-ami-2023.*-kernel-*"
    assert graph.outputs["ami"] == graph.outputs["expected_ami"]
    assert graph.one(INSTANCE).inputs["ami"] == graph.outputs["ami"]


def test_pinned_ami_and_caller_options() -> None:
    instance = build(pinned_ami="ami-0123456789abcdef0", ignore_ami_changes=False, associate_public_ip_address=True,
                     key_name="ops", user_data="#!/bin/sh\n", user_data_replace_on_change=True,
                     extra_tags={"role": "ssh-bastion"}).one(INSTANCE)
    assert instance.inputs["ami"] == "ami-0123456789abcdef0"
    assert instance.options["ignoreChanges"] == []
    assert instance.inputs["associatePublicIpAddress"] is True
    assert (instance.inputs["keyName"], instance.inputs["userData"]) == ("ops", "#!/bin/sh\n")
    assert instance.inputs["userDataReplaceOnChange"] is True
    assert instance.inputs["tags"] == {"team": "platform", "Name": "box", "role": "ssh-bastion"}


def test_ec2_trust_policy_exact_json() -> None:
    assert ec2_trust_policy() == (
        '{"Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow", '
        '"Principal": {"Service": "ec2.amazonaws.com"}}], "Version": "2012-10-17"}')
