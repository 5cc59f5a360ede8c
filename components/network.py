"""PrivateNetwork: the VPC every VPC-based API topology runs in.

Private subnets have no route to the internet unless NAT egress is chosen; public subnets exist
only when something needs them (a NAT gateway, the opt-in SSH bastion). With the default egress
``none``, instances are managed through SSM interface endpoints, so no instance needs an internet
path at all.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from components import validation
from components.aws_context import available_zone_names, aws_context
from components.cidr import SubnetPlan, plan_subnets
from components.config_fields import setting
from components.errors import ConfigError
from components.tags import merge_tags
from components.type_tokens import with_former_type

EGRESS_CHOICES = ("none", "nat")
NAT_GATEWAY_CHOICES = ("single", "per-az")
MANAGEMENT_ENDPOINT_SERVICES = ("ssm", "ssmmessages", "ec2messages", "logs")
"""Interface endpoints that let SSM Session Manager and the CloudWatch agent work without internet egress."""


@dataclass(frozen=True)
class PrivateNetworkArgs:
    """Arguments of :class:`PrivateNetwork`; validated on construction (a ConfigError names the argument)."""

    vpc_cidr: str = setting("vpcCidr", "10.40.0.0/16")
    """IPv4 CIDR of the VPC, /16 to /24. Default ``10.40.0.0/16``."""
    az_count: int = setting("azCount", 2)
    """Availability zones to spread subnets over, 2 to 6. Default 2."""
    egress: str = setting("egress", "none")
    """``none`` (default): no internet path; SSM and logs through interface endpoints. ``nat``: NAT gateways."""
    nat_gateways: str = setting("natGateways", "single")
    """With ``egress="nat"``: ``single`` (default, cheaper) or ``per-az`` (survives the loss of an AZ)."""
    public_subnets: bool = False
    """Create public subnets (for a bastion). Default False; always on with NAT egress."""
    flow_log_retention_days: int = setting("flowLogRetentionDays", 90)
    """Retention of the VPC flow log group, a CloudWatch-accepted value. Default 90."""
    private_subnet_cidrs: Sequence[str] = setting("privateSubnetCidrs", ())
    """One private subnet CIDR per AZ. Default: derived from ``vpc_cidr`` (see components/cidr.py)."""
    public_subnet_cidrs: Sequence[str] = setting("publicSubnetCidrs", ())
    """One public subnet CIDR per AZ. Default: derived from ``vpc_cidr``."""
    tags: Mapping[str, str] | None = None
    """Tags for every taggable child. Default none."""

    def __post_init__(self) -> None:
        validation.check_choice(self.egress, "egress", EGRESS_CHOICES)
        validation.check_choice(self.nat_gateways, "nat_gateways", NAT_GATEWAY_CHOICES)
        if self.egress == "none" and self.nat_gateways == "per-az":
            raise ConfigError("nat_gateways", "per-az NAT gateways are asked for but 'egress' is none, so no NAT "
                              "gateway is created", "set 'egress' to nat, or remove 'nat_gateways'")
        validation.check_log_retention(self.flow_log_retention_days, "flow_log_retention_days")
        self.subnet_plan()

    def check_zones(self, zones: Sequence[str], region: str) -> None:
        """The region's available ``zones`` must be at least ``az_count``."""
        if len(zones) >= self.az_count:
            return
        fix = (f"set 'az_count' to {len(zones)} or fewer" if len(zones) >= validation.MIN_AZS
               else f"deploy to a region with at least {validation.MIN_AZS} available zones")
        raise ConfigError("az_count", f"{self.az_count} availability zones requested but {region} has only "
                          f"{len(zones)} available", fix)

    def check_deployment_target(self, target: Any) -> None:
        """The zone count, asked of the provider before any resource exists."""
        self.check_zones(available_zone_names(), target.region)

    @property
    def has_public_subnets(self) -> bool:
        """Public subnets are created when asked for, and always for NAT gateways."""
        return self.public_subnets or self.egress == "nat"

    def subnet_plan(self) -> SubnetPlan:
        """The validated subnet CIDRs, one per AZ."""
        return plan_subnets(self.vpc_cidr, self.az_count, self.has_public_subnets,
                            self.private_subnet_cidrs, self.public_subnet_cidrs)


def flow_log_trust_policy(account_id: str, partition: str, region: str) -> str:
    """Trust policy letting only this account's VPC flow logs assume the delivery role (confused deputy guard)."""
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": "vpc-flow-logs.amazonaws.com"},
            "Action": "sts:AssumeRole",
            "Condition": {
                "StringEquals": {"aws:SourceAccount": account_id},
                "ArnLike": {"aws:SourceArn": f"arn:{partition}:ec2:{region}:{account_id}:vpc-flow-log/*"},
            },
        }],
    }, sort_keys=True)


def flow_log_delivery_policy(log_group_arn: str) -> str:
    """Write access to the one flow log group; listing groups cannot be scoped below the account and region."""
    all_groups = log_group_arn.split(":log-group:", 1)[0] + ":log-group:*"
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                "Resource": [log_group_arn, f"{log_group_arn}:*"],
            },
            {"Effect": "Allow", "Action": "logs:DescribeLogGroups", "Resource": all_groups},
        ],
    }, sort_keys=True)


@dataclass(frozen=True)
class NetworkPlacement:
    """Where a topology's resources go in a VPC: what a component needs of the network, and nothing more.

    :meth:`PrivateNetwork.placement` hands it out; a component checks what it needs of it when it is built.
    """

    vpc_id: pulumi.Input[str]
    """The VPC."""
    vpc_cidr: str
    """Its IPv4 CIDR."""
    private_subnet_ids: Sequence[pulumi.Input[str]]
    """One private subnet per AZ, in AZ order."""
    private_route_table_ids: Sequence[pulumi.Input[str]] = ()
    """The route table of each private subnet, in the same order."""
    public_subnet_ids: Sequence[pulumi.Input[str]] = ()
    """One public subnet per AZ, or none."""
    internet_egress: bool = False
    """Whether the private subnets reach the internet (through NAT gateways)."""


class PrivateNetwork(pulumi.ComponentResource):
    """A VPC with private subnets in ``az_count`` AZs and nothing reachable from the internet.

    Default settings:

    * DNS support and DNS hostnames on (private DNS of interface endpoints needs both);
    * one private subnet and one private route table per AZ, no internet route, no auto-assigned
      public IPs; public subnets (also without auto-assigned IPs) only when needed;
    * egress ``none``: interface endpoints for ssm, ssmmessages, ec2messages and logs with private DNS,
      behind a security group admitting 443 from the VPC CIDR only;
    * egress ``nat``: an internet gateway and one NAT gateway (or one per AZ) for the private route tables;
    * VPC flow logs (all traffic) to a CloudWatch log group with retention, through a scoped IAM role;
    * the default security group adopted and left without any rule.
    """

    TYPE = "private-apis:network:PrivateNetwork"
    """The type token (see components/type_tokens.py)."""

    vpc_id: pulumi.Output[str]
    """Id of the VPC."""
    vpc_cidr: pulumi.Output[str]
    """CIDR block of the VPC."""
    private_subnet_ids: pulumi.Output[list[str]]
    """Private subnet ids, one per AZ, in ``availability_zones`` order."""
    public_subnet_ids: pulumi.Output[list[str]]
    """Public subnet ids, one per AZ; empty when no public subnets are created."""
    availability_zones: pulumi.Output[list[str]]
    """The AZ names used, in subnet order."""

    def __init__(self, name: str, args: PrivateNetworkArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(self.TYPE, name, None, with_former_type(self.TYPE, opts))
        plan = args.subnet_plan()
        self.args = args
        self.az_count: int = args.az_count
        child = pulumi.ResourceOptions(parent=self)
        tags = args.tags

        region = aws_context(self).region
        zones = available_zone_names(self)
        args.check_zones(zones, region)
        self.availability_zone_names: list[str] = zones[:args.az_count]

        self.vpc = aws.ec2.Vpc(
            f"{name}-vpc",
            cidr_block=args.vpc_cidr,
            enable_dns_support=True,
            enable_dns_hostnames=True,
            tags=merge_tags(tags, f"{name}-vpc"),
            opts=child,
        )
        # Adopting the default security group strips its allow-all rules; nothing may use it.
        aws.ec2.DefaultSecurityGroup(
            f"{name}-default-sg",
            vpc_id=self.vpc.id,
            tags=merge_tags(tags, f"{name}-default-sg-unused"),
            opts=child,
        )
        self._flow_logs(name, args, region, tags)

        self.private_subnets: list[aws.ec2.Subnet] = []
        self.private_route_tables: list[aws.ec2.RouteTable] = []
        for index, (zone, cidr) in enumerate(zip(self.availability_zone_names, plan.private, strict=True), start=1):
            subnet = aws.ec2.Subnet(
                f"{name}-private-{index}",
                vpc_id=self.vpc.id,
                cidr_block=cidr,
                availability_zone=zone,
                map_public_ip_on_launch=False,
                tags=merge_tags(tags, f"{name}-private-{zone}", tier="private"),
                opts=child,
            )
            route_table = aws.ec2.RouteTable(
                f"{name}-private-rt-{index}",
                vpc_id=self.vpc.id,
                tags=merge_tags(tags, f"{name}-private-rt-{zone}", tier="private"),
                opts=child,
            )
            aws.ec2.RouteTableAssociation(
                f"{name}-private-rta-{index}",
                subnet_id=subnet.id,
                route_table_id=route_table.id,
                opts=child,
            )
            self.private_subnets.append(subnet)
            self.private_route_tables.append(route_table)

        self.public_subnets: list[aws.ec2.Subnet] = []
        self.internet_gateway: aws.ec2.InternetGateway | None = None
        if args.has_public_subnets:
            self._public_tier(name, plan, tags)
        self.nat_gateways: list[aws.ec2.NatGateway] = []
        if args.egress == "nat":
            self._nat_egress(name, args, tags)
        self.endpoint_security_group: aws.ec2.SecurityGroup | None = None
        self.management_endpoints: list[aws.ec2.VpcEndpoint] = []
        if args.egress == "none":
            self._management_endpoints(name, region, tags)

        self.vpc_id = self.vpc.id
        self.vpc_cidr = self.vpc.cidr_block
        self.private_subnet_ids = pulumi.Output.all(*[s.id for s in self.private_subnets])
        self.public_subnet_ids = pulumi.Output.all(*[s.id for s in self.public_subnets])
        self.availability_zones = pulumi.Output.from_input(self.availability_zone_names)
        # Registered outputs are what `pulumi stack` shows for the component and what a
        # multi-language consumer would read.
        self.register_outputs({
            "vpc_id": self.vpc_id,
            "vpc_cidr": self.vpc_cidr,
            "private_subnet_ids": self.private_subnet_ids,
            "public_subnet_ids": self.public_subnet_ids,
            "availability_zones": self.availability_zones,
        })

    def placement(self) -> NetworkPlacement:
        """Where topologies in this VPC put their resources: its private (and public) subnets and route tables."""
        return NetworkPlacement(
            vpc_id=self.vpc.id,
            vpc_cidr=self.args.vpc_cidr,
            private_subnet_ids=[subnet.id for subnet in self.private_subnets],
            private_route_table_ids=[table.id for table in self.private_route_tables],
            public_subnet_ids=[subnet.id for subnet in self.public_subnets],
            internet_egress=self.args.egress == "nat",
        )

    def _flow_logs(self, name: str, args: PrivateNetworkArgs, region: str, tags: Mapping[str, str] | None) -> None:
        child = pulumi.ResourceOptions(parent=self)
        where = aws_context(self)
        account_id, partition = where.account_id, where.partition
        self.flow_log_group = aws.cloudwatch.LogGroup(
            f"{name}-flow-logs",
            retention_in_days=args.flow_log_retention_days,
            tags=merge_tags(tags, f"{name}-flow-logs"),
            opts=child,
        )
        role = aws.iam.Role(
            f"{name}-flow-logs-role",
            assume_role_policy=flow_log_trust_policy(account_id, partition, region),
            tags=merge_tags(tags, f"{name}-flow-logs-role"),
            opts=child,
        )
        role_policy = aws.iam.RolePolicy(
            f"{name}-flow-logs-delivery",
            role=role.id,
            policy=self.flow_log_group.arn.apply(flow_log_delivery_policy),
            opts=child,
        )
        aws.ec2.FlowLog(
            f"{name}-flow-log",
            vpc_id=self.vpc.id,
            traffic_type="ALL",
            log_destination_type="cloud-watch-logs",
            log_destination=self.flow_log_group.arn,
            iam_role_arn=role.arn,
            max_aggregation_interval=60,
            tags=merge_tags(tags, f"{name}-flow-log"),
            # Without the policy in place the first delivery attempt fails and the flow log shows an error.
            opts=pulumi.ResourceOptions(parent=self, depends_on=[role_policy]),
        )

    def _public_tier(self, name: str, plan: SubnetPlan, tags: Mapping[str, str] | None) -> None:
        child = pulumi.ResourceOptions(parent=self)
        self.internet_gateway = aws.ec2.InternetGateway(
            f"{name}-igw",
            vpc_id=self.vpc.id,
            tags=merge_tags(tags, f"{name}-igw"),
            opts=child,
        )
        self.public_route_table = aws.ec2.RouteTable(
            f"{name}-public-rt",
            vpc_id=self.vpc.id,
            tags=merge_tags(tags, f"{name}-public-rt", tier="public"),
            opts=child,
        )
        aws.ec2.Route(
            f"{name}-public-default-route",
            route_table_id=self.public_route_table.id,
            destination_cidr_block="0.0.0.0/0",
            gateway_id=self.internet_gateway.id,
            opts=child,
        )
        for index, (zone, cidr) in enumerate(zip(self.availability_zone_names, plan.public, strict=True), start=1):
            # No auto-assigned public IPs even here: only an instance that asks for one (the bastion) gets one.
            subnet = aws.ec2.Subnet(
                f"{name}-public-{index}",
                vpc_id=self.vpc.id,
                cidr_block=cidr,
                availability_zone=zone,
                map_public_ip_on_launch=False,
                tags=merge_tags(tags, f"{name}-public-{zone}", tier="public"),
                opts=child,
            )
            aws.ec2.RouteTableAssociation(
                f"{name}-public-rta-{index}",
                subnet_id=subnet.id,
                route_table_id=self.public_route_table.id,
                opts=child,
            )
            self.public_subnets.append(subnet)

    def _nat_egress(self, name: str, args: PrivateNetworkArgs, tags: Mapping[str, str] | None) -> None:
        count = args.az_count if args.nat_gateways == "per-az" else 1
        for index in range(1, count + 1):
            eip = aws.ec2.Eip(
                f"{name}-nat-eip-{index}",
                domain="vpc",
                tags=merge_tags(tags, f"{name}-nat-eip-{index}"),
                opts=pulumi.ResourceOptions(parent=self),
            )
            self.nat_gateways.append(aws.ec2.NatGateway(
                f"{name}-nat-{index}",
                allocation_id=eip.id,
                subnet_id=self.public_subnets[index - 1].id,
                tags=merge_tags(tags, f"{name}-nat-{index}"),
                # A NAT gateway created before the IGW is attached comes up without a working path.
                opts=pulumi.ResourceOptions(parent=self, depends_on=[self.internet_gateway]),
            ))
        for index, route_table in enumerate(self.private_route_tables, start=1):
            nat = self.nat_gateways[index - 1] if args.nat_gateways == "per-az" else self.nat_gateways[0]
            aws.ec2.Route(
                f"{name}-private-default-route-{index}",
                route_table_id=route_table.id,
                destination_cidr_block="0.0.0.0/0",
                nat_gateway_id=nat.id,
                opts=pulumi.ResourceOptions(parent=self),
            )

    def _management_endpoints(self, name: str, region: str, tags: Mapping[str, str] | None) -> None:
        child = pulumi.ResourceOptions(parent=self)
        self.endpoint_security_group = aws.ec2.SecurityGroup(
            f"{name}-endpoints-sg",
            vpc_id=self.vpc.id,
            description="SSM and CloudWatch Logs interface endpoints: HTTPS from inside the VPC only",
            tags=merge_tags(tags, f"{name}-endpoints-sg"),
            opts=child,
        )
        aws.vpc.SecurityGroupIngressRule(
            f"{name}-endpoints-https-from-vpc",
            security_group_id=self.endpoint_security_group.id,
            description="HTTPS from the VPC",
            ip_protocol="tcp",
            from_port=443,
            to_port=443,
            cidr_ipv4=self.vpc.cidr_block,
            tags=merge_tags(tags, f"{name}-endpoints-https-from-vpc"),
            opts=child,
        )
        for service in MANAGEMENT_ENDPOINT_SERVICES:
            self.management_endpoints.append(aws.ec2.VpcEndpoint(
                f"{name}-{service}-endpoint",
                vpc_id=self.vpc.id,
                service_name=f"com.amazonaws.{region}.{service}",
                vpc_endpoint_type="Interface",
                subnet_ids=[s.id for s in self.private_subnets],
                security_group_ids=[self.endpoint_security_group.id],
                private_dns_enabled=True,
                tags=merge_tags(tags, f"{name}-{service}-endpoint"),
                opts=child,
            ))
