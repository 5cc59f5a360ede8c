from private_api_guard import types
from private_api_guard.ec2.vpc_flow_logs import POLICY

from tests.policies.policy_harness import UNKNOWN, Res, run_stack, urn

MISSING = ("ec2.FlowLog for this VPC is unset: no flow log takes its vpcId from this VPC, so accepted and rejected "
           "traffic is not recorded for audit or incident response. Fix: add aws.ec2.FlowLog(vpc_id=vpc.id, "
           "traffic_type='ALL', log_destination=...) to a CloudWatch log group or S3 bucket with retention.")


def test_metadata():
    assert POLICY.name == "aws-ec2-vpc-enable-flow-logs"
    assert POLICY.enforcement_level.value == "advisory"
    assert POLICY.severity.value == "medium"
    assert POLICY.description.startswith("Checks that")
    assert POLICY.remediation_steps
    assert POLICY.url == "policies/README.md#aws-ec2-vpc-enable-flow-logs"


def test_vpc_without_flow_log_fails():
    result = run_stack(POLICY, [
        Res(types.VPC, "api-vpc", {"cidrBlock": "10.40.0.0/16"}),
        Res(types.VPC, "onprem-vpc", {"cidrBlock": "10.90.0.0/16"}),
        Res(types.FLOW_LOG, "api-flow-log", {"vpcId": UNKNOWN, "trafficType": "ALL"}, deps={"vpcId": ["api-vpc"]}),
    ])
    assert result.violations == [MISSING]
    assert result.urns == [urn(types.VPC, "onprem-vpc")]


def test_every_vpc_logged_passes():
    assert run_stack(POLICY, [
        Res(types.VPC, "api-vpc", {"cidrBlock": "10.40.0.0/16"}),
        Res(types.FLOW_LOG, "api-flow-log", {"vpcId": UNKNOWN, "trafficType": "ALL"}, deps={"vpcId": ["api-vpc"]}),
    ]).violations == []
    assert run_stack(POLICY, [Res(types.SUBNET, "no-vpc-here", {})]).violations == []


def test_flow_log_with_unknown_unlinked_vpc_id_cannot_be_decided():
    result = run_stack(POLICY, [
        Res(types.VPC, "api-vpc", {"cidrBlock": "10.40.0.0/16"}),
        Res(types.FLOW_LOG, "mystery-flow-log", {"vpcId": UNKNOWN, "trafficType": "ALL"}),
    ])
    assert result.violations == []
    assert result.unknown == "string value at .vpcId can't be known during preview"
