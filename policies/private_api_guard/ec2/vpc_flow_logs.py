"""Every VPC has a flow log (Config vpc-flow-logs-enabled, checkov CKV2_AWS_11).

A stack policy: a VPC is covered by an ``ec2.FlowLog`` whose ``vpcId`` input comes from it (a property
dependency, so it works while the VPC id is unknown in a first preview). A flow log whose ``vpcId`` comes
from nowhere in the stack can only be matched by value: when that value is unknown, the policy cannot
decide and says so rather than passing.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, Severity, StackValidationArgs

from private_api_guard import types
from private_api_guard.core import StackIndex, stack_policy, violation

NAME = "aws-ec2-vpc-enable-flow-logs"


def validate(args: StackValidationArgs, report: ReportViolation) -> None:
    resources = args.resources
    vpcs = [r for r in resources if r.resource_type == types.VPC]
    if not vpcs:
        return
    logged = StackIndex(resources).referrers((types.FLOW_LOG,), "vpcId")
    unlinked = [r for r in resources if r.resource_type == types.FLOW_LOG and not r.property_dependencies.get("vpcId")]
    for vpc in vpcs:
        if logged.get(vpc.urn):
            continue
        for flow_log in unlinked:
            # Reading raises when the id is unknown: this flow log might be the VPC's, so no verdict yet.
            flow_log.props.get("vpcId")
        report(violation("ec2.FlowLog for this VPC", None, "no flow log takes its vpcId from this VPC, so "
                         "accepted and rejected traffic is not recorded for audit or incident response",
                         "add aws.ec2.FlowLog(vpc_id=vpc.id, traffic_type='ALL', log_destination=...) to a "
                         "CloudWatch log group or S3 bucket with retention"), vpc.urn)


POLICY = stack_policy(
    name=NAME,
    description="Checks that every VPC in the stack has an ec2.FlowLog whose vpcId comes from it.",
    validate=validate,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.MEDIUM,
    remediation_steps="Add aws.ec2.FlowLog(vpc_id=vpc.id, traffic_type='ALL', log_destination_type="
                      "'cloud-watch-logs', ...) with a log group that has a retention period.",
)
