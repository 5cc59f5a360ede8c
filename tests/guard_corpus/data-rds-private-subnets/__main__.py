"""Orders database: isolated subnets (no internet route), ingress only from the app tier's security group."""

import pulumi
import pulumi_aws as aws

CIDR = "10.60.0.0/16"
vpc = aws.ec2.Vpc("orders", cidr_block=CIDR, enable_dns_hostnames=True, tags={"Name": "orders"})
logs = aws.cloudwatch.LogGroup("orders-flow-logs", retention_in_days=90)
flow_role = aws.iam.Role("orders-flow-logs", assume_role_policy="""{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Principal": {"Service": "vpc-flow-logs.amazonaws.com"},
                 "Action": "sts:AssumeRole"}]
}""")
aws.ec2.FlowLog("orders", vpc_id=vpc.id, traffic_type="ALL", log_destination=logs.arn, iam_role_arn=flow_role.arn)

isolated = []
for index, zone in enumerate(["eu-west-1a", "eu-west-1b", "eu-west-1c"]):
    isolated.append(aws.ec2.Subnet(f"orders-db-{zone[-1]}", vpc_id=vpc.id, cidr_block=f"10.60.{10 + index}.0/24",
                                   availability_zone=zone, map_public_ip_on_launch=False,
                                   tags={"tier": "data"}))

app = aws.ec2.SecurityGroup("orders-app", vpc_id=vpc.id, description="orders application tasks")
database = aws.ec2.SecurityGroup("orders-db", vpc_id=vpc.id, description="orders Postgres")
aws.vpc.SecurityGroupIngressRule("app-to-db", security_group_id=database.id, referenced_security_group_id=app.id,
                                 ip_protocol="tcp", from_port=5432, to_port=5432)

subnet_group = aws.rds.SubnetGroup("orders", subnet_ids=[s.id for s in isolated], description="isolated data tier")
db = aws.rds.Instance(
    "orders",
    engine="postgres",
    engine_version="16.4",
    instance_class="db.r7g.large",
    allocated_storage=100,
    max_allocated_storage=500,
    storage_encrypted=True,
    multi_az=True,
    username="orders",
    manage_master_user_password=True,
    db_subnet_group_name=subnet_group.name,
    vpc_security_group_ids=[database.id],
    publicly_accessible=False,
    iam_database_authentication_enabled=True,
    deletion_protection=True,
    backup_retention_period=14,
)
pulumi.export("address", db.address)
