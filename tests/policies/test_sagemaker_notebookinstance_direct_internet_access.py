from private_api_guard import types
from private_api_guard.sagemaker.notebookinstance_direct_internet_access import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

TAIL = ("the notebook instance has direct internet access (SageMaker's default when unset) through a SageMaker-managed "
        "network, outside your VPC's security groups and routing. Fix: set direct_internet_access='Disabled' with "
        "subnet_id and security_groups in a private subnet, and reach S3 and the SageMaker APIs through VPC "
        "endpoints.")


def test_metadata():
    assert POLICY.name == "aws-sagemaker-notebookinstance-disallow-direct-internet-access"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_default_and_enabled_fail():
    nb = types.SAGEMAKER_NOTEBOOK_INSTANCE
    assert run_resource(POLICY, nb, {"instanceType": "ml.t3.medium"}).violations == [
        "directInternetAccess is unset: " + TAIL]
    assert run_resource(POLICY, nb, {"directInternetAccess": "Enabled", "subnetId": "subnet-1"}).violations == [
        "directInternetAccess is 'Enabled': " + TAIL]


def test_disabled_passes():
    assert run_resource(POLICY, types.SAGEMAKER_NOTEBOOK_INSTANCE, {
        "directInternetAccess": "Disabled", "subnetId": "subnet-1", "securityGroups": ["sg-1"]}).violations == []


def test_unknown_cannot_be_decided():
    result = run_resource(POLICY, types.SAGEMAKER_NOTEBOOK_INSTANCE, {"directInternetAccess": UNKNOWN})
    assert result.violations == [] and result.unknown
