from private_api_guard import types
from private_api_guard.ec2.routetable_igw_private_workloads import POLICY

from tests.policies.policy_harness import UNKNOWN, Res, run_stack, urn
from tests.policies.test_routetable_igw_public_hosts import instance, vpc

FIX = ("Fix: place it in a private subnet whose default route goes to a NAT gateway (or nowhere), and keep public "
       "subnets for NAT gateways and internet-facing load balancers.")


def message(field, kind):
    return (f"{field} is subnet app-subnet: the subnet is public: route table rt sends 0.0.0.0/0 to internet "
            f"gateway igw (routes[0] 0.0.0.0/0); the {kind} holds no public address, so nothing reaches it from the "
            f"internet now, but anything given one in this subnet is reachable. {FIX}")


def placed(resource_type, name, props, prop):
    return Res(resource_type, name, props, deps={prop: ["app-subnet"]})


def test_metadata():
    assert POLICY.name == "aws-ec2-routetable-disallow-igw-route-to-private-workloads"
    assert POLICY.enforcement_level.value == "advisory"
    assert POLICY.severity.value == "medium"
    assert POLICY.description.startswith("Checks that")
    assert POLICY.remediation_steps
    assert POLICY.url == "policies/README.md#aws-ec2-routetable-disallow-igw-route-to-private-workloads"


def test_workloads_without_a_public_address_in_a_public_subnet_are_reported():
    stack = [
        *vpc(),
        instance(associatePublicIpAddress=False),
        placed(types.VPC_ENDPOINT, "ssm", {"vpcEndpointType": "Interface", "subnetIds": [UNKNOWN]}, "subnetIds"),
        placed(types.LOAD_BALANCER, "internal-nlb", {"internal": True, "subnets": [UNKNOWN]}, "subnets"),
        placed(types.LAMBDA_FUNCTION, "fn", {"vpcConfig": {"subnetIds": [UNKNOWN]}}, "vpcConfig"),
        placed(types.ECS_SERVICE, "svc", {"networkConfiguration": {"subnets": [UNKNOWN]}}, "networkConfiguration"),
    ]
    result = run_stack(POLICY, stack)
    assert result.violations == [
        message("subnetId", "instance"), message("networkConfiguration.subnets", "ECS service"),
        message("subnetIds", "VPC endpoint"), message("vpcConfig.subnetIds", "Lambda function"),
        message("subnets", "load balancer")]
    assert result.urns == [urn(types.INSTANCE, "app"), urn(types.ECS_SERVICE, "svc"), urn(types.VPC_ENDPOINT, "ssm"),
                           urn(types.LAMBDA_FUNCTION, "fn"), urn(types.LOAD_BALANCER, "internal-nlb")]


def test_nat_gateways_internet_facing_load_balancers_and_public_hosts_are_not_reported():
    stack = [
        *vpc(subnet={"mapPublicIpOnLaunch": True}),
        Res(types.NAT_GATEWAY, "nat-a", {"subnetId": UNKNOWN}, deps={"subnetId": ["app-subnet"]}),
        placed(types.LOAD_BALANCER, "edge", {"subnets": [UNKNOWN]}, "subnets"),
        instance(),  # gets a public IP from the subnet: the mandatory rule's
    ]
    assert run_stack(POLICY, stack).violations == []


def test_private_subnets_pass():
    stack = [*vpc(routes=[{"cidrBlock": "0.0.0.0/0", "natGatewayId": UNKNOWN}], route_deps=["nat"]),
             instance(associatePublicIpAddress=False)]
    assert run_stack(POLICY, stack).violations == []


def test_exemption_and_unknown():
    config = {"exemptions": [{"namePattern": "app", "reason": "migration window CHG-7"}]}
    result = run_stack(POLICY, [*vpc(), instance(associatePublicIpAddress=False)], config=config)
    assert result.violations == []
    assert result.not_applicable == "app: exempted by name pattern 'app': migration window CHG-7"
    nlb = placed(types.LOAD_BALANCER, "nlb", {"internal": UNKNOWN, "subnets": [UNKNOWN]}, "subnets")
    result = run_stack(POLICY, [*vpc(), nlb])
    assert result.violations == []
    assert result.unknown == "string value at .internal can't be known during preview"
