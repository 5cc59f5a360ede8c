"""Dual-stack web tier. IPv6 leaves through an egress-only internet gateway (nothing comes in that way), IPv4 has no
internet route at all; the web group admits 2000::/3, which is every global unicast IPv6 address: the internet."""

import pulumi
import pulumi_aws as aws

vpc = aws.ec2.Vpc("media-vpc", cidr_block="10.70.0.0/16", assign_generated_ipv6_cidr_block=True)
egress_only = aws.ec2.EgressOnlyInternetGateway("media-eigw", vpc_id=vpc.id)

subnet = aws.ec2.Subnet(
    "media-web-a",
    vpc_id=vpc.id,
    cidr_block="10.70.1.0/24",
    ipv6_cidr_block=vpc.ipv6_cidr_block.apply(lambda block: block.replace("::/56", "::/64")),
    assign_ipv6_address_on_creation=True,
    availability_zone="eu-west-1a",
)
routes = aws.ec2.RouteTable("media-web-rt", vpc_id=vpc.id)
aws.ec2.Route("media-web-v6-out", route_table_id=routes.id, destination_ipv6_cidr_block="::/0",
              egress_only_gateway_id=egress_only.id)
aws.ec2.RouteTableAssociation("media-web-a-rta", subnet_id=subnet.id, route_table_id=routes.id)

web = aws.ec2.SecurityGroup(
    "media-web-sg",
    vpc_id=vpc.id,
    description="HTTPS over IPv6",
    ingress=[{"protocol": "tcp", "from_port": 443, "to_port": 443, "ipv6_cidr_blocks": ["2000::/3"]}],
    egress=[{"protocol": "tcp", "from_port": 443, "to_port": 443, "ipv6_cidr_blocks": ["::/0"]}],
)

aws.ec2.Instance(
    "media-web",
    ami="ami-0c1bea58988a98915",
    instance_type="t3.small",
    subnet_id=subnet.id,
    associate_public_ip_address=False,
    ipv6_address_count=1,
    vpc_security_group_ids=[web.id],
    metadata_options={"http_tokens": "required"},
    root_block_device={"encrypted": True},
)

pulumi.export("subnet_ipv6", subnet.ipv6_cidr_block)
