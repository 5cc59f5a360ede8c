"""SageMaker domains keep Studio traffic in the VPC.

Unset means public internet: "The default value is PublicInternetOnly. Valid values are PublicInternetOnly and
VpcOnly" (pulumi-aws 7 ``sagemaker.Domain`` docs, ``appNetworkAccessType``). With ``PublicInternetOnly`` every
Studio app's non-EFS traffic goes through a SageMaker-managed VPC with direct internet access, outside the
program's security groups and routing: the notebook-instance exposure
(``aws-sagemaker-notebookinstance-disallow-direct-internet-access``) for every user of the domain, so it is
mandatory too.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation

NAME = "aws-sagemaker-domain-disallow-public-internet-access"


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    value = args.props.get("appNetworkAccessType")
    if isinstance(value, str) and value.strip().lower() == "vpconly":
        return
    report(violation("appNetworkAccessType", value, "every Studio app of the domain reaches the internet directly "
                     "through a SageMaker-managed network (PublicInternetOnly, SageMaker's default when unset), "
                     "outside your VPC's security groups and routing", "set app_network_access_type='VpcOnly' with "
                     "private subnet_ids and reach S3 and the SageMaker APIs through VPC endpoints"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that every SageMaker domain sets appNetworkAccessType to VpcOnly; unset means "
                "PublicInternetOnly, SageMaker's default.",
    resource_types=(types.SAGEMAKER_DOMAIN,),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Set app_network_access_type='VpcOnly', subnet_ids of private subnets and "
                      "default_user_settings.security_groups; add VPC endpoints for S3, SageMaker API and runtime.",
)
