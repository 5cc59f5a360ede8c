"""An app host exposed on purpose: a subnet that hands out public addresses, an instance with one, SSH open to the
world; behind an internal NLB across two zones. Plus a queue, a type the diagram does not draw on its own."""

import pulumi_aws as aws

vpc = aws.ec2.Vpc("shop-vpc", cidr_block="10.70.0.0/16")
aws.ec2.InternetGateway("shop-igw", vpc_id=vpc.id)
public = aws.ec2.Subnet("shop-public-a", vpc_id=vpc.id, cidr_block="10.70.0.0/24", availability_zone="eu-west-1a",
                        map_public_ip_on_launch=True)
private = aws.ec2.Subnet("shop-private-b", vpc_id=vpc.id, cidr_block="10.70.1.0/24", availability_zone="eu-west-1b")

group = aws.ec2.SecurityGroup("shop-app-sg", vpc_id=vpc.id, description="App host")
aws.vpc.SecurityGroupIngressRule("shop-ssh-from-anywhere", security_group_id=group.id, ip_protocol="tcp",
                                 from_port=22, to_port=22, cidr_ipv4="0.0.0.0/0")
host = aws.ec2.Instance(
    "shop-app", ami="ami-0c1bea58988a98915", instance_type="t3.small", subnet_id=public.id,
    associate_public_ip_address=True, vpc_security_group_ids=[group.id],
    metadata_options=aws.ec2.InstanceMetadataOptionsArgs(http_tokens="required"),
    root_block_device=aws.ec2.InstanceRootBlockDeviceArgs(encrypted=True))

balancer = aws.lb.LoadBalancer("shop-nlb", load_balancer_type="network", internal=True,
                               subnets=[public.id, private.id])
targets = aws.lb.TargetGroup("shop-tg", port=8080, protocol="TCP", vpc_id=vpc.id, target_type="instance")
aws.lb.TargetGroupAttachment("shop-tg-app", target_group_arn=targets.arn, target_id=host.id, port=8080)
aws.lb.Listener("shop-listener", load_balancer_arn=balancer.arn, port=80, protocol="TCP",
                default_actions=[aws.lb.ListenerDefaultActionArgs(type="forward", target_group_arn=targets.arn)])

aws.sqs.Queue("shop-orders")
