from private_api_guard import types
from private_api_guard.ec2.vpcendpoint_execute_api_interface import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

SERVICE = "com.amazonaws.eu-west-1.execute-api"
GOOD = {"vpcId": UNKNOWN, "serviceName": SERVICE, "vpcEndpointType": "Interface", "subnetIds": [UNKNOWN, UNKNOWN],
        "securityGroupIds": [UNKNOWN], "privateDnsEnabled": False}


def test_metadata():
    assert POLICY.name == "aws-ec2-vpcendpoint-configure-execute-api-interface"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_interface_endpoint_with_subnets_and_groups_passes_with_unknown_ids():
    result = run_resource(POLICY, types.VPC_ENDPOINT, GOOD)
    assert result.violations == []
    assert result.unknown is None


def test_bare_execute_api_endpoint_fails_each_field():
    result = run_resource(POLICY, types.VPC_ENDPOINT, {"vpcId": UNKNOWN, "serviceName": SERVICE})
    assert result.violations == [
        "vpcEndpointType is unset: an execute-api endpoint must be an Interface endpoint (unset means Gateway). Fix: "
        "set vpc_endpoint_type='Interface'.",
        "subnetIds is unset: the endpoint has no network interface in your subnets. Fix: set subnet_ids to private "
        "subnets, one per availability zone.",
        "securityGroupIds is unset: the VPC's default security group would guard the endpoint. Fix: set "
        "security_group_ids to a group admitting 443 only from your clients.",
    ]


def test_empty_lists_fail():
    result = run_resource(POLICY, types.VPC_ENDPOINT, GOOD | {"subnetIds": [], "securityGroupIds": []})
    assert [v.split(":")[0] for v in result.violations] == ["subnetIds is []", "securityGroupIds is []"]


def test_other_services_are_not_checked():
    gateway = {"serviceName": "com.amazonaws.eu-west-1.s3", "vpcEndpointType": "Gateway"}
    assert run_resource(POLICY, types.VPC_ENDPOINT, gateway).violations == []


def test_unknown_service_name_cannot_be_decided():
    result = run_resource(POLICY, types.VPC_ENDPOINT, GOOD | {"serviceName": UNKNOWN, "vpcEndpointType": "Gateway"})
    assert result.violations == []
    assert result.unknown == "string value at .serviceName can't be known during preview"
