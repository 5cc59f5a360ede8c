"""Reporting database the BI vendor connects to directly over the internet."""

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
vpc = aws.ec2.Vpc("reporting", aws.ec2.VpcArgs(cidr_block="10.42.0.0/16", enable_dns_hostnames=True,
                                                enable_dns_support=True))
subnets = [
    aws.ec2.Subnet(f"reporting-{zone}", aws.ec2.SubnetArgs(vpc_id=vpc.id, cidr_block=f"10.42.{i}.0/24",
                                                            availability_zone=f"eu-west-1{zone}"))
    for i, zone in enumerate("ab", start=1)
]
group = aws.rds.SubnetGroup("reporting", aws.rds.SubnetGroupArgs(subnet_ids=[s.id for s in subnets]))
bi_access = aws.ec2.SecurityGroup("bi-access", aws.ec2.SecurityGroupArgs(
    vpc_id=vpc.id, description="BI vendor to Postgres",
    ingress=[aws.ec2.SecurityGroupIngressArgs(protocol="tcp", from_port=5432, to_port=5432,
                                              cidr_blocks=["203.0.113.0/24"], description="BI vendor egress")]))

db = aws.rds.Instance("reporting-db", aws.rds.InstanceArgs(
    engine="postgres",
    engine_version="16.4",
    instance_class="db.t4g.medium",
    allocated_storage=50,
    storage_encrypted=True,
    db_name="reporting",
    username="reporting_admin",
    manage_master_user_password=True,
    db_subnet_group_name=group.name,
    vpc_security_group_ids=[bi_access.id],
    publicly_accessible=True,
    backup_retention_period=7,
    skip_final_snapshot=config.get_bool("ephemeral") or False,
))

pulumi.export("endpoint", db.endpoint)
