"""Batch workers from a launch template in an autoscaling group. The network module makes its own table the VPC's
main table and routes both halves of the IPv4 space to the internet gateway (a "more specific than default" trick);
the workers' subnet has no association of its own and assigns public IPs."""

import pulumi
import pulumi_aws as aws

vpc = aws.ec2.Vpc("batch-vpc", cidr_block="10.90.0.0/16")
igw = aws.ec2.InternetGateway("batch-igw", vpc_id=vpc.id)
main = aws.ec2.RouteTable("batch-main-rt", vpc_id=vpc.id)
aws.ec2.MainRouteTableAssociation("batch-main", vpc_id=vpc.id, route_table_id=main.id)
routes = [aws.ec2.Route(f"batch-half-{i}", route_table_id=main.id, destination_cidr_block=cidr, gateway_id=igw.id)
          for i, cidr in enumerate(("0.0.0.0/1", "128.0.0.0/1"))]

workers_subnet = aws.ec2.Subnet("batch-workers-a", vpc_id=vpc.id, cidr_block="10.90.8.0/22",
                                availability_zone="eu-west-1c", map_public_ip_on_launch=True)
workers_sg = aws.ec2.SecurityGroup("batch-workers-sg", vpc_id=vpc.id, description="Batch workers, no inbound")

template = aws.ec2.LaunchTemplate(
    "batch-worker-lt",
    image_id="ami-0c1bea58988a98915",
    instance_type="c6i.large",
    vpc_security_group_ids=[workers_sg.id],
    metadata_options={"http_tokens": "required", "http_endpoint": "enabled"},
    block_device_mappings=[{"device_name": "/dev/xvda", "ebs": {"encrypted": "true", "volume_size": 30}}],
)
aws.autoscaling.Group(
    "batch-workers",
    min_size=0,
    max_size=10,
    vpc_zone_identifiers=[workers_subnet.id],
    launch_template={"id": template.id, "version": "$Latest"},
)

pulumi.export("routes", [r.id for r in routes])
