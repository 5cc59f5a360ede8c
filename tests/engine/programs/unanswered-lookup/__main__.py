"""Looks up an instance by tag: nothing the offline engine can know."""

import pulumi
import pulumi_aws as aws

bastion = aws.ec2.get_instance(filters=[{"name": "tag:Name", "values": ["bastion"]}])
pulumi.export("bastion_ip", bastion.private_ip)
