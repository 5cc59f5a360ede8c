"""MSK brokers are not public (checkov CKV_AWS_291, Config msk-cluster-public-access-disabled).

``brokerNodeGroupInfo.connectivityInfo.publicAccess.type = "SERVICE_PROVIDED_EIPS"`` gives every broker an
Elastic IP and public bootstrap-broker strings; ``DISABLED`` is AWS's default and the only other value
(pulumi-aws 7 ``msk.Cluster`` docs). MSK demands authentication on public brokers, but they are reachable from
the internet as configured, so the rule is mandatory.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation
from private_api_guard.public_flags import block

NAME = "aws-msk-cluster-disallow-public-access"
FIELD = "brokerNodeGroupInfo.connectivityInfo.publicAccess.type"


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    value = block(args.props, "brokerNodeGroupInfo", "connectivityInfo", "publicAccess").get("type")
    if isinstance(value, str) and value.strip().upper() == "SERVICE_PROVIDED_EIPS":
        report(violation(FIELD, value, "every broker gets an Elastic IP and accepts Kafka connections from the "
                         "internet wherever its security groups allow",
                         "set public_access type to DISABLED (or remove the block) and reach the brokers from the "
                         "VPC, through multi-VPC private connectivity or a VPN"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that no MSK cluster turns on public access (connectivityInfo.publicAccess.type "
                "SERVICE_PROVIDED_EIPS).",
    resource_types=(types.MSK_CLUSTER,),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Remove broker_node_group_info.connectivity_info.public_access or set its type to DISABLED; "
                      "give remote clients multi-VPC private connectivity (vpc_connectivity) or a VPN.",
)
