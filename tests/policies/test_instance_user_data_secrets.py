import base64
import gzip

from private_api_guard import types
from private_api_guard.ec2.instance_user_data_secrets import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

TAIL = ("readable by anyone who can describe the instance and by every process on it. Fix: fetch the secret at boot "
        "from Secrets Manager or SSM Parameter Store with the instance role, and rotate the exposed one.")
SCRIPT = """#!/bin/bash
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
export aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
cat > /etc/app.key <<KEY
-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEA
-----END RSA PRIVATE KEY-----
KEY
DB_PASSWORD='hunter2' /opt/app/run
"""


def test_metadata():
    assert POLICY.name == "aws-ec2-instance-disallow-secrets-in-user-data"
    assert POLICY.enforcement_level.value == "advisory"
    assert POLICY.severity.value == "high"
    assert POLICY.description.startswith("Checks that")
    assert POLICY.remediation_steps
    assert POLICY.url == "policies/README.md#aws-ec2-instance-disallow-secrets-in-user-data"


def test_every_kind_of_secret_is_reported_redacted():
    result = run_resource(POLICY, types.INSTANCE, {"userData": SCRIPT})
    assert result.violations == [
        "userData is 'AKIA…': user data contains an AWS access key id, " + TAIL,
        "userData is 'aws_secret_access_key=…': user data contains an AWS secret access key, " + TAIL,
        "userData is '-----BEGIN RSA PRIVATE KEY-----': user data contains a private key, " + TAIL,
        "userData is 'PASSWORD=…': user data contains a literal password, " + TAIL,
    ]
    assert not any("hunter2" in v or "EXAMPLE" in v for v in result.violations)


def test_base64_and_gzipped_user_data_is_decoded():
    encoded = base64.b64encode(gzip.compress(b"echo password=s3cret")).decode()
    assert run_resource(POLICY, types.INSTANCE, {"userDataBase64": encoded}).violations == [
        "userDataBase64 is 'password=…': user data contains a literal password, " + TAIL]
    template = base64.b64encode(b"key=AKIAIOSFODNN7EXAMPLE").decode()
    assert run_resource(POLICY, types.LAUNCH_TEMPLATE, {"userData": template}).violations == [
        "userData is 'AKIA…': user data contains an AWS access key id, " + TAIL]


def test_secrets_fetched_at_boot_pass():
    script = """#!/bin/bash
TOKEN=$(curl -s -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 60")
DB_PASSWORD=$(aws ssm get-parameter --name /app/db --with-decryption --query Parameter.Value --output text)
export PASSWORD="${DB_PASSWORD}"
"""
    assert run_resource(POLICY, types.INSTANCE, {"userData": script}).violations == []
    assert run_resource(POLICY, types.LAUNCH_TEMPLATE, {"userData": base64.b64encode(script.encode()).decode()}
                        ).violations == []


def test_unknown_user_data_cannot_be_decided():
    result = run_resource(POLICY, types.INSTANCE, {"userData": UNKNOWN})
    assert result.violations == []
    assert result.unknown == "string value at .userData can't be known during preview"
