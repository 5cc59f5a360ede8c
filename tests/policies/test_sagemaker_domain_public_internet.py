from private_api_guard import types
from private_api_guard.sagemaker.domain_public_internet import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

TAIL = ("every Studio app of the domain reaches the internet directly through a SageMaker-managed network "
        "(PublicInternetOnly, SageMaker's default when unset), outside your VPC's security groups and routing. Fix: "
        "set app_network_access_type='VpcOnly' with private subnet_ids and reach S3 and the SageMaker APIs through "
        "VPC endpoints.")


def test_metadata():
    assert POLICY.name == "aws-sagemaker-domain-disallow-public-internet-access"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_default_and_public_internet_fail():
    assert run_resource(POLICY, types.SAGEMAKER_DOMAIN, {"authMode": "IAM"}).violations == [
        "appNetworkAccessType is unset: " + TAIL]
    assert run_resource(POLICY, types.SAGEMAKER_DOMAIN, {"appNetworkAccessType": "PublicInternetOnly"}).violations \
        == ["appNetworkAccessType is 'PublicInternetOnly': " + TAIL]


def test_vpc_only_passes():
    assert run_resource(POLICY, types.SAGEMAKER_DOMAIN, {"appNetworkAccessType": "VpcOnly"}).violations == []


def test_unknown_cannot_be_decided():
    result = run_resource(POLICY, types.SAGEMAKER_DOMAIN, {"appNetworkAccessType": UNKNOWN})
    assert result.violations == [] and result.unknown
