from private_api_guard import types
from private_api_guard.ecs.service_public_ip import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

TAIL = ("every task gets a public IP address and is reachable from the internet wherever its security groups allow. "
        "Fix: set assign_public_ip=False, run the tasks in private subnets with a NAT gateway or VPC endpoints for "
        "egress, and publish them through an internal load balancer or API Gateway.")


def network(assign):
    return {"networkConfiguration": {"subnets": ["subnet-1"], "assignPublicIp": assign}}


def test_metadata():
    assert POLICY.name == "aws-ecs-service-disallow-public-ip"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_public_ip_fails_for_services_and_task_sets():
    for resource_type in (types.ECS_SERVICE, types.ECS_TASK_SET):
        assert run_resource(POLICY, resource_type, network(True)).violations == [
            "networkConfiguration.assignPublicIp is true: " + TAIL]


def test_private_tasks_pass():
    assert run_resource(POLICY, types.ECS_SERVICE, network(False)).violations == []
    assert run_resource(POLICY, types.ECS_SERVICE, {"networkConfiguration": {"subnets": ["subnet-1"]}}
                        ).violations == []
    assert run_resource(POLICY, types.ECS_SERVICE, {"launchType": "EC2"}).violations == []


def test_unknown_cannot_be_decided():
    result = run_resource(POLICY, types.ECS_SERVICE, network(UNKNOWN))
    assert result.violations == [] and result.unknown
