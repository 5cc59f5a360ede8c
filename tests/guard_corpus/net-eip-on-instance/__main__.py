"""A jump host for the analytics VPC, built by small helper functions. The subnet has no route table of its own,
so it uses the VPC's main table, which gets the internet route; the host keeps associate_public_ip_address=False
but an Elastic IP is associated to it afterwards."""

import pulumi
import pulumi_aws as aws

NAME = "analytics"


def network(cidr: str) -> tuple[aws.ec2.Vpc, aws.ec2.Subnet]:
    vpc = aws.ec2.Vpc(f"{NAME}-vpc", cidr_block=cidr, enable_dns_hostnames=True)
    igw = aws.ec2.InternetGateway(f"{NAME}-igw", vpc_id=vpc.id)
    # Every subnet without an explicit association follows the main route table.
    aws.ec2.Route(f"{NAME}-main-default", route_table_id=vpc.main_route_table_id,
                  destination_cidr_block="0.0.0.0/0", gateway_id=igw.id)
    subnet = aws.ec2.Subnet(f"{NAME}-hosts", vpc_id=vpc.id, cidr_block="10.50.10.0/24",
                            availability_zone="eu-west-1b")
    return vpc, subnet


def jump_host(vpc: aws.ec2.Vpc, subnet: aws.ec2.Subnet, office_cidr: str) -> aws.ec2.Instance:
    group = aws.ec2.SecurityGroup(f"{NAME}-jump-sg", vpc_id=vpc.id, description="Admin console from the office")
    aws.vpc.SecurityGroupIngressRule(f"{NAME}-jump-console", security_group_id=group.id, ip_protocol="tcp",
                                     from_port=8443, to_port=8443, cidr_ipv4=office_cidr)
    return aws.ec2.Instance(
        f"{NAME}-jump", ami="ami-0c1bea58988a98915", instance_type="t3.micro", subnet_id=subnet.id,
        associate_public_ip_address=False, vpc_security_group_ids=[group.id],
        metadata_options=aws.ec2.InstanceMetadataOptionsArgs(http_tokens="required"),
        root_block_device=aws.ec2.InstanceRootBlockDeviceArgs(encrypted=True))


def public_address(host: aws.ec2.Instance) -> pulumi.Output[str]:
    address = aws.ec2.Eip(f"{NAME}-jump-ip", domain="vpc", tags={"purpose": "jump host"})
    aws.ec2.EipAssociation(f"{NAME}-jump-ip-assoc", allocation_id=address.id, instance_id=host.id)
    return address.public_ip


vpc, subnet = network("10.50.0.0/16")
host = jump_host(vpc, subnet, office_cidr="198.51.100.0/28")
pulumi.export("jump_ip", public_address(host))
