"""Custom domain names negotiate TLS 1.2 or newer (policies/README.md#aws-apigateway-domainname-configure-tls-policy).

checkov CKV_AWS_206, Pulumi's ``aws-apigateway-domainname-configure-security-policy``. Unset
``securityPolicy`` fails: API Gateway then picks its own default, and the provider cannot detect
drift on it. The default allow-list is ``TLS_1_2`` plus every enhanced policy (``SecurityPolicy_*``,
all TLS 1.2 or 1.3 minimum; they also need ``endpoint_access_mode``). ``TLS_1_0`` is the one
value refused out of the box.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import config_of, resource_policy, violation
from private_api_guard.iam_documents import strings

NAME = "aws-apigateway-domainname-configure-tls-policy"

DEFAULT_POLICIES = [
    "TLS_1_2",
    "SecurityPolicy_TLS13_1_3_2025_09",
    "SecurityPolicy_TLS13_1_3_FIPS_2025_09",
    "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09",
    "SecurityPolicy_TLS13_1_2_FIPS_PQ_2025_09",
    "SecurityPolicy_TLS13_1_2_FIPS_PFS_PQ_2025_09",
    "SecurityPolicy_TLS13_1_2_PQ_2025_09",
    "SecurityPolicy_TLS13_1_2_2021_06",
    "SecurityPolicy_TLS13_2025_EDGE",
    "SecurityPolicy_TLS12_PFS_2025_EDGE",
    "SecurityPolicy_TLS12_2018_EDGE",
]

CONFIG = {
    "allowedSecurityPolicies": {
        "type": "array",
        "items": {"type": "string"},
        "description": "Security policies a custom domain name may use.",
        "default": DEFAULT_POLICIES,
    },
}


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    policy = args.props.get("securityPolicy")
    allowed = strings(config_of(args, "allowedSecurityPolicies", DEFAULT_POLICIES))
    if policy not in allowed:
        problem = ("no TLS policy is set, so API Gateway's default applies" if policy is None
                   else "it is not an allowed policy of TLS 1.2 or newer")
        report(violation("securityPolicy", policy, problem,
                         "set security_policy to TLS_1_2 or an enhanced SecurityPolicy_TLS13_* policy with "
                         "endpoint_access_mode"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that every API Gateway custom domain name sets a security policy of TLS 1.2 or newer "
                "from the allowed list.",
    resource_types=(types.DOMAIN_NAME,),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Set security_policy='TLS_1_2' on the DomainName, or an enhanced policy such as "
                      "'SecurityPolicy_TLS13_1_2_2021_06' together with endpoint_access_mode='STRICT'.",
    config_properties=CONFIG,
)
