from private_api_guard import types
from private_api_guard.lightsail.containerservice_public_endpoint import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

CONTAINERS = [{"containerName": "web", "image": "nginx:1.27", "ports": {"80": "HTTP"}}]


def test_metadata():
    assert POLICY.name == "aws-lightsail-containerservice-disallow-public-endpoint"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_public_endpoint_fails():
    props = {"serviceName": "site", "containers": CONTAINERS, "publicEndpoint": {"containerName": "web",
                                                                                 "containerPort": 80}}
    assert run_resource(POLICY, types.LIGHTSAIL_CONTAINER_DEPLOYMENT, props).violations == [
        'publicEndpoint is {"containerName": "web", "containerPort": 80}: the deployment serves this container on the '
        "container service's public HTTPS URL to anyone on the internet, with no network control in front of it. "
        "Fix: remove public_endpoint and call the containers privately through <service>.service.local from "
        "Lightsail resources, or exempt an approved public service with a reason."]


def test_private_deployment_passes():
    assert run_resource(POLICY, types.LIGHTSAIL_CONTAINER_DEPLOYMENT, {"serviceName": "site",
                                                                       "containers": CONTAINERS}).violations == []


def test_unknown_cannot_be_decided():
    result = run_resource(POLICY, types.LIGHTSAIL_CONTAINER_DEPLOYMENT, {"publicEndpoint": UNKNOWN})
    assert result.violations == [] and result.unknown
