"""No secrets in user data (checkov CKV_AWS_46).

User data is readable by anyone allowed ``ec2:DescribeInstanceAttribute`` and by every process on the
instance through the metadata service, and it lands in the stack state. This advisory rule scans
``userData`` and ``userDataBase64`` of instances and the (base64) ``userData`` of launch templates,
gzip-compressed or not, for AWS access key ids, ``aws_secret_access_key`` assignments, private key blocks
and literal ``password=`` values (a value taken from ``$VAR``, ``$(command)`` or a template is fine).
Messages show only a redacted prefix, never the secret.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from typing import Any

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation

NAME = "aws-ec2-instance-disallow-secrets-in-user-data"
MAX_DECODED = 1 << 20
SECRETS = (
    ("an AWS access key id", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"), 4),
    ("an AWS secret access key", re.compile(r"aws_secret_access_key\s*[=:]", re.IGNORECASE), None),
    ("a private key", re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----"), None),
    ("a literal password", re.compile(r"(?:password|passwd)\s*[=:]\s*[\"']?(?![$`{<%\"'\s])\S", re.IGNORECASE), None),
)
FIX = ("fetch the secret at boot from Secrets Manager or SSM Parameter Store with the instance role, and rotate "
       "the exposed one")


def _decode(value: str) -> str:
    """Base64 user data as text, gunzipped when compressed; the input itself when it is not base64."""
    try:
        raw = base64.b64decode(value, validate=False)
    except (binascii.Error, ValueError):
        return value
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = zlib.decompressobj(wbits=31).decompress(raw, MAX_DECODED)
        except zlib.error:
            return value
    return raw.decode("utf-8", errors="replace")


def _redacted(kind_match: re.Match[str], keep: int | None) -> str:
    text = kind_match.group(0)
    if keep is not None:
        return text[:keep] + "…"
    if "PRIVATE KEY" in text:
        return text
    return re.sub(r"\s*[=:]\s*.*$", "=…", text)


def _scan(field: str, text: Any, report: ReportViolation) -> None:
    if not isinstance(text, str) or not text:
        return
    for kind, pattern, keep in SECRETS:
        found = pattern.search(text)
        if found:
            report(violation(field, _redacted(found, keep), f"user data contains {kind}, readable by anyone who can "
                             "describe the instance and by every process on it", FIX))


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    props = args.props
    if args.resource_type == types.LAUNCH_TEMPLATE:
        data = props.get("userData")
        _scan("userData", _decode(data) if isinstance(data, str) else data, report)
        return
    _scan("userData", props.get("userData"), report)
    encoded = props.get("userDataBase64")
    _scan("userDataBase64", _decode(encoded) if isinstance(encoded, str) else encoded, report)


POLICY = resource_policy(
    name=NAME,
    description="Checks that instance and launch template user data contains no AWS access keys, secret keys, "
                "private keys or literal passwords.",
    resource_types=(types.INSTANCE, types.LAUNCH_TEMPLATE),
    validate=validate,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.HIGH,
    remediation_steps="Store secrets in Secrets Manager or SSM Parameter Store (SecureString), grant the instance "
                      "role read access, and fetch them in the boot script; rotate any secret that was in user data.",
)
