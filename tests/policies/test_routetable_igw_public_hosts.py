from private_api_guard import types
from private_api_guard.ec2.routetable_igw_public_hosts import POLICY

from tests.policies.policy_harness import UNKNOWN, Res, run_stack, urn

REACHABLE = "so it is reachable from the internet wherever its security groups allow"
FIX = ("Fix: place it in a private subnet (default route to a NAT gateway, ::/0 to an egress-only internet gateway) "
       "or remove its public address; exempt an approved bastion with a reason in the policy config.")
INLINE = "its subnet is public: route table rt sends 0.0.0.0/0 to internet gateway igw (routes[0] 0.0.0.0/0)"


def vpc(routes=None, *, subnet=None, associate=True, route_deps=("igw",)):
    """A VPC with an internet gateway, a table with ``routes`` and a subnet associated with it (first preview)."""
    found = [
        Res(types.VPC, "vpc", {"cidrBlock": "10.0.0.0/16", "mainRouteTableId": UNKNOWN}),
        Res(types.INTERNET_GATEWAY, "igw", {"vpcId": UNKNOWN}, deps={"vpcId": ["vpc"]}),
        Res(types.EGRESS_ONLY_INTERNET_GATEWAY, "eigw", {"vpcId": UNKNOWN}, deps={"vpcId": ["vpc"]}),
        Res(types.NAT_GATEWAY, "nat", {"subnetId": UNKNOWN, "allocationId": UNKNOWN}),
        Res(types.SUBNET, "app-subnet", {"vpcId": UNKNOWN, "cidrBlock": "10.0.1.0/24", **(subnet or {})},
            deps={"vpcId": ["vpc"]}),
        Res(types.ROUTE_TABLE, "rt", {"vpcId": UNKNOWN, "routes": routes if routes is not None else [
            {"cidrBlock": "0.0.0.0/0", "gatewayId": UNKNOWN}]}, deps={"vpcId": ["vpc"], "routes": list(route_deps)}),
    ]
    if associate:
        found.append(Res(types.ROUTE_TABLE_ASSOCIATION, "rta", {"subnetId": UNKNOWN, "routeTableId": UNKNOWN},
                         deps={"subnetId": ["app-subnet"], "routeTableId": ["rt"]}))
    return found


def instance(name="app", **props):
    return Res(types.INSTANCE, name, {"subnetId": UNKNOWN, **props}, deps={"subnetId": ["app-subnet"]})


def test_metadata():
    assert POLICY.name == "aws-ec2-routetable-disallow-igw-route-to-public-hosts"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.severity.value == "high"
    assert POLICY.description.startswith("Checks that")
    assert POLICY.remediation_steps
    assert POLICY.url == "policies/README.md#aws-ec2-routetable-disallow-igw-route-to-public-hosts"


def test_private_subnet_in_disguise_fails_in_a_first_preview():
    result = run_stack(POLICY, [*vpc(subnet={"mapPublicIpOnLaunch": True}), instance()])
    assert result.violations == [
        "subnetId is subnet app-subnet: the instance holds a public IPv4 address (associatePublicIpAddress is unset "
        f"and subnet app-subnet sets mapPublicIpOnLaunch) and {INLINE}, {REACHABLE}. {FIX}"]
    assert result.urns == [urn(types.INSTANCE, "app")]
    assert result.unknown is None


def test_split_routes_on_the_vpc_main_table_with_literal_ids_fail():
    stack = [
        Res(types.VPC, "vpc", {"arn": "arn:aws:ec2:eu-west-1:1:vpc/vpc-1", "mainRouteTableId": "rtb-main"}),
        Res(types.INTERNET_GATEWAY, "igw", {"arn": "arn:aws:ec2:eu-west-1:1:internet-gateway/igw-1"}),
        Res(types.SUBNET, "app-subnet", {"vpcId": "vpc-1", "arn": "arn:aws:ec2:eu-west-1:1:subnet/subnet-1"}),
        *(Res(types.ROUTE, f"half-{i}", {"routeTableId": "rtb-main", "destinationCidrBlock": cidr,
                                         "gatewayId": "igw-1"}) for i, cidr in enumerate(["0.0.0.0/1", "128.0.0.0/1"])),
        Res(types.INSTANCE, "app", {"subnetId": "subnet-1", "associatePublicIpAddress": True}),
    ]
    assert run_stack(POLICY, stack).violations == [
        "subnetId is subnet app-subnet: the instance holds a public IPv4 address (associatePublicIpAddress is true) "
        "and its subnet is public: the default route table of VPC vpc sends 0.0.0.0/0 to internet gateway igw "
        f"(route half-0 0.0.0.0/1, route half-1 128.0.0.0/1), {REACHABLE}. {FIX}"]


def test_main_route_table_association_and_default_route_table_apply_to_unassociated_subnets():
    main = [*vpc(associate=False, subnet={"mapPublicIpOnLaunch": True}),
            Res(types.MAIN_ROUTE_TABLE_ASSOCIATION, "main", {"vpcId": UNKNOWN, "routeTableId": UNKNOWN},
                deps={"vpcId": ["vpc"], "routeTableId": ["rt"]}), instance()]
    assert len(run_stack(POLICY, main).violations) == 1
    default = [*vpc(routes=[], associate=False, subnet={"mapPublicIpOnLaunch": True}),
               Res(types.DEFAULT_ROUTE_TABLE, "default-rt", {"defaultRouteTableId": UNKNOWN, "routes": [
                   {"cidrBlock": "0.0.0.0/0", "gatewayId": UNKNOWN}]},
                   deps={"defaultRouteTableId": ["vpc"], "routes": ["igw"]}), instance()]
    assert run_stack(POLICY, default).violations == [
        "subnetId is subnet app-subnet: the instance holds a public IPv4 address (associatePublicIpAddress is unset "
        "and subnet app-subnet sets mapPublicIpOnLaunch) and its subnet is public: route table default-rt sends "
        f"0.0.0.0/0 to internet gateway igw (routes[0] 0.0.0.0/0), {REACHABLE}. {FIX}"]


def test_elastic_ips_launch_templates_ecs_and_ipv6_addresses_fail():
    stack = [
        *vpc(routes=[{"cidrBlock": "0.0.0.0/0", "gatewayId": UNKNOWN}, {"ipv6CidrBlock": "::/0", "gatewayId": UNKNOWN}],
             subnet={"mapPublicIpOnLaunch": True}),
        instance("eip-host", associatePublicIpAddress=False),
        Res(types.EIP, "ip", {"instance": UNKNOWN}, deps={"instance": ["eip-host"]}),
        instance("v6-host", associatePublicIpAddress=False, ipv6AddressCount=1),
        Res(types.LAUNCH_TEMPLATE, "lt", {"networkInterfaces": [{"deviceIndex": 0, "securityGroups": [UNKNOWN]}]},
            deps={"networkInterfaces": []}),
        Res(types.AUTOSCALING_GROUP, "asg", {"vpcZoneIdentifiers": [UNKNOWN], "launchTemplate": {"id": UNKNOWN}},
            deps={"vpcZoneIdentifiers": ["app-subnet"], "launchTemplate": ["lt"]}),
        Res(types.ECS_SERVICE, "svc", {"networkConfiguration": {"subnets": [UNKNOWN], "assignPublicIp": True}},
            deps={"networkConfiguration": ["app-subnet"]}),
    ]
    result = run_stack(POLICY, stack)
    assert [v.split(": ", 1)[1].split(" and its subnet is public")[0] for v in result.violations] == [
        "the instance holds a public IPv4 address (Elastic IP ip is bound to it)",
        "the instance holds a public IPv6 address (ipv6AddressCount / ipv6Addresses give it IPv6 addresses)",
        "the ECS service holds a public IPv4 address (networkConfiguration.assignPublicIp is true)",
        "the launch template holds a public IPv4 address (associatePublicIpAddress is unset and subnet app-subnet "
        "sets mapPublicIpOnLaunch)"]
    assert result.violations[1].split(" and its subnet is public: ")[1].startswith(
        "route table rt sends 2000::/3 to internet gateway igw (routes[1] ::/0)")
    assert result.violations[3].startswith("vpcZoneIdentifiers of autoscaling group asg is subnet app-subnet: ")
    assert result.urns == [urn(types.INSTANCE, "eip-host"), urn(types.INSTANCE, "v6-host"),
                           urn(types.ECS_SERVICE, "svc"), urn(types.LAUNCH_TEMPLATE, "lt")]


def test_nat_only_public_subnets_private_hosts_and_other_targets_pass():
    # A public subnet with only a NAT gateway, and a private instance in it: not this rule's.
    assert run_stack(POLICY, [*vpc(), instance(associatePublicIpAddress=False)]).violations == []
    # Routes to a NAT gateway, an egress-only gateway or a virtual private gateway expose nothing.
    for routes, deps in ([{"cidrBlock": "0.0.0.0/0", "natGatewayId": UNKNOWN}], ["nat"]),\
            ([{"ipv6CidrBlock": "::/0", "egressOnlyGatewayId": UNKNOWN}], ["eigw"]),\
            ([{"cidrBlock": "0.0.0.0/0", "gatewayId": "vgw-0abc"}], []):
        stack = [*vpc(routes=routes, route_deps=deps, subnet={"mapPublicIpOnLaunch": True}),
                 instance(ipv6AddressCount=1)]
        assert run_stack(POLICY, stack).violations == [], routes
    # A narrow range to the internet gateway is not the world.
    narrow = vpc(routes=[{"cidrBlock": "203.0.113.0/24", "gatewayId": UNKNOWN}], subnet={"mapPublicIpOnLaunch": True})
    assert run_stack(POLICY, [*narrow, instance()]).violations == []
    # A public IPv4 address behind an IPv6-only internet route is not reachable over IPv4.
    v6 = vpc(routes=[{"ipv6CidrBlock": "::/0", "gatewayId": UNKNOWN}], subnet={"mapPublicIpOnLaunch": True})
    assert run_stack(POLICY, [*v6, instance()]).violations == []


def test_bastion_exemption():
    config = {"exemptions": [{"namePattern": "bastion", "reason": "opt-in SSH bastion OPS-12"}]}
    result = run_stack(POLICY, [*vpc(), instance("bastion", associatePublicIpAddress=True)], config=config)
    assert result.violations == []
    assert result.not_applicable == "bastion: exempted by name pattern 'bastion': opt-in SSH bastion OPS-12"


def test_unknown_gateway_without_dependencies_cannot_be_decided():
    result = run_stack(POLICY, [*vpc(route_deps=()), instance(associatePublicIpAddress=True)])
    assert result.violations == []
    assert result.unknown == "string value at .routes.0.gatewayId can't be known during preview"


def test_unknown_public_ip_setting_cannot_be_decided():
    result = run_stack(POLICY, [*vpc(), instance(associatePublicIpAddress=UNKNOWN)])
    assert result.violations == []
    assert result.unknown == "string value at .associatePublicIpAddress can't be known during preview"


def test_eks_node_groups_in_public_subnets_fail():
    # aws-py-eks of pulumi/examples: a managed node group in subnets that map public IPs and route to an IGW.
    group = Res(types.EKS_NODE_GROUP, "nodes", {"subnetIds": [UNKNOWN], "clusterName": UNKNOWN},
                deps={"subnetIds": ["app-subnet"]})
    result = run_stack(POLICY, [*vpc(subnet={"mapPublicIpOnLaunch": True}), group])
    assert result.violations == [
        "subnetIds is subnet app-subnet: the EKS node group holds a public IPv4 address (its nodes launch in subnet "
        f"app-subnet, which sets mapPublicIpOnLaunch) and {INLINE}, {REACHABLE}. {FIX}"]
    assert result.urns == [urn(types.EKS_NODE_GROUP, "nodes")]
    assert run_stack(POLICY, [*vpc(), group]).violations == []
