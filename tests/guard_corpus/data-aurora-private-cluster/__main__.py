"""Accounts database on Aurora: one writer, two readers, DB subnet group over the data subnets."""

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
readers = config.get_int("readers") or 2

vpc = aws.ec2.Vpc("accounts", cidr_block="10.24.0.0/16")
aws.ec2.FlowLog("accounts", vpc_id=vpc.id, traffic_type="ALL", log_destination_type="s3",
                log_destination="arn:aws:s3:::org-flow-logs-123456789012/accounts/")
data_subnets = [aws.ec2.Subnet(f"accounts-data-{z}", vpc_id=vpc.id, cidr_block=f"10.24.{100 + n}.0/24",
                               availability_zone=f"eu-west-1{z}") for n, z in enumerate("abc")]
group = aws.rds.SubnetGroup("accounts", subnet_ids=[s.id for s in data_subnets])
sg = aws.ec2.SecurityGroup("accounts-db", vpc_id=vpc.id, description="Aurora from the VPC",
                           ingress=[aws.ec2.SecurityGroupIngressArgs(protocol="tcp", from_port=5432, to_port=5432,
                                                                     cidr_blocks=[vpc.cidr_block])])

cluster = aws.rds.Cluster("accounts", engine="aurora-postgresql", engine_version="16.4",
                          master_username="accounts", manage_master_user_password=True,
                          db_subnet_group_name=group.name, vpc_security_group_ids=[sg.id],
                          storage_encrypted=True, backup_retention_period=7, deletion_protection=True)
members = [aws.rds.ClusterInstance(f"accounts-{i}", cluster_identifier=cluster.id, engine=cluster.engine,
                                   engine_version=cluster.engine_version, instance_class="db.r7g.large",
                                   db_subnet_group_name=group.name, publicly_accessible=False)
           for i in range(1 + readers)]
pulumi.export("writer", cluster.endpoint)
pulumi.export("reader", cluster.reader_endpoint)
