"""The pulumi/examples aws-py-webserver shape: an instance in the default VPC, SSH and HTTP open to the world."""

import pulumi
import pulumi_aws as aws

vpc = aws.ec2.get_vpc(default=True)
subnets = aws.ec2.get_subnets(filters=[aws.ec2.GetSubnetsFilterArgs(name="vpc-id", values=[vpc.id])])
ami = aws.ec2.get_ami(most_recent=True, owners=["137112412989"],
                      filters=[aws.ec2.GetAmiFilterArgs(name="name", values=["al2023-ami-*-x86_64"])])
group = aws.ec2.SecurityGroup(
    "web-secgrp", vpc_id=vpc.id, description="Enable HTTP and SSH access",
    ingress=[aws.ec2.SecurityGroupIngressArgs(protocol="tcp", from_port=p, to_port=p, cidr_blocks=["0.0.0.0/0"])
             for p in (22, 80)])
server = aws.ec2.Instance("web-server", instance_type="t3.micro", ami=ami.id, subnet_id=subnets.ids[0],
                          vpc_security_group_ids=[group.id], associate_public_ip_address=True)

pulumi.export("vpc_cidr", vpc.cidr_block)
pulumi.export("subnet_count", len(subnets.ids))
pulumi.export("public_ip", server.public_ip)
pulumi.export("ami_name", ami.name)
