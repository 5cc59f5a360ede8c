from private_api_guard import types
from private_api_guard.apprunner.service_public_access import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

TAIL = ("the service has a public endpoint (App Runner's default when unset) that takes requests from anyone on the "
        "internet, with no security group in front of it. Fix: set is_publicly_accessible=False and add an "
        "apprunner.VpcIngressConnection with an interface endpoint for com.amazonaws.<region>.apprunner.requests in "
        "your VPC.")
FIELD = "networkConfiguration.ingressConfiguration.isPubliclyAccessible"


def ingress(value):
    return {"networkConfiguration": {"ingressConfiguration": {"isPubliclyAccessible": value}}}


def test_metadata():
    assert POLICY.name == "aws-apprunner-service-disallow-public-access"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_default_and_public_services_fail():
    assert run_resource(POLICY, types.APPRUNNER_SERVICE, {"serviceName": "web"}).violations == [
        f"{FIELD} is unset: " + TAIL]
    assert run_resource(POLICY, types.APPRUNNER_SERVICE, ingress(True)).violations == [f"{FIELD} is true: " + TAIL]


def test_private_service_passes():
    assert run_resource(POLICY, types.APPRUNNER_SERVICE, ingress(False)).violations == []


def test_unknown_cannot_be_decided():
    result = run_resource(POLICY, types.APPRUNNER_SERVICE, ingress(UNKNOWN))
    assert result.violations == [] and result.unknown
