"""Reporting workers in the textbook layout: a public tier that holds only NAT gateways, a private tier per AZ whose
default route goes to its zone's NAT gateway, instances only in private subnets. Plain dicts for nested arguments."""

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
cidr = config.get("vpcCidr") or "10.30.0.0/16"
zones = aws.get_availability_zones(state="available").names[:2]

vpc = aws.ec2.Vpc("reports-vpc", cidr_block=cidr, enable_dns_hostnames=True, tags={"Name": "reports"})
igw = aws.ec2.InternetGateway("reports-igw", vpc_id=vpc.id)

log_group = aws.cloudwatch.LogGroup("reports-flow-logs", retention_in_days=90)
flow_role = aws.iam.Role("reports-flow-logs-role", assume_role_policy=aws.iam.get_policy_document(statements=[{
    "actions": ["sts:AssumeRole"], "principals": [{"type": "Service", "identifiers": ["vpc-flow-logs.amazonaws.com"]}],
}]).json)
aws.ec2.FlowLog("reports-flow-log", vpc_id=vpc.id, traffic_type="ALL", log_destination=log_group.arn,
                iam_role_arn=flow_role.arn)

public_rt = aws.ec2.RouteTable("reports-public-rt", vpc_id=vpc.id, tags={"tier": "public"})
aws.ec2.Route("reports-public-default", route_table_id=public_rt.id, destination_cidr_block="0.0.0.0/0",
              gateway_id=igw.id)

worker_sg = aws.ec2.SecurityGroup(
    "reports-worker-sg", vpc_id=vpc.id, description="Workers: no inbound, HTTPS out",
    egress=[{"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["0.0.0.0/0"]}])

ami = aws.ec2.get_ami(most_recent=True, owners=["amazon"], filters=[{"name": "name", "values": ["al2023-ami-*"]}])
profile_role = aws.iam.Role("reports-worker-role", assume_role_policy=aws.iam.get_policy_document(statements=[{
    "actions": ["sts:AssumeRole"], "principals": [{"type": "Service", "identifiers": ["ec2.amazonaws.com"]}],
}]).json)
aws.iam.RolePolicyAttachment("reports-worker-ssm", role=profile_role.name,
                             policy_arn="arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore")
profile = aws.iam.InstanceProfile("reports-worker-profile", role=profile_role.name)

for index, zone in enumerate(zones):
    public = aws.ec2.Subnet(f"reports-public-{zone}", vpc_id=vpc.id, availability_zone=zone,
                            cidr_block=f"10.30.{100 + index}.0/24", map_public_ip_on_launch=False)
    aws.ec2.RouteTableAssociation(f"reports-public-{zone}-rta", subnet_id=public.id, route_table_id=public_rt.id)
    nat_ip = aws.ec2.Eip(f"reports-nat-{zone}-ip", domain="vpc")
    nat = aws.ec2.NatGateway(f"reports-nat-{zone}", allocation_id=nat_ip.id, subnet_id=public.id,
                             opts=pulumi.ResourceOptions(depends_on=[igw]))

    private = aws.ec2.Subnet(f"reports-private-{zone}", vpc_id=vpc.id, availability_zone=zone,
                             cidr_block=f"10.30.{index}.0/24")
    private_rt = aws.ec2.RouteTable(f"reports-private-{zone}-rt", vpc_id=vpc.id,
                                    routes=[{"cidr_block": "0.0.0.0/0", "nat_gateway_id": nat.id}])
    aws.ec2.RouteTableAssociation(f"reports-private-{zone}-rta", subnet_id=private.id, route_table_id=private_rt.id)

    aws.ec2.Instance(
        f"reports-worker-{zone}", ami=ami.id, instance_type="t3.medium", subnet_id=private.id,
        associate_public_ip_address=False, vpc_security_group_ids=[worker_sg.id], iam_instance_profile=profile.name,
        metadata_options={"http_tokens": "required", "http_endpoint": "enabled"},
        root_block_device={"encrypted": True, "volume_type": "gp3"})

pulumi.export("vpc_id", vpc.id)
