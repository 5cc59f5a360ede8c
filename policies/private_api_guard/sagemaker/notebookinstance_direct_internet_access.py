"""SageMaker notebook instances have no direct internet access (checkov CKV_AWS_122,
Config sagemaker-notebook-no-direct-internet-access).

Unset means Enabled: "Supported values: Enabled (Default) or Disabled" (pulumi-aws 7
``sagemaker.NotebookInstance`` docs). With direct internet access the notebook's network interface sits in a
SageMaker-managed VPC with a route to the internet, outside the program's subnets, security groups and routing,
so code and data on it can reach (and be reached through) the internet with no control of the program in the
way; ``Disabled`` requires ``subnetId`` and ``securityGroups`` and keeps the notebook in the program's VPC.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation

NAME = "aws-sagemaker-notebookinstance-disallow-direct-internet-access"


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    value = args.props.get("directInternetAccess")
    if isinstance(value, str) and value.strip().lower() == "disabled":
        return
    report(violation("directInternetAccess", value, "the notebook instance has direct internet access (SageMaker's "
                     "default when unset) through a SageMaker-managed network, outside your VPC's security groups "
                     "and routing", "set direct_internet_access='Disabled' with subnet_id and security_groups in a "
                     "private subnet, and reach S3 and the SageMaker APIs through VPC endpoints"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that every SageMaker notebook instance sets directInternetAccess to Disabled; unset means "
                "Enabled, SageMaker's default.",
    resource_types=(types.SAGEMAKER_NOTEBOOK_INSTANCE,),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Set direct_internet_access='Disabled', subnet_id to a private subnet and security_groups; "
                      "add VPC endpoints (or a NAT gateway) for S3, SageMaker API and runtime.",
)
