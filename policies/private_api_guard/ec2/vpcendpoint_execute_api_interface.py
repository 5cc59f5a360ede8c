"""execute-api VPC endpoints are Interface endpoints with subnets and security groups
(policies/README.md#aws-ec2-vpcendpoint-configure-execute-api-interface).

Nothing upstream checks this. A private API is reached only through an interface endpoint for
``com.amazonaws.<region>.execute-api``: unset ``vpcEndpointType`` means ``Gateway`` (which
execute-api does not offer), an endpoint without ``subnetIds`` has no network interface for
clients, and one without ``securityGroupIds`` gets the VPC's default security group instead of one
admitting 443 only from the clients. Whether the subnets are private is the network rules' concern.
"""

from __future__ import annotations

from collections.abc import Mapping, Sized
from typing import Any

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation

NAME = "aws-ec2-vpcendpoint-configure-execute-api-interface"


def is_execute_api(props: Mapping[str, Any]) -> bool:
    """True for a VPC endpoint of the execute-api service (``com.amazonaws.<region>.execute-api``)."""
    service = props.get("serviceName")
    return isinstance(service, str) and service.strip().lower().endswith(".execute-api")


def _count(value: Any) -> int:
    return len(value) if isinstance(value, Sized) and not isinstance(value, (str, Mapping)) else 0


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    props = args.props
    if not is_execute_api(props):
        return
    endpoint_type = props.get("vpcEndpointType")
    if not isinstance(endpoint_type, str) or endpoint_type.lower() != "interface":
        report(violation("vpcEndpointType", endpoint_type, "an execute-api endpoint must be an Interface endpoint "
                         "(unset means Gateway)", "set vpc_endpoint_type='Interface'"))
    subnets = props.get("subnetIds")
    if not _count(subnets):
        report(violation("subnetIds", subnets, "the endpoint has no network interface in your subnets",
                         "set subnet_ids to private subnets, one per availability zone"))
    groups = props.get("securityGroupIds")
    if not _count(groups):
        report(violation("securityGroupIds", groups, "the VPC's default security group would guard the endpoint",
                         "set security_group_ids to a group admitting 443 only from your clients"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that every execute-api VPC endpoint is an Interface endpoint with subnets and "
                "security groups.",
    resource_types=(types.VPC_ENDPOINT,),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Create the endpoint with vpc_endpoint_type='Interface', service_name="
                      "f'com.amazonaws.{region}.execute-api', subnet_ids=<private subnets> and security_group_ids="
                      "[<group admitting 443 from clients>].",
)
