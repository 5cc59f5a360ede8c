from private_api_guard import types
from private_api_guard.ec2.instance_ebs_encryption import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

PROBLEM = "the volume is stored unencrypted unless the account enforces EBS encryption by default"


def test_metadata():
    assert POLICY.name == "aws-ec2-instance-enable-ebs-encryption"
    assert POLICY.enforcement_level.value == "advisory"
    assert POLICY.severity.value == "medium"
    assert POLICY.description.startswith("Checks that")
    assert POLICY.remediation_steps
    assert POLICY.url == "policies/README.md#aws-ec2-instance-enable-ebs-encryption"


def test_unencrypted_volumes_fail():
    result = run_resource(POLICY, types.INSTANCE, {
        "ebsBlockDevices": [{"deviceName": "/dev/sdf", "encrypted": True}, {"deviceName": "/dev/sdg"}]})
    assert result.violations == [
        f"rootBlockDevice.encrypted is unset: {PROBLEM}. Fix: set root_block_device={{'encrypted': True, ...}}.",
        f"ebsBlockDevices[1].encrypted is unset: {PROBLEM}. Fix: set encrypted=True on the EBS block device.",
    ]
    assert run_resource(POLICY, types.LAUNCH_TEMPLATE, {"blockDeviceMappings": [
        {"deviceName": "/dev/xvda", "ebs": {"encrypted": "false"}}, {"deviceName": "/dev/sdb", "virtualName": "eph0"},
    ]}).violations == [
        f"blockDeviceMappings[0].ebs.encrypted is 'false': {PROBLEM}. Fix: set ebs={{'encrypted': 'true', ...}}."]


def test_encrypted_volumes_pass():
    assert run_resource(POLICY, types.INSTANCE, {"rootBlockDevice": {"encrypted": True, "volumeType": "gp3"},
                                                 "ebsBlockDevices": [{"encrypted": True}]}).violations == []
    assert run_resource(POLICY, types.LAUNCH_TEMPLATE, {"blockDeviceMappings": [{"ebs": {"encrypted": "true"}}]}
                        ).violations == []
    assert run_resource(POLICY, types.INSTANCE, {"launchTemplate": {"id": "lt-1"}}).violations == []


def test_unknown_encryption_cannot_be_decided():
    result = run_resource(POLICY, types.INSTANCE, {"rootBlockDevice": {"encrypted": UNKNOWN}})
    assert result.violations == []
    assert result.unknown == "string value at .rootBlockDevice.encrypted can't be known during preview"
