from private_api_guard import types
from private_api_guard.msk.cluster_public_access import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource


def broker_info(access):
    return {"brokerNodeGroupInfo": {"instanceType": "kafka.m7g.large", "clientSubnets": ["subnet-1"],
                                    "connectivityInfo": {"publicAccess": access}}}


def test_metadata():
    assert POLICY.name == "aws-msk-cluster-disallow-public-access"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_public_brokers_fail():
    assert run_resource(POLICY, types.MSK_CLUSTER, broker_info({"type": "SERVICE_PROVIDED_EIPS"})).violations == [
        "brokerNodeGroupInfo.connectivityInfo.publicAccess.type is 'SERVICE_PROVIDED_EIPS': every broker gets an "
        "Elastic IP and accepts Kafka connections from the internet wherever its security groups allow. Fix: set "
        "public_access type to DISABLED (or remove the block) and reach the brokers from the VPC, through multi-VPC "
        "private connectivity or a VPN."]


def test_disabled_and_unset_pass():
    assert run_resource(POLICY, types.MSK_CLUSTER, broker_info({"type": "DISABLED"})).violations == []
    assert run_resource(POLICY, types.MSK_CLUSTER, broker_info({})).violations == []
    assert run_resource(POLICY, types.MSK_CLUSTER, {"brokerNodeGroupInfo": {"instanceType": "kafka.t3.small"}}
                        ).violations == []


def test_unknown_cannot_be_decided():
    result = run_resource(POLICY, types.MSK_CLUSTER, broker_info({"type": UNKNOWN}))
    assert result.violations == []
    assert result.unknown == ("string value at .brokerNodeGroupInfo.connectivityInfo.publicAccess.type can't be "
                              "known during preview")
