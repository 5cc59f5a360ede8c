"""Finance warehouse on Redshift Serverless: private workgroup, queried from the BI subnet through the VPC."""

import pulumi
import pulumi_aws as aws

network = aws.ec2.Vpc("finance", cidr_block="10.33.0.0/16", enable_dns_support=True, enable_dns_hostnames=True)
aws.ec2.FlowLog("finance", vpc_id=network.id, traffic_type="ALL", log_destination_type="s3",
                log_destination="arn:aws:s3:::org-flow-logs-123456789012/finance/")
zones = aws.get_availability_zones(state="available").names[:3]
subnets = [aws.ec2.Subnet(f"finance-warehouse-{i}", vpc_id=network.id, cidr_block=f"10.33.{32 + i}.0/24",
                          availability_zone=zone) for i, zone in enumerate(zones)]
warehouse_sg = aws.ec2.SecurityGroup("finance-warehouse", vpc_id=network.id, description="Redshift from BI subnet")
aws.vpc.SecurityGroupIngressRule("bi-to-warehouse", security_group_id=warehouse_sg.id, cidr_ipv4="10.33.8.0/24",
                                 ip_protocol="tcp", from_port=5439, to_port=5439)

namespace = aws.redshiftserverless.Namespace("finance", namespace_name="finance", db_name="ledger",
                                             admin_username="ledger_admin", manage_admin_password=True)
workgroup = aws.redshiftserverless.Workgroup(
    "finance",
    aws.redshiftserverless.WorkgroupArgs(
        namespace_name=namespace.namespace_name,
        workgroup_name="finance",
        base_capacity=8,
        subnet_ids=[s.id for s in subnets],
        security_group_ids=[warehouse_sg.id],
        publicly_accessible=False,
        enhanced_vpc_routing=True,
    ),
)
pulumi.export("endpoint", workgroup.endpoints.apply(lambda endpoints: endpoints[0]["address"]))
