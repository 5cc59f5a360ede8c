"""The aws-py-ec2-provisioners shape: a command run against an instance, its output exported."""

import pulumi
import pulumi_aws as aws
import pulumi_command as command

vpc = aws.ec2.get_vpc(default=True)
subnet = aws.ec2.get_subnet(vpc_id=vpc.id, availability_zone="eu-west-1b")
server = aws.ec2.Instance("server", instance_type="t3.micro", ami="ami-0123456789abcdef0", subnet_id=subnet.id)
probe = command.local.Command("probe", create=server.private_ip.apply(lambda ip: f"ping -c1 {ip}"))

pulumi.export("subnet_cidr", subnet.cidr_block)
pulumi.export("probe_id", probe.id)
pulumi.export("probe_stdout", probe.stdout)
