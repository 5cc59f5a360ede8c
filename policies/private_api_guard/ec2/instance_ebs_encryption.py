"""Instance volumes are encrypted (awsguard/Config encrypted-volumes, checkov CKV_AWS_8).

``rootBlockDevice.encrypted`` and every ``ebsBlockDevices[*].encrypted`` must be true on instances, and
``blockDeviceMappings[*].ebs.encrypted`` on launch templates. Advisory: the account's EBS
encryption-by-default setting may already cover it, but the stack cannot show that. An instance with a
launch template and no root block device of its own takes the template's, checked there.
"""

from __future__ import annotations

from collections.abc import Mapping

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import as_list, resource_policy, violation
from private_api_guard.network_rules import is_true

NAME = "aws-ec2-instance-enable-ebs-encryption"
PROBLEM = "the volume is stored unencrypted unless the account enforces EBS encryption by default"


def _check(field: str, block: object, report: ReportViolation, fix: str) -> None:
    value = block.get("encrypted") if isinstance(block, Mapping) else None
    if not is_true(value):
        report(violation(field, value, PROBLEM, fix))


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    props = args.props
    if args.resource_type == types.LAUNCH_TEMPLATE:
        for i, mapping in enumerate(as_list(props.get("blockDeviceMappings"))):
            ebs = mapping.get("ebs") if isinstance(mapping, Mapping) else None
            if ebs is not None:
                _check(f"blockDeviceMappings[{i}].ebs.encrypted", ebs, report, "set ebs={'encrypted': 'true', ...}")
        return
    root = props.get("rootBlockDevice")
    if root is not None or not props.get("launchTemplate"):
        _check("rootBlockDevice.encrypted", root, report, "set root_block_device={'encrypted': True, ...}")
    for i, device in enumerate(as_list(props.get("ebsBlockDevices"))):
        _check(f"ebsBlockDevices[{i}].encrypted", device, report, "set encrypted=True on the EBS block device")


POLICY = resource_policy(
    name=NAME,
    description="Checks that the root and EBS block devices of every instance and launch template are encrypted.",
    resource_types=(types.INSTANCE, types.LAUNCH_TEMPLATE),
    validate=validate,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.MEDIUM,
    remediation_steps="Set encrypted=True (and optionally kms_key_id) on root_block_device and every "
                      "ebs_block_device, or enable EBS encryption by default in the account and region.",
)
