"""Order service: the app tier lives in "private-app-a", which somebody once pointed at the internet gateway to pull
packages, and whose subnet assigns public IPs on launch. Typed *Args throughout."""

import pulumi
import pulumi_aws as aws

vpc = aws.ec2.Vpc("orders-vpc", aws.ec2.VpcArgs(cidr_block="10.20.0.0/16", enable_dns_support=True,
                                                enable_dns_hostnames=True, tags={"Name": "orders"}))
igw = aws.ec2.InternetGateway("orders-igw", aws.ec2.InternetGatewayArgs(vpc_id=vpc.id))

private_subnet = aws.ec2.Subnet("private-app-a", aws.ec2.SubnetArgs(
    vpc_id=vpc.id,
    cidr_block="10.20.1.0/24",
    availability_zone="eu-west-1a",
    map_public_ip_on_launch=True,
    tags={"Name": "private-app-a", "tier": "private"},
))
private_routes = aws.ec2.RouteTable("private-app-rt", aws.ec2.RouteTableArgs(
    vpc_id=vpc.id,
    routes=[aws.ec2.RouteTableRouteArgs(cidr_block="0.0.0.0/0", gateway_id=igw.id)],
    tags={"Name": "private-app-rt"},
))
aws.ec2.RouteTableAssociation("private-app-a-rta", aws.ec2.RouteTableAssociationArgs(
    subnet_id=private_subnet.id, route_table_id=private_routes.id))

app_sg = aws.ec2.SecurityGroup("orders-app-sg", aws.ec2.SecurityGroupArgs(
    vpc_id=vpc.id,
    description="Order API from inside the VPC",
    ingress=[aws.ec2.SecurityGroupIngressArgs(protocol="tcp", from_port=8080, to_port=8080,
                                              cidr_blocks=["10.20.0.0/16"])],
    egress=[aws.ec2.SecurityGroupEgressArgs(protocol="-1", from_port=0, to_port=0, cidr_blocks=["0.0.0.0/0"])],
))

ami = aws.ec2.get_ami(most_recent=True, owners=["amazon"],
                      filters=[aws.ec2.GetAmiFilterArgs(name="name", values=["al2023-ami-*-x86_64"])])

app = aws.ec2.Instance("orders-app", aws.ec2.InstanceArgs(
    ami=ami.id,
    instance_type="t3.small",
    subnet_id=private_subnet.id,
    vpc_security_group_ids=[app_sg.id],
    metadata_options=aws.ec2.InstanceMetadataOptionsArgs(http_tokens="required", http_endpoint="enabled"),
    root_block_device=aws.ec2.InstanceRootBlockDeviceArgs(encrypted=True, volume_type="gp3"),
    tags={"Name": "orders-app"},
))

pulumi.export("app_private_ip", app.private_ip)
