"""Partner API: HTTPS from each partner's published egress ranges, as a legacy ec2.SecurityGroupRule and
vpc.SecurityGroupIngressRule resources from a map; together they are a few /24s. The health-check group keeps its
one rule inline."""

import pulumi
import pulumi_aws as aws

PARTNERS = {
    "acme": "203.0.113.0/24",
    "globex": "198.51.100.0/24",
    "initech": "192.0.2.0/25",
}

vpc = aws.ec2.Vpc("partner-vpc", cidr_block="10.80.0.0/16")
api = aws.ec2.SecurityGroup("partner-api-sg", vpc_id=vpc.id, description="Partner HTTPS")
aws.ec2.SecurityGroup(
    "partner-health-sg",
    vpc_id=vpc.id,
    description="In-VPC health checks",
    ingress=[aws.ec2.SecurityGroupIngressArgs(protocol="tcp", from_port=8443, to_port=8443,
                                              cidr_blocks=["10.80.0.0/16"], description="health checks")],
)
aws.ec2.SecurityGroupRule("partner-api-umbrella", type="ingress", security_group_id=api.id, protocol="tcp",
                          from_port=443, to_port=443, cidr_blocks=["192.0.2.128/25"], description="umbrella corp")
for partner, cidr in PARTNERS.items():
    aws.vpc.SecurityGroupIngressRule(f"partner-api-{partner}", security_group_id=api.id, ip_protocol="tcp",
                                     from_port=443, to_port=443, cidr_ipv4=cidr, description=partner)

pulumi.export("partner_sg", api.id)
