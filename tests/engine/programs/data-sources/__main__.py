"""The common lookups of the issue, each exported, so a test can hold their formats and their consistency."""

import pulumi
import pulumi_aws as aws

identity = aws.get_caller_identity()
region = aws.get_region()
partition = aws.get_partition()
zones = aws.get_availability_zones(state="available")
admin = aws.iam.get_policy(name="deployer-boundary")
s3_list = aws.ec2.get_prefix_list(name="com.amazonaws.ap-southeast-2.s3")
zone = aws.route53.get_zone(name="example.com.", private_zone=False)
cert = aws.acm.get_certificate(domain="api.example.com", statuses=["ISSUED"])
ami_param = aws.ssm.get_parameter(name="/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64")
alias = aws.kms.get_alias(name="alias/aws/s3")
key = aws.kms.get_key(key_id="alias/aws/s3")
default_sg = aws.ec2.get_security_group(name="default", vpc_id=aws.ec2.get_vpc(default=True).id)
doc = aws.iam.get_policy_document(statements=[{"actions": ["s3:GetObject"], "resources": ["*"]}])

for name, value in {
    "account": identity.account_id, "region": region.name, "partition": partition.partition,
    "zones": zones.names, "policy_arn": admin.arn, "policy_id_prefix": admin.policy_id[:4],
    "prefix_list_id_length": len(s3_list.id), "prefix_list_cidrs": s3_list.cidr_blocks, "zone_name": zone.name,
    "zone_id_prefix": zone.zone_id[:1], "cert_arn_prefix": cert.arn.rsplit("/", 1)[0], "cert_status": cert.status,
    "ami_param_prefix": ami_param.value[:4], "alias_target_is_key": alias.target_key_id == key.id,
    "key_manager": key.key_manager, "default_sg_name": default_sg.name, "policy_document": doc.json,
}.items():
    pulumi.export(name, value)
