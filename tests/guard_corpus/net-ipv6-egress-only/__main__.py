"""Event consumers on a dual-stack VPC, packaged as a component. The public tier holds one NAT gateway; private
subnets send IPv4 to it and IPv6 to an egress-only internet gateway, so the consumers' IPv6 addresses (global
unicast) are reachable from nowhere. Fargate tasks run without public IPs; the task definition is json_dumps'd."""

import pulumi
import pulumi_aws as aws


class DualStackNetwork(pulumi.ComponentResource):
    def __init__(self, name: str, cidr: str, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("acme:network:DualStack", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.vpc = aws.ec2.Vpc(f"{name}-vpc", cidr_block=cidr, assign_generated_ipv6_cidr_block=True, opts=child)
        igw = aws.ec2.InternetGateway(f"{name}-igw", vpc_id=self.vpc.id, opts=child)
        eigw = aws.ec2.EgressOnlyInternetGateway(f"{name}-eigw", vpc_id=self.vpc.id, opts=child)

        public_rt = aws.ec2.RouteTable(f"{name}-public-rt", vpc_id=self.vpc.id, routes=[
            aws.ec2.RouteTableRouteArgs(cidr_block="0.0.0.0/0", gateway_id=igw.id),
            aws.ec2.RouteTableRouteArgs(ipv6_cidr_block="::/0", gateway_id=igw.id),
        ], opts=child)
        public = aws.ec2.Subnet(f"{name}-public-a", vpc_id=self.vpc.id, cidr_block="10.100.200.0/24",
                                availability_zone="eu-west-1a", opts=child)
        aws.ec2.RouteTableAssociation(f"{name}-public-a-rta", subnet_id=public.id, route_table_id=public_rt.id,
                                      opts=child)
        nat = aws.ec2.NatGateway(f"{name}-nat", subnet_id=public.id, opts=child,
                                 allocation_id=aws.ec2.Eip(f"{name}-nat-ip", domain="vpc", opts=child).id)

        private_rt = aws.ec2.RouteTable(f"{name}-private-rt", vpc_id=self.vpc.id, opts=child)
        aws.ec2.Route(f"{name}-private-v4", route_table_id=private_rt.id, destination_cidr_block="0.0.0.0/0",
                      nat_gateway_id=nat.id, opts=child)
        aws.ec2.Route(f"{name}-private-v6", route_table_id=private_rt.id, destination_ipv6_cidr_block="::/0",
                      egress_only_gateway_id=eigw.id, opts=child)
        self.private_subnets = []
        for index, zone in enumerate(("eu-west-1a", "eu-west-1b")):
            subnet = aws.ec2.Subnet(
                f"{name}-private-{zone[-1]}", vpc_id=self.vpc.id, cidr_block=f"10.100.{index}.0/24",
                availability_zone=zone, assign_ipv6_address_on_creation=True,
                ipv6_cidr_block=self.vpc.ipv6_cidr_block.apply(lambda block, i=index: block.replace("0::/56",
                                                                                                    f"{i}::/64")),
                opts=child)
            aws.ec2.RouteTableAssociation(f"{name}-private-{zone[-1]}-rta", subnet_id=subnet.id,
                                          route_table_id=private_rt.id, opts=child)
            self.private_subnets.append(subnet)
        self.register_outputs({"vpc_id": self.vpc.id})


network = DualStackNetwork("events", "10.100.0.0/16")
consumers_sg = aws.ec2.SecurityGroup("events-consumers-sg", vpc_id=network.vpc.id, description="No inbound")

cluster = aws.ecs.Cluster("events")
task = aws.ecs.TaskDefinition(
    "events-consumer",
    family="events-consumer",
    cpu="256",
    memory="512",
    network_mode="awsvpc",
    requires_compatibilities=["FARGATE"],
    container_definitions=pulumi.Output.json_dumps([{
        "name": "consumer",
        "image": "public.ecr.aws/docker/library/python:3.12-slim",
        "essential": True,
        "environment": [{"name": "QUEUE", "value": "events"}],
    }]),
)
aws.ecs.Service(
    "events-consumer",
    cluster=cluster.arn,
    task_definition=task.arn,
    desired_count=2,
    launch_type="FARGATE",
    network_configuration=aws.ecs.ServiceNetworkConfigurationArgs(
        subnets=[s.id for s in network.private_subnets], security_groups=[consumers_sg.id], assign_public_ip=False),
)
aws.ec2.Instance(
    "events-replayer",
    ami="ami-0c1bea58988a98915",
    instance_type="t3.small",
    subnet_id=network.private_subnets[0].id,
    ipv6_address_count=1,
    vpc_security_group_ids=[consumers_sg.id],
    metadata_options={"http_tokens": "required"},
    root_block_device={"encrypted": True},
)

pulumi.export("vpc_id", network.vpc.id)
