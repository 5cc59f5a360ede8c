from private_api_guard import types
from private_api_guard.eks.cluster_public_endpoint import POLICY as PUBLIC
from private_api_guard.eks.cluster_world_endpoint import POLICY as WORLD

from tests.policies.policy_harness import UNKNOWN, run_resource

FIX = ("Fix: set vpc_config endpoint_public_access=False with endpoint_private_access=True, or list only your own "
       "networks in public_access_cidrs.")


def cluster(**vpc):
    return {"roleArn": "arn:aws:iam::123456789012:role/eks", "vpcConfig": {"subnetIds": ["subnet-1"], **vpc}}


def test_metadata():
    assert WORLD.name == "aws-eks-cluster-disallow-world-endpoint"
    assert WORLD.enforcement_level.value == "mandatory"
    assert PUBLIC.name == "aws-eks-cluster-disallow-public-endpoint"
    assert PUBLIC.enforcement_level.value == "advisory"
    assert WORLD.description.startswith("Checks that") and PUBLIC.description.startswith("Checks that")


def test_defaults_are_a_world_open_endpoint():
    result = run_resource(WORLD, types.EKS_CLUSTER, cluster())
    assert result.violations == [
        "vpcConfig.publicAccessCidrs is unset: the cluster's public API server endpoint is enabled by default and its "
        "allowed CIDRs default to 0.0.0.0/0, the whole internet, so anyone can reach the Kubernetes control plane. "
        + FIX]
    assert run_resource(PUBLIC, types.EKS_CLUSTER, cluster()).violations == []


def test_world_ranges_and_splits_fail():
    result = run_resource(WORLD, types.EKS_CLUSTER, cluster(endpointPublicAccess=True,
                                                            publicAccessCidrs=["0.0.0.0/1", "128.0.0.0/1"]))
    assert result.violations == [
        'vpcConfig.publicAccessCidrs is ["0.0.0.0/1", "128.0.0.0/1"]: the cluster\'s public API server endpoint is '
        "enabled and its allowed CIDRs admit 0.0.0.0/0, the whole internet, so anyone can reach the Kubernetes "
        "control plane. " + FIX]
    assert run_resource(WORLD, types.EKS_CLUSTER, cluster(publicAccessCidrs=["0.0.0.0/0"])).violations
    # An empty list is sent as unset: EKS's default.
    assert run_resource(WORLD, types.EKS_CLUSTER, cluster(publicAccessCidrs=[])).violations


def test_restricted_public_endpoint_is_advisory():
    props = cluster(endpointPublicAccess=True, endpointPrivateAccess=True, publicAccessCidrs=["203.0.113.0/24"])
    assert run_resource(WORLD, types.EKS_CLUSTER, props).violations == []
    assert run_resource(PUBLIC, types.EKS_CLUSTER, props).violations == [
        "vpcConfig.endpointPublicAccess is true: the Kubernetes API server has a public endpoint, reachable over the "
        "internet from 203.0.113.0/24. Fix: set endpoint_public_access=False with endpoint_private_access=True and "
        "reach the API from the VPC."]
    unset = cluster(publicAccessCidrs=["198.51.100.7/32"])
    assert run_resource(PUBLIC, types.EKS_CLUSTER, unset).violations == [
        "vpcConfig.endpointPublicAccess is unset: the Kubernetes API server has a public endpoint (EKS's default when "
        "unset), reachable over the internet from 198.51.100.7/32. Fix: set endpoint_public_access=False with "
        "endpoint_private_access=True and reach the API from the VPC."]


def test_private_only_cluster_passes_both():
    props = cluster(endpointPublicAccess=False, endpointPrivateAccess=True)
    assert run_resource(WORLD, types.EKS_CLUSTER, props).violations == []
    assert run_resource(PUBLIC, types.EKS_CLUSTER, props).violations == []


def test_unknown_cidrs_cannot_be_decided():
    for policy in (WORLD, PUBLIC):
        result = run_resource(policy, types.EKS_CLUSTER, cluster(publicAccessCidrs=[UNKNOWN]))
        assert result.violations == []
        assert result.unknown == "string value at .vpcConfig.publicAccessCidrs.0 can't be known during preview"
