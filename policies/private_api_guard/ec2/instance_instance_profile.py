"""Instances run with an instance profile (Config ec2-instance-profile-attached, checkov
CKV2_AWS_41).

Advisory. Without a role the instance cannot register with SSM Session Manager (the no-inbound-port way
in) and code on it tends to get long-lived keys instead. An instance with a launch template and no profile
of its own may take the template's and passes.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation

NAME = "aws-ec2-instance-enable-instance-profile"


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    props = args.props
    profile = props.get("iamInstanceProfile")
    if not profile and not props.get("launchTemplate"):
        report(violation("iamInstanceProfile", profile, "the instance has no role, so it cannot use SSM Session "
                         "Manager and tempts people to put access keys on it", "attach an instance profile whose "
                         "role has AmazonSSMManagedInstanceCore and only what the app needs"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that every instance has an IAM instance profile.",
    resource_types=(types.INSTANCE,),
    validate=validate,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.LOW,
    remediation_steps="Create an iam.Role for ec2.amazonaws.com with AmazonSSMManagedInstanceCore, wrap it in an "
                      "iam.InstanceProfile and set iam_instance_profile=profile.name.",
)
